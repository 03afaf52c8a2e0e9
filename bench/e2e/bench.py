#!/usr/bin/env python3
"""make bench's end-to-end suite: real mosh sessions on loopback, upstream 1.4.0 and ours side
by side in the same run, in all four pairings, interleaved. Standard library only.

    bench/e2e/bench.py --mode full|quick|smoke [--out DIR] [--micro DIR]

full and quick write a dated report (markdown, SVG chart, raw JSON) to bench/results/; smoke
runs every workload once, small, with no thresholds, into build/bench-smoke/, and fails only
when a workload cannot run (so the suite cannot rot unnoticed)."""

import argparse
import datetime
import glob
import json
import os
import platform
import subprocess
import sys
import time
import traceback

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import allocations  # noqa: E402
import figures  # noqa: E402
import mixed_output  # noqa: E402
import report  # noqa: E402
import workloads  # noqa: E402
from session import BenchError  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

MODES = {
    # repetitions, seq count, mixed-file bytes, idle seconds (and how many runs), keys, redraws
    "full": dict(reps=5, seq=2_000_000, mixed=50_000_000, idle=30.0, idle_reps=3, keys=200, redraws=20,
                 slow_keys=40, alloc_sizes=["80x24", "200x60"]),
    "quick": dict(reps=2, seq=500_000, mixed=10_000_000, idle=8.0, idle_reps=1, keys=100, redraws=10,
                  slow_keys=20, alloc_sizes=["80x24"]),
    "smoke": dict(reps=1, seq=20_000, mixed=1_000_000, idle=2.0, idle_reps=1, keys=20, redraws=4,
                  slow_keys=5, alloc_sizes=["80x24"]),
}
SIZES = {"80x24": (80, 24), "200x60": (200, 60)}


class Pairing:
    def __init__(self, key, label, server, client, launcher=None):
        self.key, self.label, self.server, self.client = key, label, server, client
        self.launcher = launcher  # only where both ends are one side's: mosh --local


def pairings(ours, upstream):
    up_s, up_c = [os.path.join(upstream, "mosh-server")], [os.path.join(upstream, "mosh-client")]
    our_s, our_c = [os.path.join(ours, "mosh-server")], [os.path.join(ours, "mosh-client")]
    return [
        Pairing("up-up", "upstream ↔ upstream", up_s, up_c, os.path.join(upstream, "mosh")),
        Pairing("ours-ours", "ours ↔ ours", our_s, our_c, os.path.join(ours, "mosh")),
        Pairing("upC-oursS", "upstream client → our server", our_s, up_c),
        Pairing("oursC-upS", "our client → upstream server", up_s, our_c),
    ]


def compile_floor(work):
    out = os.path.join(work, "pty_floor")
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pty_floor.c")
    compiler = next((c for c in (os.environ.get("CC"), "cc", "gcc", "clang") if c and _which(c)), None)
    if compiler is None:
        raise BenchError("no C compiler (cc, gcc or clang) for the pty floor")
    subprocess.run([compiler, "-O2", "-o", out, source], check=True)
    return out


def _which(name):
    return any(os.access(os.path.join(d, name), os.X_OK) for d in os.environ.get("PATH", "").split(":"))


def floor_run(binary, command, columns, rows):
    out = subprocess.run([binary, str(columns), str(rows), "sh", "-c", command], capture_output=True,
                         text=True, timeout=600, check=True).stdout
    fields = dict(item.split("=") for item in out.split())
    return float(fields["cpu"])


def micro_tables(micro_dir):
    """BenchmarkDotNet's GitHub-markdown tables from a results folder, one after the other."""
    if not micro_dir:
        return ""
    tables = sorted(glob.glob(os.path.join(micro_dir, "*-report-github.md")))
    return "\n\n".join(open(t).read().strip() for t in tables)


