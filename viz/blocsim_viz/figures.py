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
    fig.suptitle(title, x=0.01, ha="left", fontsize=style.TITLE_SIZE, fontweight="bold")
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


def _format_value_axis(ax, unit: str, values: np.ndarray, axis: str = "y") -> None:
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(style.axis_formatter(unit, values))
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(style.axis_label(unit))
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


def _mark_events(fig: Figure, ax, strip, gs, marks: Sequence[Tuple[np.datetime64, str, str]]):
    """Vertical lines at the events' months in ``ax``, and their labels in ``strip``, packed
    into as few rows as keep every label clear of every other.

    ``marks`` are (month, label, colour). Returns the number of rows used."""
    if strip is None or not marks:
        return 0
    marks = sorted(marks, key=lambda m: (m[0], m[1]))
    renderer = _layout(fig)
    ax_box = ax.get_window_extent(renderer)
    width_in = ax_box.width / fig.dpi
    x0, x1 = ax.get_xlim()

    pad_in = 4 / 72  # gap between the line and its label, and between labels
    texts = []
    intervals = []
    for month, label, colour in marks:
        xv = mdates.date2num(np.datetime64(month, "D"))
        ax.axvline(xv, color=colour, lw=0.8, ls=(0, (4, 2)), alpha=0.8, zorder=1.6,
                   label="_event")
        text = strip.text(xv, 0.5, _truncate(label), transform=strip.get_xaxis_transform(),
                          fontsize=style.EVENT_FONT_SIZE, color=colour, va="center", ha="left",
                          zorder=3, clip_on=False,
                          bbox=dict(boxstyle="square,pad=0.12", fc="white", ec="none"))
        w_in = text.get_window_extent(renderer).width / fig.dpi
        pos_in = (xv - x0) / (x1 - x0) * width_in
        if pos_in + pad_in + w_in > width_in and pos_in - pad_in - w_in >= 0:
            text.set_horizontalalignment("right")
            start, end = pos_in - pad_in - w_in, pos_in
        else:
            start, end = pos_in, pos_in + pad_in + w_in
        texts.append((text, xv, colour))
        intervals.append((start, end))

    row_ends: List[float] = []
    rows = []
    for start, end in intervals:
        for r, row_end in enumerate(row_ends):
            if start >= row_end + pad_in:
                row_ends[r] = end
                rows.append(r)
                break
        else:
            row_ends.append(end)
            rows.append(len(row_ends) - 1)
    n_rows = len(row_ends)

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
    text = ", ".join(parts)
    return f"{extra}\n{text}" if extra else text


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
        _format_value_axis(ax, metric.unit, values)
        _reference_line(ax, metric.unit, values)
        _format_date_axis(ax, results.months)
        _titles(fig, strip if strip is not None else ax,
                style.metric_title(metric_name, metric.description),
                _subtitle(results, style.wrap(metric.description, 110)))
        _mark_events(fig, ax, strip, gs, marks)
        _legend_below(fig, ax, [median, inner, outer],
                      [median.get_label(), inner.get_label(), outer.get_label()])
    return _finish(fig, ax)


