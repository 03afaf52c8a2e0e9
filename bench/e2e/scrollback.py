#!/usr/bin/env python3
"""The cost of the session's history (protocol §14.3): ours↔ours bulk output with the client
asking for history (the default, 10 000 lines) and without (MOSH_SCROLLBACK=0), alternated run
by run (off, on, off, on, …) so drift in the machine's load hits both alike. Prints the median
wall time until the end marker is drawn, the server's CPU time and the bytes sent to the
client, per workload and setting.

    python3 bench/e2e/scrollback.py [--runs 5] [--seq 2000000] [--mixed 20000000]
"""
import argparse
import os
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mixed_output  # noqa: E402
import workloads  # noqa: E402
from bench import Pairing  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seq", type=int, default=2_000_000)
    parser.add_argument("--mixed", type=int, default=20_000_000)
    parser.add_argument("--ours", default=os.path.join(ROOT, "build"))
    args = parser.parse_args()
    ours = Pairing("ours", "ours↔ours", [os.path.join(args.ours, "mosh-server")],
                   [os.path.join(args.ours, "mosh-client")])
    work = tempfile.mkdtemp(prefix="moshaot-scrollback-bench-")
    mixed_path = mixed_output.ensure_file(work, args.mixed)
    commands = {"seq": f"seq 1 {args.seq}", "mixed": f"cat {mixed_path}"}
    settings = {"off": {"MOSH_SCROLLBACK": "0"}, "on": {}}
    results = {}
    for workload, command in commands.items():
        for run in range(args.runs):
            for setting, env in settings.items():
                figures = workloads.bulk(ours, command, 80, 24, 300.0, client_env=env)
                results.setdefault((workload, setting), []).append(figures)
                print(f"{workload} {setting} run {run + 1}: {figures['wall_s']:.3f} s wall, "
                      f"server {figures['server_cpu_s']:.3f} s CPU, client {figures['client_cpu_s']:.3f} s CPU, "
                      f"{figures['down_kb']:.0f} kB down", flush=True)
    print()
    print("| workload | history | wall s (median) | server CPU s | kB to client | wall vs off |")
    print("|---|---|---|---|---|---|")
    for workload in commands:
        off = statistics.median(f["wall_s"] for f in results[(workload, "off")])
        for setting in settings:
            rows = results[(workload, setting)]
            wall = statistics.median(f["wall_s"] for f in rows)
            cpu = statistics.median(f["server_cpu_s"] for f in rows)
            kb = statistics.median(f["down_kb"] for f in rows)
            print(f"| {workload} | {setting} | {wall:.3f} | {cpu:.3f} | {kb:.0f} | {wall / off - 1:+.1%} |")


if __name__ == "__main__":
    main()
