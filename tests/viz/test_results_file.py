"""Checks a results file as blocsim writes it: it loads, it keeps the contract (headline and
regime metrics, five quantiles, histograms of every replica), its numbers are coherent
(min <= 5% <= 25% <= median <= 75% <= 95% <= max, sd >= 0, regime probabilities sum to 1), and
every figure and the report can be drawn from it.

The file is named by the environment variable BLOCSIM_VIZ_RESULTS_FILE; without it, a synthetic
file is checked (so these checks are themselves tested). Register a check of a real run with
blocsim_viz_results_test() in tests/viz/CMakeLists.txt.

What load_results gives must also be what the run itself reported. Two more files, from a run of
the same scenario, seed and replicas (so with the same results), can be named:
- BLOCSIM_VIZ_RESULTS_JSON: its JSON export (`blocsim run -o run.json`): the same scenario, seed,
  replicas, dates, events and metrics, and at the table's dates the same quantiles, means and
  histograms, to the last bit;
- BLOCSIM_VIZ_RESULTS_TABLE: what it printed (`blocsim run` without --quiet): the end table's
  dates, and each headline metric's median [5%, 95%] (a regime's probability) at them, to the
  digits printed.
Without them, the synthetic file's own JSON (google.protobuf.json_format) and a table printed as
blocsim prints it stand in.
"""

import json
import os
import re
import tempfile
import unittest
import warnings

import numpy as np

import synthetic
from blocsim_viz import (HEADLINE_METRICS, QUANTILE_PROBABILITIES, REGIME_METRICS,
                         BlocsimVizWarning, load_results, plot_all, write_report)

ENV = "BLOCSIM_VIZ_RESULTS_FILE"
JSON_ENV = "BLOCSIM_VIZ_RESULTS_JSON"
TABLE_ENV = "BLOCSIM_VIZ_RESULTS_TABLE"


def table_dates(dates):
    """The dates of blocsim run's end table (cli/headline_table.cpp): the first, every
    December from the twelfth month on, and the last."""
    last = len(dates) - 1
    return [d for t, d in enumerate(dates)
            if t == 0 or t == last or (d.endswith("-12") and t >= 11)]


def synthetic_table(message):
    """The end table as blocsim prints it, for a synthetic run (the format of
    cli/headline_table.cpp)."""
    def fmt(v, unit):
        if unit in ("share", "probability"):
            return f"{100 * v:.1f}%"
        if abs(v) >= 1e6:
            return f"{v / 1e6:.2f}M"
        if abs(v) >= 1e4:
            return f"{v / 1e3:.0f}k"
        return f"{v:.3g}"

    dates = list(message.dates)
    steps = [dates.index(d) for d in table_dates(dates)]
    lines = ["", f"{message.scenario_name}: median [5%, 95%] over {message.replicas} replicas",
             "metric".ljust(29) + "".join(f" {dates[t]:<22}" for t in steps)]
    for m in message.metrics:
        if m.name not in HEADLINE_METRICS + ("regime.asymmetric_bipolar",):
            continue
        cells = []
        for t in steps:
            step = m.steps[t]
            q = {round(x.p, 6): x.value for x in step.quantiles}
            if m.unit == "probability":
                cells.append(fmt(step.mean, m.unit))
            else:
                cells.append(f"{fmt(q[0.5], m.unit)} [{fmt(q[0.05], m.unit)}, "
                             f"{fmt(q[0.95], m.unit)}]")
        lines.append(m.name.ljust(29) + "".join(f" {c:<22}" for c in cells))
    return "\n".join(lines) + "\n"


_NUMBER = re.compile(r"(-?\d+(?:\.(\d+))?)(%|M|k)?")


def parse_table(text):
    """(scenario, replicas, dates, {metric: [(value, tolerance), ...]}) from the end table that
    `blocsim run` prints: each number with half a unit of its last printed digit as tolerance."""
    head = re.search(r"^(\S+): median \[5%, 95%\] over (\d+) replicas?$", text, re.M)
    if head is None:
        raise AssertionError(f"no end table in:\n{text}")
    lines = text[head.end():].strip("\n").splitlines()
    # A table wider than its width wraps into blocks of dates, each with its own "metric" header
    # and a blank line between: the blocks' dates and each row's numbers are joined in order.
    dates, rows = [], {}
    i = 0
    while i < len(lines) and lines[i].split()[:1] == ["metric"]:
        dates += lines[i].split()[1:]
        i += 1
        while i < len(lines) and lines[i].strip():
            name, rest = lines[i].split(None, 1)
            numbers = rows.setdefault(name, [])
            for value, decimals, suffix in _NUMBER.findall(rest):
                scale = {"%": 0.01, "M": 1e6, "k": 1e3}.get(suffix, 1.0)
                tolerance = 0.5 * 10.0 ** -len(decimals) * scale
                numbers.append((float(value) * scale, tolerance))
            i += 1
        i += 1  # the blank line between blocks
    if not dates:
        raise AssertionError(f"unexpected table header {lines[0]!r}")
    return head.group(1), int(head.group(2)), dates, rows


