#!/usr/bin/env python3
"""Times two shell commands as whole processes, interleaved (B, A, B, A, ...), and prints for each the
minimum, median and maximum of wall seconds, CPU seconds and peak RSS, then the ratio A/B taken pair by
pair (pairing keeps the ratio meaningful while the machine's speed drifts). How docs/benchmarks.md
compares old and new code: quote medians, and compare only within one call.

    docs/ab-time.py -n 3 --a 'cd /new && batch-training/public-log.sh unseen' \
                         --b 'cd /old && batch-training/public-log.sh unseen'

Each command runs under `sh -c` with its output appended to /tmp/ab-time-a.log and /tmp/ab-time-b.log.
"""
import argparse
import os
import statistics
import subprocess
import time


def run(command, log):
    with open(log, 'ab') as out:
        started = time.monotonic()
        process = subprocess.Popen(['sh', '-c', command], stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - started
    return {'wall s': wall, 'cpu s': usage.ru_utime + usage.ru_stime, 'peak MiB': usage.ru_maxrss / 1024,
            'exit': os.waitstatus_to_exitcode(status)}


def line(name, values):
    return f'{name:12s} {min(values):10.2f} {statistics.median(values):10.2f} {max(values):10.2f}'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-n', type=int, default=3, help='runs of each command')
    parser.add_argument('--a', required=True, help='the command measured (new)')
    parser.add_argument('--b', required=True, help='the yardstick (old)')
    args = parser.parse_args()
    runs = {'A': [], 'B': []}
    for _ in range(args.n):
        runs['B'].append(run(args.b, '/tmp/ab-time-b.log'))
        runs['A'].append(run(args.a, '/tmp/ab-time-a.log'))
    print(f'{"":12s} {"min":>10s} {"median":>10s} {"max":>10s}   ({args.n} runs each, interleaved)')
    for side in ('A', 'B'):
        for key in ('wall s', 'cpu s', 'peak MiB'):
            print(line(f'{side} {key}', [r[key] for r in runs[side]]))
        print(f'{side} exit codes {[r["exit"] for r in runs[side]]}')
    for key in ('wall s', 'cpu s'):
        print(line(f'A/B {key[:-2]}', [a[key] / b[key] for a, b in zip(runs['A'], runs['B'])]))


if __name__ == '__main__':
    main()
