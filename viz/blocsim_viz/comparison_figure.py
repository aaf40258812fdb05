"""The figure of a comparison (``blocsim compare A B``): for each headline metric, the paired
difference B - A at each compared date, with what common random numbers buy.

One figure, ``comparison.png/svg``: a header with the legend, then one small panel per metric
(two columns). In each panel, per date:

- a point at the median of B - A across the paired replicas, with its 95% interval as an error
  bar, in the metric's bloc colour;
- behind it, lighter and wider, the 95% interval of B - A with the replicas paired at random:
  the interval one would get without common random numbers;
- above the panel, the probability that B > A (share of replicas, ties counting one half).

A line marks zero (no difference). Shares and probabilities are in percentage points. When the
unpaired intervals are so much wider than the paired ones that drawing them whole would squash
the paired intervals flat, the panel is scaled to the paired intervals and the unpaired bars
run off its edge, marked by a small triangle; the note under each panel gives how many times
narrower the paired interval is.
"""

from __future__ import annotations

import math
import warnings
from typing import Iterable, List, Optional, Sequence, Tuple

import numpy as np
from matplotlib import ticker
from matplotlib import transforms as mtransforms
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.collections import LineCollection
from matplotlib.container import ErrorbarContainer
from matplotlib.lines import Line2D

from . import style
from .comparison import Comparison, MetricDifference
from .errors import BlocsimVizError, BlocsimVizWarning
from .figures import DEFAULT_FORMATS, _finish, _style, save_figure
from .output import ensure_directory, safe_file_name
from .results import HEADLINE_METRICS

# Artist labels (matplotlib "label" property) that identify the parts of the figure.
HEADER_AXES = "header"  # the strip under the title that holds the legend
PANEL_PREFIX = "panel:"  # each panel is labelled "panel:<metric name>"
PAIRED = "paired"  # the error bars of the paired differences (ErrorbarContainer label)
UNPAIRED = "unpaired"  # the error bars of the unpaired intervals
ZERO = "_zero"  # the zero line
CLIPPED = "_clipped"  # triangles where an unpaired bar runs off the panel
P_GID = "p_b_greater"  # gid of each P(B > A) text

MINUS = "\u2212"
PANEL_WIDTH = 4.7  # inches, per column
PANEL_HEIGHT = 2.55  # inches, per row, first guess (titles and labels included)
PANEL_INNER = 1.6  # inches: the plotting area of each panel
MIN_WIDTH = 6.5  # inches: a single panel is widened to this
UNPAIRED_ALPHA = 0.25
P_ROW_PAD = 24  # points between a panel and its title, above the P(B > A) row
# The panel is scaled to the paired intervals when the unpaired ones span more than this many
# times as much (else everything is drawn whole).
SQUASH_LIMIT = 5.0


def difference_unit_label(unit: str) -> str:
    """How a difference of values in ``unit`` is written on an axis: shares and probabilities
    in percentage points, the rest in their own unit."""
    u = unit.strip()
    if style.is_share(u):
        return "percentage points"
    if u == style.INDEX_UNIT:
        return "index (0 to 1)"
    return u or "value"


def format_difference(value: float, unit: str) -> str:
    """A difference as written in a note or table: +1.2 pt for shares, +0.35 for a ratio,
    +1.2M for counts."""
    if value is None or not math.isfinite(value):
        return "\u2013"
    if style.is_share(unit):
        return f"{100 * value:+.1f} pt".replace("-", MINUS)
    if abs(value) >= 1e4:
        return ("+" if value > 0 else "") + style._si(value).replace("-", MINUS)
    return f"{value:+.3g}".replace("-", MINUS)


class SignedFormatter(ticker.Formatter):
    """Tick labels of a difference: +0.5, 0, -0.5 (with a true minus), multiplied by ``scale``
    (100 for shares, in percentage points), k/M/G for large counts, and as many decimals as
    the tick step needs."""

    def __init__(self, scale: float = 1.0):
        self.scale = scale
        self.decimals = None

    def _decimals(self, values: Sequence[float]) -> int:
        """The fewest decimals that write every tick exactly (2.5 needs one, 0.25 two)."""
        scaled = np.asarray(values, dtype=float) * self.scale
        scaled = scaled[np.isfinite(scaled)]
        for decimals in range(7):
            shifted = scaled * 10.0 ** decimals
            if np.all(np.abs(shifted - np.round(shifted)) <= 1e-6 * np.maximum(1, np.abs(shifted))):
                return decimals
        return 6

    def format_ticks(self, values):
        self.decimals = self._decimals(values)
        return [self(v) for v in values]

    def __call__(self, x, pos=None):
        v = x * self.scale
        if abs(v) < 1e-12 * max(1.0, self.scale):
            return "0"
        sign = "+" if v > 0 else MINUS
        if abs(v) >= 1e4:
            return sign + style._si(abs(v))
        decimals = self.decimals if self.decimals is not None else 2
        return f"{sign}{abs(v):.{decimals}f}"


