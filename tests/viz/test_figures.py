"""The standard figures: each is written (PNG and SVG, non-empty), and its Figure has the
expected axes and series, bloc colours, units and date axis, and event labels that do not
overlap."""

import itertools
import os
import tempfile
import unittest
import warnings

from matplotlib import dates as mdates
from matplotlib.collections import PolyCollection

import synthetic
from blocsim_viz import (HEADLINE_METRICS, BlocsimVizWarning, fan_chart, histogram_chart,
                         nations_china_share_chart, overlay_chart, parse_results, plot_all,
                         regimes_chart, style)
from blocsim_viz.figures import (EVENTS_AXES, MAIN_AXES, MAX_EVENT_ROWS,
                                 replica_bin_edges, save_figure)

N_EVENTS = len(synthetic.EVENTS)  # each in a month of its own

# Model notation that a subtitle for a policy reader must not use.
NOTATION = ("s_US", "s_CN", " = 4", "B =", "(US - China) / US")


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

    def assert_events_clear(self, fig, n_events, n_labels=None):
        """``n_events`` event lines (one per month and colour), ``n_labels`` labels (default:
        one per line), none overlapping another or leaving the figure."""
        axes = axes_by_label(fig)
        self.assertEqual(len(event_lines(axes[MAIN_AXES])), n_events)
        texts = axes[EVENTS_AXES].texts
        self.assertEqual(len(texts), n_events if n_labels is None else n_labels)
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
                metric = self.results.metrics[name]
                self.assertEqual(ax.get_ylabel(), style.value_label(name, metric.unit,
                                                                    metric.description))
                if style.display_unit(name, metric.unit) == "share":
                    self.assertIsInstance(ax.yaxis.get_major_formatter(), style.PercentTicks)
                    self.assertIn("(%)", ax.get_ylabel())
                subtitle = axes_by_label(fig)[EVENTS_AXES].get_title(loc="left")
                self.assertIn(style.plain_description(name, metric.description)[:40],
                              subtitle.replace("\n", " "))
                for notation in NOTATION:
                    self.assertNotIn(notation, subtitle)
                self.assert_date_axis(ax)
                self.assertEqual(len(ax.get_legend().get_texts()), 3)
                self.assert_events_clear(fig, N_EVENTS)
                self.assertTrue(fig.texts or fig._suptitle)
                if name == "adoption.world.origin.china":
                    self.assert_written(fig, "fan_adoption.world.origin.china")

    def test_units_say_what(self):
        """An index reads as one, a relative gap as one, a share says of what."""
        def ylabel(name):
            return axes_by_label(fan_chart(self.results, name))[MAIN_AXES].get_ylabel()

        self.assertEqual(ylabel("bipolarity.index"), "index (0 to 1)")
        self.assertEqual(ylabel("quality.gap"), "relative gap (%)")
        self.assertEqual(ylabel("adoption.world.origin.china"), "share of the world's developers (%)")
        self.assertEqual(ylabel("compute.ratio.us_over_china"), "ratio, US over China (\u00d7)")
        ax = axes_by_label(fan_chart(self.results, "bipolarity.index"))[MAIN_AXES]
        fig = ax.figure
        fig.draw_without_rendering()
        ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
        self.assertTrue(ticks and not any("%" in t for t in ticks), ticks)
        self.assertEqual(style.format_value(0.512, "index"), "0.51")

    def test_percent_ticks(self):
        f = style.PercentTicks()
        self.assertEqual(f.format_ticks([0.45, 0.475, 0.5]), ["45.0%", "47.5%", "50.0%"])
        self.assertEqual(f.format_ticks([0.4, 0.5]), ["40%", "50%"])
        self.assertEqual(f.format_ticks([-0.005, 0.0, 0.005]), ["\u22120.5%", "0.0%", "0.5%"])

    def test_many_events_in_one_month(self):
        """A scenario that does everything at once (full-decoupling: 22 events in 2026-07):
        one line and one label for the month, a strip of a few rows, a figure of the usual
        size."""
        events = list(synthetic.EVENTS) + [("2026-07", f"Event number {k}") for k in range(22)]
        events += [("2026-05", "Just before"), ("2026-06", "Another one just before")]
        r = parse_results(synthetic.build_run_result(n_replicas=3, events=events)
                          .SerializeToString())
        plain = fan_chart(self.results, "compute.share.china")
        for fig in (fan_chart(r, "compute.share.china"), regimes_chart(r)):
            strip = axes_by_label(fig)[EVENTS_AXES]
            labels = [t.get_text() for t in strip.texts]
            self.assertTrue(any("more" in label for label in labels), labels)
            self.assertLessEqual(len(labels), MAX_EVENT_ROWS * 3)
            self.assertFalse(any(label.startswith("Event number 3") for label in labels))
            height = fig.get_size_inches()[1]
            self.assertLessEqual(height, plain.get_size_inches()[1] + 0.8)
            strip_in = strip.get_position().height * height
            self.assertLessEqual(strip_in, MAX_EVENT_ROWS * style.EVENT_FONT_SIZE * 1.8 / 72
                                 + 0.1)
            self.assert_events_clear(fig, N_EVENTS + 3, len(labels))

    def test_two_events_in_one_month_keep_their_labels(self):
        events = [("2026-01", "First of two"), ("2026-01", "Second of two")]
        r = parse_results(synthetic.build_run_result(n_replicas=3, events=events)
                          .SerializeToString())
        fig = fan_chart(r, "quality.gap")
        self.assertEqual(sorted(t.get_text() for t in axes_by_label(fig)[EVENTS_AXES].texts),
                         ["First of two", "Second of two"])
        self.assert_events_clear(fig, 1, 2)

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

    def test_histogram_from_replicas(self):
        """With per-replica series: round bins over the replicas' own range, each replica
        counted once, the axis on the occupied range, the subtitle saying so."""
        r = parse_results(synthetic.build_run_result(n_replicas=40).SerializeToString())
        fig = histogram_chart(r, "compute.share.china")
        self.assertEqual(len(fig.axes), 1)
        ax = fig.axes[0]
        end = r.metrics["compute.share.china"].replicas[:, -1]
        edges = replica_bin_edges(end)
        self.assertEqual(len(ax.patches), len(edges) - 1)
        self.assertGreaterEqual(len(ax.patches), 10)
        self.assertEqual(sum(p.get_height() for p in ax.patches), 40)
        self.assertLessEqual(edges[0], end.min())
        self.assertGreaterEqual(edges[-1], end.max())
        lo, hi = ax.get_xlim()
        self.assertLess(hi - lo, 2 * (end.max() - end.min()))
        self.assertLessEqual(lo, end.min())
        self.assertGreaterEqual(hi, end.max())
        self.assertEqual(len(ax.get_lines()), 3)  # median, 5% and 95%
        self.assertEqual(ax.get_ylabel(), "replicas")
        self.assertIn("share", ax.get_xlabel())
        self.assertIn("per-replica series", ax.get_title(loc="left"))
        self.assertEqual(ax.patches[0].get_facecolor()[:3],
                         tuple(int(style.CHINA[i:i + 2], 16) / 255 for i in (1, 3, 5)))
        self.assert_written(fig, "hist_compute.share.china")

    def test_histogram_from_the_runs_bins(self):
        """Without per-replica series: the run's own bins, the axis zoomed to the occupied
        ones (a share's histogram spans [0, 1], its replicas a few bins of it)."""
        msg = synthetic.build_run_result(n_replicas=3, per_replica=False)
        m = [m for m in msg.metrics if m.name == "bipolarity.index"][0]
        h = m.final_histogram
        h.lo, h.hi = 0.0, 1.0  # 20 bins of 5%, as blocsim writes a share's
        first, last = (int(v * 20) for v in (m.steps[-1].min, m.steps[-1].max))
        counts = [0] * 20
        counts[first] += 2
        counts[last] += 1
        del h.counts[:]
        h.counts.extend(counts)
        r = parse_results(msg.SerializeToString())
        ax = histogram_chart(r, "bipolarity.index").axes[0]
        self.assertEqual(len(ax.patches), 20)
        self.assertEqual(sum(p.get_height() for p in ax.patches), 3)
        lo, hi = ax.get_xlim()
        self.assertLessEqual(lo, first * 0.05)
        self.assertGreaterEqual(hi, (last + 1) * 0.05)
        self.assertLess(hi - lo, ((last + 1 - first) * 0.05) * 1.2 + 0.061)
        self.assertLess(hi - lo, 0.5)
        self.assertIn("run's end-of-run histogram", ax.get_title(loc="left"))
        self.assertEqual(ax.get_xlabel(), "index (0 to 1)")

    def test_histogram_all_replicas_equal(self):
        msg = synthetic.build_run_result(n_replicas=3, per_replica=False)
        h = msg.metrics[0].final_histogram
        h.hi = h.lo
        del h.counts[:]
        h.counts.extend([3])
        fig = histogram_chart(parse_results(msg.SerializeToString()), msg.metrics[0].name)
        self.assertEqual(len(fig.axes[0].patches), 1)
        self.assertGreater(fig.axes[0].patches[0].get_width(), 0)
        msg = synthetic.build_run_result(n_replicas=3)
        for series in msg.metrics[0].replicas:
            series.values[-1] = 0.25
        fig = histogram_chart(parse_results(msg.SerializeToString()), msg.metrics[0].name)
        self.assertEqual(len(fig.axes[0].patches), 1)
        self.assertEqual(fig.axes[0].patches[0].get_height(), 3)
        self.assertGreater(fig.axes[0].patches[0].get_width(), 0)

    def test_regimes(self):
        fig = regimes_chart(self.results)
        self.assertEqual(len(fig.axes), 2)
        ax = axes_by_label(fig)[MAIN_AXES]
        areas = bands(ax)
        self.assertEqual(len(areas), 5)
        self.assertEqual([a.get_label() for a in areas],
                         ["US-led", "China-led", "Symmetric bipolar", "Asymmetric bipolar",
                          "Contested (leads within the margin)"])
        self.assertEqual(ax.get_ylim(), (0.0, 1.0))
        self.assertEqual(len(ax.get_legend().get_texts()), 5)
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
        ticks = ax.get_yticklabels()
        labels = [t.get_text() for t in ticks]
        self.assertEqual(sorted(labels), sorted(f"{synthetic.NATION_NAMES[c]} ({c})"
                                                for c in synthetic.NATIONS))
        code = labels[-1][-4:-1]
        last = self.results.metrics[f"adoption.nation.{code}.origin.china"]
        self.assertAlmostEqual(widths[-1], last.median[-1])
        self.assertIsInstance(ax.xaxis.get_major_formatter(), style.PercentTicks)
        self.assertEqual(len(ax.texts), len(synthetic.NATIONS))  # a value label per bar
        # Names in the colour of the bloc the nation leans to.
        colours = {t.get_text()[-4:-1]: t.get_color() for t in ticks}
        self.assertEqual(colours["USA"], style.US)
        self.assertEqual(colours["CHN"], style.CHINA)
        self.assertEqual(colours["IND"], style.NEUTRAL)
        self.assertIn("blue", ax.get_title(loc="left"))
        self.assert_written(fig, "nations_china_share")

    def test_nations_without_names_or_alignment(self):
        msg = synthetic.build_run_result(n_replicas=3)
        kept = [m for m in msg.metrics if not m.name.startswith("alignment.")]
        del msg.metrics[:]
        msg.metrics.extend(kept)
        for m in msg.metrics:
            if m.name.startswith("adoption.nation."):
                m.description = ""
        ax = nations_china_share_chart(parse_results(msg.SerializeToString())).axes[0]
        self.assertEqual(sorted(t.get_text() for t in ax.get_yticklabels()),
                         sorted(synthetic.NATIONS))
        self.assertNotIn("blue", ax.get_title(loc="left"))

    def test_overlay(self):
        fig = overlay_chart([self.results, self.other], "adoption.world.origin.china")
        self.assertEqual(len(fig.axes), 2)
        ax = axes_by_label(fig)[MAIN_AXES]
        lines = visible_lines(ax)
        self.assertEqual([l.get_label() for l in lines], ["synthetic", "h200_resumed"])
        self.assertNotEqual(lines[0].get_color(), lines[1].get_color())
        self.assertEqual(len(bands(ax)), 4)  # two bands per scenario
        # Light bands, the outer one outlined by dashed edges in its scenario's colour.
        for band in bands(ax):
            self.assertLessEqual(band.get_alpha(), 0.2)
        edges = [l for l in ax.get_lines() if l.get_label() == "_band edge"]
        self.assertEqual(len(edges), 4)
        self.assertEqual({e.get_color() for e in edges}, {l.get_color() for l in lines})
        self.assertEqual([t.get_text() for t in ax.get_legend().get_texts()],
                         ["synthetic", "h200_resumed"])
        subtitle = axes_by_label(fig)[EVENTS_AXES].get_title(loc="left").replace("\n", " ")
        self.assertIn("\u201csynthetic\u201d: 3 replicas", subtitle)
        self.assertIn("\u201ch200_resumed\u201d: 3 replicas", subtitle)
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
