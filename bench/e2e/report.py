"""The dated report: a markdown table of medians with spread and the ours/upstream ratio, the
pty floor, the allocation count, the micro-benchmarks, and an SVG bar chart drawn here (no
libraries): each bar is a pairing's median divided by upstream↔upstream's, on a log scale."""

import math
from xml.sax.saxutils import escape

import figures
from stats import summary

BASELINE, OURS = "up-up", "ours-ours"
COLOURS = {"ours-ours": "#2b7bb9", "upC-oursS": "#5fb35f", "oursC-upS": "#e0a030", "up-up": "#999999"}


def _fmt(value, digits):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if digits == 0:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def _cell(s, digits):
    if s is None:
        return "–"
    text = _fmt(s["median"], digits)
    if s["n"] > 1:
        text += f" ({_fmt(s['min'], digits)}–{_fmt(s['max'], digits)})"
    if s["noisy"]:
        text += " ‡"
    return text


def ratio(samples, key, numerator=OURS, denominator=BASELINE):
    a = summary(samples.get(key, {}).get(numerator, []))
    b = summary(samples.get(key, {}).get(denominator, []))
    if a is None or b is None or b["median"] == 0:
        return None
    return a["median"] / b["median"]


def _table(results, keys):
    pairings = results["pairings"]
    samples = results["samples"]
    head = "| figure | " + " | ".join(p["label"] for p in pairings) + " | ours ÷ upstream |"
    rule = "|---|" + "---|" * (len(pairings) + 1)
    rows = [head, rule]
    for key in keys:
        if key not in samples:
            continue
        label, unit, digits = figures.describe(key)
        cells = [_cell(summary(samples[key].get(p["key"], [])), digits) for p in pairings]
        r = ratio(samples, key)
        unit_text = f" ({unit})" if unit else ""
        rows.append(f"| {label}{unit_text} | " + " | ".join(cells) + f" | {_fmt(r, 2) + '×' if r else '–'} |")
    return "\n".join(rows)


