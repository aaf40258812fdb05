"""Comparisons (`blocsim compare A B -o comparison.pb`): load_comparison round-trips every
field, bad files are rejected with a BlocsimVizError naming the file, the kind of a file (run
results or comparison) is told from its bytes, the comparison figure has one panel per headline
metric with its paired and unpaired error bars, and `plot` draws comparison files, alone or
mixed with results files (exit status 2 and one error line for a truncated one)."""

import os
import subprocess
import sys
import tempfile
import unittest
import warnings

import numpy as np
from matplotlib.container import ErrorbarContainer

import synthetic
from blocsim_viz import (HEADLINE_METRICS, BlocsimVizError, BlocsimVizWarning, Comparison,
                         Results, comparison_chart, file_kind, load_any, load_comparison,
                         load_results, parse_comparison, plot_comparisons, style)
from blocsim_viz.comparison import DIFFERENCE_FIELDS
from blocsim_viz.comparison_figure import (CLIPPED, HEADER_AXES, P_GID, PAIRED, PANEL_PREFIX,
                                           UNPAIRED, ZERO, SignedFormatter, format_difference,
                                           narrowing_note)
from blocsim_viz.figures import figure_title, save_figure


def panels(fig):
    return {ax.get_label()[len(PANEL_PREFIX):]: ax for ax in fig.axes
            if ax.get_label().startswith(PANEL_PREFIX)}


def errorbars(ax):
    return {c.get_label(): c for c in ax.containers if isinstance(c, ErrorbarContainer)}


def run_viz(*args):
    return subprocess.run([sys.executable, "-m", "blocsim_viz", *args], capture_output=True,
                          text=True, env=dict(os.environ), timeout=600)


