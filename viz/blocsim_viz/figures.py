"""The standard figures of a blocsim run. Every function returns a matplotlib Figure (not
registered with pyplot: nothing is shown, no global state is touched); ``plot_all`` also writes
them as PNG and SVG.

Figures, and the names plot_all writes them under:

- fan_<metric>       fan chart of one metric over time: median line, 25-75% and 5-95% bands
- hist_<metric>      histogram of the metric's value at the last date, across replicas
- regimes            probability of each regime over time, as a stacked area
- nations_china_share  each nation's median share of developers on Chinese-origin models at
                     the last date, sorted, with 25-75% whiskers
- overlay_<metric>   fan charts of several runs (scenarios) on one axis, one colour per run
"""

from __future__ import annotations

import io
import os
import warnings
from contextlib import contextmanager
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import matplotlib as mpl
import numpy as np
from matplotlib import dates as mdates
from matplotlib import ticker
from matplotlib import transforms as mtransforms
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.patches import Patch

from . import style
from .errors import BlocsimVizError, BlocsimVizWarning
from .output import atomic_write, ensure_directory, safe_file_name
from .results import HEADLINE_METRICS, REGIME_METRICS, Metric, Results

DEFAULT_FORMATS = ("png", "svg")

# Band opacity in overlays: lighter than in a fan chart, so that several scenarios' bands can
# overlap and stay told apart (the 5-95% band also has dashed edges).
OVERLAY_OUTER_ALPHA = 0.05
OVERLAY_INNER_ALPHA = 0.16

# Artist labels (matplotlib "label" property) that identify the parts of a figure, for tests
# and for anyone post-processing a Figure.
MAIN_AXES = "main"
EVENTS_AXES = "events"


@contextmanager
def _style():
    with mpl.rc_context(style.RC):
        yield


# --------------------------------------------------------------------------------------------
# Shared pieces: figure with an optional event strip, date axis, value axis, legend below.


def _x(months: np.ndarray) -> np.ndarray:
    """Month values as matplotlib-ready datetime64 (first day of the month)."""
    return np.asarray(months, dtype="datetime64[M]").astype("datetime64[D]")


def _new_figure(figsize: Tuple[float, float], with_events: bool):
    """A constrained-layout figure with a main axes and, if there are events, a thin strip
    above it (sharing the date axis) that holds the event labels."""
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)  # gives the figure a renderer, to measure text before saving
    if with_events:
        gs = fig.add_gridspec(2, 1, height_ratios=[0.6, figsize[1] - 1.4], hspace=0.0)
        strip = fig.add_subplot(gs[0])
        ax = fig.add_subplot(gs[1], sharex=strip)
        strip.set_label(EVENTS_AXES)
        strip.axis("off")
    else:
        gs = None
        strip = None
        ax = fig.add_subplot()
    ax.set_label(MAIN_AXES)
    return fig, ax, strip, gs


def _titles(fig: Figure, top_ax, title: str, subtitle: str) -> None:
    # About as many bold title characters as fit across the figure, so a long title wraps.
    columns = int(9.2 * fig.get_size_inches()[0])
    fig.suptitle(style.literal(style.wrap(title, columns)), x=0.01, ha="left",
                 fontsize=style.TITLE_SIZE, fontweight="bold")
    if subtitle:
        top_ax.set_title(subtitle, loc="left", fontsize=style.SUBTITLE_SIZE, color=style.NEUTRAL)


def figure_title(fig: Figure) -> str:
    """The figure's title (its suptitle), or ''."""
    title = fig._suptitle  # Figure.get_suptitle() needs matplotlib 3.8; Debian 12 has 3.6
    return title.get_text() if title is not None else ""


def _layout(fig: Figure):
    """Run the constrained layout once, so that text and axes can be measured; returns the
    renderer. Later steps (event rows, a legend under the axes, the title's x) only change
    the figure vertically, so one pass serves them all; the final layout runs when saving."""
    if not getattr(fig, "_blocsim_laid_out", False):
        fig.draw_without_rendering()
        fig._blocsim_laid_out = True
    return fig.canvas.get_renderer()


def _finish(fig: Figure, ax) -> Figure:
    """Lay the figure out, then start the title where the axes (and the subtitle) start, if
    it fits there."""
    renderer = _layout(fig)
    title = fig._suptitle  # the Text that Figure.suptitle made
    if title is not None:
        width = title.get_window_extent(renderer).width / fig.bbox.width
        x0 = ax.get_position().x0
        if x0 + width <= 0.99:
            title.set_x(x0)
    return fig


