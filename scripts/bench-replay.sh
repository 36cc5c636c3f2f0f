#!/usr/bin/env bash
# Replay throughput: the sample corpus in recorded mode with --jobs 1 and --jobs 2, timed by hyperfine
# over the release CLI (process start and worker start-up included). Prints turns per second.
#   scripts/bench-replay.sh [CORPUS.jsonl] [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-Tests/CodeModeTests/Fixtures/punie-sample.jsonl}
runs=${RUNS:-10}
scratch=${SCRATCH:-.build-replay}
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product punie-worker >/dev/null
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product punie-exec >/dev/null
cli="$scratch/release/punie-exec"
turns=$("$cli" replay "$corpus" --quiet --summary-json /dev/stdout | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
results=$(mktemp)
hyperfine --warmup 1 --runs "$runs" --export-json "$results" \
    -n "jobs 1" "$cli replay $corpus --quiet --jobs 1" \
    -n "jobs 2" "$cli replay $corpus --quiet --jobs 2" >&2
python3 - "$results" "$turns" <<'PY'
import json, sys
data = json.load(open(sys.argv[1])); turns = int(sys.argv[2])
for result in data["results"]:
    mean = result["mean"]
    print(f"{result['command']}: {turns} turns in {mean:.3f} s ± {result['stddev']:.3f} -> {turns / mean:.0f} turns/s")
PY
rm -f "$results"
