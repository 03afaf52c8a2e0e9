"""The "mixed" bulk workload: a deterministic file of what real terminals receive — SGR
colours (16, 256 and true colour), accented and non-Latin UTF-8, wide (CJK) characters, long
lines that wrap, and carriage-return rewrites (progress bars). Same seed, same bytes, so every
run and every implementation gets identical input. It never contains '~' or '|', which the
end marker is made of, and it ends with the rendition reset and a newline."""

import os
import random

VERSION = 1  # change when the content changes, so cached copies are rebuilt

_WORDS = ["status", "build", "error", "warning", "total", "elapsed", "request", "reply", "value",
          "commit", "merge", "branch", "packet", "frame", "buffer", "kernel", "thread", "socket"]
_ACCENTED = ["déjà", "naïve", "façade", "Ünïcödé", "straße", "smörgåsbord", "ñandú", "Øresund"]
_GREEK_CYRILLIC = ["αβγδε", "λόγος", "привет", "мир", "Ελληνικά", "українська"]
_WIDE = ["漢字", "日本語の文章", "中文字符", "한국어", "ひらがな", "カタカナ", "全角テキスト"]
_BOX = ["┌──┐", "│  │", "└──┘", "═══", "▁▂▃▄▅▆▇█", "░▒▓"]


def _colour(rng):
    kind = rng.random()
    if kind < 0.5:
        return f"\x1b[{rng.choice([1, 2, 4, 7, 22, 24, 27])};3{rng.randrange(8)}m"
    if kind < 0.85:
        return f"\x1b[38;5;{rng.randrange(256)};48;5;{rng.randrange(256)}m"
    return f"\x1b[38;2;{rng.randrange(256)};{rng.randrange(256)};{rng.randrange(256)}m"


def _word(rng):
    r = rng.random()
    if r < 0.55:
        return rng.choice(_WORDS) + str(rng.randrange(100000))
    if r < 0.70:
        return rng.choice(_ACCENTED)
    if r < 0.80:
        return rng.choice(_GREEK_CYRILLIC)
    if r < 0.93:
        return rng.choice(_WIDE)
    return rng.choice(_BOX)


def _line(rng):
    kind = rng.random()
    if kind < 0.15:  # a progress bar rewritten in place
        parts = []
        for p in range(0, 101, rng.choice([5, 10, 20, 25])):
            bar = "#" * (p // 5) + "." * (20 - p // 5)
            parts.append(f"\r{_colour(rng)}[{bar}]\x1b[0m {p:3d}% {rng.choice(_WORDS)}")
        return "".join(parts) + "\n"
    words = []
    length = rng.choice([6, 10, 14, 20]) if kind < 0.85 else rng.choice([60, 90, 140])  # long: wraps
    for _ in range(length):
        w = _word(rng)
        if rng.random() < 0.3:
            w = _colour(rng) + w + "\x1b[0m"
        words.append(w)
    return " ".join(words) + "\n"


def generate(size, seed=9):
    """About `size` bytes of mixed terminal output."""
    rng = random.Random(seed)
    pool = [_line(rng).encode() for _ in range(4000)]
    chunks, total = [], 0
    while total < size:
        line = pool[rng.randrange(len(pool))]
        chunks.append(line)
        total += len(line)
    chunks.append(b"\x1b[0m\n")
    data = b"".join(chunks)
    assert b"~" not in data and b"|" not in data
    return data


def ensure_file(directory, size):
    """The generated file of `size` bytes in `directory`, made once and reused."""
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"mixed-v{VERSION}-{size}.txt")
    if not os.path.exists(path):
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(generate(size))
        os.replace(tmp, path)
    return path