def histogram_chart(results: Results, metric_name: str) -> Figure:
    """Histogram of a metric's value at the last date, one count per replica, with the median
    and the 5% and 95% quantiles marked."""
    metric = _metric(results, metric_name)
    h = metric.histogram
    if h is None or h.total == 0:
        raise BlocsimVizError(f"{results.path}: metric {metric_name} has no end-of-run histogram")
    with _style():
        fig = Figure(figsize=style.HIST_FIGSIZE, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_label(MAIN_AXES)
        colour = style.metric_colour(metric_name)
        if h.hi > h.lo:
            edges = h.edges
        else:  # every replica ended at the same value: one bar of a visible width
            half = 0.02 * (abs(h.lo) or 1.0)
            edges = np.array([h.lo - half, h.lo + half])
            h = type(h)(h.lo, h.hi, np.array([h.total]), edges)
        ax.bar(edges[:-1], h.counts, width=np.diff(edges), align="edge", color=colour,
               alpha=0.75, edgecolor="white", linewidth=0.6, label="replicas per bin")
        ax.grid(False, axis="x")
        last = len(results.dates) - 1
        handles = []
        if last >= 0 and metric.has_quantiles():
            for p, ls, name in ((0.5, "-", "median"), (0.05, "--", "5% and 95%"),
                                (0.95, "--", "_95%")):
                line = ax.axvline(metric.quantile(p)[last], color=style.INK, lw=1.3, ls=ls,
                                  label=name)
                if not name.startswith("_"):
                    handles.append(line)
        _format_value_axis(ax, metric.unit, edges, axis="x")
        ax.set_xlim(edges[0], edges[-1])
        ax.set_ylabel("replicas")
        ax.yaxis.get_major_locator().set_params(integer=True)
        when = style.month_label(results.dates[-1]) if results.dates else "the end of the run"
        _titles(fig, ax, f"{style.metric_title(metric_name, metric.description)}, {when}",
                _subtitle(results, "Distribution across replicas at the last date"))
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
                _subtitle(results, "Share of replicas in each regime, month by month"))
        handles, names = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], names[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  title="Regime", title_fontsize=style.FONT_SIZE - 1, alignment="left")
        _mark_events(fig, ax, strip, gs, marks)  # after the legend, which narrows the axes
    return _finish(fig, ax)


def nations_china_share_chart(results: Results) -> Figure:
    """Each nation's median share of developers on Chinese-origin models at the last date,
    largest first, with the 25-75% range across replicas as whiskers."""
    nations = results.nation_china_shares()
    if not nations or not results.dates:
        raise BlocsimVizError(f"{results.path}: no metrics adoption.nation.<ISO3>.origin.china")
    last = len(results.dates) - 1
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
    with _style():
        height = 1.4 + 0.24 * len(rows)
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
        ax.set_yticks(y, codes)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        right = float(np.nanmax(ends)) if np.size(ends) else 1.0
        ax.set_xlim(0, max(right * 1.14, 1e-9))
        ax.xaxis.set_major_formatter(style.axis_formatter(unit, med))
        ax.set_xlabel(f"share of developers on Chinese-origin models ({'%' if style.is_share(unit) else unit})")
        ax.grid(False, axis="y")
        _titles(fig, ax, "Where Chinese models are used, by nation, "
                         f"{style.month_label(results.dates[last])}",
                _subtitle(results, "Median share of each nation's developers on Chinese-origin "
                                   "models; whiskers: 25\u201375% of replicas"))
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
    unit = metrics[0].unit
    with _style():
        fig, ax, strip, gs = _new_figure(style.FAN_FIGSIZE, bool(marks))
        handles = []
        values = []
        for i, (r, q) in enumerate(zip(runs, quantiles)):
            colour = style.scenario_colour(i)
            x = _x(r.months)
            ax.fill_between(x, q[0.05], q[0.95], color=colour, alpha=0.10, lw=0,
                            label=f"_{names[i]} 5\u201395%")
            ax.fill_between(x, q[0.25], q[0.75], color=colour, alpha=0.22, lw=0,
                            label=f"_{names[i]} 25\u201375%")
            (line,) = ax.plot(x, q[0.5], color=colour, lw=2.0, label=names[i], zorder=3)
            handles.append((Patch(color=colour, alpha=0.3, lw=0), line))
            values.extend([q[0.05], q[0.95]])
        values = np.concatenate(values)
        _format_value_axis(ax, unit, values)
        _reference_line(ax, unit, values)
        _format_date_axis(ax, months)
        _titles(fig, strip if strip is not None else ax,
                f"{style.metric_title(metric_name, metrics[0].description)}: scenarios compared",
                "Lines: median across replicas; bands: 25\u201375% and 5\u201395% of replicas")
        _mark_events(fig, ax, strip, gs, marks)
        _legend_below(fig, ax, handles, names, ncol=min(len(names), 4),
                      handler_map={tuple: HandlerTuple(ndivide=1)}, title="Scenario",
                      title_fontsize=style.FONT_SIZE - 1)
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
