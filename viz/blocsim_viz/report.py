"""The HTML report of one run: a single self-contained page (inline CSS, figures as inline SVG,
no scripts, no external files, no network) with the scenario, its events, a table of the
headline metrics at a few dates, and the standard figures."""

from __future__ import annotations

import html
import re
from typing import List, Optional, Sequence

from . import style
from .figures import figure_bytes, figure_title, standard_figures
from .output import atomic_write
from .results import HEADLINE_METRICS, Results

CAPTIONS = {
    "fan": "Median across replicas (line), with the band holding the middle 50% of replicas "
           "(25\u201375%, dark) and 90% of them (5\u201395%, light), month by month. Dashed "
           "lines mark the scenario's events (listed above; a month with many events is "
           "labelled by its first).",
    "hist": "How the replicas ended: the metric's value at the last date, one count per "
            "replica (in fine bins from each replica's value when the run kept per-replica "
            "series, else in the run's own bins; the subtitle says which). Solid line: median; "
            "dashed lines: 5% and 95% quantiles.",
    "regimes": "The share of replicas in each regime, month by month: US-led, China-led, "
               "symmetric bipolar, or asymmetric bipolar (one bloc leads compute and frontier "
               "quality while the other leads adoption).",
    "nations_china_share": "Each nation's median share of developers on Chinese-origin models "
                           "at the last date, largest first; whiskers span 25\u201375% of "
                           "replicas. Names are coloured by the bloc the nation leans to at "
                           "the end.",
}

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1d2327; max-width: 1000px; margin: 2em auto; padding: 0 1.2em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.1em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #d7dce0; padding-bottom: 0.2em; }
h3 { font-size: 1.0em; margin: 1.6em 0 0.3em; }
p.question { font-size: 1.1em; color: #33414a; margin-top: 0.3em; }
p.meta, figcaption, .note { color: #5b6770; font-size: 0.88em; }
table { border-collapse: collapse; font-size: 0.86em; margin: 0.6em 0; }
th, td { padding: 0.3em 0.6em; border-bottom: 1px solid #e3e6e9; text-align: left;
         vertical-align: top; }
th { background: #f4f6f7; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.num small { display: block; color: #6b7780; }
.scroll { overflow-x: auto; }
code { font-size: 0.92em; color: #3b4852; }
figure { margin: 1em 0 2em; }
figure svg { display: block; width: 100%; height: auto; }
pre { background: #f6f8f9; padding: 0.8em; overflow-x: auto; font-size: 0.82em; }
.us { color: #1f5fa8; } .china { color: #d1432b; }
"""


def table_dates(results: Results) -> List[str]:
    """The dates of the headline table: the first date, the December of every year in the run,
    and the last date, in order and without repeats."""
    dates = results.dates
    if not dates:
        return []
    chosen = [dates[0]] + [d for d in dates if d.endswith("-12")] + [dates[-1]]
    seen = set()
    return [d for d in chosen if not (d in seen or seen.add(d))]


def _inline_svg(svg: bytes, prefix: str, title: str) -> str:
    """An SVG file made fit to inline into HTML: no XML prolog, DOCTYPE, metadata or namespace
    URLs (HTML needs none), element ids prefixed so that several figures can share a page,
    and a width that follows the page."""
    text = svg.decode("utf-8")
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)

    def root(match):
        tag = match.group(0)
        width = re.search(r'\swidth="([0-9.]+)pt"', tag)
        tag = re.sub(r'\s(width|height)="[^"]*"', "", tag)
        size = f' style="max-width: {float(width.group(1)) * 4 / 3:.0f}px"' if width else ""
        return tag[:-1] + f'{size} role="img" aria-label="{html.escape(title)}">'

    text = re.sub(r"<svg\b[^>]*>", root, text, count=1)
    return text.strip()


def _headline_table(results: Results, metrics: Sequence[str]) -> str:
    e = html.escape
    dates = table_dates(results)
    head = "".join(f"<th>{e(style.month_label(d))}</th>" for d in dates)
    rows = []
    for name in metrics:
        metric = results.metrics.get(name)
        label = (f"{e(style.metric_title(name, metric.description if metric else ''))}"
                 f"<br><code>{e(name)}</code>")
        if metric is not None and style.plain_description(name, metric.description):
            label += (f"<br><small class=\"note\">"
                      f"{e(style.plain_description(name, metric.description))}</small>")
        if metric is None:
            rows.append(f"<tr><td>{label}</td><td></td>"
                        f"<td colspan=\"{len(dates)}\" class=\"note\">not in this file</td></tr>")
            continue
        unit = style.display_unit(name, metric.unit)
        cells = []
        for d in dates:
            i = results.step_index(d)
            if metric.has_quantiles():
                med = style.format_value(metric.quantile(0.5)[i], unit)
                lo = style.format_value(metric.quantile(0.05)[i], unit)
                hi = style.format_value(metric.quantile(0.95)[i], unit)
                cells.append(f"<td class=\"num\">{e(med)}<small>{e(lo)} \u2013 {e(hi)}</small></td>")
            else:
                cells.append(f"<td class=\"num\">{e(style.format_value(metric.mean[i], unit))}"
                             f"<small>mean</small></td>")
        shown = style.value_label(name, metric.unit, metric.description)
        rows.append(f"<tr><td>{label}</td><td>{e(shown)}</td>{''.join(cells)}</tr>")
    return ("<div class=\"scroll\"><table class=\"headline\">"
            f"<thead><tr><th>metric</th><th>unit</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>"
            "<p class=\"note\">Each cell: the median across replicas, and below it the range "
            "that holds 90% of replicas (5% to 95% quantiles).</p>")


def render_report(results: Results, metrics: Optional[Sequence[str]] = None) -> str:
    """The report as one HTML string. ``metrics`` defaults to the headline metrics."""
    e = html.escape
    names = list(metrics) if metrics else list(HEADLINE_METRICS)
    title = f"blocsim: {results.scenario_name or 'unnamed scenario'}"
    parts = [
        "<!DOCTYPE html>",
        "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Scenario \u201c{e(results.scenario_name)}\u201d</h1>",
    ]
    if results.description:
        parts.append(f"<p class=\"question\">{e(results.description)}</p>")
    span = (f"{style.month_label(results.dates[0])} to {style.month_label(results.dates[-1])}"
            if results.dates else "no dates")
    meta = [f"{results.replicas} replicas", f"seed {results.seed}", span,
            f"{len(results.metrics)} metrics"]
    prov = results.provenance
    if prov.get("program_version"):
        meta.append(str(prov["program_version"]))
    if prov.get("started_at"):
        meta.append(f"run started {prov['started_at']}")
    separator = " \u00b7 "
    parts.append(f"<p class=\"meta\">{e(separator.join(meta))}</p>")

    parts.append("<h2>Events</h2>")
    if results.events:
        rows = "".join(f"<tr><td>{e(ev.date)}</td><td>{e(ev.label)}</td></tr>"
                       for ev in sorted(results.events, key=lambda ev: ev.date))
        parts.append(f"<table><thead><tr><th>date</th><th>event</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
    else:
        parts.append("<p class=\"note\">The scenario has no dated events.</p>")

    parts.append("<h2>Headline metrics</h2>")
    parts.append(_headline_table(results, names))

    parts.append("<h2>Figures</h2>")
    for k, (stem, fig) in enumerate(standard_figures(results, names)):
        kind = "fan" if stem.startswith("fan_") else "hist" if stem.startswith("hist_") else stem
        heading = figure_title(fig) or stem
        svg = _inline_svg(figure_bytes(fig, "svg"), f"f{k}-", heading)
        parts.append(f"<figure id=\"{e(stem)}\">{svg}"
                     f"<figcaption>{e(CAPTIONS.get(kind, ''))} "
                     f"<code>{e(stem)}</code></figcaption></figure>")

    if results.scenario_text:
        parts.append("<h2>The scenario as run</h2><details><summary>scenario text "
                     "(protobuf text format)</summary>"
                     f"<pre>{e(results.scenario_text)}</pre></details>")
    if prov:
        rows = "".join(f"<tr><th>{e(k.replace('_', ' '))}</th><td>{e(str(v))}</td></tr>"
                       for k, v in prov.items() if v not in ("", None))
        parts.append(f"<h2>Provenance</h2><table><tbody>{rows}</tbody></table>")
    parts.append(f"<p class=\"meta\">Drawn by blocsim_viz from <code>{e(results.path)}</code>."
                 "</p></body></html>")
    return "\n".join(parts) + "\n"


def write_report(results: Results, path: str, metrics: Optional[Sequence[str]] = None) -> str:
    """Write the report to ``path`` atomically (a failure leaves no partial file). Returns
    ``path``."""
    page = render_report(results, metrics)
    data = page.encode("utf-8")
    return atomic_write(path, lambda f: f.write(data))