class LoadComparison(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "comparison.pb")
        cls.message = synthetic.write_comparison(cls.path, n_replicas=20)
        cls.c = load_comparison(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_fields(self):
        c, m = self.c, self.message
        self.assertIsInstance(c, Comparison)
        self.assertEqual(c.path, self.path)
        self.assertEqual(c.schema_version, 1)
        self.assertEqual((c.a_name, c.b_name), ("baseline", "h200_resumed"))
        self.assertEqual((c.a_text, c.b_text), (m.a_text, m.b_text))
        self.assertEqual(c.seed, 42)
        self.assertEqual(c.replicas, 20)
        self.assertEqual(c.dates, list(synthetic.COMPARISON_DATES))
        self.assertEqual(c.months.dtype, np.dtype("datetime64[M]"))
        self.assertEqual(c.months[-1], np.datetime64("2030-12"))
        self.assertEqual(c.date_index("2027-12"), 2)
        with self.assertRaises(ValueError):
            c.date_index("2027-11")
        self.assertEqual(c.provenance["host"], "testhost")
        self.assertEqual(c.provenance["threads"], 2)
        self.assertIn("minus 'baseline'", repr(c))

    def test_metrics_round_trip(self):
        self.assertEqual(list(self.c.metrics), [mm.name for mm in self.message.metrics])
        self.assertEqual(self.c.missing_metrics(), [])
        for mm in self.message.metrics:
            d = self.c.metrics[mm.name]
            self.assertEqual(d.unit, mm.unit)
            for f in DIFFERENCE_FIELDS:
                values = getattr(d, f)
                self.assertIsInstance(values, np.ndarray)
                self.assertEqual(values.dtype, np.float64)
                np.testing.assert_array_equal(values, [getattr(x, f) for x in mm.dates])
            np.testing.assert_array_equal(d.width, d.hi - d.lo)
            np.testing.assert_array_equal(d.unpaired_width, d.unpaired_hi - d.unpaired_lo)

    def test_common_random_numbers_narrow_the_interval(self):
        # The synthetic B is A plus an effect: the paired interval is much the narrower.
        for name in HEADLINE_METRICS:
            d = self.c.metrics[name]
            self.assertTrue(np.all(d.width[1:] < d.unpaired_width[1:]), name)
            self.assertTrue(np.all((d.lo <= d.median) & (d.median <= d.hi)), name)

    def test_file_kind(self):
        run = synthetic.build_run_result(n_replicas=3).SerializeToString()
        with open(self.path, "rb") as f:
            data = f.read()
        self.assertEqual(file_kind(data), "Comparison")
        self.assertEqual(file_kind(run), "RunResult")
        self.assertEqual(file_kind(data[: len(data) // 3]), "Comparison")  # truncated
        self.assertEqual(file_kind(run[: len(run) // 3]), "RunResult")
        self.assertIsNone(file_kind(b""))
        self.assertIsNone(file_kind(b"\xff\xff\xff"))
        self.assertIsInstance(load_any(self.path), Comparison)
        run_path = os.path.join(self.tmp.name, "run.pb")
        with open(run_path, "wb") as f:
            f.write(run)
        self.assertIsInstance(load_any(run_path), Results)

    def test_truncated(self):
        with open(self.path, "rb") as f:
            data = f.read()
        for cut in (len(data) * 2 // 3, len(data) // 2, len(data) - 3):
            with self.subTest(cut=cut):
                with self.assertRaises(BlocsimVizError) as e:
                    parse_comparison(data[:cut], source="cut.pb")
                self.assertIn("cut.pb", str(e.exception))
                self.assertIn("truncated", str(e.exception))
        # Cut at a field boundary (without its provenance): protobuf alone would accept it.
        msg = synthetic.build_comparison(n_replicas=3, provenance=False)
        with self.assertRaises(BlocsimVizError) as e:
            parse_comparison(msg.SerializeToString(), source="noprov.pb")
        self.assertIn("truncated", str(e.exception))
        c = parse_comparison(msg.SerializeToString(), require_provenance=False)
        self.assertEqual(c.provenance, {})

    def test_schema_version(self):
        for version, fragment in ((2, "schema_version is 2"), (0, "schema_version is 0")):
            with self.subTest(version=version):
                msg = synthetic.build_comparison(n_replicas=3, schema_version=version)
                with self.assertRaises(BlocsimVizError) as e:
                    parse_comparison(msg.SerializeToString(), source="v.pb")
                self.assertIn(fragment, str(e.exception))
                self.assertIn("v.pb", str(e.exception))

    def test_wrong_kind(self):
        run = synthetic.build_run_result(n_replicas=3).SerializeToString()
        with self.assertRaises(BlocsimVizError) as e:
            parse_comparison(run, source="run.pb")
        self.assertIn("run.pb holds the results of a run", str(e.exception))
        self.assertIn("load_results", str(e.exception))
        with self.assertRaises(BlocsimVizError) as e:
            load_results(self.path)
        self.assertIn("is a comparison", str(e.exception))
        self.assertIn("load_comparison", str(e.exception))

    def test_empty_json_missing(self):
        with self.assertRaises(BlocsimVizError) as e:
            parse_comparison(b"", source="empty.pb")
        self.assertIn("empty", str(e.exception))
        with self.assertRaises(BlocsimVizError) as e:
            parse_comparison(b'{"schemaVersion": 1}', source="c.json")
        self.assertIn("JSON", str(e.exception))
        with self.assertRaises(BlocsimVizError) as e:
            load_comparison(os.path.join(self.tmp.name, "absent.pb"))
        self.assertIn("absent.pb", str(e.exception))

    def test_inconsistent(self):
        msg = synthetic.build_comparison(n_replicas=3)
        del msg.metrics[1].dates[-1]
        with self.assertRaises(BlocsimVizError) as e:
            parse_comparison(msg.SerializeToString(), source="bad.pb")
        self.assertIn(msg.metrics[1].name, str(e.exception))
        msg = synthetic.build_comparison(n_replicas=3)
        msg.dates[0] = "2025-13"
        for m in msg.metrics:
            m.dates[0].date = "2025-13"
        with self.assertRaises(BlocsimVizError) as e:
            parse_comparison(msg.SerializeToString(), source="bad.pb")
        self.assertIn("YYYY-MM", str(e.exception))


class ComparisonFigure(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.c = parse_comparison(synthetic.build_comparison(n_replicas=20).SerializeToString(),
                                 source="comparison.pb")
        cls.fig = comparison_chart(cls.c)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_axes_and_error_bars(self):
        fig, n_dates = self.fig, len(synthetic.COMPARISON_DATES)
        self.assertEqual(len(fig.axes), len(HEADLINE_METRICS) + 1)  # panels and the header
        self.assertEqual([ax.get_label() for ax in fig.axes].count(HEADER_AXES), 1)
        by_name = panels(fig)
        self.assertEqual(list(by_name), list(HEADLINE_METRICS))
        for name, ax in by_name.items():
            with self.subTest(metric=name):
                d = self.c.metrics[name]
                bars = errorbars(ax)
                self.assertEqual(sorted(bars), sorted([PAIRED, UNPAIRED]))
                paired = bars[PAIRED]
                line, (segments,) = paired.lines[0], paired.lines[2]
                np.testing.assert_allclose(line.get_ydata(), d.median)
                self.assertEqual(len(segments.get_segments()), n_dates)
                tops = [max(s[:, 1]) for s in segments.get_segments()]
                np.testing.assert_allclose(tops, d.hi)
                self.assertEqual(line.get_color(), style.metric_colour(name))
                unpaired_segments = bars[UNPAIRED].lines[2][0].get_segments()
                np.testing.assert_allclose([min(s[:, 1]) for s in unpaired_segments],
                                           d.unpaired_lo)
                zero = [l for l in ax.get_lines() if l.get_label() == ZERO]
                self.assertEqual(len(zero), 1)
                self.assertEqual(list(zero[0].get_ydata()), [0, 0])
                p_texts = [t for t in ax.texts if t.get_gid() == P_GID]
                self.assertEqual([t.get_text() for t in p_texts],
                                 [f"{p:.0%}" for p in d.p_b_greater])
                self.assertEqual(len(ax.get_xticks()), n_dates)
                self.assertIn("B \u2212 A", ax.get_ylabel())
                if name == "bipolarity.index":  # an index: on its 0-to-1 scale, not in %
                    self.assertIn("index (0 to 1)", ax.get_ylabel())
                    self.assertEqual(ax.yaxis.get_major_formatter().scale, 1.0)
                elif d.unit == "share":
                    self.assertIn("percentage points", ax.get_ylabel())
                    self.assertIsInstance(ax.yaxis.get_major_formatter(), SignedFormatter)
                    self.assertEqual(ax.yaxis.get_major_formatter().scale, 100.0)
                self.assertIn("narrower than unpaired", ax.get_xlabel())

    def test_titles(self):
        title = figure_title(self.fig)
        self.assertIn("\u201ch200_resumed\u201d minus \u201cbaseline\u201d", title)
        self.assertIn("B \u2212 A", title)
        header = [ax for ax in self.fig.axes if ax.get_label() == HEADER_AXES][0]
        self.assertEqual(len(header.get_legend().get_texts()), 3)
        self.assertIn("P(B > A)", header.get_title(loc="left"))
        for name, ax in panels(self.fig).items():
            self.assertEqual(ax.get_title(loc="left").replace("\n", " "),
                             style.metric_title(name))

    def test_panels_fit(self):
        renderer = self.fig.canvas.get_renderer()
        self.fig.draw_without_rendering()
        boxes = [ax.get_tightbbox(renderer) for ax in panels(self.fig).values()]
        for i, a in enumerate(boxes):
            self.assertGreaterEqual(a.x0, -1)
            self.assertLessEqual(a.x1, self.fig.bbox.x1 + 1)
            for b in boxes[i + 1:]:
                self.assertFalse(a.overlaps(b), "panels overlap")
        for ax in panels(self.fig).values():
            self.assertGreater(ax.get_window_extent(renderer).height / self.fig.dpi, 1.2)

    def test_panel_title_clear_of_the_p_row(self):
        renderer = self.fig.canvas.get_renderer()
        self.fig.draw_without_rendering()
        for name, ax in panels(self.fig).items():
            with self.subTest(metric=name):
                title_box = ax._left_title.get_window_extent(renderer)
                for t in ax.texts:
                    if t.get_gid() == P_GID:
                        box = t.get_window_extent(renderer)
                        # at least 2 points of white between the P row and the title
                        self.assertGreaterEqual(title_box.y0 - box.y1, 2 * self.fig.dpi / 72)

    def test_written(self):
        paths = save_figure(self.fig, self.tmp.name, "comparison")
        self.assertEqual([os.path.basename(p) for p in paths],
                         ["comparison.png", "comparison.svg"])
        with open(paths[0], "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        with open(paths[1], "rb") as f:
            self.assertTrue(f.read().rstrip().endswith(b"</svg>"))
        for p in paths:
            self.assertGreater(os.path.getsize(p), 10000)

    def test_unpaired_bars_cut_when_much_wider(self):
        msg = synthetic.build_comparison(n_replicas=20)
        for m in msg.metrics:
            for d in m.dates:
                d.unpaired_lo, d.unpaired_hi = d.lo - 50 * (d.hi - d.lo), d.hi + 50 * (d.hi - d.lo)
        c = parse_comparison(msg.SerializeToString())
        ax = panels(comparison_chart(c, ["quality.gap"]))["quality.gap"]
        d = c.metrics["quality.gap"]
        lo, hi = ax.get_ylim()
        self.assertLess(hi - lo, 0.5 * (d.unpaired_hi - d.unpaired_lo).max())
        self.assertLessEqual(lo, d.lo.min())
        self.assertGreaterEqual(hi, d.hi.max())
        self.assertTrue([l for l in ax.get_lines() if l.get_label() == CLIPPED])

    def test_metric_choice_and_no_difference(self):
        msg = synthetic.build_comparison(n_replicas=4)
        for m in msg.metrics:  # B equals A in every replica
            for d in m.dates:
                d.mean = d.median = d.lo = d.hi = 0.0
                d.p_b_greater = 0.5
        c = parse_comparison(msg.SerializeToString())
        fig = comparison_chart(c, ["compute.stock.china"])
        self.assertEqual(len(fig.axes), 2)
        ax = panels(fig)["compute.stock.china"]
        self.assertIn("H100e", ax.get_ylabel())
        self.assertIn("zero width", ax.get_xlabel())
        lo, hi = ax.get_ylim()
        self.assertLess(lo, 0)
        self.assertGreater(hi, 0)
        with self.assertRaises(BlocsimVizError):
            comparison_chart(c, ["not.a.metric"])

    def test_plot_comparisons_warns_about_missing_metrics(self):
        out = os.path.join(self.tmp.name, "some")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            written = plot_comparisons([self.c], out, formats=["png"],
                                       metrics=["quality.gap", "not.a.metric"])
        self.assertEqual([os.path.basename(p) for p in written], ["comparison.png"])
        self.assertTrue(any(issubclass(w.category, BlocsimVizWarning)
                            and "not.a.metric" in str(w.message) for w in caught))

    def test_formats(self):
        f = SignedFormatter(100.0)
        self.assertEqual(f.format_ticks([-0.025, 0.0, 0.025, 0.05]),
                         ["\u22122.5", "0", "+2.5", "+5.0"])
        self.assertEqual(SignedFormatter().format_ticks([-2e6, 0, 2e6]),
                         ["\u22122M", "0", "+2M"])
        self.assertEqual(format_difference(0.0123, "share"), "+1.2 pt")
        self.assertEqual(format_difference(-0.5, "ratio"), "\u22120.5")
        self.assertEqual(narrowing_note(self.c.metrics["quality.gap"]).split()[0], "paired")


class PlotCommand(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.comparison = os.path.join(cls.tmp.name, "comparison.pb")
        synthetic.write_comparison(cls.comparison, n_replicas=10)
        cls.run_path = os.path.join(cls.tmp.name, "baseline.pb")
        synthetic.write_run_result(cls.run_path, n_replicas=3, scenario_name="baseline")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_plot_comparison(self):
        out = os.path.join(self.tmp.name, "figures")
        proc = run_viz("plot", self.comparison, "--out", out)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")
        self.assertEqual(proc.stdout.split(), [os.path.join(out, "comparison.png"),
                                               os.path.join(out, "comparison.svg")])
        self.assertEqual(sorted(os.listdir(out)), ["comparison.png", "comparison.svg"])

    def test_plot_mixed(self):
        out = os.path.join(self.tmp.name, "mixed")
        proc = run_viz("plot", self.run_path, self.comparison, "--out", out, "--format", "png",
                       "--metric", "compute.share.china", "-q")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(sorted(os.listdir(out)), sorted([
            "comparison.png", "fan_compute.share.china.png", "hist_compute.share.china.png",
            "nations_china_share.png", "regimes.png"]))

    def test_truncated_comparison(self):
        with open(self.comparison, "rb") as f:
            data = f.read()
        truncated = os.path.join(self.tmp.name, "truncated_comparison.pb")
        with open(truncated, "wb") as f:
            f.write(data[: len(data) * 2 // 3])
        out = os.path.join(self.tmp.name, "never")
        proc = run_viz("plot", truncated, "--out", out)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertTrue(lines[0].startswith("blocsim viz: error: "), proc.stderr)
        self.assertIn(truncated, lines[0])
        self.assertIn("truncated", lines[0])
        self.assertIn("Comparison", lines[0])
        self.assertFalse(os.path.exists(out))

    def test_report_of_a_comparison(self):
        proc = run_viz("report", self.comparison, "--out",
                       os.path.join(self.tmp.name, "r.html"))
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(len(proc.stderr.strip().splitlines()), 1, proc.stderr)
        self.assertIn("is a comparison", proc.stderr)

    def test_info(self):
        proc = run_viz("info", self.comparison, self.run_path)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        for text in ("A            baseline", "B            h200_resumed",
                     "dates        2025-12, 2026-12", "P(B > A)", "scenario     baseline"):
            self.assertIn(text, proc.stdout)


if __name__ == "__main__":
    unittest.main()
