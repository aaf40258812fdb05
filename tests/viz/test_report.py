"""The HTML report: well-formed, self-contained (no URLs, no external files), with the scenario,
its events, the headline table and the figures; written atomically."""

import html.parser
import os
import re
import tempfile
import unittest

import synthetic
from blocsim_viz import HEADLINE_METRICS, BlocsimVizError, parse_results, style, write_report
from blocsim_viz.output import atomic_write
from blocsim_viz.report import render_report, table_dates

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Checker(html.parser.HTMLParser):
    """Collects tags, attributes and text, and checks that elements nest properly."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.tags = []
        self.attrs = []
        self.text = []
        self.ids = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self.ids.extend(v for k, v in attrs if k == "id")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self.ids.extend(v for k, v in attrs if k == "id")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.results = parse_results(synthetic.build_run_result(n_replicas=3).SerializeToString(),
                                    source="synthetic.pb")
        cls.path = os.path.join(cls.tmp.name, "report.html")
        write_report(cls.results, cls.path)
        with open(cls.path, encoding="utf-8") as f:
            cls.page = f.read()
        cls.parsed = Checker()
        cls.parsed.feed(cls.page)
        cls.parsed.close()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_parses_as_html(self):
        self.assertTrue(self.page.startswith("<!DOCTYPE html>"))
        self.assertEqual(self.parsed.errors, [])
        self.assertEqual(self.parsed.stack, [])
        for tag in ("html", "head", "title", "body", "h1", "table", "svg", "figure"):
            self.assertIn(tag, self.parsed.tags)

    def test_self_contained(self):
        self.assertNotIn("http://", self.page)
        self.assertNotIn("https://", self.page)
        self.assertNotIn("src=", self.page)
        self.assertNotIn("<script", self.page)
        self.assertNotIn("<link", self.page)
        self.assertNotIn("@import", self.page)
        for name, value in self.parsed.attrs:
            if name.endswith("href"):
                self.assertTrue(value.startswith("#"), f"{name}={value}")

    def test_svg_ids_unique_and_resolved(self):
        ids = self.parsed.ids
        self.assertEqual(len(ids), len(set(ids)))
        references = set(re.findall(r'href="#([^"]+)"', self.page))
        references |= set(re.findall(r"url\(#([^)]+)\)", self.page))
        self.assertTrue(references)
        self.assertEqual(references - set(ids), set())

    def test_scenario_and_events(self):
        text = " ".join(self.parsed.text)
        self.assertIn("synthetic", text)
        self.assertIn(self.results.description, text)
        for date, label in synthetic.EVENTS:
            self.assertIn(date, text)
            self.assertIn(label, text)

    def test_headline_table(self):
        self.assertEqual(table_dates(self.results), ["2025-01", "2025-12", "2026-12", "2027-12",
                                                     "2028-12", "2029-12", "2030-12"])
        text = " ".join(self.parsed.text)
        for name in HEADLINE_METRICS:
            self.assertIn(name, self.page)
            self.assertIn(name, text)
        for label in ("Jan 2025", "Dec 2025", "Dec 2030"):
            self.assertIn(label, text)
        m = self.results.metrics["adoption.world.origin.china"]
        self.assertIn(f"{100 * m.median[-1]:.1f}%", text)

    def test_figure_text_is_text(self):
        """Figure text is SVG <text> (selectable, searchable), in the viewer's sans-serif
        fonts: no glyph outlines, no embedded or linked font."""
        svg = self.page[self.page.index("<svg"):]
        self.assertIn("<text", svg)
        self.assertNotIn("<defs>\n       <path id=\"DejaVuSans", svg)
        self.assertNotIn("font-face", self.page)
        self.assertNotIn("url(data:", self.page)
        self.assertRegex(svg, r"font: [^;\"]*sans-serif")
        self.assertIn("Which world? Probability of each regime over time", svg)

    def test_index_and_units_in_the_table(self):
        """The bipolarity index is written on its 0-to-1 scale, with what the unit means."""
        m = self.results.metrics["bipolarity.index"]
        text = " ".join(self.parsed.text)
        self.assertIn(f"{m.median[-1]:.2f}", text)
        self.assertIn("index (0 to 1)", text)
        self.assertIn("relative gap (%)", text)
        self.assertIn(style.plain_description("bipolarity.index"), text)

    def test_figures_inline(self):
        self.assertEqual(self.page.count("<svg"), 2 * len(HEADLINE_METRICS) + 2)
        self.assertEqual(self.page.count("<figure"), 2 * len(HEADLINE_METRICS) + 2)

    def test_table_dates_of_a_short_run(self):
        msg = synthetic.build_run_result(n_replicas=3, dates=synthetic.monthly_dates(2025, 2026)[3:17])
        r = parse_results(msg.SerializeToString())
        self.assertEqual(table_dates(r), ["2025-04", "2025-12", "2026-05"])

    def test_missing_headline_metric_is_noted(self):
        msg = synthetic.build_run_result(n_replicas=3)
        kept = [m for m in msg.metrics if m.name != "bipolarity.index"]
        del msg.metrics[:]
        msg.metrics.extend(kept)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            page = render_report(parse_results(msg.SerializeToString()),
                                 metrics=["bipolarity.index"])
        self.assertIn("bipolarity.index", page)
        self.assertIn("not in this file", page)


class AtomicWrite(unittest.TestCase):
    def test_failure_leaves_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "report.html")

            def half_then_fail(f):
                f.write(b"<html>half")
                raise RuntimeError("disk on fire")

            with self.assertRaises(RuntimeError):
                atomic_write(path, half_then_fail)
            self.assertEqual(os.listdir(tmp), [])

    def test_failure_keeps_the_old_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "report.html")
            atomic_write(path, lambda f: f.write(b"old"))

            def fail(f):
                f.write(b"new, half")
                raise RuntimeError("interrupted")

            with self.assertRaises(RuntimeError):
                atomic_write(path, fail)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b"old")
            self.assertEqual(os.listdir(tmp), ["report.html"])

    def test_unwritable_directory(self):
        with self.assertRaises(BlocsimVizError) as cm:
            atomic_write("/nonexistent/dir/report.html", lambda f: f.write(b"x"))
        self.assertIn("/nonexistent/dir/report.html", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
