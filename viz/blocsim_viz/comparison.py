"""Reading a comparison export (Comparison, proto/blocsim/v1/results.proto), which
``blocsim compare A B -o comparison.pb`` writes, into plain Python and numpy objects.

``blocsim compare`` runs scenarios A and B with common random numbers: replica r of A and
replica r of B share every random stream the two scenarios have in common, so the per-replica
difference B - A measures the scenarios' difference rather than noise. For each metric and each
compared date the file holds the distribution of those paired differences across replicas
(mean, median, 95% interval), the probability that B > A, the medians of A and B, and, for
reference, the 95% interval of B - A with the replicas paired at random (what the interval
would be without common random numbers).

``load_comparison(path)`` returns a :class:`Comparison`; ``load_any(path)`` reads either kind
of export, whichever the file holds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, List, Sequence, Union

import numpy as np

from .errors import BlocsimVizError
from .results import (HEADLINE_METRICS, SUPPORTED_SCHEMA_VERSION, Results, _generated_module,
                      check_not_json, is_month, parse_message, parse_results, provenance_dict,
                      read_input)
from .wire import COMPARISON, RUN_RESULT, file_kind

#: The fields of a DateDifference that MetricDifference holds as arrays, one value per date.
DIFFERENCE_FIELDS = ("mean", "median", "lo", "hi", "p_b_greater", "a_median", "b_median",
                     "unpaired_lo", "unpaired_hi")


@dataclass
class MetricDifference:
    """The paired difference B - A of one metric, date by date (arrays aligned with
    ``Comparison.dates``)."""

    name: str
    unit: str
    mean: np.ndarray  # mean of B - A across replicas
    median: np.ndarray  # median of B - A across replicas
    lo: np.ndarray  # 2.5% quantile of the paired differences
    hi: np.ndarray  # 97.5% quantile of the paired differences
    p_b_greater: np.ndarray  # share of replicas in which B > A (ties count one half)
    a_median: np.ndarray  # median of A itself
    b_median: np.ndarray  # median of B itself
    unpaired_lo: np.ndarray  # 2.5% quantile of B - A with the replicas paired at random
    unpaired_hi: np.ndarray  # 97.5% quantile, same

    @property
    def width(self) -> np.ndarray:
        """Width of the paired 95% interval, per date."""
        return self.hi - self.lo

    @property
    def unpaired_width(self) -> np.ndarray:
        """Width of the unpaired 95% interval, per date."""
        return self.unpaired_hi - self.unpaired_lo


@dataclass
class Comparison:
    """A paired comparison of scenarios A and B, as read by :func:`load_comparison`."""

    path: str  # where it was read from ("<bytes>" if parsed from memory)
    schema_version: int
    a_name: str
    b_name: str
    a_text: str  # scenario A as run, protobuf text format
    b_text: str
    seed: int
    replicas: int
    dates: List[str]  # the compared months, 'YYYY-MM', in file order
    months: np.ndarray  # the same dates as numpy datetime64[M]
    metrics: Dict[str, MetricDifference]  # in file order
    provenance: Dict[str, object] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"<Comparison {self.b_name!r} minus {self.a_name!r}: {self.replicas} paired "
                f"replicas, seed {self.seed}, dates {', '.join(self.dates) or 'none'}, "
                f"{len(self.metrics)} metrics, from {self.path}>")

    def date_index(self, date: str) -> int:
        """The index of a 'YYYY-MM' date in ``dates`` (ValueError if it was not compared)."""
        try:
            return self.dates.index(date)
        except ValueError:
            raise ValueError(f"{date!r} is not a compared date "
                             f"({', '.join(self.dates) or 'none'})") from None

    def missing_metrics(self, names: Sequence[str] = HEADLINE_METRICS) -> List[str]:
        """The names in ``names`` (default: the headline metrics) that the file does not have."""
        return [n for n in names if n not in self.metrics]


def load_comparison(path, *, require_provenance: bool = True) -> Comparison:
    """Read a comparison file written by ``blocsim compare A B -o FILE.pb`` and check it.

    Raises BlocsimVizError, with a message that names the file, if the file cannot be read, is
    not a Comparison (e.g. the results of a run), is truncated, has a schema_version other than
    1, or is inconsistent (a metric whose dates differ from the comparison's).

    blocsim writes the provenance record (field 15) last, so a file cut short at a field
    boundary is recognised by its missing provenance; ``require_provenance=False`` reads a
    Comparison made by another tool without one.
    """
    path = os.fspath(path)
    return parse_comparison(read_input(path), source=path, require_provenance=require_provenance)


def parse_comparison(data: bytes, *, source: str = "<bytes>",
                     require_provenance: bool = True) -> Comparison:
    """Like :func:`load_comparison`, from the serialized bytes; ``source`` names them in
    errors."""
    pb = _generated_module()
    if not data:
        raise BlocsimVizError(f"{source} is empty: it is not a blocsim comparison file "
                              f"(Comparison)")
    check_not_json(data, source)
    if file_kind(data) == RUN_RESULT:
        raise BlocsimVizError(
            f"{source} holds the results of a run (blocsim.v1.RunResult, written by "
            f"`blocsim run`), not a comparison (Comparison, written by `blocsim compare`); "
            f"read it with load_results()")
    message = parse_message(pb.Comparison(), data, source,
                            "a valid blocsim comparison file (Comparison)")
    return comparison_from_message(message, source=source,
                                   require_provenance=require_provenance)


def comparison_from_message(message, *, source: str = "<message>",
                            require_provenance: bool = True) -> Comparison:
    """Convert a parsed ``blocsim.v1.results_pb2.Comparison`` into :class:`Comparison`, with
    the same checks as :func:`load_comparison`."""
    def fail(what: str):
        raise BlocsimVizError(f"{source}: {what}")

    version = message.schema_version
    if version != SUPPORTED_SCHEMA_VERSION:
        if version == 0:
            fail(f"schema_version is 0 (unset), and this blocsim_viz supports schema_version "
                 f"{SUPPORTED_SCHEMA_VERSION} only: the file is not a blocsim comparison file "
                 f"(Comparison), or it is damaged")
        fail(f"schema_version is {version}, and this blocsim_viz supports schema_version "
             f"{SUPPORTED_SCHEMA_VERSION} only; read it with the blocsim_viz of the blocsim "
             f"version that wrote it")
    if not message.a_name or not message.b_name:
        fail("the comparison does not name its scenarios (a_name, b_name): the file is not a "
             "blocsim comparison file (Comparison), or it is damaged")
    if require_provenance and not message.HasField("provenance"):
        fail("the file ends before its provenance record, which blocsim writes last: it is "
             "truncated (or was not written by blocsim; from Python, "
             "load_comparison(..., require_provenance=False) reads it anyway)")

    dates = list(message.dates)
    for i, d in enumerate(dates):
        if not is_month(d):
            fail(f"date {i} is {d!r}, not a month in the form YYYY-MM")
    months = np.array(dates, dtype="datetime64[M]")
    n = len(dates)

    metrics: Dict[str, MetricDifference] = {}
    for mm in message.metrics:
        if not mm.name:
            fail("a metric has no name")
        if mm.name in metrics:
            fail(f"metric {mm.name} appears twice")
        got = [d.date for d in mm.dates]
        if got != dates:
            fail(f"metric {mm.name} has differences at {len(got)} dates "
                 f"({', '.join(got) or 'none'}), not at the comparison's {n} "
                 f"({', '.join(dates) or 'none'})")
        arrays = {f: np.fromiter((getattr(d, f) for d in mm.dates), dtype=float, count=n)
                  for f in DIFFERENCE_FIELDS}
        metrics[mm.name] = MetricDifference(name=mm.name, unit=mm.unit, **arrays)

    return Comparison(
        path=source,
        schema_version=version,
        a_name=message.a_name,
        b_name=message.b_name,
        a_text=message.a_text,
        b_text=message.b_text,
        seed=message.seed,
        replicas=message.replicas,
        dates=dates,
        months=months,
        metrics=metrics,
        provenance=provenance_dict(message),
    )


def load_any(path, *, require_provenance: bool = True) -> Union[Results, Comparison]:
    """Read a blocsim export of either kind: the results of a run (``blocsim run``, returns
    :class:`Results`) or a comparison (``blocsim compare``, returns :class:`Comparison`). The
    kind is told from the bytes (see wire.py); the errors are those of the matching loader."""
    path = os.fspath(path)
    data = read_input(path)
    if data and file_kind(data) == COMPARISON:
        return parse_comparison(data, source=path, require_provenance=require_provenance)
    return parse_results(data, source=path, require_provenance=require_provenance)
