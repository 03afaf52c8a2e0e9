#!/usr/bin/env python3
"""Generates src/Mosh/Terminal/Parser/VtTransitionTable.g.cs.

The readable source of the VT parser's state machine: Paul Williams' DEC VT500-series parser
(vt100.net/emu/dec_ansi_parser) as mosh 1.4.0 applies it to code points. The rules below
are written one state at a time, in the order a reader finds them on the diagram; the
generator folds them (and the "anywhere" rules) into one byte table indexed by
[state * 160 + code point class], where the class is the code point itself for U+0000-U+009F
and 0x41 ('A') for every code point >= U+00A0.

Each entry is (action << 4) | next_state, with next_state 15 meaning "stay, no transition".
A real transition (even to the same state, e.g. ESC while in Escape) runs the old state's
exit action and the new state's entry action; "stay" runs neither.

Run: python3 scripts/gen_vt_transitions.py   (rewrites the .g.cs file; commit both).
"""
import os

STATES = [
    "Ground", "Escape", "EscapeIntermediate",
    "CsiEntry", "CsiParam", "CsiIntermediate", "CsiIgnore",
    "DcsEntry", "DcsParam", "DcsIntermediate", "DcsPassthrough", "DcsIgnore",
    "OscString", "SosPmApcString",
]
ACTIONS = [
    "None",         # nothing to do (also: DCS hook/put/unhook, which mosh 1.4.0 ignores)
    "Print",        # a printable character in Ground
    "Execute",      # a C0 or C1 control function
    "Collect",      # an intermediate (0x20-0x2F) of an ESC or CSI sequence
    "Marker",       # a private marker (< = > ?) right after CSI
    "Param",        # a parameter character (0-9, ; or the sub-parameter separator :)
    "EscDispatch",  # final character of an ESC sequence
    "CsiDispatch",  # final character of a CSI sequence
    "OscPut",       # a character of an OSC string
]
STAY = 15
CLASSES = 0xA0

S = {n: i for i, n in enumerate(STATES)}
A = {n: i for i, n in enumerate(ACTIONS)}


def rng(lo, hi):
    return range(lo, hi + 1)


C0_PRIME = list(rng(0x00, 0x17)) + [0x19] + list(rng(0x1C, 0x1F))


def anywhere(ch):
    """Transitions taken from every state (mosh's State::anywhere_rule)."""
    if ch in (0x18, 0x1A) or 0x80 <= ch <= 0x8F or 0x91 <= ch <= 0x97 or ch in (0x99, 0x9A):
        return ("Execute", "Ground")
    if ch == 0x9C:
        return ("None", "Ground")       # ST
    if ch == 0x1B:
        return ("None", "Escape")
    if ch in (0x98, 0x9E, 0x9F):
        return ("None", "SosPmApcString")
    if ch == 0x90:
        return ("None", "DcsEntry")
    if ch == 0x9D:
        return ("None", "OscString")
    if ch == 0x9B:
        return ("None", "CsiEntry")
    return None


