#!/usr/bin/env python3
"""Summarises a Spark event log: the wall time of each SQL execution and job, summed per call site
(the first frames of Chuanliu code that started it), largest first; then the stages whose task
results brought the driver the most bytes (collects, and the build sides of broadcast joins), with
their call sites. Used by benchmark.sh when BENCH_PROFILE=1; it answers "which line of the training
job costs the time" and "what does the driver receive".

    batch-training/eventlog-summary.py <event log file or directory> [rows]
"""
import collections
import json
import os
import re
import sys

FRAME = re.compile(r'io\.chuanliu\.[\w.$]+\((\w+\.java:\d+)\)')


def call_site(details, fallback):
    frames = FRAME.findall(details or '')
    return ' < '.join(frames[:3]) if frames else fallback[:80]


def events(path):
    files = sorted(os.path.join(path, f) for f in os.listdir(path) if f.startswith('events_')) if os.path.isdir(path) else [path]
    for name in files:
        with open(name) as f:
            for line in f:
                yield json.loads(line)


def main():
    path = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    started, total, count = {}, collections.Counter(), collections.Counter()
    results, stage_site, stage_execution, execution_site = collections.Counter(), {}, {}, {}
    for e in events(path):
        kind = e['Event']
        if kind == 'SparkListenerStageSubmitted':
            execution = (e.get('Properties') or {}).get('spark.sql.execution.id')
            if execution is not None:
                stage_execution[e['Stage Info']['Stage ID']] = int(execution)
        elif kind == 'SparkListenerTaskEnd':
            results[e['Stage ID']] += (e.get('Task Metrics') or {}).get('Result Size', 0)
        elif kind == 'SparkListenerStageCompleted':
            info = e['Stage Info']
            stage_site[info['Stage ID']] = call_site(info.get('Details'), info.get('Stage Name', ''))
        if kind.endswith('SQLExecutionStart'):
            execution_site[e['executionId']] = call_site(e.get('details'), e.get('description', ''))
            started['sql', e['executionId']] = (e['time'], 'sql ' + execution_site[e['executionId']])
        elif kind.endswith('SQLExecutionEnd') and ('sql', e['executionId']) in started:
            begin, site = started.pop(('sql', e['executionId']))
            total[site] += e['time'] - begin
            count[site] += 1
        elif kind == 'SparkListenerJobStart' and 'spark.sql.execution.id' not in e.get('Properties', {}):
            stage = e['Stage Infos'][0] if e['Stage Infos'] else {}
            started['job', e['Job ID']] = (e['Submission Time'], 'job ' + call_site(stage.get('Details'), stage.get('Stage Name', '')))
        elif kind == 'SparkListenerJobEnd' and ('job', e['Job ID']) in started:
            begin, site = started.pop(('job', e['Job ID']))
            total[site] += e['Completion Time'] - begin
            count[site] += 1
    print('    time  runs  call site (jobs run inside an SQL execution are counted in it, not again)')
    for site, millis in total.most_common(rows):
        print(f'{millis / 1000:7.1f} s {count[site]:5d}  {site}')
    print(f'task results to the driver: {sum(results.values()) / 1024:.1f} KiB in all; the largest stages:')
    for stage, size in results.most_common(min(rows, 10)):
        site = stage_site.get(stage, '?')
        if stage in stage_execution and stage_execution[stage] in execution_site:
            site = f'{site} (in the query of {execution_site[stage_execution[stage]]})'
        print(f'{size / 1024:9.1f} KiB  stage {stage:4d}  {site}')


if __name__ == '__main__':
    main()
