"""The look of every figure, defined once: bloc colours, metric titles, number formats.

US-bloc quantities are always drawn in ``US``, China-bloc quantities in ``CHINA``, and everything
else (open weights, gaps, ratios, the bipolarity index) in ``NEUTRAL``.
"""

from __future__ import annotations

import math
import textwrap
from typing import Optional

import numpy as np
from matplotlib import ticker

# Bloc colours (colour-blind safe pair: blue and vermilion, plus a slate neutral).
US = "#1f5fa8"
CHINA = "#d1432b"
NEUTRAL = "#4d5b66"
NEUTRAL_LIGHT = "#a9b4bd"
EVENT = "#3a3a3a"
EVENT_SHARED = "#8a8a8a"  # events that several runs of an overlay share
INK = "#1d2327"  # quantile markers on histograms
GRID = "#e3e6e9"

BLOC_COLOURS = {"us": US, "china": CHINA, "other": NEUTRAL}

# Regimes: the two one-bloc regimes in their bloc's colour, the two bipolar ones in neutrals.
REGIME_STYLE = {
    "regime.us_led": ("US-led", US),
    "regime.china_led": ("China-led", CHINA),
    "regime.symmetric_bipolar": ("Symmetric bipolar", NEUTRAL),
    "regime.asymmetric_bipolar": ("Asymmetric bipolar", NEUTRAL_LIGHT),
}

# Scenarios in overlays: a palette distinct from the bloc colours, so that a scenario is never
# mistaken for a bloc. The first scenario (usually the baseline) is near-black.
SCENARIO_COLOURS = ["#222222", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#8c564b", "#b8a000"]

# Fan-chart band opacity (5-95% band lighter than 25-75%).
BAND_OUTER_ALPHA = 0.18
BAND_INNER_ALPHA = 0.38

FONT_SIZE = 9.0
TITLE_SIZE = 11.5
SUBTITLE_SIZE = 8.5
EVENT_FONT_SIZE = 7.0

FAN_FIGSIZE = (8.0, 4.6)  # inches, without the event strip
HIST_FIGSIZE = (7.0, 4.2)
DPI = 150

RC = {
    "font.size": FONT_SIZE,
    "axes.titlesize": SUBTITLE_SIZE,
    "axes.labelsize": FONT_SIZE,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": GRID,
    "grid.linewidth": 0.7,
    "axes.axisbelow": True,
    "xtick.labelsize": FONT_SIZE - 0.5,
    "ytick.labelsize": FONT_SIZE - 0.5,
    "legend.fontsize": FONT_SIZE - 1,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "svg.fonttype": "path",  # text as outlines: the SVG needs no fonts
    "svg.hashsalt": "blocsim",  # stable element ids, so equal figures give equal files
}

# The headline metrics in the model's words: title and which bloc's colour.
METRIC_TITLES = {
    "adoption.world.origin.us": ("World share of developers on US-origin models", "us"),
    "adoption.world.origin.china": ("World share of developers on Chinese-origin models", "china"),
    "adoption.world.open_weight": ("World share of developers on open-weight models", "other"),
    "compute.share.china": ("China bloc's share of the world's AI compute", "china"),
    "compute.ratio.us_over_china": ("AI compute of the US bloc over the China bloc", "other"),
    "quality.gap": ("Frontier model quality gap, best US model minus best Chinese model", "other"),
    "price.ratio.us_over_china": ("Price per million tokens, US models over Chinese models",
                                  "other"),
    "bipolarity.index": ("Bipolarity index of the world", "other"),
}

SHARE_UNITS = {"share", "probability", "fraction"}
RATIO_UNITS = {"ratio"}


def metric_title(name: str, description: str = "") -> str:
    """A title in the model's words: the curated one for a headline metric, else the metric's
    own description (first sentence), else its name."""
    if name in METRIC_TITLES:
        return METRIC_TITLES[name][0]
    if description:
        return description.strip().rstrip(".")
    return name


def metric_colour(name: str) -> str:
    """The bloc colour of a metric: US, China, or neutral."""
    if name in METRIC_TITLES:
        return BLOC_COLOURS[METRIC_TITLES[name][1]]
    parts = name.split(".")
    if "china" in parts:
        return CHINA
    if "us" in parts:
        return US
    return NEUTRAL


def is_share(unit: str) -> bool:
    return unit.strip().lower() in SHARE_UNITS


def axis_label(unit: str) -> str:
    """The axis label for a unit: the unit itself, with how its numbers are written
    ('share' -> 'share (%)', 'ratio' -> 'ratio (\u00d7)')."""
    u = unit.strip()
    if not u:
        return "value"
    if u.lower() in SHARE_UNITS:
        return f"{u} (%)"
    if u.lower() in RATIO_UNITS:
        return f"{u} (\u00d7)"
    return u


def _si(value: float, digits: int = 3) -> str:
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    magnitude = abs(value)
    for factor, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if magnitude >= factor:
            return f"{value / factor:.{digits}g}{suffix}"
    return f"{value:.{digits}g}"


def format_value(value: float, unit: str) -> str:
    """A number as it is written in tables: 0.432 share -> '43.2%', 2.31 ratio -> '2.31\u00d7',
    1.2e6 H100e -> '1.2M'."""
    if value is None or not math.isfinite(value):
        return "\u2013"
    u = unit.strip().lower()
    if u in SHARE_UNITS:
        pct = 100.0 * value
        return f"{pct:.1f}%" if abs(pct) >= 0.1 or pct == 0 else f"{pct:.2g}%"
    if u in RATIO_UNITS:
        return f"{value:.3g}\u00d7"
    return _si(value)


def axis_formatter(unit: str, values: Optional[np.ndarray] = None) -> ticker.Formatter:
    """Tick labels for a unit: percent for shares and probabilities, 'x' for ratios, k/M/G for
    large counts, plain numbers otherwise."""
    u = unit.strip().lower()
    if u in SHARE_UNITS:
        decimals = 0
        if values is not None and np.size(values):
            span = float(np.nanmax(values) - np.nanmin(values))
            if 0 < span < 0.05:
                decimals = 1
        return ticker.PercentFormatter(xmax=1.0, decimals=decimals)
    if u in RATIO_UNITS:
        return ticker.FuncFormatter(lambda v, _pos: f"{v:g}\u00d7")
    if values is not None and np.size(values) and np.nanmax(np.abs(values)) >= 1e4:
        return ticker.FuncFormatter(lambda v, _pos: _si(v))
    return ticker.ScalarFormatter()


def wrap(text: str, width: int = 100) -> str:
    return "\n".join(textwrap.wrap(text, width)) if text else ""


def month_label(date: str) -> str:
    """'2030-12' -> 'Dec 2030'."""
    names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    year, month = date.split("-")
    return f"{names[int(month) - 1]} {year}"


def scenario_colour(i: int) -> str:
    return SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]

