"""An interpreter without numpy (or matplotlib, or protobuf), such as the pyenv `python3` first on
PATH on some machines: `python -m blocsim_viz` and viz/run_viz must say in one line what is
missing and what to do (use /usr/bin/python3, or run scripts/setup), and exit with status 2;
`import blocsim_viz` raises an ImportError saying the same. No traceback either way.

Two ways of taking numpy away, both independent of what the machine has installed:
- `python -S`: without the site module, neither Debian's dist-packages nor any site-packages is
  on the module path, so numpy is genuinely not found (PYTHONPATH still gives the package);
- a directory first on PYTHONPATH whose `numpy` package fails to import as a missing module
  does (for viz/run_viz, which takes an interpreter path, not its options).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import synthetic

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_VIZ = os.path.join(SOURCE, "viz", "run_viz")


def generated_build_dir():
    """The build directory whose generated modules are on PYTHONPATH (<build>/viz/python)."""
    for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep):
        if os.path.isfile(os.path.join(entry, "blocsim", "v1", "results_pb2.py")):
            return os.path.dirname(os.path.dirname(os.path.abspath(entry)))
    return None


def without_numpy_interpreter():
    """`python3` on PATH if it is an interpreter that lacks numpy (else None)."""
    python = shutil.which("python3")
    if not python or os.path.realpath(python) == os.path.realpath(sys.executable):
        return None
    try:
        proc = subprocess.run([python, "-c", "import numpy"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return python if proc.returncode != 0 else None


class MissingModules(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.results = os.path.join(cls.tmp.name, "baseline.pb")
        synthetic.write_run_result(cls.results, n_replicas=3, scenario_name="baseline")
        # A numpy that is "not installed".
        cls.blocker = os.path.join(cls.tmp.name, "blocker")
        os.makedirs(os.path.join(cls.blocker, "numpy"))
        with open(os.path.join(cls.blocker, "numpy", "__init__.py"), "w") as f:
            f.write('raise ModuleNotFoundError("No module named \'numpy\'", name="numpy")\n')

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def environment(self, blocked: bool):
        env = dict(os.environ)
        if blocked:
            env["PYTHONPATH"] = os.pathsep.join([self.blocker, env.get("PYTHONPATH", "")])
        return env

    def assert_one_line(self, proc, *fragments):
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertTrue(lines[0].startswith("blocsim viz: error: "), proc.stderr)
        for fragment in ("numpy", "/usr/bin/python3", "scripts/setup", *fragments):
            self.assertIn(fragment, lines[0])
        self.assertEqual(proc.stdout, "")

    def test_module_without_site_packages(self):
        for args in (("info", self.results), ("plot", self.results, "--out",
                                               os.path.join(self.tmp.name, "never")),
                     ("--help",)):
            with self.subTest(args=args):
                proc = subprocess.run([sys.executable, "-S", "-m", "blocsim_viz", *args],
                                      capture_output=True, text=True, env=self.environment(False),
                                      timeout=120)
                self.assert_one_line(proc, sys.executable)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "never")))

    def test_module_with_numpy_blocked(self):
        proc = subprocess.run([sys.executable, "-m", "blocsim_viz", "info", self.results],
                              capture_output=True, text=True, env=self.environment(True),
                              timeout=120)
        self.assert_one_line(proc, "python3-numpy")

    def test_import_from_python(self):
        proc = subprocess.run([sys.executable, "-c", "import blocsim_viz"], capture_output=True,
                              text=True, env=self.environment(True), timeout=120)
        self.assertNotEqual(proc.returncode, 0)
        last = proc.stderr.strip().splitlines()[-1]
        self.assertTrue(last.startswith("ImportError: blocsim_viz: "), proc.stderr)
        self.assertIn("no module numpy", last)
        self.assertIn("/usr/bin/python3", last)

    @unittest.skipUnless(generated_build_dir(), "the generated modules are not on PYTHONPATH")
    def test_run_viz(self):
        env = self.environment(True)
        env.update(BLOCSIM_PYTHON=sys.executable, BLOCSIM_BUILD_DIR=generated_build_dir())
        proc = subprocess.run(["bash", RUN_VIZ, "info", self.results], capture_output=True,
                              text=True, env=env, timeout=120)
        self.assert_one_line(proc, sys.executable)

    def test_run_viz_without_interpreter(self):
        env = dict(os.environ, BLOCSIM_PYTHON=os.path.join(self.tmp.name, "no-such-python"))
        proc = subprocess.run(["bash", RUN_VIZ, "info", self.results], capture_output=True,
                              text=True, env=env, timeout=120)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)
        self.assertIn("no-such-python", proc.stderr)
        self.assertIn("BLOCSIM_PYTHON", proc.stderr)

    @unittest.skipUnless(without_numpy_interpreter(), "no python3 without numpy on PATH")
    def test_python3_on_path_without_numpy(self):
        python = without_numpy_interpreter()
        proc = subprocess.run([python, "-m", "blocsim_viz", "info", self.results],
                              capture_output=True, text=True, env=self.environment(False),
                              timeout=120)
        self.assert_one_line(proc)


if __name__ == "__main__":
    unittest.main()
