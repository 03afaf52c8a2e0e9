"""What a process costs, read from /proc: CPU seconds, wakeups, peak resident memory.

CPU is the process's own time over all its threads (never its children's: the server's shell
and the commands it runs are not the server's work). /proc/PID/stat counts in clock ticks
(10 ms here); /proc/PID/task/*/sched has nanoseconds but forgets threads that have ended, so
we take the larger of the two.
"""

import os

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _tasks(pid):
    try:
        return os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return []


def _read(path):
    try:
        with open(path, "r", encoding="ascii", errors="replace") as f:
            return f.read()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return ""


def cpu_seconds(pid):
    """User + system CPU seconds of every thread of pid (children excluded)."""
    stat = _read(f"/proc/{pid}/stat")
    ticks = 0.0
    if stat:
        fields = stat[stat.rindex(")") + 2:].split()
        ticks = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    precise = 0.0
    for tid in _tasks(pid):
        for line in _read(f"/proc/{pid}/task/{tid}/sched").splitlines():
            if line.startswith("se.sum_exec_runtime"):
                precise += float(line.split(":")[1]) / 1000.0
                break
    return max(ticks, precise)


def _status_fields(path):
    fields = {}
    for line in _read(path).splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.strip()
    return fields


def wakeups(pid):
    """Context switches (voluntary + involuntary) summed over the threads alive now."""
    total = 0
    for tid in _tasks(pid):
        s = _status_fields(f"/proc/{pid}/task/{tid}/status")
        total += int(s.get("voluntary_ctxt_switches", 0)) + int(s.get("nonvoluntary_ctxt_switches", 0))
    return total


def peak_rss_mb(pid):
    """VmHWM: the most resident memory the process has had, in MB."""
    value = _status_fields(f"/proc/{pid}/status").get("VmHWM", "0 kB")
    return int(value.split()[0]) / 1024.0


def threads(pid):
    return int(_status_fields(f"/proc/{pid}/status").get("Threads", 0))


def alive(pid):
    stat = _read(f"/proc/{pid}/stat")
    return bool(stat) and stat[stat.rindex(")") + 2] not in "ZX"


class Sample:
    """CPU and wakeups of one process at one moment."""

    def __init__(self, pid):
        self.cpu = cpu_seconds(pid)
        self.wakeups = wakeups(pid)
