"""blocsim_viz: the standard figures and report of a blocsim run, drawn from its protobuf
results export (proto/blocsim/v1/results.proto, message RunResult).

From a notebook::

    from blocsim_viz import load_results, fan_chart
    r = load_results("results/baseline.pb")
    china = r.metrics["adoption.world.origin.china"]
    china.quantiles[0.5][-1]          # median at the last date
    fig = fan_chart(r, "adoption.world.origin.china")

A comparison written by ``blocsim compare A B -o comparison.pb``::

    from blocsim_viz import load_comparison, comparison_chart
    c = load_comparison("comparison.pb")
    d = c.metrics["adoption.world.origin.china"]
    d.median, d.lo, d.hi, d.p_b_greater  # paired B - A per compared date
    fig = comparison_chart(c)

From the shell: ``python3 -m blocsim_viz --help``. See docs/VIZ.md.
"""

from . import _requirements

_requirements.check()  # one clear line, not a traceback, when numpy & co. are missing
del _requirements

from .errors import BlocsimVizError, BlocsimVizWarning  # noqa: E402 (after the check)
from .results import (
    HEADLINE_METRICS,
    QUANTILE_PROBABILITIES,
    REGIME_METRICS,
    SUPPORTED_SCHEMA_VERSION,
    Event,
    Histogram,
    Metric,
    Results,
    load_results,
    parse_results,
    results_from_message,
)
from .figures import (
    fan_chart,
    histogram_chart,
    nations_china_share_chart,
    overlay_chart,
    regimes_chart,
    plot_all,
)
from .comparison import (
    Comparison,
    MetricDifference,
    comparison_from_message,
    load_any,
    load_comparison,
    parse_comparison,
)
from .comparison_figure import comparison_chart, plot_comparisons
from .report import render_report, write_report
from .wire import file_kind

__version__ = "0.1.0"

__all__ = [
    "BlocsimVizError",
    "BlocsimVizWarning",
    "Comparison",
    "Event",
    "HEADLINE_METRICS",
    "Histogram",
    "Metric",
    "MetricDifference",
    "QUANTILE_PROBABILITIES",
    "REGIME_METRICS",
    "Results",
    "SUPPORTED_SCHEMA_VERSION",
    "comparison_chart",
    "comparison_from_message",
    "fan_chart",
    "file_kind",
    "histogram_chart",
    "load_any",
    "load_comparison",
    "load_results",
    "nations_china_share_chart",
    "overlay_chart",
    "parse_comparison",
    "parse_results",
    "plot_all",
    "plot_comparisons",
    "regimes_chart",
    "render_report",
    "results_from_message",
    "write_report",
]