def rules(state, ch):
    """The per-state rules; ch < 0xA0. Returns (action, next state or None = stay)."""
    c0 = ch in C0_PRIME
    inter = 0x20 <= ch <= 0x2F
    param = 0x30 <= ch <= 0x39 or ch == 0x3B
    marker = 0x3C <= ch <= 0x3F
    final = 0x40 <= ch <= 0x7E
    if state == "Ground":
        if c0: return ("Execute", None)
        if 0x20 <= ch <= 0x7E: return ("Print", None)
        # Upstream "prints" DEL like the rest of GL, but wcwidth(DEL) is -1 and a width -1
        # character has no effect at all, so we drop it here. (Deliberate simplification.)
        if ch == 0x7F: return ("None", None)
        return ("None", None)
    if state == "Escape":
        if c0: return ("Execute", None)
        if inter: return ("Collect", "EscapeIntermediate")
        if ch == 0x5B: return ("None", "CsiEntry")
        if ch == 0x5D: return ("None", "OscString")
        if ch == 0x50: return ("None", "DcsEntry")
        if ch in (0x58, 0x5E, 0x5F): return ("None", "SosPmApcString")
        if 0x30 <= ch <= 0x7E: return ("EscDispatch", "Ground")
        return ("None", None)
    if state == "EscapeIntermediate":
        if c0: return ("Execute", None)
        if inter: return ("Collect", None)
        if 0x30 <= ch <= 0x7E: return ("EscDispatch", "Ground")
        return ("None", None)
    if state == "CsiEntry":
        if c0: return ("Execute", None)
        if final: return ("CsiDispatch", "Ground")
        if param: return ("Param", "CsiParam")
        if marker: return ("Marker", "CsiParam")
        # ':' separates sub-parameters (SGR 38:2::r:g:b, 4:3). 1.4.0 ignores any sequence
        # holding one; the parser now collects them, and a sequence other than plain SGR that
        # holds one is still not dispatched (VtParser.DispatchCsi), so only SGR changes.
        if ch == 0x3A: return ("Param", "CsiParam")
        if inter: return ("Collect", "CsiIntermediate")
        return ("None", None)
    if state == "CsiParam":
        if c0: return ("Execute", None)
        if param or ch == 0x3A: return ("Param", None)
        if marker: return ("None", "CsiIgnore")
        if inter: return ("Collect", "CsiIntermediate")
        if final: return ("CsiDispatch", "Ground")
        return ("None", None)
    if state == "CsiIntermediate":
        if c0: return ("Execute", None)
        if inter: return ("Collect", None)
        if final: return ("CsiDispatch", "Ground")
        if 0x30 <= ch <= 0x3F: return ("None", "CsiIgnore")
        return ("None", None)
    if state == "CsiIgnore":
        if c0: return ("Execute", None)
        if final: return ("None", "Ground")
        return ("None", None)
    # DCS: parsed for its shape only; no DCS function exists, and C0 controls inside are ignored.
    if state == "DcsEntry":
        if inter: return ("None", "DcsIntermediate")
        if ch == 0x3A: return ("None", "DcsIgnore")
        if param or marker: return ("None", "DcsParam")
        if final: return ("None", "DcsPassthrough")
        return ("None", None)
    if state == "DcsParam":
        if param: return ("None", None)
        if ch == 0x3A or marker: return ("None", "DcsIgnore")
        if inter: return ("None", "DcsIntermediate")
        if final: return ("None", "DcsPassthrough")
        return ("None", None)
    if state == "DcsIntermediate":
        if inter: return ("None", None)
        if final: return ("None", "DcsPassthrough")
        if 0x30 <= ch <= 0x3F: return ("None", "DcsIgnore")
        return ("None", None)
    if state == "DcsPassthrough":
        return ("None", None)           # only the anywhere rules (ST, ESC, CAN, ...) leave it
    if state == "DcsIgnore":
        return ("None", None)
    if state == "OscString":
        if 0x20 <= ch <= 0x7F: return ("OscPut", None)
        if ch == 0x07: return ("None", "Ground")   # BEL: xterm's terminator
        return ("None", None)                      # other C0 controls are ignored inside
    if state == "SosPmApcString":
        return ("None", None)
    raise ValueError(state)


def entry(state, ch):
    rule = anywhere(ch)
    if rule is None:
        rule = rules(state, ch)
    action, nxt = rule
    return (A[action] << 4) | (STAY if nxt is None else S[nxt])


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "src", "Mosh", "Terminal", "Parser", "VtTransitionTable.g.cs")
    lines = []
    w = lines.append
    w("// <auto-generated>")
    w("// Generated by scripts/gen_vt_transitions.py from its readable rules; do not edit by hand.")
    w("// </auto-generated>")
    w("")
    w("namespace Mosh.Terminal.Parser;")
    w("")
    w("internal static class VtTransitionTable")
    w("{")
    w(f"    /// <summary>Columns per state: code points U+0000-U+009F; anything above is classified as 0x41.</summary>")
    w(f"    public const int Classes = {CLASSES};")
    w("")
    w("    /// <summary>Low nibble of an entry meaning \"no transition\".</summary>")
    w(f"    public const int Stay = {STAY};")
    w("")
    w("    /// <summary>[state * Classes + class] = (action &lt;&lt; 4) | next state.</summary>")
    w("    public static ReadOnlySpan<byte> Entries =>")
    w("    [")
    for st in STATES:
        w(f"        // {st}")
        for row in range(0, CLASSES, 16):
            cells = ", ".join(f"0x{entry(st, ch):02X}" for ch in range(row, row + 16))
            w(f"        {cells}, // 0x{row:02X}")
    w("    ];")
    w("}")
    w("")
    with open(out, "w") as f:
        f.write("\n".join(lines))
    print("wrote", out)


if __name__ == "__main__":
    main()
