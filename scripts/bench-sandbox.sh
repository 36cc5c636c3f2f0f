#!/usr/bin/env bash
# The sandbox benchmark of issue 5, in one run:
#   1. warm sandboxed execution (SandboxExecutor) of the Code Mode programs in
#      Benchmarks/sandbox-bench/workload, side by side with plain in-process exec() (real Pydantic)
#      and pydantic-monty, plus worker start and worker memory (sandbox-bench);
#   2. a cold one-shot `punie-exec run` of examples/model-output.txt, with `python3 -c pass` and the
#      Monty CLI on a small program beside it (hyperfine).
# Creates .bench-venv/ (pydantic-monty, and pydantic pinned as in the tools venv) when missing, and
# builds in release mode into the private scratch path .build-bench/.
# Extra arguments go to sandbox-bench (e.g. --rounds 3 --reps 5, --no-monty).
# PAUSE_MS sets the untimed pause before each timed execution (default 30; 0: back to back).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.bench-venv
if [ ! -x "$venv/bin/monty" ] || ! "$venv/bin/python" -c 'import pydantic, pydantic_monty' 2>/dev/null; then
    echo "bench-sandbox: creating $venv" >&2
    rm -rf "$venv"
    /usr/bin/python3 -m venv "$venv" 2>/dev/null || python3 -m venv "$venv"
    pydantic_pin=$(grep -E '^pydantic==' scripts/tools-requirements.txt || echo pydantic)
    "$venv/bin/pip" install -q --disable-pip-version-check pydantic-monty "$pydantic_pin"
fi

scratch=.build-bench
for product in punie-worker punie-exec sandbox-bench; do
    swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product "$product" >&2
done
bin="$scratch/release"

echo "== uptime: $(uptime)"
# Each timed execution follows an untimed pause (PAUSE_MS, default 30 ms), as an agent's executions
# follow the model writing its next program; PAUSE_MS=0 runs them back to back.
"$bin/sandbox-bench" --worker "$bin/punie-worker" --monty-python "$venv/bin/python" --pause-ms "${PAUSE_MS:-30}" "$@"

echo
echo "== cold one-shot run (hyperfine -N --warmup 3); uptime: $(uptime)"
small=$(mktemp /tmp/bench-small-XXXXXX.py)
trap 'rm -f "$small"' EXIT
printf 'values = [n * n for n in range(100)]\nprint(f"{len(values)} squares, sum {sum(values)}")\n' > "$small"
"$bin/punie-exec" run examples/model-output.txt --workspace examples/workspace > /dev/null
hyperfine -N --warmup 3 --runs 30 \
    -n "punie-exec run (model-output.txt)" \
    "$bin/punie-exec run examples/model-output.txt --workspace examples/workspace" \
    -n "punie-exec run --code-file (small program)" \
    "$bin/punie-exec run --code-file $small --workspace examples/workspace" \
    -n "python3 -c pass" "/usr/bin/python3 -c pass" \
    -n "python3 (small program)" "/usr/bin/python3 $small" \
    -n "monty (small program)" "$venv/bin/monty $small"
