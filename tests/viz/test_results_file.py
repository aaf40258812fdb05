"""Checks a results file as blocsim writes it: it loads, it keeps the contract (headline and
regime metrics, five quantiles, histograms of every replica), its numbers are coherent
(min <= 5% <= 25% <= median <= 75% <= 95% <= max, sd >= 0, regime probabilities sum to 1), and
every figure and the report can be drawn from it.

The file is named by the environment variable BLOCSIM_VIZ_RESULTS_FILE; without it, a synthetic
file is checked (so these checks are themselves tested). Register a check of a real run with
blocsim_viz_results_test() in tests/viz/CMakeLists.txt.
"""

import os
import tempfile
import unittest
import warnings

import numpy as np

import synthetic
from blocsim_viz import (HEADLINE_METRICS, QUANTILE_PROBABILITIES, REGIME_METRICS,
                         BlocsimVizWarning, load_results, plot_all, write_report)

ENV = "BLOCSIM_VIZ_RESULTS_FILE"


class ResultsFile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.environ.get(ENV)
        if not cls.path:
            cls.path = os.path.join(cls.tmp.name, "synthetic.pb")
            synthetic.write_run_result(cls.path, n_replicas=20, per_replica=True)
        cls.results = load_results(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_run(self):
        r = self.results
        self.assertEqual(r.schema_version, 1)
        self.assertTrue(r.scenario_name)
        self.assertGreater(r.replicas, 0)
        self.assertGreater(len(r.dates), 0)
        self.assertTrue(r.provenance.get("program_version"))

    def test_contract_metrics_present(self):
        self.assertEqual(self.results.missing_metrics(HEADLINE_METRICS), [])
        self.assertEqual(self.results.missing_metrics(REGIME_METRICS), [])
        self.assertTrue(self.results.nation_china_shares())

    def test_summaries_coherent(self):
        r = self.results

        def at_most(a, b):  # a <= b elementwise, up to rounding
            return bool(np.all(a <= b + 1e-9 * (1 + np.abs(b))))

        for name, m in r.metrics.items():
            with self.subTest(metric=name):
                self.assertTrue(m.unit, "every metric has a unit")
                self.assertEqual(tuple(m.quantiles), QUANTILE_PROBABILITIES)
                q = [m.quantiles[p] for p in QUANTILE_PROBABILITIES]
                chain = [m.min, *q, m.max]
                for lower, upper in zip(chain, chain[1:]):
                    self.assertTrue(at_most(lower, upper), "min <= quantiles <= max")
                self.assertTrue(at_most(m.min, m.mean) and at_most(m.mean, m.max))
                self.assertTrue(np.all(m.sd >= 0))
                if m.histogram is not None:
                    self.assertEqual(m.histogram.total, r.replicas)
                if m.replicas is not None:
                    self.assertEqual(m.replicas.shape[1], len(r.dates))
                    if m.replicas.shape[0] == r.replicas:
                        np.testing.assert_allclose(m.mean, m.replicas.mean(axis=0),
                                                   rtol=1e-9, atol=1e-12)

    def test_regime_probabilities_sum_to_one(self):
        total = sum(self.results.metrics[n].mean for n in REGIME_METRICS)
        np.testing.assert_allclose(total, 1.0, atol=1e-9)

    def test_figures_and_report(self):
        out = os.path.join(self.tmp.name, "figures")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            written = plot_all([self.results], out, formats=["png"])
        self.assertEqual([str(w.message) for w in caught
                          if issubclass(w.category, BlocsimVizWarning)], [])
        self.assertEqual(len(written), 2 * len(HEADLINE_METRICS) + 2)
        report = write_report(self.results, os.path.join(self.tmp.name, "report.html"))
        self.assertGreater(os.path.getsize(report), 10000)


if __name__ == "__main__":
    unittest.main()