class ResultsFile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.environ.get(ENV)
        cls.json_path = os.environ.get(JSON_ENV)
        cls.table_path = os.environ.get(TABLE_ENV)
        if not cls.path:
            cls.path = os.path.join(cls.tmp.name, "synthetic.pb")
            message = synthetic.write_run_result(cls.path, n_replicas=20, per_replica=True)
            from google.protobuf import json_format
            cls.json_path = os.path.join(cls.tmp.name, "synthetic.json")
            with open(cls.json_path, "w") as f:
                json.dump(json_format.MessageToDict(message, preserving_proto_field_name=True),
                          f)
            cls.table_path = os.path.join(cls.tmp.name, "synthetic.txt")
            with open(cls.table_path, "w") as f:
                f.write(synthetic_table(message))
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

    def test_agrees_with_the_json_export(self):
        if not self.json_path:
            self.skipTest(f"{JSON_ENV} is not set")
        with open(self.json_path, encoding="utf-8") as f:
            exported = json.load(f)
        r = self.results
        self.assertEqual(r.scenario_name, exported["scenario_name"])
        self.assertEqual(r.seed, int(exported.get("seed", 0)))
        self.assertEqual(r.replicas, exported.get("replicas", 0))
        self.assertEqual(r.dates, exported["dates"])
        self.assertEqual([tuple(e) for e in r.events],
                         [(e["date"], e["label"]) for e in exported.get("events", [])])
        self.assertEqual(list(r.metrics), [m["name"] for m in exported["metrics"]])
        dates = table_dates(r.dates)
        for m in exported["metrics"]:
            metric = r.metrics[m["name"]]
            with self.subTest(metric=m["name"]):
                self.assertEqual(metric.unit, m.get("unit", ""))
                self.assertEqual(metric.description, m.get("description", ""))
                for d in dates:
                    i = r.step_index(d)
                    step = m["steps"][i]
                    self.assertEqual(metric.mean[i], step.get("mean", 0.0), d)
                    for q in step.get("quantiles", []):
                        self.assertEqual(metric.quantile(q.get("p", 0.0))[i], q.get("value", 0.0),
                                         f"{d}, {q.get('p', 0.0):g}-quantile")
                h = m.get("final_histogram")
                if h is not None and h.get("counts"):
                    self.assertEqual(metric.histogram.lo, h.get("lo", 0.0))
                    self.assertEqual(metric.histogram.hi, h.get("hi", 0.0))
                    self.assertEqual(metric.histogram.counts.tolist(),
                                     [int(c) for c in h["counts"]])

    def test_agrees_with_the_printed_table(self):
        if not self.table_path:
            self.skipTest(f"{TABLE_ENV} is not set")
        with open(self.table_path, encoding="utf-8") as f:
            scenario, replicas, dates, rows = parse_table(f.read())
        r = self.results
        self.assertEqual((scenario, replicas), (r.scenario_name, r.replicas))
        self.assertEqual(dates, table_dates(r.dates))
        # blocsim prints the registry's headline metrics (metrics_catalog.hpp, `headline`): viz's
        # list must be the same, but for the regime indicator it draws in the regime figure.
        self.assertEqual(set(rows), set(HEADLINE_METRICS) | {"regime.asymmetric_bipolar"},
                         sorted(rows))
        for name, numbers in rows.items():
            metric = r.metrics[name]
            with self.subTest(metric=name):
                if len(numbers) == len(dates):  # a probability: the mean
                    expected = [metric.mean[r.step_index(d)] for d in dates]
                else:
                    self.assertEqual(len(numbers), 3 * len(dates))
                    expected = [metric.quantile(p)[r.step_index(d)] for d in dates
                                for p in (0.5, 0.05, 0.95)]
                for (printed, tolerance), value in zip(numbers, expected):
                    self.assertLessEqual(abs(printed - value), tolerance * (1 + 1e-9) + 1e-12,
                                         f"printed {printed:g}, loaded {value!r}")

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
