"""The end-to-end workloads. Each runs one fresh session of one pairing and returns figures
(name -> number). Names are keys of figures.FIGURES."""

import os
import random
import time

import procstat
from screen_text import EscapeStripper
from session import END_COMMAND, END_MARKER, PROMPT, BenchError, Session, launcher_first_screen


def _startup(session):
    return {"startup.connect_ms": session.server.connect_seconds * 1000,
            "startup.first_screen_ms": session.prompt_seconds * 1000}


def bulk(pairing, command, columns, rows, timeout, client_env=None):
    """Runs `command` at columns×rows; figures for the time until its end marker is drawn."""
    session = Session(pairing.server, pairing.client, columns, rows, client_env=client_env)
    try:
        session.pump(0.3)  # let the first frames settle
        server, client = session.server.pid, session.client.pid
        s0, c0, r0 = procstat.Sample(server), procstat.Sample(client), session.relay.counters()
        start = time.monotonic()
        session.type(f"{command}; {END_COMMAND}\r")
        end = session.wait_for(END_MARKER, timeout)
        s1, c1, r1 = procstat.Sample(server), procstat.Sample(client), session.relay.counters()
        wall = end - start
        figures = {
            "wall_s": wall,
            "server_cpu_s": s1.cpu - s0.cpu,
            "client_cpu_s": c1.cpu - c0.cpu,
            "server_wakeups": s1.wakeups - s0.wakeups,
            "server_rss_mb": procstat.peak_rss_mb(server),
            "client_rss_mb": procstat.peak_rss_mb(client),
            "server_threads": procstat.threads(server),
            "down_packets_per_s": (r1[3] - r0[3]) / wall,
            "down_kb": (r1[2] - r0[2]) / 1000,
        }
        figures.update(_startup(session))
        return figures
    finally:
        session.close()


def idle(pairing, seconds, columns=80, rows=24):
    """A session that sits at its prompt for `seconds` (after settling for up to 2 s)."""
    session = Session(pairing.server, pairing.client, columns, rows)
    try:
        session.pump(min(2.0, seconds / 2))  # the start-up exchange settles first
        server, client = session.server.pid, session.client.pid
        s0, c0, r0 = procstat.Sample(server), procstat.Sample(client), session.relay.counters()
        start = time.monotonic()
        session.pump(seconds)
        elapsed = time.monotonic() - start
        s1, c1, r1 = procstat.Sample(server), procstat.Sample(client), session.relay.counters()
        figures = {
            "idle.server_cpu_ms": (s1.cpu - s0.cpu) * 1000,
            "idle.client_cpu_ms": (c1.cpu - c0.cpu) * 1000,
            "idle.server_wakeups_per_s": (s1.wakeups - s0.wakeups) / elapsed,
            "idle.client_wakeups_per_s": (c1.wakeups - c0.wakeups) / elapsed,
            "idle.packets_per_s": ((r1[1] - r0[1]) + (r1[3] - r0[3])) / elapsed,
        }
        figures.update(_startup(session))
        return figures
    finally:
        session.close()


KEYS = b"abcdefghijklmnopqrstuvwxyz"


def _percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _type_and_time(session, count, interval):
    """Types `count` letters into `cat`, one every `interval` s; per key: seconds until drawn."""
    sent, drawn = [], [None] * count
    next_index = 0
    stripper = EscapeStripper()

    def on_output(now, chunk):
        nonlocal next_index
        for b in stripper.feed(chunk):
            if next_index < len(sent) and b == KEYS[next_index % len(KEYS)]:
                drawn[next_index] = now - sent[next_index]
                next_index += 1

    session.set_text_hook(on_output)
    try:
        start = time.monotonic()
        for i in range(count):
            due = start + i * interval
            while (now := time.monotonic()) < due:
                session._step(due - now)
            sent.append(time.monotonic())
            session.type(KEYS[i % len(KEYS):i % len(KEYS) + 1])
        deadline = time.monotonic() + 3.0
        while next_index < count and time.monotonic() < deadline:
            session._step(0.05)
    finally:
        session.set_text_hook(None)
    return [d for d in drawn if d is not None]


