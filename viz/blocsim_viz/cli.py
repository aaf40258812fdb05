"""The command line: python3 -m blocsim_viz {plot,report,info} ..."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from typing import List, Optional

from .errors import BlocsimVizError, BlocsimVizWarning

PROG_ENV = "BLOCSIM_VIZ_PROG"  # lets a wrapper (e.g. the blocsim CLI) show its own name

DESCRIPTION = """\
Draw the standard figures and the report of a blocsim run from its results file: the protobuf
export that `blocsim run` writes (message blocsim.v1.RunResult, proto/blocsim/v1/results.proto).
`plot` also draws the comparison that `blocsim compare A B -o comparison.pb` writes (message
blocsim.v1.Comparison): the paired differences B - A with their intervals.
Run `%(prog)s COMMAND --help` for each command's options.
"""

EPILOG = """\
examples:
  # every standard figure of one run, into figures/
  %(prog)s plot results/baseline.pb --out figures/

  # two scenarios: each one's figures in figures/<scenario>/, overlays in figures/
  %(prog)s plot results/baseline.pb results/h200_resumed.pb --out figures/

  # a paired comparison (blocsim compare A B -o comparison.pb): figures/comparison.png/svg
  %(prog)s plot comparison.pb --out figures/

  # one HTML page to share (no external files; open it in any browser)
  %(prog)s report results/baseline.pb --out baseline.html

  # what is in a file
  %(prog)s info results/baseline.pb

The headline metrics (fan charts, histograms, overlays, report table) are:
  adoption.world.origin.us, adoption.world.origin.china, adoption.world.open_weight,
  compute.share.china, compute.ratio.us_over_china, quality.gap, price.ratio.us_over_china,
  bipolarity.index
A headline metric missing from a file is skipped with a warning. Use --metric to choose others.

exit status: 0 success, 2 error (unreadable, truncated or wrong-version file; bad option;
output not writable); errors are printed as `blocsim viz: error: ...`. Outputs are written to a
temporary file and renamed, so a failure never leaves a half-written file.

From Python: `from blocsim_viz import load_results` (docs/VIZ.md).
"""

PLOT_DESCRIPTION = """\
Write the standard figures of each results file, as PNG and SVG:

  fan_<metric>          fan chart per headline metric: median line, 25-75% and 5-95% bands,
                        the scenario's events as dashed lines with their labels above
  hist_<metric>         histogram of each headline metric at the last date, across replicas
  regimes               probability of each regime (US-led, China-led, symmetric bipolar,
                        asymmetric bipolar) over time, as a stacked area
  nations_china_share   each nation's median share of developers on Chinese-origin models at
                        the last date, sorted (metrics adoption.nation.<ISO3>.origin.china)
  overlay_<metric>      with two or more files: the runs' fan charts on one axis, one colour
                        per scenario
  comparison            for a comparison file (`blocsim compare A B -o comparison.pb`): one
                        panel per headline metric with, at each compared date, the median of
                        the paired differences B - A and their 95% interval, the wider 95%
                        interval without common random numbers (lighter) behind it, a zero
                        line, and P(B > A) above each date

With one results file the figures go into DIR. With several, each file's figures go into
DIR/<scenario name>/ and the overlays into DIR. The kind of each file (run results or
comparison) is told from its contents; results files and comparisons can be mixed. A comparison
figure is DIR/comparison.png/svg, or with several comparison files
DIR/comparison_<B>_minus_<A>.png/svg. The paths written are printed, one per line.
"""

PLOT_EPILOG = """\
examples:
  %(prog)s results/baseline.pb --out figures/
  %(prog)s results/baseline.pb results/ascend_parity.pb --out figures/compare
  %(prog)s results/baseline.pb --out figures/ --format png --dpi 300
  %(prog)s results/baseline.pb --out figures/ --metric compute.stock.china --metric quality.gap
  %(prog)s comparison.pb --out figures/
  %(prog)s results/baseline.pb comparison.pb --out figures/
