#!/usr/bin/env bash
# The main job on the shipped example: set up, build, run examples/model-output.txt against
# examples/workspace, and print the response the model would see next.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# `run` forks its sandbox worker from itself; replay and library pools use punie-worker processes,
# built beside punie-exec (also run's fallback). Release builds link the Swift runtime statically
# (a cold run starts sooner); every release build in the scripts uses the same flags.
swift build -c release --static-swift-stdlib --product punie-worker >&2
swift build -c release --static-swift-stdlib --product punie-exec >&2
.build/release/punie-exec run examples/model-output.txt --workspace examples/workspace
