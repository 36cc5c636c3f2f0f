#!/usr/bin/env bash
# The main job on the shipped example: set up, build, run examples/model-output.txt against
# examples/workspace, and print the response the model would see next.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# punie-exec runs programs in punie-worker processes, built beside it. Release builds link the
# Swift runtime statically (a cold run starts sooner); every release build here uses the same flags.
swift build -c release --static-swift-stdlib --product punie-worker >&2
swift build -c release --static-swift-stdlib --product punie-exec >&2
.build/release/punie-exec run examples/model-output.txt --workspace examples/workspace