"""

REPORT_DESCRIPTION = """\
Write one self-contained HTML page for a results file: the scenario's name and question, its
events, a table of each headline metric (median and 5-95% band) at the first date, every
December and the last date, and the standard figures as inline SVG. The page needs no other
file and no network: mail it, or open it in a browser.
"""

REPORT_EPILOG = """\
examples:
  %(prog)s results/baseline.pb --out baseline.html
  %(prog)s results/baseline.pb --out report.html --metric compute.share.china
"""

INFO_EPILOG = """\
example:
  %(prog)s results/baseline.pb
"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def _prog() -> str:
    return os.environ.get(PROG_ENV) or "python3 -m blocsim_viz"


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog=_prog(), description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=_Formatter)
    parser.add_argument("--version", action="version", version=f"blocsim_viz {__version__}")
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND",
                                     required=True)

    plot = commands.add_parser("plot", help="write the standard figures, PNG and SVG, into a directory",
                               description=PLOT_DESCRIPTION, epilog=PLOT_EPILOG,
                               formatter_class=_Formatter)
    plot.add_argument("results", nargs="+", metavar="RESULTS.pb",
                      help="results file(s) written by `blocsim run`, or comparison file(s) "
                           "written by `blocsim compare`")
    plot.add_argument("-o", "--out", required=True, metavar="DIR",
                      help="directory for the figures (created if missing)")
    plot.add_argument("--format", action="append", choices=("png", "svg", "pdf"),
                      dest="formats", metavar="FMT",
                      help="file format: png, svg or pdf; repeat for several "
                           "(default: png and svg)")
    plot.add_argument("--dpi", type=int, default=150,
                      help="resolution of PNG files, in dots per inch (default: 150)")
    plot.add_argument("--metric", action="append", dest="metrics", metavar="NAME",
                      help="draw fan charts, histograms, overlays and comparison panels for "
                           "this metric instead of the headline metrics; repeat for several. "
                           "Any metric the file has (`info` lists them); a name the file lacks "
                           "is skipped with a warning")
    plot.add_argument("-q", "--quiet", action="store_true",
                      help="do not print the paths written")

    report = commands.add_parser("report", help="write one self-contained HTML page: scenario, events, "
                                      "headline table, figures",
                                 description=REPORT_DESCRIPTION, epilog=REPORT_EPILOG,
                                 formatter_class=_Formatter)
    report.add_argument("results", metavar="RESULTS.pb", help="results file written by "
                                                               "`blocsim run`")
    report.add_argument("-o", "--out", required=True, metavar="FILE.html",
                        help="the HTML file to write (replaced if it exists)")
    report.add_argument("--metric", action="append", dest="metrics", metavar="NAME",
                        help="report this metric instead of the headline metrics; repeat for "
                             "several. Any metric the file has (`info` lists them)")

    info = commands.add_parser("info", help="describe results files: scenario, dates, replicas, "
                                    "events, metrics",
                               description="Print what a results file holds: scenario, "
                                           "question, seed, replicas, dates, events, and every "
                                           "metric with its unit; for a comparison file, the "
                                           "two scenarios, dates and metrics.",
                               epilog=INFO_EPILOG, formatter_class=_Formatter)
    info.add_argument("results", nargs="+", metavar="RESULTS.pb")
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None):
    stream = file or sys.stderr
    if issubclass(category, BlocsimVizWarning):
        stream.write(f"blocsim viz: warning: {message}\n")
    else:
        stream.write(warnings.formatwarning(message, category, filename, lineno, line))