def narrowing_note(d: MetricDifference) -> str:
    """'paired interval 12x narrower than unpaired' (median over the dates), or '' when it
    cannot be said."""
    paired, unpaired = d.width, d.unpaired_width
    ok = (paired > 0) & (unpaired > 0) & np.isfinite(paired) & np.isfinite(unpaired)
    if ok.any():
        ratio = float(np.median(unpaired[ok] / paired[ok]))
        if ratio >= 1.05:
            text = f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}"
            return f"paired 95% interval {text}\u00d7 narrower than unpaired"
        if ratio <= 0.95:
            return f"paired 95% interval {1 / ratio:.1f}\u00d7 wider than unpaired"
        return "paired and unpaired 95% intervals about as wide"
    if np.any(unpaired > 0) and np.all(paired == 0):
        return "paired 95% interval of zero width at every date"
    return ""


def _limits(d: MetricDifference, unit: str) -> Tuple[float, float, bool]:
    """The value range of a panel, and whether the unpaired bars are cut to it."""
    def finite(*arrays):
        values = np.concatenate([np.asarray(a, dtype=float) for a in arrays])
        return values[np.isfinite(values)]

    paired = finite(d.lo, d.hi, d.median, [0.0])
    full = finite(paired, d.unpaired_lo, d.unpaired_hi)
    p_lo, p_hi = float(paired.min()), float(paired.max())
    f_lo, f_hi = float(full.min()), float(full.max())
    p_span, f_span = p_hi - p_lo, f_hi - f_lo
    clipped = False
    if f_span == 0:
        scale = 0.01 if style.is_share(unit) or unit == style.INDEX_UNIT else 1.0
        lo, hi = -scale, scale
    elif p_span > 0 and f_span > SQUASH_LIMIT * p_span:
        lo, hi = max(f_lo, p_lo - 0.6 * p_span), min(f_hi, p_hi + 0.6 * p_span)
        clipped = True
    else:
        lo, hi = f_lo, f_hi
    pad = 0.08 * (hi - lo)
    return lo - pad, hi + pad, clipped


def _x_labels(dates: Sequence[str]) -> List[str]:
    return [style.month_label(d).replace(" ", "\n") for d in dates]


def _every(n: int, room: int) -> int:
    """Label every k-th date so that at most ``room`` labels show."""
    return max(1, math.ceil(n / room))


def _panel(fig: Figure, ax, c: Comparison, d: MetricDifference) -> None:
    n = len(c.dates)
    x = np.arange(n, dtype=float)
    colour = style.metric_colour(d.name)
    unit = style.display_unit(d.name, d.unit)  # an index is written 0 to 1, not in %
    lo, hi, clipped = _limits(d, unit)

    mid = (d.unpaired_lo + d.unpaired_hi) / 2
    half = np.maximum(d.unpaired_hi - d.unpaired_lo, 0) / 2
    ax.errorbar(x, mid, yerr=half, fmt="none", ecolor=colour, alpha=UNPAIRED_ALPHA,
                elinewidth=9, capsize=0, label=UNPAIRED, zorder=2)
    below = np.maximum(d.median - d.lo, 0)
    above = np.maximum(d.hi - d.median, 0)
    ax.errorbar(x, d.median, yerr=[below, above], fmt="o", color=colour, ms=4.5,
                elinewidth=1.6, capsize=3.0, capthick=1.4, label=PAIRED, zorder=3)
    ax.axhline(0.0, color=style.INK, lw=0.8, zorder=1.5, label=ZERO)

    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(lo, hi)
    if clipped:
        top = d.unpaired_hi > hi
        bottom = d.unpaired_lo < lo
        blend = ax.get_xaxis_transform()
        for mask, y, marker in ((top, 1.0, "^"), (bottom, 0.0, "v")):
            if mask.any():
                ax.plot(x[mask], np.full(mask.sum(), y), transform=blend, ls="none",
                        marker=marker, ms=5, color=colour, alpha=0.55, clip_on=False,
                        label=CLIPPED, zorder=4)

    step = _every(n, 8)
    ax.set_xticks(x[::step], _x_labels(c.dates)[::step])
    ax.tick_params(axis="x", length=0)
    ax.grid(False, axis="x")
    ax.yaxis.set_major_formatter(SignedFormatter(100.0 if style.is_share(unit) else 1.0))
    ax.yaxis.set_major_locator(ticker.MaxNLocator(nbins=5))
    ax.set_ylabel(f"B {MINUS} A, {difference_unit_label(unit)}", fontsize=style.FONT_SIZE - 1)

    # P(B > A) in a row above the panel, one number per date.
    above_axes = ax.get_xaxis_transform() + mtransforms.ScaledTranslation(
        0, 5 / 72, fig.dpi_scale_trans)
    for i in range(0, n, _every(n, 12)):
        p = d.p_b_greater[i]
        decisive = p >= 0.9 or p <= 0.1
        ax.text(x[i], 1.0, f"{p:.0%}" if math.isfinite(p) else "\u2013", transform=above_axes,
                ha="center", va="bottom", fontsize=style.EVENT_FONT_SIZE + 0.5,
                color=style.INK if decisive else style.NEUTRAL,
                fontweight="bold" if decisive else "normal", gid=P_GID, clip_on=False)
    ax.annotate("P(B > A)", xy=(0, 1), xycoords="axes fraction", xytext=(-4, 5),
                textcoords="offset points", ha="right", va="bottom",
                fontsize=style.EVENT_FONT_SIZE, color=style.NEUTRAL, annotation_clip=False)

    # pad: clear of the P(B > A) row, which sits 5 points above the axes and is ~10 points tall
    ax.set_title(style.wrap(style.metric_title(d.name), 56), loc="left", pad=P_ROW_PAD,
                 fontsize=style.SUBTITLE_SIZE + 0.5, fontweight="bold", color=style.INK)
    note = narrowing_note(d)
    if note:
        ax.set_xlabel(note, loc="right", fontsize=style.EVENT_FONT_SIZE, color=style.NEUTRAL,
                      labelpad=3)


