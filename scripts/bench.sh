#!/usr/bin/env bash
# Every benchmark, in release mode, each reporting ratios against a baseline run side by side.
# Figures go to docs/benchmarks.md. Takes several minutes; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PUNIE_TOOLS_VENV="$PWD/.tools-venv"
for product in punie-exec punie-worker parser-bench exec-bench tool-bench lsp-bench; do
    swift build -c release --static-swift-stdlib --product "$product" >&2
done
bin=.build/release
echo "== $(date -u) · $(uptime)"
echo "== tool-call extraction (issue 3)"; "$bin/parser-bench"
echo "== warm execution and memory (issue 2)"; "$bin/exec-bench" warm; "$bin/exec-bench" memory
echo "== tracer overhead (issue 4)"; /usr/bin/python3 Benchmarks/tracer_bench.py
echo "== real tools (issue 6)"; "$bin/tool-bench"
echo "== LSP navigation (issue 7)"; "$bin/lsp-bench"
echo "== cold one-shot run (issues 2 and 5)"
hyperfine -N --warmup 3 --runs 30 \
    "$bin/punie-exec run examples/model-output.txt --workspace examples/workspace" \
    "/usr/bin/python3 -S -I -c pass"
echo "== sandbox vs exec() vs pydantic-monty (issue 5)"; ./scripts/bench-sandbox.sh
echo "== replay (issue 8)"; ./scripts/bench-replay.sh
