"""Time two commands in alternation (A B, B A, A B, ...), so that both see the same machine load.

    python3 Benchmarks/alternate.py RUNS 'COMMAND A' 'COMMAND B'

Prints each command's median, mean and minimum wall time over RUNS runs (two warm-up rounds are
not counted) and the ratio of the medians, B over A. The commands run through /bin/sh with their
output discarded. Used to compare two builds of punie-exec on this noisy machine, where timing one
build after the other mixes in minutes of drifting load (docs/benchmarks.md).
"""

import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    runs, commands = int(sys.argv[1]), sys.argv[2:4]
    times = ([], [])
    for round_index in range(runs + 2):
        order = (0, 1) if round_index % 2 == 0 else (1, 0)
        for which in order:
            start = time.perf_counter()
            subprocess.run(commands[which], shell=True, stdout=subprocess.DEVNULL, check=False)
            elapsed = (time.perf_counter() - start) * 1000
            if round_index >= 2:
                times[which].append(elapsed)
    for which, label in ((0, "A"), (1, "B")):
        values = times[which]
        print(f"{label}: median {statistics.median(values):.2f} ms, mean {statistics.mean(values):.2f} ms, "
              f"min {min(values):.2f} ms  ({commands[which]})")
    print(f"B/A (medians): {statistics.median(times[1]) / statistics.median(times[0]):.3f}")


if __name__ == "__main__":
    main()