def _legend_handles(c: Comparison):
    paired = ErrorbarContainer(
        (Line2D([], [], color=style.NEUTRAL, marker="o", ms=4.5, ls="none"),
         (Line2D([], [], color=style.NEUTRAL, marker="_", ms=6.0, mew=1.4, ls="none"),) * 2,
         (LineCollection([], colors=style.NEUTRAL, linewidths=1.6),)),
        has_xerr=False, has_yerr=True)
    unpaired = Line2D([], [], color=style.NEUTRAL, alpha=UNPAIRED_ALPHA + 0.1, lw=9,
                      solid_capstyle="butt")
    zero = Line2D([], [], color=style.INK, lw=0.8)
    labels = [f"median of B {MINUS} A over the {c.replicas} paired replicas, with its 95% "
              f"interval (common random numbers)",
              "95% interval with the replicas paired at random, i.e. without common random "
              "numbers (\u25b2\u25bc: it runs off the panel)",
              "zero: no difference"]
    return [paired, unpaired, zero], labels


def header_columns(header) -> int:
    """About how many inches wide the figure is, for wrapping the header text."""
    return int(header.figure.get_size_inches()[0])


def _legend(header, c: Comparison, names: Sequence[str] = ()):
    """The header strip: how to read the panels (``names``: the metrics shown), and the
    legend."""
    header.axis("off")
    seed = f", seed {c.seed}" if c.seed else ""
    index = any(style.display_unit(n, c.metrics[n].unit) == style.INDEX_UNIT for n in names)
    text = (f"B = {c.b_name}, A = {c.a_name}: {c.replicas} replicas of each, run with common "
            f"random numbers{seed}. Numbers above each panel: P(B > A), the share of replicas "
            f"in which B exceeds A (bold when 90% or more, or 10% or less). Shares and "
            f"probabilities in percentage points"
            f"{'; indices on their 0-to-1 scale' if index else ''}.")
    header.set_title(style.wrap(text, 15 * header_columns(header)), loc="left",
                     fontsize=style.SUBTITLE_SIZE, color=style.NEUTRAL)
    handles, labels = _legend_handles(c)
    labels = [style.wrap(label, 15 * header_columns(header) - 12) for label in labels]
    legend = header.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.0, 1.0),
                           ncol=1, borderaxespad=0.0, handlelength=2.2,
                           fontsize=style.FONT_SIZE - 0.5, labelspacing=0.35)
    legend.set_in_layout(False)  # the header is sized to it (_size_rows)
    return legend


