"""Telling the kinds of blocsim export apart from their bytes, before parsing them.

``blocsim run`` writes a ``RunResult`` and ``blocsim compare`` a ``Comparison``
(proto/blocsim/v1/results.proto). Both are protobuf messages without a type marker, and their
first fields line up (1 schema_version, 2 scenario_name / a_name, 4 seed, 5 replicas, 6 dates),
so parsing one as the other can half succeed. ``file_kind`` reads the wire format itself (no
protobuf parser, so nothing is logged for the wrong guess) and looks where the two differ:

- a RunResult's metrics (field 7) carry steps, a histogram or per-replica series (fields 4, 5
  and 6 of Metric), and the file may hold overrides (10) and parameter draws (11);
- a Comparison's metrics (field 7) hold only name, unit and dates (fields 1, 2, 3 of
  MetricDifference), and each date (field 3) is a DateDifference: a 'YYYY-MM' string (field 1)
  then doubles (fields 2 to 10).

It reads as far as the bytes allow, so a truncated file is still recognised by its first fields.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional, Tuple

RUN_RESULT = "RunResult"
COMPARISON = "Comparison"

_VARINT, _FIXED64, _LENGTH, _FIXED32 = 0, 1, 2, 5
_DATE = re.compile(rb"^\d{4}-\d{2}$")
_INSPECTED_METRICS = 4  # the first few metrics decide; the rest of the file is only skipped


class _End(Exception):
    """The bytes stop in the middle of a field, or are not protobuf."""


def _varint(data: bytes, pos: int) -> Tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise _End
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def _fields(data: bytes, state: Optional[dict] = None) -> Iterator[Tuple[int, int, object]]:
    """(field number, wire type, value) for each field, in order; a length-delimited value is a
    memoryview of its payload. Stops quietly where the data stop being protobuf; then
    ``state["complete"]`` (if a dict is given) is False."""
    if state is not None:
        state["complete"] = False
    pos = 0
    view = memoryview(data)
    while pos < len(data):
        try:
            tag, pos = _varint(data, pos)
            number, wire = tag >> 3, tag & 7
            if number == 0:
                raise _End
            if wire == _VARINT:
                value, pos = _varint(data, pos)
            elif wire == _FIXED64:
                if pos + 8 > len(data):
                    raise _End
                value, pos = view[pos:pos + 8], pos + 8
            elif wire == _FIXED32:
                if pos + 4 > len(data):
                    raise _End
                value, pos = view[pos:pos + 4], pos + 4
            elif wire == _LENGTH:
                size, pos = _varint(data, pos)
                if pos + size > len(data):
                    raise _End
                value, pos = view[pos:pos + size], pos + size
            else:  # groups (3, 4) and the reserved types: blocsim writes none
                raise _End
        except _End:
            return
        yield number, wire, value
    if state is not None:
        state["complete"] = True


def _is_date_difference(payload) -> bool:
    state: dict = {}
    fields = list(_fields(bytes(payload), state))
    if not state["complete"] or not fields or fields[0][:2] != (1, _LENGTH):
        return False
    return (bool(_DATE.match(bytes(fields[0][2])))
            and all(2 <= n <= 14 and w == _FIXED64 for n, w, _ in fields[1:]))


def _metric_kind(payload) -> Optional[str]:
    for number, wire, value in _fields(bytes(payload)):
        if number in (4, 5, 6) and wire == _LENGTH:
            return RUN_RESULT  # steps, final_histogram, replicas
        if number == 3 and wire == _LENGTH:
            # Metric.description (text) or MetricDifference.dates (a DateDifference).
            return COMPARISON if _is_date_difference(value) else RUN_RESULT
    return None


def file_kind(data: bytes) -> Optional[str]:
    """``"RunResult"``, ``"Comparison"``, or None when the bytes do not say (empty, not
    protobuf, or cut short before anything that tells the two apart)."""
    if not data:
        return None
    metrics_seen = 0
    weak = None  # a hint from fields 3 and 8, used when the metrics do not decide
    for number, wire, value in _fields(data):
        if number in (10, 11) and wire == _LENGTH:
            return RUN_RESULT  # overrides, parameter draws
        if number == 7 and wire == _LENGTH and metrics_seen < _INSPECTED_METRICS:
            metrics_seen += 1
            kind = _metric_kind(value)
            if kind:
                return kind
        elif number == 3 and wire == _LENGTH and weak is None:
            # RunResult.scenario_text is a scenario in text format; Comparison.b_name a name.
            text = bytes(value)
            weak = RUN_RESULT if (b"\n" in text or b":" in text) else COMPARISON
        elif number == 8 and wire == _LENGTH and weak is None:
            # RunResult.events are EventMark messages (a date first); Comparison.a_text is text.
            first = next(_fields(bytes(value)), None)
            weak = (RUN_RESULT if first and first[:2] == (1, _LENGTH)
                    and _DATE.match(bytes(first[2])) else COMPARISON)
    return weak
