"""Reading a run's results export (RunResult, proto/blocsim/v1/results.proto) into plain Python
and numpy objects.

``load_results(path)`` is the one entry point most users need; it returns a :class:`Results`.
Everything in it is a plain ``str``/``int``/``float``, a ``list``/``dict``, or a numpy array, so a
notebook can use it without knowing protobuf.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from typing import Dict, List, NamedTuple, Optional, Sequence

import numpy as np

from .errors import BlocsimVizError
from .wire import COMPARISON, file_kind

#: The RunResult.schema_version this package reads.
SUPPORTED_SCHEMA_VERSION = 1

#: The quantiles every StepSummary carries, in this order.
QUANTILE_PROBABILITIES = (0.05, 0.25, 0.5, 0.75, 0.95)

#: The headline metrics: the figures and the report are drawn for these names (a contract with
#: the model: see docs/OUTPUT.md).
HEADLINE_METRICS = (
    "adoption.world.origin.us",
    "adoption.world.origin.china",
    "adoption.world.open_weight",
    "compute.share.china",
    "compute.ratio.us_over_china",
    "quality.gap",
    "price.ratio.us_over_china",
    "bipolarity.index",
)

#: The regime indicators: each replica is in exactly one regime per month, so the mean of each
#: metric across replicas is the probability of that regime.
REGIME_METRICS = (
    "regime.us_led",
    "regime.china_led",
    "regime.symmetric_bipolar",
    "regime.asymmetric_bipolar",
    "regime.contested",
)

#: adoption.nation.<ISO3>.origin.china: a nation's share of developers on Chinese-origin models.
NATION_CHINA_SHARE_PATTERN = re.compile(r"^adoption\.nation\.([A-Z]{3})\.origin\.china$")

#: alignment.nation.<ISO3>: a nation's lean, -1 (China-led bloc) to +1 (US-led bloc).
NATION_ALIGNMENT_PATTERN = re.compile(r"^alignment\.nation\.([A-Z]{3})$")

# Nation names as the metrics' descriptions give them: "Alignment of United States (-1 ...)",
# "Share of United States's developers on models of Chinese labs".
_NATION_NAME_PATTERNS = (
    (NATION_ALIGNMENT_PATTERN, re.compile(r"^Alignment of (.+?)\s*(?:\(|$)")),
    (NATION_CHINA_SHARE_PATTERN, re.compile(r"^Share of (.+?)(?:'s|')? developers\b")),
)

_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class Event(NamedTuple):
    """A dated event of the scenario: ``Event("2026-07", "H200 licences (25% cut)")``.
    It is a tuple, so ``date, label = event`` works."""

    date: str
    label: str

    @property
    def month(self) -> np.datetime64:
        """The date as a numpy ``datetime64[M]``."""
        return np.datetime64(self.date, "M")


@dataclass
class Histogram:
    """Equal-width histogram of a metric's value at the last date, one count per replica.
    Bin i covers [edges[i], edges[i+1]); the last bin also holds values equal to ``hi``."""

    lo: float
    hi: float
    counts: np.ndarray  # int64, one per bin
    edges: np.ndarray  # float64, len(counts) + 1, from lo to hi

    @property
    def total(self) -> int:
        """Number of replicas counted."""
        return int(self.counts.sum())


@dataclass
class Metric:
    """One metric's distribution across replicas, month by month (arrays aligned with
    ``Results.dates``)."""

    name: str
    unit: str
    description: str
    mean: np.ndarray
    sd: np.ndarray
    min: np.ndarray
    max: np.ndarray
    #: p -> array of the p-quantile per date; p in QUANTILE_PROBABILITIES for files blocsim writes.
    quantiles: Dict[float, np.ndarray]
    #: End-of-run histogram, or None if the file has none for this metric.
    histogram: Optional[Histogram]
    #: Per-replica series, shape [replica, step], or None unless the run used --per-replica.
    replicas: Optional[np.ndarray] = None
    #: The replica index of each row of ``replicas`` (0-based), or None.
    replica_ids: Optional[np.ndarray] = None

    def quantile(self, p: float) -> np.ndarray:
        """The p-quantile per date, e.g. ``metric.quantile(0.05)``."""
        for key, values in self.quantiles.items():
            if abs(key - p) < 1e-9:
                return values
        available = ", ".join(f"{k:g}" for k in self.quantiles)
        raise KeyError(f"metric {self.name} has no {p:g}-quantile (it has {available or 'none'})")

    @property
    def median(self) -> np.ndarray:
        """The median per date."""
        return self.quantile(0.5)

    def has_quantiles(self, probabilities: Sequence[float] = QUANTILE_PROBABILITIES) -> bool:
        """Whether every quantile in ``probabilities`` is present."""
        return all(any(abs(k - p) < 1e-9 for k in self.quantiles) for p in probabilities)


@dataclass
class Results:
    """A run's results, as read by :func:`load_results`."""

    path: str  # where it was read from ("<bytes>" if parsed from memory)
    schema_version: int
    scenario_name: str
    description: str  # the scenario's one-line question
    scenario_text: str  # the full scenario as run, protobuf text format
    seed: int
    replicas: int
    dates: List[str]  # 'YYYY-MM', one per step
    months: np.ndarray  # the same dates as numpy datetime64[M]
    events: List[Event]
    metrics: Dict[str, Metric]  # in file order
    provenance: Dict[str, object] = field(default_factory=dict)
    #: Each uncertain parameter's draw in every replica, by path (e.g.
    #: 'market.leakage[hubs].rate' -> array of one value per replica, in replica order).
    parameters: Dict[str, np.ndarray] = field(default_factory=dict)

    def __repr__(self) -> str:
        span = f"{self.dates[0]}..{self.dates[-1]}" if self.dates else "no dates"
        return (f"<Results {self.scenario_name!r}: {self.replicas} replicas, seed {self.seed}, "
                f"{span} ({len(self.dates)} months), {len(self.metrics)} metrics, "
                f"{len(self.events)} events, from {self.path}>")

    def to_frame(self, per_replica: bool = False):
        """The results as one long pandas DataFrame, the table `blocsim export` writes: columns
        scenario, metric, unit, date, statistic, replica, value; statistic mean, sd, min, max,
        p05, p25, p50, p75, p95 (replica missing), with ``per_replica`` also 'value' rows for
        every replica (the file must come from `blocsim run --per-replica`), and each uncertain
        parameter's draws as metric 'parameter:<path>', statistic 'draw'. Needs pandas
        (Debian: python3-pandas)."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - depends on the machine
            raise ImportError("Results.to_frame needs pandas (apt-get install python3-pandas)") from e
        names = {0.05: "p05", 0.25: "p25", 0.5: "p50", 0.75: "p75", 0.95: "p95"}
        parts = []
        n = len(self.dates)
        for m in self.metrics.values():
            stats = [("mean", m.mean), ("sd", m.sd), ("min", m.min), ("max", m.max)]
            stats += [(names[p], v) for p, v in m.quantiles.items() if p in names]
            for statistic, values in stats:
                parts.append(pd.DataFrame({"metric": m.name, "unit": m.unit, "date": self.dates,
                                           "statistic": statistic, "replica": pd.NA,
                                           "value": np.asarray(values, dtype=float)}))
            if per_replica:
                if m.replicas is None:
                    raise BlocsimVizError(f"{self.path} has no per-replica series; make it with "
                                          "`blocsim run --per-replica`")
                for row, replica in zip(m.replicas, m.replica_ids):
                    parts.append(pd.DataFrame({"metric": m.name, "unit": m.unit,
                                               "date": self.dates, "statistic": "value",
                                               "replica": int(replica), "value": row[:n]}))
        for path, drawn in self.parameters.items():
            parts.append(pd.DataFrame({"metric": "parameter:" + path, "unit": pd.NA,
                                       "date": pd.NA, "statistic": "draw",
                                       "replica": np.arange(len(drawn)), "value": drawn}))
        frame = pd.concat(parts, ignore_index=True)
        frame.insert(0, "scenario", self.scenario_name)
        frame["replica"] = frame["replica"].astype("Int64")
        return frame

    def step_index(self, date: str) -> int:
        """The index of a 'YYYY-MM' date in ``dates`` (ValueError if the run has no such month)."""
        try:
            return self.dates.index(date)
        except ValueError:
            raise ValueError(f"{date!r} is not a date of this run "
                             f"({self.dates[0]}..{self.dates[-1]})") from None

    def missing_metrics(self, names: Sequence[str] = HEADLINE_METRICS) -> List[str]:
        """The names in ``names`` (default: the headline metrics) that the file does not have."""
        return [n for n in names if n not in self.metrics]

    def nation_china_shares(self) -> Dict[str, Metric]:
        """ISO3 code -> metric adoption.nation.<ISO3>.origin.china, for every nation in the file."""
        out = {}
        for name, metric in self.metrics.items():
            m = NATION_CHINA_SHARE_PATTERN.match(name)
            if m:
                out[m.group(1)] = metric
        return out

    def nation_alignments(self) -> Dict[str, Metric]:
        """ISO3 code -> metric alignment.nation.<ISO3> (the nation's lean: -1 China-led bloc,
        +1 US-led bloc), for every nation in the file."""
        out = {}
        for name, metric in self.metrics.items():
            m = NATION_ALIGNMENT_PATTERN.match(name)
            if m:
                out[m.group(1)] = metric
        return out

    def nation_names(self) -> Dict[str, str]:
        """ISO3 code -> the nation's name ('USA' -> 'United States'), as the descriptions of its
        metrics give it; nations whose metrics name none are left out."""
        out: Dict[str, str] = {}
        for name, metric in self.metrics.items():
            for metric_pattern, name_pattern in _NATION_NAME_PATTERNS:
                m = metric_pattern.match(name)
                if not m or m.group(1) in out:
                    continue
                found = name_pattern.match(metric.description.strip())
                if found and found.group(1).strip() and found.group(1).strip() != m.group(1):
                    out[m.group(1)] = found.group(1).strip()
        return out


def _generated_module():
    try:
        from blocsim.v1 import results_pb2  # generated by the CMake target blocsim_viz_proto
    except Exception as e:  # ImportError, or a protobuf runtime that rejects the module
        raise BlocsimVizError(
            "cannot import blocsim.v1.results_pb2, the Python module generated from "
            f"proto/blocsim/v1/results.proto ({type(e).__name__}: {e}). Build the CMake target "
            "blocsim_viz_proto and put <build>/viz/python on PYTHONPATH, e.g. "
            "PYTHONPATH=viz:build/viz/python /usr/bin/python3 -m blocsim_viz ...") from e
    return results_pb2


def load_results(path, *, require_provenance: bool = True) -> Results:
    """Read a results file written by ``blocsim run`` and check that it is complete.

    Raises BlocsimVizError, with a message that names the file, if the file cannot be read, is
    not a RunResult, is truncated, has a schema_version other than 1, or is inconsistent (e.g. a
    metric with a different number of months than the run).

    blocsim writes the provenance record (field 15) last, so a file cut short at a field
    boundary, which protobuf cannot detect by itself, is recognised by its missing provenance.
    Pass ``require_provenance=False`` to read a RunResult made by another tool without one.
    """
    path = os.fspath(path)
    return parse_results(read_input(path), source=path, require_provenance=require_provenance)


# The largest file the readers take: far above any run's (docs/OUTPUT.md gives the sizes), and
# small enough to refuse a wrong path before reading gigabytes.
LARGEST_INPUT_BYTES = 8 << 30


def read_input(path) -> bytes:
    """The bytes of a results or comparison file. It must be a regular file of at most
    LARGEST_INPUT_BYTES: a FIFO would block forever and /dev/zero would fill memory, so neither
    is opened. BlocsimVizError names the file otherwise."""
    path = os.fspath(path)
    try:
        info = os.stat(path)
    except OSError as e:
        raise BlocsimVizError(f"cannot read {path}: {e.strerror or e}") from None
    if stat.S_ISDIR(info.st_mode):
        raise BlocsimVizError(f"{path} is a folder, not a results file")
    if not stat.S_ISREG(info.st_mode):
        raise BlocsimVizError(f"{path} is not a regular file (a device, FIFO or socket); "
                              f"blocsim results are files")
    if info.st_size > LARGEST_INPUT_BYTES:
        raise BlocsimVizError(f"{path} is {info.st_size >> 20} MB, more than the "
                              f"{LARGEST_INPUT_BYTES >> 30} GB a results file can be")
    try:
        with open(path, "rb") as f:
            return f.read(LARGEST_INPUT_BYTES + 1)
    except OSError as e:
        raise BlocsimVizError(f"cannot read {path}: {e.strerror or e}") from None


def parse_results(data: bytes, *, source: str = "<bytes>",
                  require_provenance: bool = True) -> Results:
    """Like :func:`load_results`, from the serialized bytes; ``source`` names them in errors."""
    pb = _generated_module()
    if not data:
        raise BlocsimVizError(f"{source} is empty: it is not a blocsim results file (RunResult)")
    check_not_json(data, source)
    if file_kind(data) == COMPARISON:
        raise BlocsimVizError(
            f"{source} is a comparison (blocsim.v1.Comparison, written by `blocsim compare`), "
            f"not the results of a run (RunResult): `plot` draws it, and from Python "
            f"load_comparison() reads it")
    message = parse_message(pb.RunResult(), data, source,
                            "a valid blocsim results file (RunResult)")
    return results_from_message(message, source=source, require_provenance=require_provenance)


def check_not_json(data: bytes, source: str) -> None:
    """blocsim can also export JSON (`-o file.json`); this package reads the protobuf files."""
    if data.lstrip()[:1] in (b"{", b"["):
        raise BlocsimVizError(
            f"{source} is JSON; blocsim_viz reads the protobuf export: write it with "
            f"`-o FILE.pb`")


def parse_message(message, data: bytes, source: str, what: str):
    """Parse ``data`` into the protobuf ``message``; BlocsimVizError ("<source> is not <what>:
    ...") if the protobuf parser rejects it."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            message.ParseFromString(data)
        # The C++ parser reports some malformed input ("Unexpected end-group tag: Not all data
        # was converted") as a RuntimeWarning after a partial parse, not as an exception.
        for w in caught:
            if issubclass(w.category, RuntimeWarning):
                raise ValueError(str(w.message))
    except Exception as e:  # google.protobuf.message.DecodeError, or the C++ parser's own errors
        detail = str(e) or type(e).__name__
        raise BlocsimVizError(
            f"{source} is not {what}: the protobuf parser failed ({detail}); the file is "
            f"truncated, damaged, or of another kind") from None
    return message


def results_from_message(message, *, source: str = "<message>",
                         require_provenance: bool = True) -> Results:
    """Convert a parsed ``blocsim.v1.results_pb2.RunResult`` into :class:`Results`, with the
    same checks as :func:`load_results`."""
    def fail(what: str):
        raise BlocsimVizError(f"{source}: {what}")

    version = message.schema_version
    if version != SUPPORTED_SCHEMA_VERSION:
        if version == 0:
            fail(f"schema_version is 0 (unset), and this blocsim_viz supports schema_version "
                 f"{SUPPORTED_SCHEMA_VERSION} only: the file is not a blocsim results file "
                 f"(RunResult), or it is damaged")
        fail(f"schema_version is {version}, and this blocsim_viz supports schema_version "
             f"{SUPPORTED_SCHEMA_VERSION} only; read it with the blocsim_viz of the blocsim "
             f"version that wrote it")
    if require_provenance and not message.HasField("provenance"):
        fail("the file ends before its provenance record, which blocsim writes last: it is "
             "truncated (or was not written by blocsim; from Python, "
             "load_results(..., require_provenance=False) reads it anyway)")

    dates = list(message.dates)
    for i, d in enumerate(dates):
        m = _DATE_PATTERN.match(d)
        if not m or not 1 <= int(m.group(2)) <= 12:
            fail(f"date {i} is {d!r}, not a month in the form YYYY-MM")
    months = np.array(dates, dtype="datetime64[M]")
    if len(months) > 1 and not np.all(np.diff(months).astype(int) > 0):
        fail("the dates are not in increasing order")
    n_steps = len(dates)

    events = []
    for e in message.events:
        m = _DATE_PATTERN.match(e.date)
        if not m or not 1 <= int(m.group(2)) <= 12:
            fail(f"event {e.label!r} has date {e.date!r}, not a month in the form YYYY-MM")
        events.append(Event(e.date, e.label))

    metrics: Dict[str, Metric] = {}
    for mm in message.metrics:
        if not mm.name:
            fail("a metric has no name")
        if mm.name in metrics:
            fail(f"metric {mm.name} appears twice")
        metrics[mm.name] = _convert_metric(mm, n_steps, fail)

    provenance = provenance_dict(message)

    return Results(
        path=source,
        schema_version=version,
        scenario_name=message.scenario_name,
        description=message.scenario_description,
        scenario_text=message.scenario_text,
        seed=message.seed,
        replicas=message.replicas,
        dates=dates,
        months=months,
        events=events,
        metrics=metrics,
        provenance=provenance,
        parameters={p.path: np.asarray(p.values, dtype=float) for p in message.parameters},
    )


def provenance_dict(message) -> Dict[str, object]:
    """The message's provenance record as a dict ({} if it has none)."""
    if not message.HasField("provenance"):
        return {}
    p = message.provenance
    return {
        "program_version": p.program_version,
        "build_type": p.build_type,
        "wall_time_s": p.wall_time_s,
        "threads": p.threads,
        "processes": p.processes,
        "host": p.host,
        "started_at": p.started_at,
        "command_line": p.command_line,
    }


def is_month(text: str) -> bool:
    """Whether ``text`` is a month in the form YYYY-MM."""
    m = _DATE_PATTERN.match(text)
    return bool(m) and 1 <= int(m.group(2)) <= 12


def _convert_metric(mm, n_steps: int, fail) -> Metric:
    name = mm.name
    steps = mm.steps
    if len(steps) != n_steps:
        fail(f"metric {name} has {len(steps)} monthly summaries but the run has {n_steps} dates")
    mean = np.fromiter((s.mean for s in steps), dtype=float, count=n_steps)
    sd = np.fromiter((s.sd for s in steps), dtype=float, count=n_steps)
    lo = np.fromiter((s.min for s in steps), dtype=float, count=n_steps)
    hi = np.fromiter((s.max for s in steps), dtype=float, count=n_steps)

    quantiles: Dict[float, np.ndarray] = {}
    if n_steps:
        probabilities = [q.p for q in steps[0].quantiles]
        values = np.empty((len(probabilities), n_steps))
        for i, s in enumerate(steps):
            if len(s.quantiles) != len(probabilities) or any(
                    abs(q.p - p) > 1e-12 for q, p in zip(s.quantiles, probabilities)):
                fail(f"metric {name} has different quantiles at {i} than at the first date")
            for j, q in enumerate(s.quantiles):
                values[j, i] = q.value
        quantiles = {p: values[j] for j, p in enumerate(probabilities)}

    histogram = None
    if mm.HasField("final_histogram") and len(mm.final_histogram.counts) > 0:
        h = mm.final_histogram
        if not h.hi >= h.lo:
            fail(f"metric {name} has a histogram with hi {h.hi} below lo {h.lo}")
        counts = np.array(h.counts, dtype=np.int64)
        histogram = Histogram(lo=h.lo, hi=h.hi, counts=counts,
                              edges=np.linspace(h.lo, h.hi, len(counts) + 1))

    replicas = replica_ids = None
    if len(mm.replicas) > 0:
        series = sorted(mm.replicas, key=lambda r: r.replica)
        replica_ids = np.array([r.replica for r in series], dtype=np.int64)
        if len(np.unique(replica_ids)) != len(replica_ids):
            fail(f"metric {name} has two per-replica series for the same replica")
        replicas = np.empty((len(series), n_steps))
        for i, r in enumerate(series):
            if len(r.values) != n_steps:
                fail(f"metric {name}, replica {r.replica} has {len(r.values)} values but the run "
                     f"has {n_steps} dates")
            replicas[i] = r.values

    return Metric(name=name, unit=mm.unit, description=mm.description, mean=mean, sd=sd,
                  min=lo, max=hi, quantiles=quantiles, histogram=histogram, replicas=replicas,
                  replica_ids=replica_ids)