def rerender(json_path, micro_dir):
    """Writes a report's markdown and chart again from its JSON (e.g. with micro-benchmark tables
    that ran after it); the previous report is the latest earlier one of its mode."""
    with open(json_path) as f:
        results = json.load(f)
    if micro_dir:
        results["micro"] = micro_tables(micro_dir)
    out_dir = os.path.dirname(os.path.abspath(json_path))
    stem = os.path.basename(json_path)[:-len(".json")]
    earlier = [p for p in sorted(glob.glob(os.path.join(out_dir, f"*-{results['meta']['mode']}.json")))
               if os.path.basename(p) < os.path.basename(json_path)]
    previous = None
    if earlier:
        with open(earlier[-1]) as f:
            previous = json.load(f)
    with open(json_path, "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    with open(os.path.join(out_dir, stem + ".svg"), "w") as f:
        f.write(report.svg_chart(results))
    with open(os.path.join(out_dir, stem + ".md"), "w") as f:
        f.write(report.markdown(results, stem + ".svg", previous))
    print(report.summary_text(results))


def load_average():
    with open("/proc/loadavg") as f:
        return f.read().split()[:3]


def git(*args):
    try:
        return subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Linux {platform.release()}"


METHOD = """\
- Each run is a fresh session: `mosh-server new -i 127.0.0.1 -p 0 -c 256 -l LANG=C.UTF-8 -- /bin/sh`
  (dash, PS1 set to a marker), its `MOSH CONNECT` parsed; the client runs as
  `MOSH_KEY=… mosh-client 127.0.0.1 PORT` on a pseudo-terminal owned by the driver
  (bench/e2e/bench.py, TIOCSWINSZ to the size shown, TERM=xterm-256color,
  MOSH_PREDICTION_DISPLAY=never so echo is the server's, not a local prediction). The client talks
  to the server through a UDP relay in the driver that counts datagrams and payload bytes per
  direction. The four pairings run one after the other for each workload, then the next run.
- The screen is read from the client's output as it arrives: end markers are built from characters
  no workload prints (`~|`), so the client's renderer draws them as one run; the time of the read
  that completes a marker is when it reached the screen. The driver drains the terminal as fast
  as it can, like the floor below.
- Bulk: `seq 1 N` and `cat` of a generated file (bench/e2e/mixed_output.py: SGR colours, UTF-8,
  CJK wide characters, long wrapped lines, CR rewrites), each followed by `echo` of the end
  marker; time from the Enter key to the marker on the client's screen. CPU = utime+stime over
  all threads of the server daemon (its shell and the commands excluded) and of the client,
  from /proc (ticks, or per-thread sched nanoseconds when larger); wakeups = voluntary +
  involuntary context switches over the threads; peak RSS = VmHWM at the end.
- Floor: bench/e2e/pty_floor.c, compiled at bench time, runs the same command on a fresh pty of
  the same size and only reads and discards the master; its own CPU (getrusage).
- Idle: after 2 s of settling, CPU, wakeups and relay packets over the idle window.
- Startup: server `new` → the MOSH CONNECT line read; client spawn → the prompt drawn (every
  session's start counts; the client and launcher are started with posix_spawn, because a fork
  of the driver costs 10-15 ms on a virtual machine and would land in the figure); and `mosh --local --predict=never 127.0.0.1 -- /bin/sh` (each side's
  own launcher, client and server; Perl for upstream) from exec to the prompt drawn.
- Echo: `cat` running, letters typed every 30 ms; per key, the time until that letter is drawn
  (escape sequences stripped; in order). Then Ctrl-C and a script that redraws the full 80×24
  screen with new text every 0.1 s; bytes and packets counted from typing `cat` to 0.5 s after
  the script's end marker.
- 100 ms RTT: the relay holds every datagram 50 ms each way (no loss, no jitter); client spawn →
  prompt drawn, then letters typed into `cat` 0.25 s apart (each echo on its own), per key the
  time until it is drawn.
- Allocations: a JIT build of our server (same code and feature switches, started through its
  apphost so the re-executed daemon is JIT too) with our client; bench/Mosh.Bench.GcWatch
  attaches over EventPipe (Microsoft.Diagnostics.NETCore.Client) after MOSH CONNECT and counts
  GCStart events and GCAllocationTick events (about one per 100 KB allocated) by their
  timestamps: before the workload (attach, connection, shell start) and during it.
"""


def run(mode, out_dir, ours, upstream, jit_server, gcwatch, micro_dir, title_suffix=""):
    cfg = MODES[mode]
    work = os.path.join(ROOT, "build", "bench")
    os.makedirs(work, exist_ok=True)
    floor_binary = compile_floor(work)
    mixed_path = mixed_output.ensure_file(work, cfg["mixed"])
    commands = {"seq": f"seq 1 {cfg['seq']}", "mixed": f"cat {mixed_path}"}
    bulk_cases = [(w, s) for w in ("seq", "mixed") for s in SIZES]
    pairs = pairings(ours, upstream)
    redraw = workloads.redraw_script(os.path.join(work, f"redraw-{cfg['redraws']}"), 80, 24, cfg["redraws"])

    samples, failures = {}, []
    commit = git("rev-parse", "--short", "HEAD")
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    load_start = load_average()
    load_max = float(load_start[0])

    def add(key, who, value):
        samples.setdefault(key, {}).setdefault(who, []).append(value)

    def attempt(what, fn):
        nonlocal load_max
        load_max = max(load_max, float(load_average()[0]))
        started = time.monotonic()
        try:
            result = fn()
            print(f"  {what}: ok ({time.monotonic() - started:.1f} s)", file=sys.stderr, flush=True)
            return result
        except (BenchError, OSError, subprocess.SubprocessError) as e:
            failures.append(f"{what}: {e}")
            print(f"  {what}: FAILED: {e}", file=sys.stderr, flush=True)
            if mode == "smoke":
                traceback.print_exc()
            return None

    timeout = 600 if mode == "full" else 180
    for rep in range(cfg["reps"]):
        print(f"run {rep + 1}/{cfg['reps']}", file=sys.stderr, flush=True)
        for workload, size in bulk_cases:
            columns, rows = SIZES[size]
            cpu = attempt(f"floor {workload} {size}", lambda: floor_run(floor_binary, commands[workload], columns, rows))
            if cpu is not None:
                add(f"floor.{workload}.{size}", "floor", cpu)
            for p in pairs:
                r = attempt(f"{p.key} {workload} {size}",
                            lambda: workloads.bulk(p, commands[workload], columns, rows, timeout))
                for name, value in (r or {}).items():
                    add(name if name.startswith("startup.") else figures.bulk_key(workload, size, name), p.key, value)
        if rep < cfg["idle_reps"]:
            for p in pairs:
                r = attempt(f"{p.key} idle {cfg['idle']:g} s", lambda: workloads.idle(p, cfg["idle"]))
                for name, value in (r or {}).items():
                    add(name, p.key, value)
        for p in pairs:
            r = attempt(f"{p.key} echo + redraw", lambda: workloads.interactive(p, cfg["keys"], 0.030, redraw))
            for name, value in (r or {}).items():
                add(name, p.key, value)
        for p in pairs:
            r = attempt(f"{p.key} 100 ms RTT", lambda: workloads.slow_link(p, 100, cfg["slow_keys"]))
            for name, value in (r or {}).items():
                add(name, p.key, value)
        for p in pairs:
            if p.launcher:
                r = attempt(f"{p.key} mosh --local", lambda: workloads.launcher(p))
                for name, value in (r or {}).items():
                    add(name, p.key, value)

    alloc = {}
    if jit_server and gcwatch:
        print("allocations (JIT server)", file=sys.stderr, flush=True)
        for workload in ("seq", "mixed"):
            for size in cfg["alloc_sizes"]:
                columns, rows = SIZES[size]
                r = attempt(f"allocations {workload} {size}", lambda: allocations.measure(
                    jit_server, [os.path.join(ours, "mosh-client")], gcwatch, commands[workload], columns, rows,
                    timeout))
                alloc[f"{workload} {size}"] = r if r is not None else {"error": failures[-1]}

    micro = micro_tables(micro_dir)

    load_end = load_average()
    now = datetime.datetime.now()
    meta = {
        "title": f"mosh-aot end-to-end benchmark, {now:%Y-%m-%d %H:%M}{title_suffix}",
        "date": now.isoformat(timespec="seconds"),
        "mode": mode,
        "repetitions": cfg["reps"],
        "commit": commit,
        "machine": machine(),
        "load_start": " ".join(load_start),
        "load_end": " ".join(load_end),
        "load_max": load_max,
        "upstream": f"{upstream}/mosh-server, mosh-client (Debian mosh 1.4.0)",
        "ours": f"{ours}/mosh-aot (Native AOT)",
        "workloads": f"seq 1 {cfg['seq']:,}; mixed file {cfg['mixed'] / 1e6:g} MB; idle {cfg['idle']:g} s "
                     f"({cfg['idle_reps']} run(s)); {cfg['keys']} keys at 30 ms; {cfg['redraws']} full-screen redraws",
    }
    if load_max > 1.0:
        meta["noise_note"] = (f"The machine was busy (1-minute load up to {load_max:.1f} on {os.cpu_count()} cores: "
                              "other builds and tests ran beside this benchmark). Every figure is noisy; compare "
                              "the columns of this run with each other, not with other runs, and treat differences "
                              "under ~30% as noise.")
    results = {"meta": meta, "pairings": [{"key": p.key, "label": p.label} for p in pairs],
               "bulk_cases": bulk_cases, "samples": samples, "allocations": alloc, "failures": failures,
               "micro": micro, "method": METHOD}

    previous = None
    earlier = sorted(glob.glob(os.path.join(out_dir, f"*-{mode}.json")))
    if earlier:
        with open(earlier[-1]) as f:
            previous = json.load(f)
    if mode == "smoke":  # only the latest smoke report is worth keeping
        for old in glob.glob(os.path.join(out_dir, "*-smoke.*")):
            os.remove(old)
    os.makedirs(out_dir, exist_ok=True)
    stem = f"{now:%Y-%m-%d-%H%M}-{mode}"
    with open(os.path.join(out_dir, stem + ".json"), "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    with open(os.path.join(out_dir, stem + ".svg"), "w") as f:
        f.write(report.svg_chart(results))
    with open(os.path.join(out_dir, stem + ".md"), "w") as f:
        f.write(report.markdown(results, stem + ".svg", previous))
    print(f"report: {os.path.join(out_dir, stem + '.md')}", file=sys.stderr)
    print(report.summary_text(results))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=sorted(MODES), default="full")
    parser.add_argument("--out", help="report folder (default: bench/results, or build/bench-smoke for smoke)")
    parser.add_argument("--ours", default=os.path.join(ROOT, "build"), help="folder with our mosh-server/mosh-client")
    parser.add_argument("--upstream", default="/usr/bin", help="folder with upstream's mosh-server/mosh-client")
    parser.add_argument("--jit", default=os.path.join(ROOT, "src/mosh-aot/bin/Release/net10.0/mosh-aot"),
                        help="apphost of a JIT build of mosh-aot (allocation count); '' to skip")
    parser.add_argument("--gcwatch", default=os.path.join(
        ROOT, "bench/Mosh.Bench.GcWatch/bin/Release/net10.0/Mosh.Bench.GcWatch"))
    parser.add_argument("--micro", help="BenchmarkDotNet results folder whose *-report-github.md to include")
    parser.add_argument("--rerender", metavar="JSON", help="only write REPORT.md and .svg again from REPORT.json")
    args = parser.parse_args()
    if args.rerender:
        rerender(args.rerender, args.micro)
        return
    out = args.out or os.path.join(ROOT, "build/bench-smoke" if args.mode == "smoke" else "bench/results")
    for program in ("mosh-server", "mosh-client"):
        for folder in (args.ours, args.upstream):
            if not os.access(os.path.join(folder, program), os.X_OK):
                sys.exit(f"bench: {folder}/{program} is missing (make build; scripts/install-deps.sh)")
    jit = [args.jit, "server"] if args.jit and os.access(args.jit, os.X_OK) else None
    gcwatch = [args.gcwatch] if jit and os.access(args.gcwatch, os.X_OK) else None
    if args.jit and not (jit and gcwatch):
        print("bench: no JIT server or GcWatch built; allocations are not measured", file=sys.stderr)
    sys.exit(run(args.mode, out, os.path.abspath(args.ours), args.upstream, jit, gcwatch, args.micro))


if __name__ == "__main__":
    main()
