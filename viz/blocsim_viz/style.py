"""The look of every figure, defined once: bloc colours, metric titles, number formats.

US-bloc quantities are always drawn in ``US``, China-bloc quantities in ``CHINA``, and everything
else (open weights, gaps, ratios, the bipolarity index) in ``NEUTRAL``.
"""

from __future__ import annotations

import math
import re
import textwrap
from typing import Optional

import numpy as np
from matplotlib import ticker

# Bloc colours (colour-blind safe pair: blue and vermilion, plus a slate neutral).
US = "#1f5fa8"
CHINA = "#d1432b"
NEUTRAL = "#4d5b66"
NEUTRAL_LIGHT = "#a9b4bd"
CONTESTED = "#d9c89e"  # no lead beyond the margin: neither bloc's colour nor a bipolar grey
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
    "regime.contested": ("Contested (leads within the margin)", CONTESTED),
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
    # Text as SVG <text> elements (selectable, searchable), in the first of the sans-serif
    # fonts the viewer has, ending with the generic family: no font is embedded or linked.
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "svg.hashsalt": "blocsim",  # stable element ids, so equal figures give equal files
}

# The headline metrics in the model's words: title and which bloc's colour.
METRIC_TITLES = {
    "adoption.world.origin.us": ("World share of developers on US-origin models", "us"),
    "adoption.world.origin.china": ("World share of developers on Chinese-origin models", "china"),
    "adoption.world.open_weight": ("World share of developers on open-weight models", "other"),
    "compute.share.china": ("China's share of the world's AI compute", "china"),
    "compute.ratio.us_over_china": ("AI compute of the USA over China", "other"),
    "quality.gap": ("Quality gap: how far the best Chinese model trails the best US model",
                    "other"),
    "price.ratio.us_over_china": ("Price of US models over Chinese models of comparable quality",
                                  "other"),
    "bipolarity.index": ("Bipolarity index: how evenly the world's developers are split between "
                         "the blocs' models", "other"),
}

# The headline metrics (and a few others) in plain words, for the subtitles: the descriptions in
# the results file are written for modellers and may use the model's notation.
PLAIN_DESCRIPTIONS = {
    "adoption.world.origin.us": "Share of all the world's developers whose AI model comes from a "
                                "US lab",
    "adoption.world.origin.china": "Share of all the world's developers whose AI model comes from "
                                   "a Chinese lab",
    "adoption.world.open_weight": "Share of all the world's developers on open-weight models "
                                  "(models anyone can download and run), from any lab",
    "compute.share.china": "China's share of the world's stock of AI chips, counted in H100 "
                           "equivalents",
    "compute.ratio.us_over_china": "How many times more AI chips (in H100 equivalents) the USA "
                                   "holds than China (1\u00d7: as many)",
    "quality.gap": "How far the best Chinese model trails the best US model, as a percentage of "
                   "the US model's quality (below zero: the Chinese model is ahead)",
    "price.ratio.us_over_china": "How many times dearer the cheapest US model is than the "
                                 "cheapest Chinese model, counting only models nearly as good as "
                                 "the weaker side's best (1\u00d7: same price)",
    "bipolarity.index": "How evenly the world's developers are split between US and Chinese "
                        "models: 1 = half on each, 0 = one bloc's models have no users",
    "bipolarity.adoption": "How evenly the world's developers are split between US and Chinese "
                           "models: 1 = half on each, 0 = one bloc's models have no users",
    "bipolarity.compute": "How evenly the world's AI compute is split between the two blocs: "
                          "1 = half each, 0 = one bloc holds none",
    "bipolarity.alignment": "How evenly the world economy is split between the two blocs, each "
                            "nation's GDP counted by how far it leans to one side: 1 = two equal "
                            "blocs that cover the world, 0 = one bloc has no one",
    "bipolarity.coverage": "Share of world GDP in nations that lean to either bloc, weighted by "
                           "how far they lean",
    "bipolarity.balance": "How equal the two blocs are in GDP: 1 = equal, 0 = one bloc has "
                          "no one",
}

SHARE_UNITS = {"share", "probability", "fraction"}
RATIO_UNITS = {"ratio"}
#: Written as a number from 0 to 1 (not a percentage), whatever the file's unit says.
INDEX_UNIT = "index"
INDEX_METRICS = {"bipolarity.index", "bipolarity.adoption", "bipolarity.compute",
                 "bipolarity.alignment", "bipolarity.balance"}
