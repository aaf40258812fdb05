"""blocsim_viz: the standard figures and report of a blocsim run, drawn from its protobuf
results export (proto/blocsim/v1/results.proto, message RunResult).

From a notebook::

    from blocsim_viz import load_results, fan_chart
    r = load_results("results/baseline.pb")
    china = r.metrics["adoption.world.origin.china"]
    china.quantiles[0.5][-1]          # median at the last date
    fig = fan_chart(r, "adoption.world.origin.china")

From the shell: ``python3 -m blocsim_viz --help``. See docs/VIZ.md.
"""

from .errors import BlocsimVizError, BlocsimVizWarning
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
from .report import render_report, write_report

__version__ = "0.1.0"

__all__ = [
    "BlocsimVizError",
    "BlocsimVizWarning",
    "Event",
    "HEADLINE_METRICS",
    "Histogram",
    "Metric",
    "QUANTILE_PROBABILITIES",
    "REGIME_METRICS",
    "Results",
    "SUPPORTED_SCHEMA_VERSION",
    "fan_chart",
    "histogram_chart",
    "load_results",
    "nations_china_share_chart",
    "overlay_chart",
    "parse_results",
    "plot_all",
    "regimes_chart",
    "render_report",
    "results_from_message",
    "write_report",
]
