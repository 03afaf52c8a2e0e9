"""make soak: long runs that show leaks rather than speed (not part of make test).

1. A flood: one session whose shell prints without pause (`yes | cat -n`) for --flood-seconds (default
   30 minutes). Every --sample-seconds the server's and the client's resident memory (VmRSS)
   and open descriptors are recorded; the report shows them over time.
2. Churn: --sessions sessions (default 1,000) started and ended in a row, each ended the normal
   way (the shell exits, the server says goodbye, the client exits). Afterwards nothing may be
   left: no process of any of those sessions, no utmp entry naming mosh that was not there
   before, no descriptor more in this process (the harness) than before.

Writes a text report (stdout and --out) and exits 1 if something leaked (a process or utmp entry
left, a session that did not end by itself, descriptors that grew during the flood's second half)
or a session failed to start.
"""

import argparse
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from procstat import alive, cpu_seconds  # noqa: E402
from session import END_COMMAND, END_MARKER, BenchError, Session  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UTMP = "/var/run/utmp"


def rss_kb(pid):
    """VmRSS of pid in kB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0


def children_of(pid):
    """Every live descendant of pid (from /proc/*/stat's parent field)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] not in "ZX":
            parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def utmp_mosh_entries():
    """utmp lines of live sessions naming mosh, or None when there is no utmp file to read."""
    if not os.path.exists(UTMP):
        return None
    try:
        out = subprocess.run(["utmpdump", UTMP], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return sorted(line for line in out.splitlines() if line.startswith("[7]") and "mosh" in line)


def growth(series):
    """Last value minus the value at the start of the second half (0 for fewer than two samples)."""
    if len(series) < 2:
        return 0
    return series[-1] - series[len(series) // 2]


def flood(server, client, seconds, sample_seconds, columns, rows, log):
    session = Session([server], [client], columns, rows)
    samples = []
    try:
        # Numbered, so that every frame differs (plain `yes` scrolls identical rows: no diff at all).
        session.type("yes 'soak flood: the quick brown fox jumps over the lazy dog' | cat -n\r")
        start = time.monotonic()
        next_sample = start
        while True:
            now = time.monotonic()
            if now >= next_sample:
                s = (round(now - start), rss_kb(session.server.pid), rss_kb(session.client.pid),
                     fd_count(session.server.pid), fd_count(session.client.pid))
                samples.append(s)
                log(f"  t={s[0]:>5} s  server {s[1] / 1024:7.1f} MB {s[3]:>3} fds   client {s[2] / 1024:7.1f} MB {s[4]:>3} fds")
                next_sample += sample_seconds
            if now - start >= seconds:
                break
            session.pump(min(1.0, max(0.0, next_sample - now), seconds - (now - start)))
        session.type("\x03")
        # The marker's characters are in nothing the flood printed (session.py).
        session.type(END_COMMAND + "\r")
        session.wait_for(END_MARKER, 60.0)
        output = session.output_bytes
        log(f"  server CPU: {cpu_seconds(session.server.pid):.0f} s")
    finally:
        session.close()
    return samples, output


def churn(server, client, count, columns, rows, log):
    harness_fds = fd_count(os.getpid())
    failed, not_ended, left = 0, 0, []
    start = time.monotonic()
    for i in range(count):
        try:
            session = Session([server], [client], columns, rows)
        except BenchError as e:
            failed += 1
            log(f"  session {i + 1}: {e}")
            continue
        try:
            server_pid, client_pid = session.server.pid, session.client.pid
            descendants = children_of(server_pid)
            session.type("exit\r")
            deadline = time.monotonic() + 10.0
            while time.monotonic() < deadline and (alive(server_pid) or not session.client.reap(0)):
                session.pump(0.05)
            if alive(server_pid) or session.client.exit_status is None:
                not_ended += 1
        finally:
            session.close()
        time.sleep(0.05)
        left += [p for p in [server_pid, client_pid, *descendants] if alive(p)]
        if (i + 1) % 100 == 0:
            log(f"  {i + 1} sessions, {time.monotonic() - start:.0f} s")
    return {"failed": failed, "not_ended": not_ended, "left": sorted(set(left)),
            "harness_fds": fd_count(os.getpid()) - harness_fds, "seconds": time.monotonic() - start}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", default=os.path.join(ROOT, "build"), help="folder with mosh-server and mosh-client")
    parser.add_argument("--flood-seconds", type=float, default=1800)
    parser.add_argument("--sample-seconds", type=float, default=30)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "soak", "REPORT.txt"))
    args = parser.parse_args()
    server, client = os.path.join(args.ours, "mosh-server"), os.path.join(args.ours, "mosh-client")
    lines = []

    def log(text):
        print(text, flush=True)
        lines.append(text)

    problems = []
    log(f"soak: {server}, {client}")
    utmp_before = utmp_mosh_entries()
    if args.flood_seconds > 0:
        log(f"flood: `yes | cat -n` for {args.flood_seconds:.0f} s at 80x24, a sample every {args.sample_seconds:.0f} s")
        samples, output = flood(server, client, args.flood_seconds, args.sample_seconds, 80, 24, log)
        server_rss, client_rss = [s[1] for s in samples], [s[2] for s in samples]
        server_fds, client_fds = [s[3] for s in samples], [s[4] for s in samples]
        log(f"  drawn by the client: {output / 1e6:.2f} MB")
        log(f"  server RSS: first {server_rss[0] / 1024:.1f} MB, max {max(server_rss) / 1024:.1f} MB, "
            f"last {server_rss[-1] / 1024:.1f} MB; second half {growth(server_rss) / 1024:+.1f} MB")
        log(f"  client RSS: first {client_rss[0] / 1024:.1f} MB, max {max(client_rss) / 1024:.1f} MB, "
            f"last {client_rss[-1] / 1024:.1f} MB; second half {growth(client_rss) / 1024:+.1f} MB")
        log(f"  descriptors: server {min(server_fds)}-{max(server_fds)}, client {min(client_fds)}-{max(client_fds)}")
        if growth(server_fds) > 0 or growth(client_fds) > 0:
            problems.append("descriptors grew during the flood's second half")
    if args.sessions > 0:
        log(f"churn: {args.sessions} sessions started and ended in a row")
        c = churn(server, client, args.sessions, 80, 24, log)
        log(f"  {args.sessions - c['failed']} started in {c['seconds']:.0f} s; failed to start: {c['failed']}; "
            f"did not end by themselves: {c['not_ended']}")
        log(f"  processes left: {len(c['left'])} {c['left'] if c['left'] else ''}".rstrip())
        log(f"  descriptors left in the harness: {c['harness_fds']}")
        if c["failed"]:
            problems.append(f"{c['failed']} sessions failed to start")
        if c["not_ended"]:
            problems.append(f"{c['not_ended']} sessions did not end by themselves")
        if c["left"]:
            problems.append(f"{len(c['left'])} processes left")
        if c["harness_fds"] > 0:
            problems.append(f"{c['harness_fds']} descriptors left in the harness")
    utmp_after = utmp_mosh_entries()
    if utmp_before is None or utmp_after is None:
        log(f"utmp: {UTMP} is missing, so no session writes an entry there (not measured)")
    else:
        new = sorted(set(utmp_after) - set(utmp_before))
        log(f"utmp: {len(new)} mosh entries left")
        if new:
            problems.append(f"{len(new)} utmp entries left")
    log("result: " + ("; ".join(problems) if problems else "nothing leaked"))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
