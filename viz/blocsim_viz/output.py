"""Writing output files atomically: to a temporary file in the same directory, then renamed over
the destination, so a failure never leaves a half-written file behind."""

from __future__ import annotations

import os
import re
import tempfile
from typing import Callable

from .errors import BlocsimVizError


def ensure_directory(path: str) -> None:
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as e:
        raise BlocsimVizError(f"cannot create the output directory {path}: "
                              f"{e.strerror or e}") from None
    if not os.path.isdir(path):
        raise BlocsimVizError(f"{path} exists and is not a directory")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str, write: Callable, binary: bool = True) -> str:
    """Call ``write(file)`` on a temporary file next to ``path`` and rename it to ``path`` once
    it is complete. Returns ``path``."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.",
                                   suffix=".tmp")
    except OSError as e:
        raise BlocsimVizError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as f:
            write(f)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise BlocsimVizError(f"cannot write {path}: {e.strerror or e}") from None
        raise
    return path


def safe_file_name(text: str) -> str:
    """A metric or scenario name made safe as (part of) a file name."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._")
    return cleaned or "unnamed"
