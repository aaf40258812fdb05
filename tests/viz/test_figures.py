"""The standard figures: each is written (PNG and SVG, non-empty), and its Figure has the
expected axes and series, bloc colours, units and date axis, and event labels that do not
overlap."""

import itertools
import os
import tempfile
import unittest
import warnings

from matplotlib import dates as mdates
from matplotlib import ticker
from matplotlib.collections import PolyCollection

import synthetic
from blocsim_viz import (HEADLINE_METRICS, BlocsimVizWarning, fan_chart, histogram_chart,
                         nations_china_share_chart, overlay_chart, parse_results, plot_all,
                         regimes_chart, style)
from blocsim_viz.figures import EVENTS_AXES, MAIN_AXES, save_figure

N_EVENTS = len(synthetic.EVENTS)


def axes_by_label(fig):
    return {ax.get_label(): ax for ax in fig.axes}


def visible_lines(ax):
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


def bands(ax):
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


def event_lines(ax):
    return [line for line in ax.get_lines() if line.get_label() == "_event"]


class Figures(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.results = parse_results(synthetic.build_run_result(n_replicas=3).SerializeToString(),
                                    source="synthetic.pb")
        cls.other = parse_results(synthetic.build_run_result(
            n_replicas=3, seed=7, scenario_name="h200_resumed",
            events=synthetic.EVENTS[:2] + [("2028-03", "Only in the second scenario")],
        ).SerializeToString(), source="other.pb")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_written(self, fig, stem):
        paths = save_figure(fig, self.tmp.name, stem)
        self.assertEqual([os.path.basename(p) for p in paths], [f"{stem}.png", f"{stem}.svg"])
        with open(paths[0], "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        with open(paths[1], "rb") as f:
            svg = f.read()
        self.assertIn(b"<svg", svg)
        self.assertTrue(svg.rstrip().endswith(b"</svg>"))
        for p in paths:
            self.assertGreater(os.path.getsize(p), 1000)
        leftovers = [n for n in os.listdir(self.tmp.name) if n.endswith(".tmp")]
        self.assertEqual(leftovers, [])

    def assert_events_clear(self, fig, n_events):
        axes = axes_by_label(fig)
        self.assertEqual(len(event_lines(axes[MAIN_AXES])), n_events)
        texts = axes[EVENTS_AXES].texts
        self.assertEqual(len(texts), n_events)
        renderer = fig.canvas.get_renderer()
        fig.draw_without_rendering()
        boxes = [t.get_window_extent(renderer) for t in texts]
        for a, b in itertools.combinations(boxes, 2):
            self.assertFalse(a.overlaps(b), "event labels overlap")
        figure_box = fig.bbox
        for box in boxes:
            self.assertGreaterEqual(box.x0, figure_box.x0)
            self.assertLessEqual(box.x1, figure_box.x1)

    def assert_date_axis(self, ax):
        self.assertIsInstance(ax.xaxis.get_major_formatter(), mdates.DateFormatter)
        labels = [t.get_text() for t in ax.get_xticklabels()]
        self.assertIn("2025", labels)
        self.assertIn("2030", labels)

    def test_fan_chart(self):
        for name in HEADLINE_METRICS:
            with self.subTest(metric=name):
                fig = fan_chart(self.results, name)
                self.assertEqual(len(fig.axes), 2)  # the chart and the event strip above it
                ax = axes_by_label(fig)[MAIN_AXES]
                lines = visible_lines(ax)
                self.assertEqual([l.get_label() for l in lines], ["median"])
                self.assertEqual(len(lines[0].get_xdata()), 72)
                self.assertEqual(sorted(c.get_label() for c in bands(ax)),
                                 ["25\u201375% of replicas", "5\u201395% of replicas"])
                self.assertEqual(lines[0].get_color(), style.metric_colour(name))
                unit = self.results.metrics[name].unit
                self.assertIn(unit, ax.get_ylabel())
                if unit == "share":
                    self.assertIsInstance(ax.yaxis.get_major_formatter(),
                                          ticker.PercentFormatter)
                self.assert_date_axis(ax)
                self.assertEqual(len(ax.get_legend().get_texts()), 3)
                self.assert_events_clear(fig, N_EVENTS)
                self.assertTrue(fig.texts or fig._suptitle)
                if name == "adoption.world.origin.china":
                    self.assert_written(fig, "fan_adoption.world.origin.china")

    def test_bloc_colours(self):
        us = visible_lines(fan_chart(self.results, "adoption.world.origin.us").axes[1])[0]
        china = visible_lines(fan_chart(self.results, "adoption.world.origin.china").axes[1])[0]
        other = visible_lines(fan_chart(self.results, "adoption.world.open_weight").axes[1])[0]
        self.assertEqual(us.get_color(), style.US)
        self.assertEqual(china.get_color(), style.CHINA)
        self.assertEqual(other.get_color(), style.NEUTRAL)

    def test_fan_chart_without_events(self):
        msg = synthetic.build_run_result(n_replicas=3, events=[])
        fig = fan_chart(parse_results(msg.SerializeToString()), "quality.gap")
        self.assertEqual(len(fig.axes), 1)
        self.assertEqual(len(event_lines(fig.axes[0])), 0)

    def test_histogram(self):
        fig = histogram_chart(self.results, "compute.share.china")
        self.assertEqual(len(fig.axes), 1)
        ax = fig.axes[0]
        self.assertEqual(len(ax.patches), 12)  # one bar per bin
        self.assertEqual(sum(p.get_height() for p in ax.patches), 3)
        self.assertEqual(len(ax.get_lines()), 3)  # median, 5% and 95%
        self.assertEqual(ax.get_ylabel(), "replicas")
        self.assertIn("share", ax.get_xlabel())
        self.assertEqual(ax.patches[0].get_facecolor()[:3],
                         tuple(int(style.CHINA[i:i + 2], 16) / 255 for i in (1, 3, 5)))
        self.assert_written(fig, "hist_compute.share.china")

    def test_histogram_all_replicas_equal(self):
        msg = synthetic.build_run_result(n_replicas=3)
        h = msg.metrics[0].final_histogram
        h.hi = h.lo
        del h.counts[:]
        h.counts.extend([3])
        fig = histogram_chart(parse_results(msg.SerializeToString()), msg.metrics[0].name)
        self.assertEqual(len(fig.axes[0].patches), 1)
        self.assertGreater(fig.axes[0].patches[0].get_width(), 0)

    def test_regimes(self):
        fig = regimes_chart(self.results)
        self.assertEqual(len(fig.axes), 2)
        ax = axes_by_label(fig)[MAIN_AXES]
        areas = bands(ax)
        self.assertEqual(len(areas), 4)
        self.assertEqual([a.get_label() for a in areas],
                         ["US-led", "China-led", "Symmetric bipolar", "Asymmetric bipolar"])
        self.assertEqual(ax.get_ylim(), (0.0, 1.0))
        self.assertEqual(len(ax.get_legend().get_texts()), 4)
        self.assert_date_axis(ax)
        self.assert_events_clear(fig, N_EVENTS)
        self.assert_written(fig, "regimes")

    def test_nations(self):
        fig = nations_china_share_chart(self.results)
        self.assertEqual(len(fig.axes), 1)
        ax = fig.axes[0]
        self.assertEqual(len(ax.patches), len(synthetic.NATIONS))
        widths = [p.get_width() for p in ax.patches]
        self.assertEqual(widths, sorted(widths))  # bottom to top: largest on top
        codes = [t.get_text() for t in ax.get_yticklabels()]
        self.assertEqual(sorted(codes), sorted(synthetic.NATIONS))
        last = self.results.metrics[f"adoption.nation.{codes[-1]}.origin.china"]
        self.assertAlmostEqual(widths[-1], last.median[-1])
        self.assertIsInstance(ax.xaxis.get_major_formatter(), ticker.PercentFormatter)
        self.assertEqual(len(ax.texts), len(synthetic.NATIONS))  # a value label per bar
        self.assert_written(fig, "nations_china_share")

    def test_overlay(self):
        fig = overlay_chart([self.results, self.other], "adoption.world.origin.china")
        self.assertEqual(len(fig.axes), 2)
        ax = axes_by_label(fig)[MAIN_AXES]
        lines = visible_lines(ax)
        self.assertEqual([l.get_label() for l in lines], ["synthetic", "h200_resumed"])
        self.assertNotEqual(lines[0].get_color(), lines[1].get_color())
        self.assertEqual(len(bands(ax)), 4)  # two bands per scenario
        self.assertEqual([t.get_text() for t in ax.get_legend().get_texts()],
                         ["synthetic", "h200_resumed"])
        # Shared events once, the others per scenario: 5 + 0 + 1.
        self.assert_events_clear(fig, N_EVENTS + 1)
        self.assert_written(fig, "overlay_adoption.world.origin.china")

    def test_overlay_same_scenario_names_are_told_apart(self):
        fig = overlay_chart([self.results, self.results], "quality.gap")
        labels = [l.get_label() for l in visible_lines(axes_by_label(fig)[MAIN_AXES])]
        self.assertEqual(len(set(labels)), 2)


class PlotAll(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def test_one_file(self):
        msg = synthetic.build_run_result(n_replicas=3)
        # Drop one headline metric: it is skipped with a warning.
        kept = [m for m in msg.metrics if m.name != "price.ratio.us_over_china"]
        del msg.metrics[:]
        msg.metrics.extend(kept)
        r = parse_results(msg.SerializeToString(), source="partial.pb")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            written = plot_all([r], self.tmp.name, metrics=["adoption.world.origin.china",
                                                             "price.ratio.us_over_china"])
        self.assertTrue(any(issubclass(w.category, BlocsimVizWarning)
                            and "price.ratio.us_over_china" in str(w.message) for w in caught))
        names = sorted(os.path.basename(p) for p in written)
        expected = sorted(f"{stem}.{ext}" for stem in (
            "fan_adoption.world.origin.china", "hist_adoption.world.origin.china", "regimes",
            "nations_china_share") for ext in ("png", "svg"))
        self.assertEqual(names, expected)
        self.assertEqual(sorted(os.listdir(self.tmp.name)), expected)

    def test_two_files(self):
        a = parse_results(synthetic.build_run_result(n_replicas=3).SerializeToString())
        b = parse_results(synthetic.build_run_result(
            n_replicas=3, seed=9, scenario_name="ascend_parity").SerializeToString())
        written = plot_all([a, b], self.tmp.name, formats=["png"],
                           metrics=["compute.share.china"])
        rel = sorted(os.path.relpath(p, self.tmp.name) for p in written)
        self.assertEqual(rel, sorted([
            "overlay_compute.share.china.png",
            *(os.path.join(s, f) for s in ("synthetic", "ascend_parity") for f in (
                "fan_compute.share.china.png", "hist_compute.share.china.png", "regimes.png",
                "nations_china_share.png"))]))


if __name__ == "__main__":
    unittest.main()