def _floor_table(results):
    samples = results["samples"]
    rows = ["| workload | pty floor CPU (s) | " + " | ".join(
        f"{p['label']}: server CPU ÷ floor" for p in results["pairings"]) + " |",
        "|---|---|" + "---|" * len(results["pairings"])]
    for workload, size in results["bulk_cases"]:
        floor = summary(samples.get(f"floor.{workload}.{size}", {}).get("floor", []))
        if floor is None:
            continue
        cells = []
        for p in results["pairings"]:
            s = summary(samples.get(figures.bulk_key(workload, size, "server_cpu_s"), {}).get(p["key"], []))
            cells.append(_fmt(s["median"] / floor["median"], 1) + "×" if s and floor["median"] > 0 else "–")
        rows.append(f"| {workload} {size} | {_cell(floor, 3)} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _allocation_section(results):
    alloc = results.get("allocations")
    if not alloc:
        return "Not measured in this run."
    lines = ["| workload | run time (JIT server) | GCs after attach, before the workload | GCs during the workload | "
             "allocated during the workload (sum of ~100 KB ticks) |",
             "|---|---|---|---|---|"]
    types = []
    # A fixed order (workloads by name, types by size): the report written at the end of a run and
    # one written again from its JSON (saved with sorted keys) must show the same table.
    for name, r in sorted(alloc.items()):
        if "error" in r:
            lines.append(f"| {name} | failed: {r['error']} | | | |")
            continue
        w, s = r["workload"], r["startup"]
        gens = ", ".join(f"{k}: {v}" for k, v in w["gc_generations"].items())
        lines.append(f"| {name} | {r['wall_s']:.2f} s | {s['gcs']} | {w['gcs']}{' (' + gens + ')' if gens else ''} | "
                     f"{w['alloc_bytes'] / 1000:,.0f} KB in {w['alloc_ticks']} ticks |")
        for t, b in sorted(w["types"].items(), key=lambda item: (-item[1], item[0])):
            types.append(f"| {name} | `{t}` | {b / 1000:,.0f} KB |")
    text = "\n".join(lines)
    if types:
        text += ("\n\nWhere the ticks land (the type allocated when each ~100 KB tick fired; a tick "
                 "names one object, not everything in its 100 KB):\n\n| workload | type | KB |\n|---|---|---|\n"
                 + "\n".join(types))
    return text


CHART_KEYS_BULK = ["wall_s", "server_cpu_s", "client_cpu_s", "server_rss_mb", "client_rss_mb", "server_wakeups"]
CHART_KEYS_OTHER = ["idle.server_wakeups_per_s", "idle.packets_per_s", "startup.first_screen_ms",
                    "echo.p50_ms", "echo.p90_ms", "wire.up_kb", "wire.down_kb"]


def chart_keys(results):
    keys = []
    for workload, size in results["bulk_cases"]:
        keys += [figures.bulk_key(workload, size, m) for m in CHART_KEYS_BULK]
    return keys + CHART_KEYS_OTHER


def svg_chart(results):
    """Bars of median ÷ upstream↔upstream median per figure, log scale 1/16…16."""
    samples = results["samples"]
    others = [p for p in results["pairings"] if p["key"] != BASELINE]
    rows = []
    for key in chart_keys(results):
        if key not in samples:
            continue
        values = [ratio(samples, key, p["key"]) for p in others]
        if any(v is not None for v in values):
            rows.append((figures.describe(key)[0], values))
    label_w, plot_w, bar_h, gap, top = 430, 460, 7, 8, 60
    row_h = bar_h * len(others) + gap
    height = top + row_h * len(rows) + 30
    width = label_w + plot_w + 70
    span = math.log2(16)

    def x(v):
        v = min(max(v, 1 / 16), 16)
        return label_w + plot_w / 2 + math.log2(v) / span * plot_w / 2

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="18" font-size="14" font-weight="bold">{escape(results["meta"]["title"])}</text>',
           '<text x="10" y="34">median ÷ upstream↔upstream median (log scale; left of 1× is less, '
           'i.e. better for every figure here)</text>']
    lx = 10
    for p in others:
        out.append(f'<rect x="{lx}" y="42" width="10" height="10" fill="{COLOURS[p["key"]]}"/>')
        out.append(f'<text x="{lx + 14}" y="51">{escape(p["label"])}</text>')
        lx += 30 + 7 * len(p["label"])
    for tick in (1 / 16, 1 / 8, 1 / 4, 1 / 2, 1, 2, 4, 8, 16):
        tx = x(tick)
        out.append(f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{height - 24}" '
                   f'stroke="{"#333" if tick == 1 else "#ddd"}"/>')
        label = f"{tick:g}×" if tick >= 1 else f"1/{1 / tick:g}"
        out.append(f'<text x="{tx:.1f}" y="{height - 10}" text-anchor="middle">{label}</text>')
    for i, (label, values) in enumerate(rows):
        y0 = top + i * row_h
        out.append(f'<text x="{label_w - 6}" y="{y0 + row_h / 2 + 2:.1f}" text-anchor="end">{escape(label)}</text>')
        for j, (p, v) in enumerate(zip(others, values)):
            if v is None:
                continue
            y = y0 + j * bar_h
            a, b = sorted((x(1), x(v)))
            out.append(f'<rect x="{a:.1f}" y="{y}" width="{max(b - a, 1):.1f}" height="{bar_h - 1}" '
                       f'fill="{COLOURS[p["key"]]}"><title>{escape(p["label"])}: {v:.2f}×</title></rect>')
            out.append(f'<text x="{b + 3 if v >= 1 else a - 3:.1f}" y="{y + bar_h - 1}" font-size="8" '
                       f'text-anchor="{"start" if v >= 1 else "end"}">{v:.2f}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _trend_section(results, previous):
    """ours↔ours and the ratio to upstream now, beside the previous report of the same mode."""
    if not previous:
        return None
    rows = [f"Compared with the previous {results['meta']['mode']} report ({previous['meta']['date']}, commit "
            f"{previous['meta']['commit']}); machines and load differ between runs, so read the ratio columns "
            "rather than the raw figures.", "",
            "| figure | ours↔ours then | ours↔ours now | ours ÷ upstream then | ours ÷ upstream now |",
            "|---|---|---|---|---|"]
    for key in chart_keys(results):
        now = summary(results["samples"].get(key, {}).get(OURS, []))
        then = summary(previous["samples"].get(key, {}).get(OURS, []))
        if now is None or then is None:
            continue
        label, unit, digits = figures.describe(key)
        r_then, r_now = ratio(previous["samples"], key), ratio(results["samples"], key)
        rows.append(f"| {label}{f' ({unit})' if unit else ''} | {_fmt(then['median'], digits)} | "
                    f"{_fmt(now['median'], digits)} | {_fmt(r_then, 2) + '×' if r_then else '–'} | "
                    f"{_fmt(r_now, 2) + '×' if r_now else '–'} |")
    return "\n".join(rows)


# BenchmarkDotNet names the toolchain in each table's header; QUICK=1 runs in process.
IN_PROCESS_TOOLCHAIN = "InProcessEmitToolchain"
IN_PROCESS_NOTE = ("> These ran in process (QUICK=1), where the memory diagnoser also counts BenchmarkDotNet's own "
                   "work on the thread: a few KB an iteration, shared among the iteration's operations, so operations "
                   "of milliseconds show tens of bytes each (bytes per operation × operations per iteration comes to "
                   "about 3.5 KB for every parser input, with the tiered JIT on or off). A full run, one process per "
                   "benchmark, shows 0 B for every one of ours, as the steady-state allocation tests do.")


def markdown(results, chart_name, previous=None):
    meta = results["meta"]
    bulk_keys = []
    for workload, size in results["bulk_cases"]:
        bulk_keys += [figures.bulk_key(workload, size, m[0]) for m in figures.BULK_METRICS]
    parts = [f"# {meta['title']}", "",
             f"- when: {meta['date']} (mode: {meta['mode']}; {meta['repetitions']} runs per figure, "
             f"pairings interleaved A B A B)",
             f"- commit: {meta['commit']}",
             f"- machine: {meta['machine']}",
             f"- load average (1/5/15 min) at start: {meta['load_start']}; at end: {meta['load_end']}; "
             f"highest 1-min seen before a run: {meta['load_max']:.2f}",
             f"- upstream: {meta['upstream']}; ours: {meta['ours']}",
             f"- workloads: {meta['workloads']}", ""]
    if meta.get("noise_note"):
        parts += [f"> {meta['noise_note']}", ""]
    parts += [f"![ratios to upstream]({chart_name})", "",
              "Cells: median (min–max over runs); ‡ marks a figure that varies a lot between runs "
              "(interquartile range over 30% of the median, or range over 100%). "
              "The last column is ours↔ours ÷ upstream↔upstream.", ""]
    parts += ["## Bulk output", "", _table(results, bulk_keys), ""]
    parts += ["## The pty floor", "",
              "The same command on a pty whose master only reads and discards (bench/e2e/pty_floor.c; "
              "the reader's own CPU). Server CPU as a multiple of that floor:", "",
              _floor_table(results), ""]
    parts += ["## Idle, startup, echo and bytes on the wire", "",
              _table(results, [k for k in figures.OTHER]), ""]
    parts += ["## Allocations on a real session (EventPipe, JIT build of our server)", "",
              _allocation_section(results), ""]
    trend = _trend_section(results, previous)
    if trend:
        parts += ["## Since the previous report", "", trend, ""]
    if results.get("failures"):
        parts += ["## Runs that failed", ""] + [f"- {f}" for f in results["failures"]] + [""]
    if results.get("micro"):
        parts += ["## Micro-benchmarks (BenchmarkDotNet)", ""]
        if IN_PROCESS_TOOLCHAIN in results["micro"]:
            parts += [IN_PROCESS_NOTE, ""]
        parts += [results["micro"], ""]
    parts += ["## How it was measured", "", results["method"], ""]
    return "\n".join(parts)


def summary_text(results):
    """The medians as a plain-text table for the terminal."""
    pairings = results["pairings"]
    samples = results["samples"]
    keys = [figures.bulk_key(w, s, m[0]) for w, s in results["bulk_cases"] for m in figures.BULK_METRICS]
    keys += list(figures.OTHER)
    lines = [f"{'figure':<62}" + "".join(f"{p['key']:>12}" for p in pairings) + f"{'ours/up':>10}"]
    for key in keys:
        if key not in samples:
            continue
        label, unit, digits = figures.describe(key)
        cells = []
        for p in pairings:
            s = summary(samples[key].get(p["key"], []))
            cells.append(f"{(_fmt(s['median'], digits) + ('‡' if s['noisy'] else '')) if s else '–':>12}")
        r = ratio(samples, key)
        name = f"{label} ({unit})" if unit else label
        lines.append(f"{name[:61]:<62}" + "".join(cells) + f"{(_fmt(r, 2) + 'x') if r else '':>10}")
    for workload, size in results["bulk_cases"]:
        floor = summary(samples.get(f"floor.{workload}.{size}", {}).get("floor", []))
        if floor is None:
            continue
        cells = []
        for p in pairings:
            s = summary(samples.get(figures.bulk_key(workload, size, "server_cpu_s"), {}).get(p["key"], []))
            cells.append(f"{(_fmt(s['median'] / floor['median'], 1) + 'x') if s and floor['median'] > 0 else '–':>12}")
        name = f"{workload} {size}: server CPU / pty floor ({floor['median']:.3f} s)"
        lines.append(f"{name[:61]:<62}" + "".join(cells))
    for name, r in (results.get("allocations") or {}).items():
        if "error" not in r:
            lines.append(f"allocations {name}: {r['workload']['gcs']} GCs, "
                         f"{r['workload']['alloc_bytes'] / 1000:,.0f} KB in {r['workload']['alloc_ticks']} ticks "
                         f"during the workload ({r['startup']['gcs']} GCs before it)")
    return "\n".join(lines)