def redraw_script(directory, columns, rows, frames):
    """A shell script that redraws the whole screen `frames` times, 0.1 s apart (so each redraw
    is its own frame on the wire). Deterministic content, without the marker's characters."""
    os.makedirs(directory, exist_ok=True)
    rng = random.Random(columns * 1000 + rows)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-+=*#@"
    for f in range(frames):
        lines = ["".join(rng.choice(alphabet) for _ in range(columns - 1)) for _ in range(rows - 1)]
        with open(os.path.join(directory, f"frame-{f:03d}"), "w") as out:
            out.write("\x1b[H\x1b[2J" + "\n".join(lines) + "\n")
    path = os.path.join(directory, "redraw.sh")
    with open(path, "w") as out:
        out.write(f'for f in "{directory}"/frame-*; do cat "$f"; sleep 0.1; done\n')
    return path


def interactive(pairing, keys, interval, script, columns=80, rows=24):
    """Typing into `cat` (echo latency), then a full-screen redraw script; the relay counts
    both directions from the first keystroke to half a second after the script's end marker."""
    session = Session(pairing.server, pairing.client, columns, rows)
    try:
        session.pump(0.5)
        r0 = session.relay.counters()
        session.type("cat\r")
        session.pump(0.5)
        latencies = _type_and_time(session, keys, interval)
        if len(latencies) < keys * 0.9:
            raise BenchError(f"only {len(latencies)} of {keys} keystrokes came back")
        # Ctrl-C ends `cat`; the command is typed only once the shell's prompt is back (typed
        # into a `cat` that is still running, it would be echoed and never run).
        for attempt in range(3):
            session.type("\x03")
            try:
                session.wait_for(PROMPT, 10)
                break
            except BenchError:
                if attempt == 2:
                    raise
        session.pump(0.2)
        session.type(f"sh {script}; {END_COMMAND}\r")
        session.wait_for(END_MARKER, 60)
        session.pump(0.5)
        r1 = session.relay.counters()
        figures = {
            "echo.p50_ms": _percentile(latencies, 0.5) * 1000,
            "echo.p90_ms": _percentile(latencies, 0.9) * 1000,
            "wire.up_kb": (r1[0] - r0[0]) / 1000,
            "wire.down_kb": (r1[2] - r0[2]) / 1000,
            "wire.up_packets": r1[1] - r0[1],
            "wire.down_packets": r1[3] - r0[3],
        }
        figures.update(_startup(session))
        return figures
    finally:
        session.close()


def slow_link(pairing, rtt_ms, keys, interval=0.25, columns=80, rows=24):
    """A session through a relay that delays each datagram by half of `rtt_ms` each way: client
    start → first screen, then `keys` letters typed into `cat`, `interval` apart (each echo on
    its own), keystroke → echo drawn."""
    session = Session(pairing.server, pairing.client, columns, rows, rtt_ms=rtt_ms)
    try:
        first_screen = session.prompt_seconds * 1000
        session.pump(0.5)
        session.type("cat\r")
        session.pump(0.5 + 2 * rtt_ms / 1000)
        latencies = _type_and_time(session, keys, interval)
        if len(latencies) < keys * 0.9:
            raise BenchError(f"only {len(latencies)} of {keys} keystrokes came back")
        return {
            f"rtt{rtt_ms:g}.first_screen_ms": first_screen,
            f"rtt{rtt_ms:g}.echo.p50_ms": _percentile(latencies, 0.5) * 1000,
            f"rtt{rtt_ms:g}.echo.p90_ms": _percentile(latencies, 0.9) * 1000,
        }
    finally:
        session.close()


def launcher(pairing):
    """`mosh --local 127.0.0.1` (the launcher of the pairing's side) until the prompt is drawn."""
    return {"startup.launcher_ms": launcher_first_screen(
        pairing.launcher, pairing.client[0], pairing.server[0]) * 1000}
