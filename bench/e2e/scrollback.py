#!/usr/bin/env python3
"""The cost of the session's history (protocol §14.3): ours↔ours bulk output with the client
asking for history (the default, 10 000 lines) and without (MOSH_SCROLLBACK=0), alternated run
by run (off, on, off, on, …) so drift in the machine's load hits both alike. Prints the median
wall time until the end marker is drawn, the server's CPU time and the bytes sent to the
client, per workload and setting. With --before DIR, a second build (its mosh-server and
mosh-client) is measured in the same alternation, so a change is compared under the same load.

    python3 bench/e2e/scrollback.py [--runs 5] [--seq 2000000] [--mixed 20000000] [--before DIR] [--size 200x60] [--file F]
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
    parser.add_argument("--before", help="directory of another build to alternate with (e.g. before a change)")
    parser.add_argument("--only", choices=["seq", "mixed", "file"], help="run one workload only")
    parser.add_argument("--file", help="also cat this file (say, a coloured `git log -p`: output as it comes in real use); "
                        "escape sequences other than colours may hide the end marker, so strip them first")
    parser.add_argument("--size", default="80x24", help="the client's pane, COLUMNSxROWS (default 80x24)")
    args = parser.parse_args()
    if args.only == "file" and not args.file:
        parser.error("--only file needs --file")
    builds = {"": args.ours}
    if args.before:
        builds = {"before ": args.before, "after ": args.ours}
    pairings = {label: Pairing("ours", "ours↔ours", [os.path.join(path, "mosh-server")],
                               [os.path.join(path, "mosh-client")]) for label, path in builds.items()}
    with tempfile.TemporaryDirectory(prefix="moshaot-scrollback-bench-") as work:
        run_all(args, pairings, mixed_output.ensure_file(work, args.mixed))


def run_all(args, pairings, mixed_path):
    """Runs the workloads (the mixed file lives in a directory removed afterwards) and prints the table."""
    commands = {"seq": f"seq 1 {args.seq}", "mixed": f"cat {mixed_path}"}
    if args.file:
        commands["file"] = f"cat {os.path.abspath(args.file)}"
    if args.only:
        commands = {args.only: commands[args.only]}
    settings = {"off": {"MOSH_SCROLLBACK": "0"}, "on": {}}
    columns, rows = (int(n) for n in args.size.split("x"))
    results = {}
    for workload, command in commands.items():
        for run in range(args.runs):
            for label, pairing in pairings.items():
                for setting, env in settings.items():
                    figures = workloads.bulk(pairing, command, columns, rows, 300.0, client_env=env)
                    results.setdefault((workload, label, setting), []).append(figures)
                    print(f"{workload} {label}{setting} run {run + 1}: {figures['wall_s']:.3f} s wall, "
                          f"server {figures['server_cpu_s']:.3f} s CPU, client {figures['client_cpu_s']:.3f} s CPU, "
                          f"{figures['down_kb']:.0f} kB down, server RSS {figures['server_rss_mb']:.1f} MB",
                          flush=True)
    print()
    print("| workload | history | wall s (median) | server CPU s | client CPU s | kB to client | server RSS MB | wall vs off |")
    print("|---|---|---|---|---|---|---|---|")
    for workload in commands:
        for label in pairings:
            off = statistics.median(f["wall_s"] for f in results[(workload, label, "off")])
            for setting in settings:
                rows = results[(workload, label, setting)]

                def median(key):
                    return statistics.median(f[key] for f in rows)

                print(f"| {workload} | {label}{setting} | {median('wall_s'):.3f} | {median('server_cpu_s'):.3f} | "
                      f"{median('client_cpu_s'):.3f} | {median('down_kb'):.0f} | {median('server_rss_mb'):.1f} | "
                      f"{median('wall_s') / off - 1:+.1%} |")


if __name__ == "__main__":
    main()
