"""load_results: every field of a RunResult comes back as plain Python/numpy, and bad files are
rejected with a BlocsimVizError that names the file."""

import os
import tempfile
import unittest

import numpy as np

import synthetic
from blocsim_viz import (HEADLINE_METRICS, QUANTILE_PROBABILITIES, REGIME_METRICS,
                         BlocsimVizError, Event, load_results, parse_results)


class LoadResultsRoundTrip(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "run.pb")
        cls.message = synthetic.write_run_result(cls.path, n_replicas=3, per_replica=True)
        cls.results = load_results(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_run_fields(self):
        r, m = self.results, self.message
        self.assertEqual(r.path, self.path)
        self.assertEqual(r.schema_version, 1)
        self.assertEqual(r.scenario_name, "synthetic")
        self.assertEqual(r.description, m.scenario_description)
        self.assertEqual(r.scenario_text, m.scenario_text)
        self.assertEqual(r.seed, 42)
        self.assertEqual(r.replicas, 3)
        self.assertIsInstance(r.seed, int)

    def test_dates(self):
        r = self.results
        self.assertEqual(len(r.dates), 72)
        self.assertEqual(r.dates[0], "2025-01")
        self.assertEqual(r.dates[-1], "2030-12")
        self.assertEqual(r.dates, list(self.message.dates))
        self.assertEqual(r.months.dtype, np.dtype("datetime64[M]"))
        self.assertEqual(r.months[0], np.datetime64("2025-01"))
        self.assertEqual(r.months[-1], np.datetime64("2030-12"))
        self.assertEqual(r.step_index("2026-01"), 12)
        with self.assertRaises(ValueError):
            r.step_index("2040-01")

    def test_events(self):
        r = self.results
        self.assertEqual(r.events, [Event(d, l) for d, l in synthetic.EVENTS])
        self.assertEqual(r.events[1], ("2026-01", "H200 licences (25% revenue cut)"))
        date, label = r.events[0]
        self.assertEqual((date, label), synthetic.EVENTS[0])
        self.assertEqual(r.events[0].month, np.datetime64("2025-04"))

    def test_provenance(self):
        p = self.results.provenance
        mp = self.message.provenance
        self.assertEqual(p, {
            "program_version": mp.program_version, "build_type": mp.build_type,
            "wall_time_s": mp.wall_time_s, "threads": mp.threads, "processes": mp.processes,
            "host": mp.host, "started_at": mp.started_at, "command_line": mp.command_line})

    def test_metric_names_in_file_order(self):
        self.assertEqual(list(self.results.metrics), [m.name for m in self.message.metrics])
        self.assertEqual(self.results.missing_metrics(), [])
        self.assertEqual(self.results.missing_metrics(REGIME_METRICS), [])
        self.assertEqual(len(self.results.nation_china_shares()), len(synthetic.NATIONS))

    def test_every_metric_field(self):
        for mm in self.message.metrics:
            with self.subTest(metric=mm.name):
                metric = self.results.metrics[mm.name]
                self.assertEqual(metric.name, mm.name)
                self.assertEqual(metric.unit, mm.unit)
                self.assertEqual(metric.description, mm.description)
                for field in ("mean", "sd", "min", "max"):
                    array = getattr(metric, field)
                    self.assertIsInstance(array, np.ndarray)
                    self.assertEqual(array.shape, (72,))
                    np.testing.assert_array_equal(array, [getattr(s, field) for s in mm.steps])
                self.assertEqual(tuple(metric.quantiles), QUANTILE_PROBABILITIES)
                for j, p in enumerate(QUANTILE_PROBABILITIES):
                    np.testing.assert_array_equal(
                        metric.quantiles[p], [s.quantiles[j].value for s in mm.steps])
                    np.testing.assert_array_equal(metric.quantile(p), metric.quantiles[p])
                np.testing.assert_array_equal(metric.median, metric.quantiles[0.5])
                h = metric.histogram
                self.assertEqual(h.lo, mm.final_histogram.lo)
                self.assertEqual(h.hi, mm.final_histogram.hi)
                np.testing.assert_array_equal(h.counts, list(mm.final_histogram.counts))
                self.assertEqual(h.total, 3)
                np.testing.assert_allclose(h.edges, np.linspace(h.lo, h.hi, 13))
                self.assertEqual(metric.replicas.shape, (3, 72))
                np.testing.assert_array_equal(metric.replica_ids, [0, 1, 2])
                for series in mm.replicas:
                    np.testing.assert_array_equal(metric.replicas[series.replica], series.values)

    def test_summaries_agree_with_replicas(self):
        # The synthetic file, like blocsim, computes summaries from the replicas.
        metric = self.results.metrics["adoption.world.origin.china"]
        np.testing.assert_allclose(metric.mean, metric.replicas.mean(axis=0))
        np.testing.assert_allclose(metric.quantile(0.95),
                                   np.quantile(metric.replicas, 0.95, axis=0))

    def test_without_per_replica_series(self):
        msg = synthetic.build_run_result(n_replicas=5, per_replica=False)
        r = parse_results(msg.SerializeToString())
        for name in HEADLINE_METRICS:
            self.assertIsNone(r.metrics[name].replicas)
            self.assertIsNone(r.metrics[name].replica_ids)

    def test_replica_series_sorted_by_index(self):
        msg = synthetic.build_run_result(n_replicas=3, per_replica=True)
        metric = msg.metrics[0]
        series = list(metric.replicas)
        del metric.replicas[:]
        for s in reversed(series):
            metric.replicas.add().CopyFrom(s)
        r = parse_results(msg.SerializeToString())
        np.testing.assert_array_equal(r.metrics[metric.name].replica_ids, [0, 1, 2])
        np.testing.assert_array_equal(r.metrics[metric.name].replicas[0], series[0].values)


class LoadResultsRejects(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.data = synthetic.build_run_result(n_replicas=3).SerializeToString()

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def assert_rejected(self, path, *fragments):
        with self.assertRaises(BlocsimVizError) as cm:
            load_results(path)
        message = str(cm.exception)
        self.assertIn(path, message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        return message

    def test_truncated_inside_a_field(self):
        path = self.write("truncated.pb", self.data[: len(self.data) // 2])
        self.assert_rejected(path, "not a valid blocsim results file", "truncated")

    def test_truncated_at_a_field_boundary(self):
        # Cut just before the provenance record (field 15, written last): protobuf parses
        # this, so load_results must notice the missing provenance.
        msg = synthetic.build_run_result(n_replicas=3)
        provenance = msg.provenance.SerializeToString()
        cut = len(self.data) - len(provenance) - 2  # tag byte and one length byte
        self.assertEqual(self.data[cut], (15 << 3) | 2)
        path = self.write("cut.pb", self.data[:cut])
        self.assert_rejected(path, "truncated", "provenance")
        # ... which a reader of hand-made files can waive.
        r = load_results(path, require_provenance=False)
        self.assertEqual(r.provenance, {})

    def test_every_truncation_is_rejected(self):
        for cut in range(1, len(self.data), max(1, len(self.data) // 97)):
            with self.subTest(cut=cut):
                with self.assertRaises(BlocsimVizError):
                    parse_results(self.data[:cut], source="cut")

    def test_schema_version_2(self):
        msg = synthetic.build_run_result(n_replicas=3, schema_version=2)
        path = self.write("v2.pb", msg.SerializeToString())
        message = self.assert_rejected(path, "schema_version is 2", "schema_version 1")
        self.assertIn("supports", message)

    def test_schema_version_missing(self):
        msg = synthetic.build_run_result(n_replicas=3, schema_version=0)
        path = self.write("v0.pb", msg.SerializeToString())
        self.assert_rejected(path, "schema_version is 0", "schema_version 1")

    def test_empty_file(self):
        self.assert_rejected(self.write("empty.pb", b""), "empty")

    def test_not_protobuf(self):
        path = self.write("notes.pb", b"This is a text file, not a RunResult.\n" * 3)
        self.assert_rejected(path)

    def test_missing_file(self):
        self.assert_rejected(os.path.join(self.tmp.name, "absent.pb"), "cannot read")

    def test_a_fifo_or_device_is_refused_without_being_opened(self):
        # A FIFO would block the reader forever and /dev/zero would fill its memory.
        fifo = os.path.join(self.tmp.name, "pipe.pb")
        os.mkfifo(fifo)
        self.assert_rejected(fifo, "not a regular file")
        zero = os.path.join(self.tmp.name, "zero.pb")
        os.symlink("/dev/zero", zero)
        self.assert_rejected(zero, "not a regular file")
        self.assert_rejected(self.tmp.name, "is a folder")

    def test_metric_with_wrong_number_of_steps(self):
        msg = synthetic.build_run_result(n_replicas=3)
        del msg.metrics[2].steps[-1]
        path = self.write("short.pb", msg.SerializeToString())
        self.assert_rejected(path, msg.metrics[2].name, "71", "72")

    def test_bad_date(self):
        msg = synthetic.build_run_result(n_replicas=3)
        msg.dates[5] = "2025-13"
        self.assert_rejected(self.write("date.pb", msg.SerializeToString()), "2025-13")


if __name__ == "__main__":
    unittest.main()