def comparison_chart(comparison: Comparison, metrics: Optional[Sequence[str]] = None,
                     columns: int = 2) -> Figure:
    """The comparison figure: one panel per metric (default: the headline metrics the file
    has), each with the paired difference B - A per date (median and 95% interval), the
    unpaired 95% interval behind it, a zero line, and P(B > A) above each date."""
    c = comparison
    wanted = list(metrics) if metrics else list(HEADLINE_METRICS)
    present = [n for n in wanted if n in c.metrics]
    if not present:
        raise BlocsimVizError(f"{c.path}: the comparison has none of the metrics "
                              f"{', '.join(wanted)}")
    if not c.dates:
        raise BlocsimVizError(f"{c.path}: the comparison has no dates")
    columns = max(1, min(columns, len(present)))
    rows = math.ceil(len(present) / columns)
    with _style():
        width = max(PANEL_WIDTH * columns + 0.3, MIN_WIDTH)
        fig = Figure(figsize=(width, 1.5 + PANEL_HEIGHT * rows), layout="constrained")
        FigureCanvasAgg(fig)
        fig.get_layout_engine().set(h_pad=0.06, w_pad=0.08, hspace=0.04, wspace=0.06)
        gs = fig.add_gridspec(rows + 1, columns, height_ratios=[0.5] + [PANEL_HEIGHT] * rows)
        header = fig.add_subplot(gs[0, :])
        header.set_label(HEADER_AXES)
        panels = []
        for k, name in enumerate(present):
            ax = fig.add_subplot(gs[1 + k // columns, k % columns])
            ax.set_label(PANEL_PREFIX + name)
            _panel(fig, ax, c, c.metrics[name])
            panels.append(ax)
        legend = _legend(header, c, present)
        title = (f"\u201c{c.b_name}\u201d minus \u201c{c.a_name}\u201d: paired differences "
                 f"B {MINUS} A")
        fig.suptitle(style.wrap(title, int(9.5 * width)), x=0.01, ha="left",
                     fontsize=style.TITLE_SIZE, fontweight="bold")
        _size_rows(fig, gs, header, legend, panels[0], rows)
    return _finish(fig, header)


def _size_rows(fig: Figure, gs, header, legend, panel, rows: int) -> None:
    """Make the header exactly as tall as its legend and each panel's plotting area
    PANEL_INNER inches tall, whatever room the titles and tick labels take: lay out once,
    measure, and resize the figure (the final layout runs when it is saved)."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    dpi = fig.dpi
    legend_in = legend.get_window_extent(renderer).height / dpi + 0.04
    header_in = header.get_window_extent(renderer).height / dpi
    panel_in = panel.get_window_extent(renderer).height / dpi
    width, height = fig.get_size_inches()
    decorations = height - header_in - rows * panel_in
    fig.set_size_inches(width, decorations + legend_in + rows * PANEL_INNER)
    gs.set_height_ratios([legend_in] + [PANEL_INNER] * rows)


def _warn(message: str) -> None:
    warnings.warn(message, BlocsimVizWarning, stacklevel=3)


def comparison_stems(comparisons: Sequence[Comparison]) -> List[str]:
    """File names (without extension) of the comparison figures: ``comparison`` for one,
    ``comparison_<B>_minus_<A>`` for several (numbered if two coincide)."""
    if len(comparisons) == 1:
        return ["comparison"]
    stems, used = [], set()
    for c in comparisons:
        base = f"comparison_{safe_file_name(c.b_name)}_minus_{safe_file_name(c.a_name)}"
        stem, k = base, 2
        while stem in used:
            stem, k = f"{base}-{k}", k + 1
        used.add(stem)
        stems.append(stem)
    return stems


def plot_comparisons(comparisons: Sequence[Comparison], out_dir: str,
                     formats: Iterable[str] = DEFAULT_FORMATS,
                     metrics: Optional[Sequence[str]] = None,
                     dpi: int = style.DPI) -> List[str]:
    """Write the figure of each comparison into ``out_dir`` (see :func:`comparison_stems`
    for the names). Metrics missing from a file are skipped with a warning. Returns the paths
    written."""
    formats = list(formats)
    comparisons = list(comparisons)
    if not comparisons:
        return []
    ensure_directory(out_dir)
    written: List[str] = []
    wanted = list(metrics) if metrics else list(HEADLINE_METRICS)
    for c, stem in zip(comparisons, comparison_stems(comparisons)):
        missing = c.missing_metrics(wanted)
        if len(missing) == len(wanted):
            _warn(f"{c.path}: none of the metrics {', '.join(wanted)} is in the comparison; "
                  f"its figure is skipped")
            continue
        if missing:
            _warn(f"{c.path}: metric{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                  f"{'are' if len(missing) > 1 else 'is'} not in the comparison; "
                  f"{'their panels are' if len(missing) > 1 else 'its panel is'} skipped")
        fig = comparison_chart(c, wanted)
        written.extend(save_figure(fig, out_dir, stem, formats, dpi))
    return written
