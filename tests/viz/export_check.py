"""`blocsim export` against the results file it came from: the CSV loads in pandas, and every
number in it is the number the protobuf holds, to the last bit (summary statistics, every
replica's value, every parameter draw).

Registered in tests/viz/CMakeLists.txt (viz.export_in_pandas) after a real run and export:
BLOCSIM_EXPORT_RESULTS names the results file (made with --per-replica), BLOCSIM_EXPORT_CSV the
output of `blocsim export FILE --per-replica`.
"""

import os
import unittest

import numpy as np
import pandas as pd

from blocsim_viz import load_results

STATISTICS = {"mean", "sd", "min", "max", "p05", "p25", "p50", "p75", "p95"}


class ExportInPandas(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.results = load_results(os.environ["BLOCSIM_EXPORT_RESULTS"])
        # Dates as text; the value column as float64. pandas' default float parser can be one
        # unit in the last place off; "round_trip" reads the 17 digits back exactly.
        cls.frame = pd.read_csv(os.environ["BLOCSIM_EXPORT_CSV"], float_precision="round_trip",
                                dtype={"date": "string", "unit": "string"})

    def test_columns_and_kinds_of_row(self):
        self.assertEqual(list(self.frame.columns),
                         ["scenario", "metric", "unit", "date", "statistic", "replica", "value"])
        self.assertEqual(set(self.frame["scenario"]), {self.results.scenario_name})
        self.assertEqual(set(self.frame["statistic"]), STATISTICS | {"value", "draw"})
        self.assertEqual(self.frame["value"].dtype, np.float64)

    def test_summaries_equal_the_files(self):
        summary = self.frame[self.frame["statistic"].isin(STATISTICS)]
        wide = summary.pivot_table(index=["metric", "date"], columns="statistic",
                                   values="value", aggfunc="first")
        dates = list(self.results.dates)
        checked = 0
        for name, metric in self.results.metrics.items():
            rows = wide.loc[name].reindex(dates)
            np.testing.assert_array_equal(rows["mean"].to_numpy(), metric.mean, err_msg=name)
            np.testing.assert_array_equal(rows["p50"].to_numpy(), metric.quantile(0.5),
                                          err_msg=name)
            np.testing.assert_array_equal(rows["p95"].to_numpy(), metric.quantile(0.95),
                                          err_msg=name)
            checked += 1
        self.assertEqual(checked, len(self.results.metrics))

    def test_every_replica_and_draw_is_there(self):
        values = self.frame[self.frame["statistic"] == "value"]
        replicas = self.results.replicas
        self.assertEqual(sorted(values["replica"].astype(int).unique()), list(range(replicas)))
        gap = values[values["metric"] == "quality.gap"].pivot_table(
            index="date", columns="replica", values="value", aggfunc="first")
        metric = self.results.metrics["quality.gap"]
        by_replica = gap.reindex(list(self.results.dates)).to_numpy().T  # [replica, step]
        np.testing.assert_array_equal(by_replica[metric.replica_ids], metric.replicas)
        draws = self.frame[self.frame["statistic"] == "draw"]
        self.assertTrue(self.results.parameters, "the run drew no uncertain parameter")
        for path, drawn in self.results.parameters.items():
            mine = draws[draws["metric"] == "parameter:" + path].sort_values("replica")
            np.testing.assert_array_equal(mine["value"].to_numpy(), np.asarray(drawn),
                                          err_msg=path)

    def test_to_frame_is_the_export(self):
        # The Python package's DataFrame and the command's CSV: the same rows, the same numbers.
        key = ["metric", "date", "statistic", "replica"]
        mine = self.results.to_frame(per_replica=True)
        csv = self.frame.copy()
        csv["replica"] = csv["replica"].astype("Int64")
        self.assertEqual(len(mine), len(csv))
        self.assertEqual(list(mine.columns), list(csv.columns))
        a = mine.sort_values(key, na_position="first").reset_index(drop=True)
        b = csv.sort_values(key, na_position="first").reset_index(drop=True)
        np.testing.assert_array_equal(a["value"].to_numpy(), b["value"].to_numpy())
        self.assertTrue((a["metric"].to_numpy() == b["metric"].to_numpy()).all())


if __name__ == "__main__":
    unittest.main()
