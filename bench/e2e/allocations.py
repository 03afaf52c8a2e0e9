"""Allocation-freedom seen from outside: a JIT build of our server (the same code and feature
switches as the Native AOT binary, but with the runtime's diagnostics server) runs a bulk
workload with our client while Mosh.Bench.GcWatch listens to its GC events over EventPipe.

The JIT server is started through its apphost (`…/mosh-aot server new …`): the daemon it
re-executes is /proc/self/exe, i.e. the apphost again, and it inherits our environment, so
any DOTNET_* setting reaches it. GCAllocationTick fires about every 100 KB allocated, so
"allocated" below is a sum of ticks: zero ticks means less than ~100 KB in the window."""

import collections
import os
import select
import subprocess
import time

from session import END_COMMAND, END_MARKER, BenchError, Session


def _read_line(proc, timeout):
    deadline = time.monotonic() + timeout
    line = b""
    while not line.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([proc.stdout], [], [], remaining)[0]:
            raise BenchError("GcWatch did not start")
        byte = os.read(proc.stdout.fileno(), 1)  # unbuffered: select() must see what is left
        if not byte:
            raise BenchError("GcWatch ended early: " + proc.stderr.read().decode(errors="replace"))
        line += byte
    return line.decode().strip()


def measure(jit_server, client, watcher, command, columns, rows, timeout):
    """GCs and allocation ticks of the JIT server before and during `command`."""
    watch = {}

    def attach(server):
        proc = subprocess.Popen(list(watcher) + [str(server.pid)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        watch["proc"] = proc
        if _read_line(proc, 60) != "ready":
            raise BenchError("GcWatch did not say ready")
        watch["attached"] = time.time()

    try:
        session = Session(jit_server, client, columns, rows, after_server=attach)
    except BaseException:
        if "proc" in watch:
            watch["proc"].kill()
            watch["proc"].wait()
        raise
    proc = watch["proc"]
    try:
        session.pump(0.5)
        work_start = time.time()
        started = time.monotonic()
        session.type(f"{command}; {END_COMMAND}\r")
        session.wait_for(END_MARKER, timeout)
        wall = time.monotonic() - started
        work_end = time.time()
        session.pump(1.0)
        output, errors = proc.communicate(timeout=60)  # closes its stdin: it stops recording
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        session.close()
    if proc.returncode != 0:
        raise BenchError("GcWatch failed: " + errors.decode(errors="replace"))

    phases = {"startup": (0.0, work_start), "workload": (work_start, work_end + 0.5)}
    result = {name: {"gcs": 0, "gc_generations": collections.Counter(), "alloc_bytes": 0,
                     "alloc_ticks": 0, "types": collections.Counter()} for name in phases}
    for line in output.decode(errors="replace").splitlines():
        parts = line.split(" ", 3)
        if len(parts) < 4:
            continue
        kind, stamp = parts[0], float(parts[1])
        phase = next((n for n, (a, b) in phases.items() if a <= stamp < b), None)
        if phase is None:
            continue
        r = result[phase]
        if kind == "gc":
            r["gcs"] += 1
            r["gc_generations"][f"gen{parts[2]} {parts[3]}"] += 1
        elif kind == "alloc":
            r["alloc_ticks"] += 1
            r["alloc_bytes"] += int(parts[2])
            r["types"][parts[3]] += int(parts[2])
    for r in result.values():
        r["gc_generations"] = dict(r["gc_generations"])
        r["types"] = dict(r["types"].most_common(8))
    result["wall_s"] = wall
    return result
