#!/usr/bin/env bash
# Set up and run every test. With CI=true, tests that need a backend fail (never skip) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh chromium
export PUNIE_TOOLS_VENV="$PWD/.tools-venv"
swift build --build-tests
swift test --skip-build
