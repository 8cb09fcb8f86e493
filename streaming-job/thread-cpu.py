#!/usr/bin/env python3
"""CPU per thread name of a running JVM, every few seconds, from /proc (Linux).

Prints one line per interval: the process's total CPU (100 = one core) and the busiest thread
names (digits folded, so "Route users to live rooms (1/2)" and "(2/2)" add up), e.g. while
streaming-job/benchmark.sh runs:
    streaming-job/thread-cpu.py io.chuanliu.stream.bench > /tmp/thread-cpu.txt &
Unlike Flink's busyTimeMsPerSecond, which counts a thread waiting for a core as busy, this is
CPU actually used: on a machine with fewer cores than busy threads it says who gets them.
Usage: thread-cpu.py <pattern of the java command line> [seconds between lines, 5] [names shown, 12]
"""
import collections
import os
import re
import subprocess
import sys
import time

pattern = sys.argv[1]
interval = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
shown = int(sys.argv[3]) if len(sys.argv) > 3 else 12
ticks_per_second = os.sysconf("SC_CLK_TCK")


def find_pid():
    found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
    return found[0] if found else None


def cpu_by_thread(pid):
    """{thread id: (name, CPU ticks so far)}, or None once the process is gone."""
    threads = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        threads[tid] = (name, int(fields[11]) + int(fields[12]))  # utime + stime
    return threads


pid = None
while pid is None:
    pid = find_pid()
    time.sleep(0.5)
before = cpu_by_thread(pid)
while True:
    time.sleep(interval)
    now = cpu_by_thread(pid)
    if now is None:
        break
    per_name = collections.Counter()
    for tid, (name, ticks) in now.items():
        per_name[re.sub(r"\d+", "#", name)] += ticks - before.get(tid, (name, 0))[1]
    scale = 100.0 / ticks_per_second / interval
    total = sum(per_name.values()) * scale
    busiest = "; ".join(f"{name} {ticks * scale:.0f}" for name, ticks in per_name.most_common(shown))
    print(f"{time.strftime('%H:%M:%S')} total {total:.0f}: {busiest}", flush=True)
    before = now
