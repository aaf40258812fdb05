"""Checks a comparison file as `blocsim compare` writes it: it loads (and is told apart from run
results), it names both scenarios and has the headline metrics at every compared date, its
numbers are coherent (lo <= median <= hi, unpaired lo <= unpaired hi, 0 <= P(B > A) <= 1; a
scenario compared with itself differs by exactly zero), and `plot` draws its figure with a
panel per headline metric.

The file is named by the environment variable BLOCSIM_VIZ_COMPARISON_FILE; without it, a
synthetic comparison is checked (so these checks are themselves tested). tests/viz/CMakeLists.txt
registers viz.real_comparison, which runs them on a comparison made by the built blocsim.
"""

import os
import subprocess
import sys
import tempfile
import unittest
import warnings

import numpy as np
from matplotlib.container import ErrorbarContainer

import synthetic
from blocsim_viz import (HEADLINE_METRICS, BlocsimVizWarning, Comparison, comparison_chart,
                         file_kind, load_any, load_comparison)
from blocsim_viz.comparison_figure import PANEL_PREFIX

ENV = "BLOCSIM_VIZ_COMPARISON_FILE"


class ComparisonFile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.environ.get(ENV)
        if not cls.path:
            cls.path = os.path.join(cls.tmp.name, "comparison.pb")
            synthetic.write_comparison(cls.path, n_replicas=8,
                                       dates=("2026-12", "2030-12"))
        cls.c = load_comparison(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_comparison(self):
        c = self.c
        self.assertEqual(c.schema_version, 1)
        self.assertTrue(c.a_name)
        self.assertTrue(c.b_name)
        self.assertGreater(c.replicas, 0)
        self.assertGreater(len(c.dates), 0)
        self.assertTrue(c.provenance.get("program_version"))
        with open(self.path, "rb") as f:
            self.assertEqual(file_kind(f.read()), "Comparison")
        self.assertIsInstance(load_any(self.path), Comparison)

    def test_headline_metrics_present(self):
        self.assertEqual(self.c.missing_metrics(HEADLINE_METRICS), [])
        for name, d in self.c.metrics.items():
            self.assertTrue(d.unit, f"metric {name} has a unit")

    def test_numbers_coherent(self):
        def at_most(a, b):
            return bool(np.all(a <= b + 1e-9 * (1 + np.abs(b))))

        for name, d in self.c.metrics.items():
            with self.subTest(metric=name):
                for f in ("mean", "median", "lo", "hi", "p_b_greater", "unpaired_lo",
                          "unpaired_hi"):
                    self.assertEqual(len(getattr(d, f)), len(self.c.dates))
                self.assertTrue(at_most(d.lo, d.median) and at_most(d.median, d.hi))
                self.assertTrue(at_most(d.unpaired_lo, d.unpaired_hi))
                self.assertTrue(np.all((d.p_b_greater >= 0) & (d.p_b_greater <= 1)))

    def test_same_scenario_twice_differs_by_nothing(self):
        c = self.c
        if c.a_text != c.b_text or c.a_name != c.b_name:
            self.skipTest("A and B are different scenarios")
        for name, d in c.metrics.items():
            with self.subTest(metric=name):
                np.testing.assert_array_equal(d.median, 0)
                np.testing.assert_array_equal(d.lo, 0)
                np.testing.assert_array_equal(d.hi, 0)
                np.testing.assert_array_equal(d.p_b_greater, 0.5)
                np.testing.assert_array_equal(d.a_median, d.b_median)

    def test_figure(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig = comparison_chart(self.c)
        self.assertEqual([str(w.message) for w in caught
                          if issubclass(w.category, (BlocsimVizWarning, UserWarning))], [])
        panels = [ax for ax in fig.axes if ax.get_label().startswith(PANEL_PREFIX)]
        self.assertEqual(len(panels), len(HEADLINE_METRICS))
        for ax in panels:
            bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
            self.assertEqual(len(bars), 2)

    def test_plot_command(self):
        out = os.path.join(self.tmp.name, "figures")
        proc = subprocess.run([sys.executable, "-m", "blocsim_viz", "plot", self.path,
                               "--out", out], capture_output=True, text=True,
                              env=dict(os.environ), timeout=600)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")
        self.assertEqual(sorted(os.listdir(out)), ["comparison.png", "comparison.svg"])
        for name in os.listdir(out):
            self.assertGreater(os.path.getsize(os.path.join(out, name)), 10000)


if __name__ == "__main__":
    unittest.main()