# Value-axis labels of metrics whose description does not say what they are a share of.
AXIS_LABELS = {
    "bipolarity.coverage": "share of world GDP (%)",
}


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


def display_unit(name: str, unit: str) -> str:
    """The unit a metric's numbers are written in: its own, except that an index the file
    stores as a share (bipolarity.index: 0 to 1) is written as a plain number, 0.51, rather
    than a percentage."""
    if name in INDEX_METRICS or (name.endswith(".index") and is_share(unit)):
        return INDEX_UNIT
    return unit


def plain_description(name: str, description: str = "") -> str:
    """What a metric is, in words for a reader who does not know the model: the curated
    sentence for the headline metrics, else the file's own description."""
    return PLAIN_DESCRIPTIONS.get(name) or description.strip()


_SHARE_OF = re.compile(r"\bshare of (.+?)(?:\s+(?:on|in|whose|that|who|aligned)\b|[,;:(.]|$)",
                       re.IGNORECASE)


def value_label(name: str, unit: str, description: str = "") -> str:
    """The label of a metric's value axis, from its unit and description: 'share of the
    world's developers (%)', 'index (0 to 1)', 'relative gap (%)', 'ratio, US over China
    (\u00d7)', or the unit itself ('H100e')."""
    if name in AXIS_LABELS:
        return AXIS_LABELS[name]
    shown = display_unit(name, unit)
    if shown == INDEX_UNIT and shown != unit:
        return "index (0 to 1)"
    u = unit.strip()
    text = description.strip()
    if u.lower() == "share":
        if re.match(r"^relative\b.*\bgap\b", text, re.IGNORECASE):
            return "relative gap (%)"
        m = _SHARE_OF.search(text)
        if m and 0 < len(m.group(1).strip()) <= 40:
            return f"share of {m.group(1).strip()} (%)"
    if u.lower() in RATIO_UNITS and name.endswith(".us_over_china"):
        return f"{u}, US over China (\u00d7)"
    return axis_label(u)


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
    if u.lower() == INDEX_UNIT:
        return "index (0 to 1)"
    return u


def literal(text: str) -> str:
    """Text that matplotlib draws as written (a '$' would start mathematical notation)."""
    return text.replace("$", "\\$")


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
    if u == INDEX_UNIT:
        return f"{value:.2f}" if abs(value) >= 0.01 or value == 0 else f"{value:.2g}"
    return _si(value)


def tick_decimals(values, scale: float = 1.0, most: int = 4) -> int:
    """The fewest decimals that write every tick (times ``scale``) exactly: 2.5 needs one."""
    scaled = np.asarray(values, dtype=float) * scale
    scaled = scaled[np.isfinite(scaled)]
    for decimals in range(most + 1):
        shifted = scaled * 10.0 ** decimals
        if np.all(np.abs(shifted - np.round(shifted)) <= 1e-6 * np.maximum(1, np.abs(shifted))):
            return decimals
    return most


class PercentTicks(ticker.Formatter):
    """Tick labels of a share as percentages, with as many decimals as the tick step needs
    (40%, 42.5%, 45%), and a true minus sign."""

    def __init__(self):
        self.decimals = None

    def format_ticks(self, values):
        self.decimals = tick_decimals(values, 100.0)
        return [self(v) for v in values]

    def __call__(self, x, pos=None):
        decimals = self.decimals if self.decimals is not None else 1
        text = f"{100.0 * x:.{decimals}f}"
        if float(text) == 0:
            text = text.lstrip("-")
        return text.replace("-", "\u2212") + "%"


def axis_formatter(unit: str, values: Optional[np.ndarray] = None) -> ticker.Formatter:
    """Tick labels for a unit: percent for shares and probabilities, 'x' for ratios, k/M/G for
    large counts, plain numbers otherwise."""
    u = unit.strip().lower()
    if u in SHARE_UNITS:
        return PercentTicks()
    if u in RATIO_UNITS:
        return ticker.FuncFormatter(lambda v, _pos: f"{v:g}\u00d7")
    if values is not None and np.size(values) and np.nanmax(np.abs(values)) >= 1e4:
        return ticker.FuncFormatter(lambda v, _pos: _si(v))
    return ticker.ScalarFormatter(useOffset=False)


def wrap(text: str, width: int = 100) -> str:
    return "\n".join(textwrap.wrap(text, width)) if text else ""


def month_label(date: str) -> str:
    """'2030-12' -> 'Dec 2030'."""
    names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    year, month = date.split("-")
    return f"{names[int(month) - 1]} {year}"


def scenario_colour(i: int) -> str:
    return SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]

