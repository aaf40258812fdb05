"""python -m blocsim_viz: the plot, report and info commands, and how errors reach the user
(exit status 2, one `blocsim viz: error:` line, no traceback)."""

import os
import subprocess
import sys
import tempfile
import unittest

import synthetic


def run_viz(*args):
    """Run `python -m blocsim_viz ARGS` with this interpreter and module path."""
    return subprocess.run([sys.executable, "-m", "blocsim_viz", *args], capture_output=True,
                          text=True, env=dict(os.environ), timeout=600)


class Cli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.good = os.path.join(cls.tmp.name, "baseline.pb")
        synthetic.write_run_result(cls.good, n_replicas=3, scenario_name="baseline")
        with open(cls.good, "rb") as f:
            data = f.read()
        cls.truncated = os.path.join(cls.tmp.name, "truncated.pb")
        with open(cls.truncated, "wb") as f:
            f.write(data[: len(data) * 2 // 3])
        cls.v2 = os.path.join(cls.tmp.name, "v2.pb")
        synthetic.write_run_result(cls.v2, n_replicas=3, schema_version=2)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_clean_error(self, proc, *fragments):
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertTrue(lines[0].startswith("blocsim viz: error: "), proc.stderr)
        for fragment in fragments:
            self.assertIn(fragment, proc.stderr)

    def test_truncated_file(self):
        out = os.path.join(self.tmp.name, "never")
        proc = run_viz("plot", self.truncated, "--out", out)
        self.assert_clean_error(proc, self.truncated, "truncated")
        self.assertFalse(os.path.exists(out))

    def test_schema_version_2(self):
        out = os.path.join(self.tmp.name, "v2.html")
        proc = run_viz("report", self.v2, "--out", out)
        self.assert_clean_error(proc, self.v2, "schema_version is 2", "schema_version 1")
        self.assertFalse(os.path.exists(out))

    def test_missing_file(self):
        proc = run_viz("info", os.path.join(self.tmp.name, "absent.pb"))
        self.assert_clean_error(proc, "absent.pb")

    def test_report_into_missing_directory(self):
        proc = run_viz("report", self.good, "--out", os.path.join(self.tmp.name, "no", "r.html"))
        self.assert_clean_error(proc, "does not exist")

    def test_usage_error(self):
        proc = run_viz("plot", self.good)  # no --out
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--out", proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)

    def test_help_teaches(self):
        for args in ((), ("plot",), ("report",), ("info",)):
            with self.subTest(args=args):
                proc = run_viz(*args, "--help")
                self.assertEqual(proc.returncode, 0)
                self.assertIn("example", proc.stdout)
                self.assertIn("blocsim_viz", proc.stdout)
        proc = run_viz("--help")
        for command in ("plot", "report", "info", "adoption.world.origin.china", "exit status"):
            self.assertIn(command, proc.stdout)

    def test_plot(self):
        out = os.path.join(self.tmp.name, "figures")
        proc = run_viz("plot", self.good, "--out", out, "--metric", "quality.gap",
                       "--metric", "not.a.metric")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("blocsim viz: warning:", proc.stderr)
        self.assertIn("not.a.metric", proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)
        written = proc.stdout.split()
        self.assertEqual(sorted(os.path.basename(p) for p in written), sorted(os.listdir(out)))
        self.assertEqual(sorted(os.listdir(out)), sorted(
            f"{s}.{e}" for s in ("fan_quality.gap", "hist_quality.gap", "regimes",
                                 "nations_china_share") for e in ("png", "svg")))

    def test_plot_two_files(self):
        other = os.path.join(self.tmp.name, "alt.pb")
        synthetic.write_run_result(other, n_replicas=3, seed=5, scenario_name="alt")
        out = os.path.join(self.tmp.name, "compare")
        proc = run_viz("plot", self.good, other, "--out", out, "--format", "png",
                       "--metric", "compute.share.china", "-q")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, "")
        self.assertEqual(sorted(os.listdir(out)),
                         ["alt", "baseline", "overlay_compute.share.china.png"])

    def test_short_out_option(self):
        """-o is --out, as in `blocsim plot` and `blocsim report`."""
        out = os.path.join(self.tmp.name, "short")
        proc = run_viz("plot", self.good, "-o", out, "--format", "png", "--metric",
                       "quality.gap", "--dpi", "60", "-q")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("fan_quality.gap.png", os.listdir(out))

    def test_report(self):
        out = os.path.join(self.tmp.name, "report.html")
        proc = run_viz("report", self.good, "--out", out)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(), out)
        with open(out, encoding="utf-8") as f:
            page = f.read()
        self.assertIn("baseline", page)
        self.assertNotIn("http", page)
        self.assertEqual([n for n in os.listdir(self.tmp.name) if n.endswith(".tmp")], [])

    def test_info(self):
        proc = run_viz("info", self.good)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        for text in ("baseline", "2025-01 .. 2030-12 (72 months)", "quality.gap",
                     "H200 licences (25% revenue cut)", "replicas     3"):
            self.assertIn(text, proc.stdout)

    def test_prog_name_from_environment(self):
        env = dict(os.environ, BLOCSIM_VIZ_PROG="blocsim plot")
        proc = subprocess.run([sys.executable, "-m", "blocsim_viz", "--help"],
                              capture_output=True, text=True, env=env, timeout=120)
        self.assertTrue(proc.stdout.startswith("usage: blocsim plot"))


if __name__ == "__main__":
    unittest.main()