def _format_date_axis(ax, months: np.ndarray) -> None:
    x = _x(months)
    span = int((months[-1] - months[0]).astype(int)) + 1 if len(months) else 0
    if span > 36:
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))
        rotation = 0
    elif span > 12:
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.xaxis.set_minor_locator(mdates.MonthLocator())
        rotation = 30
    else:
        ax.xaxis.set_major_locator(mdates.MonthLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        rotation = 30
    for label in ax.get_xticklabels():
        label.set_rotation(rotation)
        label.set_horizontalalignment("right" if rotation else "center")
    ax.tick_params(axis="x", which="major", labelrotation=rotation)
    if len(x) > 1:
        ax.set_xlim(x[0], x[-1])
    ax.grid(True, axis="x", which="major")


def _format_value_axis(ax, unit: str, values: np.ndarray, axis: str = "y",
                       label: Optional[str] = None) -> None:
    """Tick labels, the axis label (``label``, else one made from ``unit``) and, for shares,
    a start at 0 when the data are not far from it."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(style.axis_formatter(unit, values))
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(label or style.axis_label(unit))
    finite = values[np.isfinite(values)]
    # Shares start at 0%, unless the data sit far from it and would be squashed flat.
    if (style.is_share(unit) and np.size(finite) and finite.min() >= 0
            and finite.min() <= 0.5 * finite.max()):
        if axis == "y":
            ax.set_ylim(bottom=0)
        else:
            ax.set_xlim(left=0)


def _reference_line(ax, unit: str, values: np.ndarray) -> None:
    """Parity (1x) for ratios, zero for signed quantities, when the data come near it."""
    finite = values[np.isfinite(values)]
    if not np.size(finite):
        return
    lo, hi = float(finite.min()), float(finite.max())
    pad = 0.1 * (hi - lo if hi > lo else abs(hi) or 1.0)
    if unit.strip().lower() in style.RATIO_UNITS:
        level, text = 1.0, "parity"
    elif lo < 0 < hi or (lo - pad < 0 < hi + pad and not style.is_share(unit)):
        level, text = 0.0, None
    else:
        return
    if not lo - pad <= level <= hi + pad:
        return
    ax.axhline(level, color=style.NEUTRAL, lw=0.8, ls=":", zorder=1.5, label="_reference")
    if text:
        ax.annotate(text, xy=(1, level), xycoords=ax.get_yaxis_transform(), xytext=(-3, 2),
                    textcoords="offset points", ha="right", va="bottom",
                    fontsize=style.EVENT_FONT_SIZE, color=style.NEUTRAL)


def _legend_below(fig: Figure, ax, handles, labels, ncol: Optional[int] = None, **kwargs):
    """A legend under the axes, clear of the date tick labels (measured, not guessed)."""
    renderer = _layout(fig)
    axis_box = ax.xaxis.get_tightbbox(renderer)
    ax_box = ax.get_window_extent(renderer)
    drop_in = max(0.0, (ax_box.y0 - axis_box.y0) / fig.dpi) + 0.06
    offset = mtransforms.ScaledTranslation(0, -drop_in, fig.dpi_scale_trans)
    return ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                     bbox_transform=ax.transAxes + offset, borderaxespad=0.0,
                     ncol=ncol or len(handles), **kwargs)


def _truncate(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "\u2026"


#: The event strip holds at most this many rows of labels.
MAX_EVENT_ROWS = 4
#: A month (of one colour) with more events than this gets one label: "<first> (+N more)".
MAX_LABELS_PER_MONTH = 2
# Ever more compact labellings, tried in turn until the labels fit in MAX_EVENT_ROWS rows:
# (labels per month, characters per label, inches within which neighbouring months share one
# label).
_EVENT_LABELLINGS = ((MAX_LABELS_PER_MONTH, 48, 0.0), (1, 48, 0.0), (1, 40, 0.35),
                     (1, 32, 0.8), (1, 26, 1.6), (1, 22, 3.2), (1, 18, 6.4))


def _group_events(marks: Sequence[Tuple[np.datetime64, str, str]]):
    """The marks grouped by month and colour, in date order, each group's labels in the order
    given (the scenario's) without repeats: [(month, colour, [label, ...]), ...]."""
    groups: Dict[Tuple[str, str], Tuple[np.datetime64, str, List[str]]] = {}
    for month, label, colour in marks:
        key = (str(month), colour)
        group = groups.setdefault(key, (month, colour, []))
        if label not in group[2]:
            group[2].append(label)
    return sorted(groups.values(), key=lambda g: (g[0], g[1]))


def event_labels(labels: Sequence[str], per_month: int = MAX_LABELS_PER_MONTH,
                 limit: int = 48, until: str = "") -> List[str]:
    """The labels one month's events get in the strip: each its own (cut to ``limit``
    characters) while there are at most ``per_month``, else one, the first event's, with how
    many more there are (``until``: the last month they reach, when they span several)."""
    if len(labels) <= per_month:
        return [_truncate(label, limit) for label in labels]
    more = f" (+{len(labels) - 1} more{', to ' + until if until else ''})"
    return [_truncate(labels[0], limit) + more]


def _pack_rows(intervals: Sequence[Tuple[float, float]], gap: float) -> Tuple[List[int], int]:
    """Greedy packing of [start, end) intervals (in order) into rows with ``gap`` between
    neighbours: the row of each and the number of rows."""
    row_ends: List[float] = []
    rows = []
    for start, end in intervals:
        for r, row_end in enumerate(row_ends):
            if start >= row_end + gap:
                row_ends[r] = end
                rows.append(r)
                break
        else:
            row_ends.append(end)
            rows.append(len(row_ends) - 1)
    return rows, len(row_ends)


def _mark_events(fig: Figure, ax, strip, gs, marks: Sequence[Tuple[np.datetime64, str, str]]):
    """Vertical lines at the events' months in ``ax``, and their labels in ``strip``, packed
    into as few rows as keep every label clear of every other.

    ``marks`` are (month, label, colour). Events of the same month and colour share one line;
    a month with many events (a scenario that does everything at once) gets one label naming
    the first and counting the others, and the labels are shortened until they fit in
    MAX_EVENT_ROWS rows, so the strip never grows past that. Returns the number of rows."""
    if strip is None or not marks:
        return 0
    groups = _group_events(marks)
    renderer = _layout(fig)
    ax_box = ax.get_window_extent(renderer)
    width_in = ax_box.width / fig.dpi
    x0, x1 = ax.get_xlim()
    pad_in = 4 / 72  # gap between the line and its label, and between labels

    positions = []
    for month, colour, _labels in groups:
        xv = mdates.date2num(np.datetime64(month, "D"))
        ax.axvline(xv, color=colour, lw=0.8, ls=(0, (4, 2)), alpha=0.8, zorder=1.6,
                   label="_event")
        positions.append(xv)

    positions_in = [(xv - x0) / (x1 - x0) * width_in for xv in positions]
    for per_month, limit, cluster_in in _EVENT_LABELLINGS:
        # Months closer than cluster_in to the first of a run of months share its label.
        clusters: List[List[int]] = []
        for k, pos in enumerate(positions_in):
            if (clusters and pos - positions_in[clusters[-1][0]] < cluster_in
                    and groups[k][1] == groups[clusters[-1][0]][1]):
                clusters[-1].append(k)
            else:
                clusters.append([k])
        texts = []
        intervals = []
        for members in clusters:
            first = members[0]
            xv, pos_in, colour = positions[first], positions_in[first], groups[first][1]
            labels = [label for k in members for label in groups[k][2]]
            until = style.month_label(str(groups[members[-1]][0])) if len(members) > 1 else ""
            for label in event_labels(labels, per_month if len(members) == 1 else 0, limit,
                                      until):
                text = strip.text(xv, 0.5, style.literal(label),
                                  transform=strip.get_xaxis_transform(),
                                  fontsize=style.EVENT_FONT_SIZE, color=colour, va="center",
                                  ha="left", zorder=3, clip_on=False,
                                  bbox=dict(boxstyle="square,pad=0.12", fc="white", ec="none"))
                w_in = text.get_window_extent(renderer).width / fig.dpi
                if pos_in + pad_in + w_in > width_in and pos_in - pad_in - w_in >= 0:
                    text.set_horizontalalignment("right")
                    start, end = pos_in - pad_in - w_in, pos_in
                else:
                    start, end = pos_in, pos_in + pad_in + w_in
                texts.append((text, xv, colour))
                intervals.append((start, end))
        rows, n_rows = _pack_rows(intervals, pad_in)
        if n_rows <= MAX_EVENT_ROWS:
            break
        if (per_month, limit, cluster_in) != _EVENT_LABELLINGS[-1]:
            for text, _xv, _colour in texts:
                text.remove()
    if n_rows > MAX_EVENT_ROWS:  # even the shortest labels do not fit: drop the excess rows
        kept = [(t, r) for t, r in zip(texts, rows) if r < MAX_EVENT_ROWS]
        for t, r in zip(texts, rows):
            if r >= MAX_EVENT_ROWS:
                t[0].remove()
        texts, rows = [t for t, _ in kept], [r for _, r in kept]
        n_rows = MAX_EVENT_ROWS

    for (text, xv, colour), row in zip(texts, rows):
        y = (row + 0.5) / n_rows
        offset = (pad_in if text.get_horizontalalignment() == "left" else -pad_in)
        text.set_y(y)
        text.set_transform(strip.get_xaxis_transform() + mtransforms.ScaledTranslation(
            offset, 0, fig.dpi_scale_trans))
        strip.plot([xv, xv], [0, y], transform=strip.get_xaxis_transform(), color=colour,
                   lw=0.8, ls=(0, (4, 2)), alpha=0.8, zorder=1, clip_on=False, label="_event")
        strip.plot([xv], [y], transform=strip.get_xaxis_transform(), marker="o", ms=2.5,
                   color=colour, zorder=2, clip_on=False, label="_event")

    # Give the strip exactly the height its rows need, keeping the main axes' height.
    row_in = style.EVENT_FONT_SIZE * 1.8 / 72
    strip_in = n_rows * row_in + 0.04
    main_in = ax_box.height / fig.dpi
    old_strip_in = strip.get_window_extent(renderer).height / fig.dpi
    w, h = fig.get_size_inches()
    fig.set_size_inches(w, h + strip_in - old_strip_in)
    gs.set_height_ratios([strip_in, main_in])
    return n_rows


def _event_marks(results: Results, colour: str = style.EVENT):
    if not len(results.months):
        return []
    first, last = results.months[0], results.months[-1]
    return [(e.month, e.label, colour) for e in results.events if first <= e.month <= last]


def _subtitle(results: Results, extra: str = "") -> str:
    parts = [f"Scenario \u201c{results.scenario_name}\u201d", f"{results.replicas} replicas"]
    text = style.literal(", ".join(parts))
    return f"{extra}\n{text}" if extra else text


def _value_axis(metric: Metric) -> Tuple[str, str]:
    """(unit the numbers are written in, axis label) of a metric, from its unit and
    description: an index reads 'index (0 to 1)', a share says of what."""
    unit = style.display_unit(metric.name, metric.unit)
    return unit, style.value_label(metric.name, metric.unit, metric.description)


def _plain(metric: Metric, width: int = 110) -> str:
    """The metric's description in plain words, wrapped for a subtitle."""
    return style.literal(style.wrap(style.plain_description(metric.name, metric.description),
                                    width))


def _metric(results: Results, name: str) -> Metric:
    try:
        return results.metrics[name]
    except KeyError:
        raise BlocsimVizError(f"{results.path}: there is no metric {name} in this file") from None


def _band_values(metric: Metric) -> Dict[float, np.ndarray]:
    if not metric.has_quantiles():
        raise BlocsimVizError(f"metric {metric.name} lacks the 5, 25, 50, 75 and 95% quantiles "
                              f"a fan chart needs")
    return {p: metric.quantile(p) for p in (0.05, 0.25, 0.5, 0.75, 0.95)}


# --------------------------------------------------------------------------------------------
# The figures.


def fan_chart(results: Results, metric_name: str) -> Figure:
    """Fan chart of one metric: the median across replicas month by month, with the 25-75% and
    5-95% bands, and the scenario's dated events marked."""
    metric = _metric(results, metric_name)
    q = _band_values(metric)
    marks = _event_marks(results)
    unit, label = _value_axis(metric)
    with _style():
        fig, ax, strip, gs = _new_figure(style.FAN_FIGSIZE, bool(marks))
        x = _x(results.months)
        colour = style.metric_colour(metric_name)
        outer = ax.fill_between(x, q[0.05], q[0.95], color=colour, alpha=style.BAND_OUTER_ALPHA,
                                lw=0, label="5\u201395% of replicas")
        inner = ax.fill_between(x, q[0.25], q[0.75], color=colour, alpha=style.BAND_INNER_ALPHA,
                                lw=0, label="25\u201375% of replicas")
        (median,) = ax.plot(x, q[0.5], color=colour, lw=2.0, label="median", zorder=3)
        values = np.concatenate([q[0.05], q[0.95]])
        _format_value_axis(ax, unit, values, label=label)
        _reference_line(ax, unit, values)
        _format_date_axis(ax, results.months)
        _titles(fig, strip if strip is not None else ax,
                style.metric_title(metric_name, metric.description),
                _subtitle(results, _plain(metric)))
        _mark_events(fig, ax, strip, gs, marks)
        _legend_below(fig, ax, [median, inner, outer],
                      [median.get_label(), inner.get_label(), outer.get_label()])
    return _finish(fig, ax)


def end_values(metric: Metric) -> Optional[np.ndarray]:
    """Each replica's value at the last date, from the per-replica series (None without
    them)."""
    if metric.replicas is None or metric.replicas.size == 0:
        return None
    values = metric.replicas[:, -1]
    values = values[np.isfinite(values)]
    return values if values.size else None


def replica_bin_edges(values: np.ndarray) -> np.ndarray:
    """Bin edges at round numbers over the replicas' range, about 2 sqrt(n) bins (10 to 40)."""
    lo, hi = float(values.min()), float(values.max())
    target = int(np.clip(np.ceil(2 * np.sqrt(values.size)), 10, 40))
    ticks = ticker.MaxNLocator(nbins=target, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
    first = max(int(np.searchsorted(ticks, lo, side="right")) - 1, 0)
    last = min(int(np.searchsorted(ticks, hi, side="left")), len(ticks) - 1)
    edges = ticks[first:last + 1]
    if len(edges) < 2 or edges[0] > lo or edges[-1] < hi:
        edges = np.linspace(lo, hi, target + 1)
    return edges


def _histogram_bins(metric: Metric, results: Results):
    """(edges, counts, how they were made) for the end-of-run histogram: from the per-replica
    values with round, fine bins when the file has them, else the run's own bins."""
    values = end_values(metric)
    if values is not None:
        lo, hi = float(values.min()), float(values.max())
        if hi > lo:
            edges = replica_bin_edges(values)
            counts, _ = np.histogram(values, bins=edges)
        else:  # every replica ended at the same value: one bar of a visible width
            half = 0.02 * (abs(lo) or 1.0)
            edges, counts = np.array([lo - half, lo + half]), np.array([values.size])
        return edges, counts, "replicas"
    h = metric.histogram
    if h is None or h.total == 0:
        raise BlocsimVizError(f"{results.path}: metric {metric.name} has no end-of-run histogram")
    if h.hi > h.lo:
        return h.edges, h.counts, "run"
    half = 0.02 * (abs(h.lo) or 1.0)
    return np.array([h.lo - half, h.lo + half]), np.array([h.total]), "run"


def histogram_chart(results: Results, metric_name: str) -> Figure:
    """Histogram of a metric's value at the last date, one count per replica, with the median
    and the 5% and 95% quantiles marked. With per-replica series in the file (``blocsim run
    --per-replica``) the bins are drawn from each replica's value, at round numbers and about
    2 sqrt(replicas) of them; without, they are the run's own (equal bins over the metric's
    whole range). Either way the axis spans the occupied bins, with a margin."""
    metric = _metric(results, metric_name)
    edges, counts, source = _histogram_bins(metric, results)
    unit, label = _value_axis(metric)
    with _style():
        fig = Figure(figsize=style.HIST_FIGSIZE, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_label(MAIN_AXES)
        colour = style.metric_colour(metric_name)
        ax.bar(edges[:-1], counts, width=np.diff(edges), align="edge", color=colour,
               alpha=0.75, edgecolor="white", linewidth=0.6, label="replicas per bin")
        ax.grid(False, axis="x")
        last = len(results.dates) - 1
        handles = []
        marked = []
        if last >= 0 and metric.has_quantiles():
            for p, ls, name in ((0.5, "-", "median"), (0.05, "--", "5% and 95%"),
                                (0.95, "--", "_95%")):
                value = metric.quantile(p)[last]
                marked.append(value)
                line = ax.axvline(value, color=style.INK, lw=1.3, ls=ls, label=name)
                if not name.startswith("_"):
                    handles.append(line)
        # Show the occupied bins (and the quantile lines), not the whole range of the bins.
        occupied = np.nonzero(counts)[0]
        left, right = (edges[occupied[0]], edges[occupied[-1] + 1]) if occupied.size else (
            edges[0], edges[-1])
        finite = [v for v in marked if np.isfinite(v)]
        left, right = min([left] + finite), max([right] + finite)
        bin_width = float(np.min(np.diff(edges)))
        margin = max(0.6 * bin_width, 0.08 * (right - left))
        view = [left - margin, right + margin]
        if source == "run":  # no data beyond the run's bins
            view = [max(view[0], edges[0]), min(view[1], edges[-1])]
        ax.set_xlim(*view)
        _format_value_axis(ax, unit, np.array(view), axis="x", label=label)
        ax.set_ylabel("replicas")
        ax.yaxis.get_major_locator().set_params(integer=True)
        when = style.month_label(results.dates[-1]) if results.dates else "the end of the run"
        width_text = style.format_value(bin_width, unit)
        if source == "replicas":
            how = (f"Each replica's value in {when} (from the per-replica series), in bins "
                   f"{width_text} wide")
        else:
            how = (f"The run's end-of-run histogram: {len(counts)} bins {width_text} wide, "
                   f"zoomed to those with replicas (finer bins: blocsim run --per-replica)")
        _titles(fig, ax, f"{style.metric_title(metric_name, metric.description)}, {when}",
                _subtitle(results, style.literal(style.wrap(how, 100))))
        if handles:
            ax.legend(handles, [hd.get_label() for hd in handles], loc="upper left",
                      bbox_to_anchor=(1.01, 1.0))
    return _finish(fig, ax)


def regimes_chart(results: Results) -> Figure:
    """The probability of each regime (US-led, China-led, symmetric bipolar, asymmetric bipolar)
    month by month, as a stacked area: the mean of each regime indicator across replicas."""
    present = [name for name in REGIME_METRICS if name in results.metrics]
    if not present:
        raise BlocsimVizError(f"{results.path}: no regime metrics ({', '.join(REGIME_METRICS)})")
    marks = _event_marks(results)
    with _style():
        fig, ax, strip, gs = _new_figure(style.FAN_FIGSIZE, bool(marks))
        x = _x(results.months)
        labels = [style.REGIME_STYLE[n][0] for n in present]
        colours = [style.REGIME_STYLE[n][1] for n in present]
        ys = [np.clip(results.metrics[n].mean, 0, 1) for n in present]
        ax.stackplot(x, *ys, labels=labels, colors=colours, alpha=0.9, linewidth=0.4,
                     edgecolor="white")
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(style.axis_formatter("probability"))
        ax.set_ylabel("probability (%)")
        ax.grid(False, axis="x")
        _format_date_axis(ax, results.months)
        _titles(fig, strip if strip is not None else ax,
                "Which world? Probability of each regime over time",
                _subtitle(results, style.literal(style.wrap(
                    "Share of replicas in each regime, month by month. US-led or China-led: "
                    "one side leads clearly in computing power, model quality and adoption. "
                    "Asymmetric bipolar: one side leads in computing power and quality, the "
                    "other in open-weight adoption. Contested: a lead in quality or "
                    "open-weight adoption within the scenario's margin (regimes.lead_margin). "
                    "Symmetric bipolar: every other case.", 110))))
        handles, names = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], names[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  title="Regime", title_fontsize=style.FONT_SIZE - 1, alignment="left")
        _mark_events(fig, ax, strip, gs, marks)  # after the legend, which narrows the axes
    return _finish(fig, ax)


#: A nation whose median lean at the end is at least this far from 0 counts as leaning to a bloc
#: in the nations chart (its name in the bloc's colour).
LEAN_THRESHOLD = 0.2


def nation_lean_colour(lean: float) -> str:
    """The colour of a nation's name: US blue if it leans to the US-led bloc (lean >=
    LEAN_THRESHOLD), China vermilion if to the China-led bloc, else neutral."""
    if np.isfinite(lean) and lean >= LEAN_THRESHOLD:
        return style.US
    if np.isfinite(lean) and lean <= -LEAN_THRESHOLD:
        return style.CHINA
    return style.NEUTRAL


def nations_china_share_chart(results: Results) -> Figure:
    """Each nation's median share of developers on Chinese-origin models at the last date,
    largest first, with the 25-75% range across replicas as whiskers. Nations are named as the
    file names them ('United States (USA)'), and when the file has their alignment
    (alignment.nation.<ISO3>) each name is in the colour of the bloc it leans to at the end."""
    nations = results.nation_china_shares()
    if not nations or not results.dates:
        raise BlocsimVizError(f"{results.path}: no metrics adoption.nation.<ISO3>.origin.china")
    last = len(results.dates) - 1
    names = results.nation_names()
    alignments = results.nation_alignments()
    rows = []
    for iso3, metric in nations.items():
        if metric.has_quantiles((0.25, 0.5, 0.75)):
            rows.append((iso3, metric.quantile(0.5)[last], metric.quantile(0.25)[last],
                         metric.quantile(0.75)[last]))
        else:
            rows.append((iso3, metric.mean[last], np.nan, np.nan))
    rows.sort(key=lambda r: (r[1], r[0]))  # ascending: barh draws bottom-up, so largest on top
    codes = [r[0] for r in rows]
    med = np.array([r[1] for r in rows])
    q25 = np.array([r[2] for r in rows])
    q75 = np.array([r[3] for r in rows])
    unit = next(iter(nations.values())).unit or "share"
    labels = [f"{names[c]} ({c})" if c in names else c for c in codes]
    leans = {}
    for c in codes:
        a = alignments.get(c)
        if a is not None:
            leans[c] = float(a.median[last] if a.has_quantiles((0.5,)) else a.mean[last])
    with _style():
        height = 1.6 + 0.24 * len(rows)
        fig = Figure(figsize=(7.0, max(3.0, height)), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_label(MAIN_AXES)
        y = np.arange(len(rows))
        ax.barh(y, med, height=0.68, color=style.CHINA, alpha=0.8, label="median")
        has_range = np.isfinite(q25) & np.isfinite(q75)
        if has_range.any():
            ax.errorbar(med[has_range], y[has_range],
                        xerr=[np.maximum(med - q25, 0)[has_range],
                              np.maximum(q75 - med, 0)[has_range]],
                        fmt="none", ecolor=style.NEUTRAL, elinewidth=1.0, capsize=2.5,
                        label="25\u201375% of replicas")
        ends = np.where(np.isfinite(q75), np.maximum(q75, med), med)
        for yi, end, value in zip(y, ends, med):
            ax.annotate(style.format_value(value, unit), xy=(end, yi), xytext=(4, 0),
                        textcoords="offset points", va="center", ha="left",
                        fontsize=style.FONT_SIZE - 1.5, color=style.NEUTRAL)
        ax.set_yticks(y, [style.literal(t) for t in labels])
        if leans:
            for tick, code in zip(ax.get_yticklabels(), codes):
                tick.set_color(nation_lean_colour(leans.get(code, np.nan)))
        ax.set_ylim(-0.6, len(rows) - 0.4)
        right = float(np.nanmax(ends)) if np.size(ends) else 1.0
        ax.set_xlim(0, max(right * 1.14, 1e-9))
        ax.xaxis.set_major_formatter(style.axis_formatter(unit, med))
        ax.set_xlabel(f"share of the nation's developers on Chinese-origin models "
                      f"({'%' if style.is_share(unit) else unit})")
        ax.grid(False, axis="y")
        how = ("Median share of each nation's developers on models of Chinese labs; whiskers: "
               "25\u201375% of replicas.")
        if leans:
            how += (f" Names in blue: nations that lean to the US-led bloc at the end; in red: "
                    f"to the China-led bloc; in grey: to neither (lean between "
                    f"\u2212{LEAN_THRESHOLD:g} and +{LEAN_THRESHOLD:g}, on a scale from "
                    f"\u22121 to +1).")
        _titles(fig, ax, "Where Chinese models are used, by nation, "
                         f"{style.month_label(results.dates[last])}",
                _subtitle(results, style.wrap(how, 78)))
    return _finish(fig, ax)


def _display_names(results_list: Sequence[Results]) -> List[str]:
    """Legend names of runs: the scenario name, told apart by seed, then by file name, then
    by position when two runs share it."""
    names = [r.scenario_name or os.path.basename(r.path) for r in results_list]
    for qualify in (lambda r: f"seed {r.seed}", lambda r: os.path.basename(r.path)):
        if len(set(names)) == len(names):
            return names
        names = [f"{n} ({qualify(r)})" if names.count(n) > 1 else n
                 for n, r in zip(names, results_list)]
    if len(set(names)) != len(names):
        names = [f"{n} [{k + 1}]" if names.count(n) > 1 else n for k, n in enumerate(names)]
    return names


def overlay_chart(results_list: Sequence[Results], metric_name: str) -> Figure:
    """Fan charts of one metric from several runs on one axis: per run (scenario) a median line
    and its 25-75% and 5-95% bands, one colour per run. Events that all runs share are marked
    in grey, the others in their run's colour."""
    runs = [r for r in results_list if metric_name in r.metrics]
    if not runs:
        raise BlocsimVizError(f"no results file has the metric {metric_name}")
    names = _display_names(runs)
    metrics = [r.metrics[metric_name] for r in runs]
    quantiles = [_band_values(m) for m in metrics]
    # Each distinct event once: in grey if every run has it, in the run's colour if one run
    # has it, and in grey naming its runs if several (but not all) have it.
    having: Dict[Tuple[str, str], List[int]] = {}
    month_of = {}
    for i, r in enumerate(runs):
        for month, label, _ in _event_marks(r):
            key = (str(month), label)
            month_of[key] = month
            if i not in having.setdefault(key, []):
                having[key].append(i)
    marks = []
    for key, owners in having.items():
        if len(owners) == len(runs):
            marks.append((month_of[key], key[1], style.EVENT_SHARED))
        elif len(owners) == 1:
            marks.append((month_of[key], key[1], style.scenario_colour(owners[0])))
        else:
            marks.append((month_of[key], f"{key[1]} ({', '.join(names[i] for i in owners)})",
                          style.EVENT_SHARED))
    months = np.unique(np.concatenate([r.months for r in runs]))
    unit, label = _value_axis(metrics[0])
    with _style():
        fig, ax, strip, gs = _new_figure(style.FAN_FIGSIZE, bool(marks))
        handles = []
        values = []
        for i, (r, q) in enumerate(zip(runs, quantiles)):
            colour = style.scenario_colour(i)
            x = _x(r.months)
            # The 5-95% band is a faint tint with dashed edges, the 25-75% band a light fill:
            # where two scenarios' bands overlap, each one's edges stay visible.
            ax.fill_between(x, q[0.05], q[0.95], color=colour, alpha=OVERLAY_OUTER_ALPHA, lw=0,
                            label=f"_{names[i]} 5\u201395%")
            for bound in (q[0.05], q[0.95]):
                ax.plot(x, bound, color=colour, lw=0.8, ls=(0, (3, 2)), alpha=0.75, zorder=2.5,
                        label="_band edge")
            ax.fill_between(x, q[0.25], q[0.75], color=colour, alpha=OVERLAY_INNER_ALPHA, lw=0,
                            label=f"_{names[i]} 25\u201375%")
            (line,) = ax.plot(x, q[0.5], color=colour, lw=2.0, label=names[i], zorder=3)
            handles.append((Patch(facecolor=colour, alpha=OVERLAY_INNER_ALPHA + 0.1, lw=0),
                            line))
            values.extend([q[0.05], q[0.95]])
        values = np.concatenate(values)
        _format_value_axis(ax, unit, values, label=label)
        _reference_line(ax, unit, values)
        _format_date_axis(ax, months)
        counts = "; ".join(f"\u201c{n}\u201d: {r.replicas} replicas" for n, r in zip(names, runs))
        subtitle = style.wrap(f"Lines: median across replicas; filled bands: 25\u201375% of "
                              f"replicas; dashed edges: 5\u201395%. {counts}.", 110)
        _titles(fig, strip if strip is not None else ax,
                f"{style.metric_title(metric_name, metrics[0].description)}: scenarios compared",
                style.literal(subtitle))
        _mark_events(fig, ax, strip, gs, marks)
        _legend_below(fig, ax, handles, [style.literal(n) for n in names],
                      ncol=min(len(names), 4), handler_map={tuple: HandlerTuple(ndivide=1)},
                      title="Scenario", title_fontsize=style.FONT_SIZE - 1)
    return _finish(fig, ax)


# --------------------------------------------------------------------------------------------
# Writing everything.


def figure_bytes(fig: Figure, fmt: str, dpi: int = style.DPI) -> bytes:
    """The figure rendered as ``fmt`` ('png' or 'svg')."""
    buffer = io.BytesIO()
    with _style():
        metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def save_figure(fig: Figure, directory: str, stem: str,
                formats: Iterable[str] = DEFAULT_FORMATS, dpi: int = style.DPI) -> List[str]:
    """Write ``<directory>/<stem>.<fmt>`` for each format, atomically. Returns the paths."""
    paths = []
    for fmt in formats:
        data = figure_bytes(fig, fmt, dpi)
        path = os.path.join(directory, f"{stem}.{fmt}")
        paths.append(atomic_write(path, lambda f, d=data: f.write(d)))
    return paths


def _warn(message: str) -> None:
    warnings.warn(message, BlocsimVizWarning, stacklevel=3)


def standard_figures(results: Results, metrics: Optional[Sequence[str]] = None):
    """Yield (stem, Figure) for every standard figure of one run; warn about what is skipped.
    ``metrics`` defaults to the headline metrics."""
    names = list(metrics) if metrics else list(HEADLINE_METRICS)
    for name in names:
        if name not in results.metrics:
            _warn(f"{results.path}: metric {name} is not in the file; its fan chart and "
                  f"histogram are skipped")
            continue
        metric = results.metrics[name]
        if metric.has_quantiles():
            yield f"fan_{safe_file_name(name)}", fan_chart(results, name)
        else:
            _warn(f"{results.path}: metric {name} lacks quantiles; its fan chart is skipped")
        if metric.histogram is not None and metric.histogram.total > 0:
            yield f"hist_{safe_file_name(name)}", histogram_chart(results, name)
        else:
            _warn(f"{results.path}: metric {name} has no end-of-run histogram; skipped")
    missing = results.missing_metrics(REGIME_METRICS)
    if len(missing) == len(REGIME_METRICS):
        _warn(f"{results.path}: no regime metrics; the regimes chart is skipped")
    else:
        if missing:
            _warn(f"{results.path}: regime metrics missing from the regimes chart: "
                  f"{', '.join(missing)}")
        yield "regimes", regimes_chart(results)
    if results.nation_china_shares():
        yield "nations_china_share", nations_china_share_chart(results)
    else:
        _warn(f"{results.path}: no metrics adoption.nation.<ISO3>.origin.china; the nations "
              f"chart is skipped")


def plot_all(results_list: Sequence[Results], out_dir: str,
             formats: Iterable[str] = DEFAULT_FORMATS, metrics: Optional[Sequence[str]] = None,
             dpi: int = style.DPI) -> List[str]:
    """Write every standard figure of each run, and with two or more runs the overlays.

    One run: its figures go straight into ``out_dir``. Several runs: each run's figures go into
    ``out_dir/<scenario name>/`` and the overlays (overlay_<metric>) into ``out_dir``.
    Returns the paths written, in order."""
    formats = list(formats)
    results_list = list(results_list)
    if not results_list:
        raise BlocsimVizError("no results files to plot")
    ensure_directory(out_dir)
    written: List[str] = []
    if len(results_list) == 1:
        directories = [out_dir]
    else:
        directories = []
        used = set()
        for r in results_list:
            base = safe_file_name(r.scenario_name or os.path.splitext(os.path.basename(r.path))[0])
            name, k = base, 2
            while name in used:
                name, k = f"{base}-{k}", k + 1
            used.add(name)
            directories.append(os.path.join(out_dir, name))
    for r, directory in zip(results_list, directories):
        ensure_directory(directory)
        for stem, fig in standard_figures(r, metrics):
            written.extend(save_figure(fig, directory, stem, formats, dpi))
    if len(results_list) > 1:
        names = list(metrics) if metrics else list(HEADLINE_METRICS)
        for name in names:
            having = [r for r in results_list if name in r.metrics and
                      r.metrics[name].has_quantiles()]
            if len(having) < 2:
                _warn(f"metric {name} is in fewer than two of the results files; its overlay "
                      f"is skipped")
                continue
            fig = overlay_chart(having, name)
            written.extend(save_figure(fig, out_dir, f"overlay_{safe_file_name(name)}",
                                       formats, dpi))
    return written