def _info_comparison(path: str, c) -> None:
    from . import style
    from .comparison_figure import format_difference
    from .results import HEADLINE_METRICS

    print(f"{path}")
    print("  comparison   B minus A, paired with common random numbers")
    print(f"  A            {c.a_name}")
    print(f"  B            {c.b_name}")
    print(f"  seed         {c.seed}")
    print(f"  replicas     {c.replicas}")
    print(f"  dates        {', '.join(c.dates)}")
    if c.provenance.get("program_version"):
        print(f"  written by   {c.provenance['program_version']}")
    print(f"  metrics      {len(c.metrics)}")
    width = max((len(n) for n in c.metrics), default=0)
    last = len(c.dates) - 1
    for name, m in c.metrics.items():
        mark = "*" if name in HEADLINE_METRICS else " "
        at_end = ""
        unit = style.display_unit(name, m.unit)
        if last >= 0:
            at_end = (f"  {c.dates[last]}: median {format_difference(m.median[last], unit)}, "
                      f"95% [{format_difference(m.lo[last], unit)}, "
                      f"{format_difference(m.hi[last], unit)}], "
                      f"P(B > A) {m.p_b_greater[last]:.0%}")
        print(f"   {mark} {name:<{width}}  {m.unit}{at_end}")
    missing = c.missing_metrics()
    if missing:
        print(f"  missing headline metrics: {', '.join(missing)}")
    print("  (* headline metric)")


def _info(paths: List[str]) -> None:
    from .comparison import Comparison, load_any
    from .results import HEADLINE_METRICS

    for k, path in enumerate(paths):
        r = load_any(path)
        if k:
            print()
        if isinstance(r, Comparison):
            _info_comparison(path, r)
            continue
        print(f"{path}")
        print(f"  scenario     {r.scenario_name}")
        if r.description:
            print(f"  question     {r.description}")
        print(f"  seed         {r.seed}")
        print(f"  replicas     {r.replicas}")
        if r.dates:
            print(f"  dates        {r.dates[0]} .. {r.dates[-1]} ({len(r.dates)} months)")
        for e in r.events:
            print(f"  event        {e.date}  {e.label}")
        if r.provenance.get("program_version"):
            print(f"  written by   {r.provenance['program_version']}")
        per_replica = sum(1 for m in r.metrics.values() if m.replicas is not None)
        print(f"  metrics      {len(r.metrics)} ({per_replica} with per-replica series)")
        width = max((len(n) for n in r.metrics), default=0)
        for name, m in r.metrics.items():
            mark = "*" if name in HEADLINE_METRICS else " "
            print(f"   {mark} {name:<{width}}  {m.unit}")
        missing = r.missing_metrics()
        if missing:
            print(f"  missing headline metrics: {', '.join(missing)}")
        print("  (* headline metric)")


def run(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .comparison import Comparison, load_any
    from .comparison_figure import plot_comparisons
    from .figures import plot_all
    from .report import write_report
    from .results import load_results

    if args.command == "plot":
        if args.dpi <= 0:
            raise BlocsimVizError(f"--dpi must be positive, not {args.dpi}")
        loaded = [load_any(p) for p in args.results]
        runs = [x for x in loaded if not isinstance(x, Comparison)]
        comparisons = [x for x in loaded if isinstance(x, Comparison)]
        formats = list(dict.fromkeys(args.formats or ["png", "svg"]))
        written = []
        if runs:
            written += plot_all(runs, args.out, formats=formats, metrics=args.metrics,
                                dpi=args.dpi)
        written += plot_comparisons(comparisons, args.out, formats=formats,
                                    metrics=args.metrics, dpi=args.dpi)
        if not args.quiet:
            for path in written:
                print(path)
    elif args.command == "report":
        results = load_results(args.results)
        directory = os.path.dirname(os.path.abspath(args.out))
        if not os.path.isdir(directory):
            raise BlocsimVizError(f"cannot write {args.out}: the directory {directory} does not "
                                  f"exist")
        write_report(results, args.out, metrics=args.metrics)
        print(args.out)
    elif args.command == "info":
        _info(args.results)
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    warnings.showwarning = _show_warning
    try:
        return run(argv)
    except BlocsimVizError as e:
        sys.stderr.write(f"blocsim viz: error: {e}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("blocsim viz: interrupted\n")
        return 130
    except BrokenPipeError:  # the reader stopped early (`... info | head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that flushing stdout at exit is quiet
        return 0
