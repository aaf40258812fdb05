"""The third-party modules blocsim_viz needs, checked before anything imports them, so that an
interpreter without them gets one clear line instead of a traceback.

Debian's /usr/bin/python3 has them once scripts/setup has installed python3-protobuf,
python3-numpy and python3-matplotlib; the ``python3`` first on PATH (pyenv, a virtualenv,
conda) may be another interpreter without them.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import List, Optional

#: (module, Debian package) pairs, in the order they are checked.
REQUIRED = (
    ("numpy", "python3-numpy"),
    ("matplotlib", "python3-matplotlib"),
    ("google.protobuf", "python3-protobuf"),
)


def _missing_one(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is None
    except (ImportError, ValueError):  # a parent package is missing, or a broken module
        return True


def missing_modules() -> List[str]:
    """The required modules this interpreter cannot find."""
    return [module for module, _ in REQUIRED if _missing_one(module)]


def _listing(items: List[str]) -> str:
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def message(missing: List[str], error: Optional[BaseException] = None) -> str:
    """One line: what is missing, with which interpreter, and what to do."""
    if not missing and isinstance(error, ModuleNotFoundError) and error.name:
        missing = [error.name]
    packages = {module: package for module, package in REQUIRED}
    names = _listing(missing) or "a required module"
    debian = _listing([packages.get(m, m) for m in missing] or list(packages.values()))
    detail = f" ({error})" if error is not None and not isinstance(error,
                                                                   ModuleNotFoundError) else ""
    return (f"the Python interpreter {sys.executable or 'python'} has no module"
            f"{'s' if len(missing) > 1 else ''} {names}"
            f"{detail}, which blocsim_viz needs: run it with /usr/bin/python3 (Debian's, with "
            f"{debian}), or run scripts/setup to install them; set BLOCSIM_PYTHON to choose the "
            f"interpreter of viz/run_viz")


def running_as_program() -> bool:
    """Whether the package is being imported by ``python -m blocsim_viz``: while it locates the
    module, runpy sets sys.argv[0] to '-m'."""
    return bool(sys.argv) and sys.argv[0] == "-m"


def fail(missing: List[str], error: Optional[BaseException] = None) -> None:
    """Under ``python -m blocsim_viz``: print the message as the command line's errors are
    printed and exit with status 2. Imported from Python: raise ImportError with it."""
    text = message(missing, error)
    if running_as_program():
        sys.stderr.write(f"blocsim viz: error: {text}\n")
        raise SystemExit(2)
    raise ImportError(f"blocsim_viz: {text}") from error


def check() -> None:
    """Fail (see :func:`fail`) unless every required module can be found and imported."""
    missing = missing_modules()
    if missing:
        fail(missing)
    for module, _ in REQUIRED:
        try:
            importlib.import_module(module)
        except ImportError as e:  # found but broken, e.g. numpy built for another Python
            fail([module] if not isinstance(e, ModuleNotFoundError) or not e.name
                 else [e.name], e)
