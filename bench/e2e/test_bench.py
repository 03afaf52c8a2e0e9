"""Unit tests of the end-to-end suite's own logic (no mosh needed): python3 -m unittest
discover -s bench/e2e. make test runs them before the smoke run."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mixed_output  # noqa: E402
import procstat  # noqa: E402
import report  # noqa: E402
import soak  # noqa: E402
import stats  # noqa: E402
from relay import CountingRelay  # noqa: E402
from screen_text import EscapeStripper  # noqa: E402
from session import END_COMMAND, END_MARKER, PROMPT  # noqa: E402


class EscapeStripperTests(unittest.TestCase):
    def test_keeps_text_and_drops_sequences_even_when_split(self):
        s = EscapeStripper()
        data = b"a\x1b[1;31mb\x1b]0;title\x07c\x1b(Bd\x1b[?25le\r\nf\x1b]2;x\x1b\\g"
        whole = s.feed(data)
        split = EscapeStripper()
        pieces = b"".join(split.feed(data[i:i + 1]) for i in range(len(data)))
        self.assertEqual(b"abcdefg", whole)
        self.assertEqual(whole, pieces)

    def test_sgr_letters_are_not_text(self):
        # 'm', 'h' and 'l' end escape sequences; they must never look like typed keys.
        self.assertEqual(b"", EscapeStripper().feed(b"\x1b[0m\x1b[?1049h\x1b[?25l"))


class SoakTests(unittest.TestCase):
    def test_growth_is_measured_over_the_second_half(self):
        self.assertEqual(0, soak.growth([5]))
        self.assertEqual(0, soak.growth([1, 9, 3, 3]))  # start-up may grow; the second half may not
        self.assertEqual(4, soak.growth([1, 1, 1, 5]))

    def test_descendants_are_found_and_gone_once_ended(self):
        child = subprocess.Popen(["/bin/sh", "-c", "sleep 30 & wait"])
        try:
            deadline = time.monotonic() + 5
            while len(soak.children_of(os.getpid())) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            found = soak.children_of(os.getpid())
            self.assertIn(child.pid, found)
            self.assertEqual(2, len([p for p in found if p == child.pid or p in soak.children_of(child.pid)]))
        finally:
            for p in soak.children_of(child.pid):
                os.kill(p, 9)
            child.kill()
            child.wait()
        self.assertNotIn(child.pid, soak.children_of(os.getpid()))


class StatsTests(unittest.TestCase):
    def test_median_and_quartiles(self):
        s = stats.summary([5, 1, 3, 2, 4])
        self.assertEqual((3, 1, 5, 2, 4), (s["median"], s["min"], s["max"], s["q1"], s["q3"]))

    def test_noisy_flag(self):
        self.assertFalse(stats.summary([10, 10.5, 9.8, 10.2, 10.1])["noisy"])
        self.assertTrue(stats.summary([10, 30, 9.8, 10.2, 10.1])["noisy"])  # one run 3x the rest
        self.assertFalse(stats.summary([10])["noisy"])

    def test_empty(self):
        self.assertIsNone(stats.summary([]))


class MixedOutputTests(unittest.TestCase):
    def test_deterministic_sized_and_free_of_marker_characters(self):
        a, b = mixed_output.generate(200_000), mixed_output.generate(200_000)
        self.assertEqual(a, b)
        self.assertGreaterEqual(len(a), 200_000)
        self.assertLess(len(a), 210_000)
        for ch in b"~|":
            self.assertNotIn(ch, a)
        self.assertTrue(a.endswith(b"\x1b[0m\n"))
        text = a.decode("utf-8")  # valid UTF-8
        self.assertTrue(any("\u4e00" <= c <= "\u9fff" for c in text))  # wide characters
        self.assertIn("\r", text)  # carriage-return rewrites
        self.assertIn("\x1b[38;5;", text)  # 256 colours

    def test_markers_never_appear_in_the_commands_typed_for_them(self):
        self.assertNotIn(END_MARKER.decode(), END_COMMAND)
        for ch in END_MARKER + PROMPT.strip():
            if ch not in b"PEND":
                self.assertIn(ch, b"~|")


class RelayTests(unittest.TestCase):
    def test_forwards_and_counts_both_directions(self):
        server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        server.bind(("127.0.0.1", 0))
        server.settimeout(2)
        relay = CountingRelay(server.getsockname()[1])
        client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        client.settimeout(2)
        try:
            client.sendto(b"hello", ("127.0.0.1", relay.port))
            self._pump(relay)
            data, back = server.recvfrom(100)
            self.assertEqual(b"hello", data)
            server.sendto(b"reply!", back)
            self._pump(relay)
            self.assertEqual(b"reply!", client.recvfrom(100)[0])
            self.assertEqual((5, 1, 6, 1), relay.counters())
        finally:
            relay.close()
            client.close()
            server.close()

    def test_a_delaying_relay_holds_each_datagram_half_the_rtt_each_way(self):
        server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        server.bind(("127.0.0.1", 0))
        server.setblocking(False)
        relay = CountingRelay(server.getsockname()[1], delay_ms=100)
        client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sent = time.monotonic()
            client.sendto(b"hello", ("127.0.0.1", relay.port))
            self._pump(relay)
            self.assertIsNotNone(relay.next_due())
            with self.assertRaises(BlockingIOError):
                server.recvfrom(100)  # held, not yet forwarded
            while relay.next_due() is not None:
                time.sleep(max(0.0, relay.next_due() - time.monotonic()))
                relay.flush(time.monotonic())
            server.settimeout(2)
            data, _ = server.recvfrom(100)
            self.assertEqual(b"hello", data)
            self.assertGreaterEqual(time.monotonic() - sent, 0.05)
        finally:
            relay.close()
            client.close()
            server.close()

    @staticmethod
    def _pump(relay):
        import select
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            ready = select.select(list(relay.sockets()), [], [], 0.05)[0]
            for r in ready:
                relay.on_readable(r)
            if ready:
                return


class ProcStatTests(unittest.TestCase):
    def test_own_process_figures(self):
        pid = os.getpid()
        before = procstat.cpu_seconds(pid)
        end = time.process_time() + 0.05
        while time.process_time() < end:
            pass
        self.assertGreater(procstat.cpu_seconds(pid), before)
        self.assertGreater(procstat.peak_rss_mb(pid), 1)
        self.assertGreater(procstat.wakeups(pid), 0)
        self.assertTrue(procstat.alive(pid))


class ReportTests(unittest.TestCase):
    def test_markdown_and_svg_from_samples(self):
        results = {
            "meta": {"title": "t", "date": "d", "mode": "smoke", "repetitions": 1, "commit": "c",
                     "machine": "m", "load_start": "0", "load_end": "0", "load_max": 0.0,
                     "upstream": "u", "ours": "o", "workloads": "w"},
            "pairings": [{"key": "up-up", "label": "upstream"}, {"key": "ours-ours", "label": "ours"},
                         {"key": "upC-oursS", "label": "a"}, {"key": "oursC-upS", "label": "b"}],
            "bulk_cases": [["seq", "80x24"]],
            "samples": {"bulk.seq.80x24.server_cpu_s": {"up-up": [1.0, 1.2], "ours-ours": [0.2, 0.3]},
                        "floor.seq.80x24": {"floor": [0.1]}},
            "allocations": {}, "failures": [], "micro": "", "method": "",
        }
        md = report.markdown(results, "chart.svg")
        self.assertIn("0.23×", md)  # 0.25 / 1.1
        self.assertIn("2.5×", md)  # ours ÷ floor
        svg = report.svg_chart(results)
        self.assertTrue(svg.startswith("<svg") and svg.rstrip().endswith("</svg>"))
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "c.svg"), "w") as f:
                f.write(svg)
            import xml.dom.minidom
            xml.dom.minidom.parse(os.path.join(d, "c.svg"))

    def test_in_process_micro_benchmarks_are_said_to_count_the_harness(self):
        results = {
            "meta": {"title": "t", "date": "d", "mode": "quick", "repetitions": 1, "commit": "c",
                     "machine": "m", "load_start": "0", "load_end": "0", "load_max": 0.0,
                     "upstream": "u", "ours": "o", "workloads": "w"},
            "pairings": [], "bulk_cases": [], "samples": {}, "allocations": {}, "failures": [], "method": "",
        }
        in_process = "Job=ShortRun  Toolchain=InProcessEmitToolchain  IterationCount=3\n| Method | Allocated |"
        out_of_process = "Job=ShortRun  IterationCount=3\n| Method | Allocated |"
        self.assertIn(report.IN_PROCESS_NOTE, report.markdown(dict(results, micro=in_process), "c.svg"))
        self.assertNotIn(report.IN_PROCESS_NOTE, report.markdown(dict(results, micro=out_of_process), "c.svg"))

    def test_allocation_table_reads_the_same_after_a_round_trip_through_the_saved_json(self):
        def workload(types):
            return {"wall_s": 1.0, "startup": {"gcs": 0},
                    "workload": {"gcs": 0, "gc_generations": {}, "alloc_bytes": 300000, "alloc_ticks": 3,
                                 "types": types}}
        # As measured: workloads in run order, types largest first (Counter.most_common).
        alloc = {"seq": workload({"Zeta": 200000, "Alpha": 100000}), "mixed": workload({"Row": 300000})}
        section = report._allocation_section({"allocations": alloc})
        saved = json.loads(json.dumps({"allocations": alloc}, sort_keys=True))
        self.assertEqual(section, report._allocation_section(saved))
        self.assertLess(section.index("`Zeta`"), section.index("`Alpha`"))


if __name__ == "__main__":
    unittest.main()
