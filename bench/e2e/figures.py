"""What each figure is called in the report, its unit and how to print it."""

BULK_METRICS = [
    ("wall_s", "time until the end marker is drawn", "s", 2),
    ("server_cpu_s", "server CPU (daemon, all threads, shell excluded)", "s", 3),
    ("client_cpu_s", "client CPU", "s", 3),
    ("server_wakeups", "server wakeups (context switches)", "", 0),
    ("server_rss_mb", "server peak RSS", "MB", 1),
    ("client_rss_mb", "client peak RSS", "MB", 1),
    ("server_threads", "server threads", "", 0),
    ("down_packets_per_s", "packets/s server→client", "", 0),
    ("down_kb", "bytes server→client", "KB", 0),
]

OTHER = {
    "idle.server_cpu_ms": ("idle: server CPU over the window", "ms", 1),
    "idle.client_cpu_ms": ("idle: client CPU over the window", "ms", 1),
    "idle.server_wakeups_per_s": ("idle: server wakeups/s", "", 2),
    "idle.client_wakeups_per_s": ("idle: client wakeups/s", "", 2),
    "idle.packets_per_s": ("idle: packets/s (both directions)", "", 2),
    "startup.connect_ms": ("startup: server `new` → MOSH CONNECT", "ms", 1),
    "startup.first_screen_ms": ("startup: client start → first screen with the prompt", "ms", 1),
    "startup.launcher_ms": ("startup: `mosh --local 127.0.0.1` start → prompt drawn", "ms", 1),
    "echo.p50_ms": ("keystroke → echo drawn, p50", "ms", 1),
    "echo.p90_ms": ("keystroke → echo drawn, p90", "ms", 1),
    "rtt100.first_screen_ms": ("100 ms RTT link: client start → first screen with the prompt", "ms", 1),
    "rtt100.echo.p50_ms": ("100 ms RTT link: keystroke → echo drawn, p50", "ms", 1),
    "rtt100.echo.p90_ms": ("100 ms RTT link: keystroke → echo drawn, p90", "ms", 1),
    "wire.up_kb": ("typing + redraw: bytes client→server", "KB", 1),
    "wire.down_kb": ("typing + redraw: bytes server→client", "KB", 1),
    "wire.up_packets": ("typing + redraw: packets client→server", "", 0),
    "wire.down_packets": ("typing + redraw: packets server→client", "", 0),
}


def bulk_key(workload, size, metric):
    return f"bulk.{workload}.{size}.{metric}"


def describe(key):
    """(label, unit, digits) of a figure key."""
    if key in OTHER:
        return OTHER[key]
    if key.startswith("bulk."):
        _, workload, size, metric = key.split(".", 3)
        for name, label, unit, digits in BULK_METRICS:
            if name == metric:
                return (f"{workload} {size}: {label}", unit, digits)
    if key.startswith("floor."):
        _, workload, size = key.split(".", 2)
        return (f"{workload} {size}: pty floor CPU (C reader)", "s", 3)
    return (key, "", 2)
