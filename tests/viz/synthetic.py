"""A synthetic RunResult, made the way `blocsim run` makes one (summaries computed from replica
trajectories), and a synthetic Comparison, made the way `blocsim compare` makes one (paired
differences of two sets of replicas), for the viz tests and for trying the figures without a
build of blocsim.

    PYTHONPATH=viz:build/viz/python:tests/viz /usr/bin/python3 tests/viz/synthetic.py out.pb 500
    PYTHONPATH=viz:build/viz/python:tests/viz /usr/bin/python3 tests/viz/synthetic.py \
        --comparison comparison.pb 200
"""

from __future__ import annotations

import sys

import numpy as np

from blocsim.v1 import results_pb2

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)

EVENTS = [
    ("2025-04", "H20 export licence required"),
    ("2026-01", "H200 licences (25% revenue cut)"),
    ("2026-02", "China customs blocks H200"),
    ("2027-06", "Ascend reaches inference parity"),
    ("2029-11", "US tightens controls"),
]

NATIONS = ["USA", "CHN", "GBR", "DEU", "FRA", "JPN", "KOR", "IND", "BRA", "IDN", "SAU", "ARE",
           "NGA", "VNM", "RUS", "PAK"]

NATION_NAMES = {"USA": "United States", "CHN": "China", "GBR": "United Kingdom",
                "DEU": "Germany", "FRA": "France", "JPN": "Japan", "KOR": "South Korea",
                "IND": "India", "BRA": "Brazil", "IDN": "Indonesia", "SAU": "Saudi Arabia",
                "ARE": "United Arab Emirates", "NGA": "Nigeria", "VNM": "Vietnam",
                "RUS": "Russia", "PAK": "Pakistan"}
# Leans at the end (-1 China-led bloc, +1 US-led bloc); the others are non-aligned (0).
NATION_LEANS = {"USA": 1.0, "GBR": 0.8, "DEU": 0.7, "FRA": 0.7, "JPN": 0.8, "KOR": 0.8,
                "CHN": -1.0, "RUS": -0.8, "PAK": -0.6, "VNM": -0.3}

SCENARIO_TEXT = 'name: "synthetic"\ndescription: "A synthetic world for the viz tests"\n' \
                'start: "2025-01"\nend: "2030-12"\n'


def monthly_dates(start_year: int = 2025, end_year: int = 2030):
    return [f"{y:04d}-{m:02d}" for y in range(start_year, end_year + 1) for m in range(1, 13)]


def _logistic(t, lo, hi, mid, rate):
    return lo + (hi - lo) / (1 + np.exp(-rate * (t - mid)))


def trajectories(n_replicas: int, n_steps: int, seed: int):
    """name -> (unit, description, array [replica, step])."""
    rng = np.random.default_rng(seed)
    t = np.arange(n_steps, dtype=float)
    r = n_replicas

    def noisy_share(lo, hi, mid, rate, spread):
        his = np.clip(hi + spread * rng.standard_normal((r, 1)), 0.01, 0.99)
        mids = mid + 6 * rng.standard_normal((r, 1))
        walk = np.cumsum(0.004 * rng.standard_normal((r, n_steps)), axis=1)
        return np.clip(_logistic(t[None, :], lo, his, mids, rate) + walk, 0, 1)

    out = {}
    china = noisy_share(0.18, 0.38, 30, 0.09, 0.08)
    us = np.clip(1 - china - noisy_share(0.10, 0.14, 30, 0.05, 0.02), 0, 1)
    out["adoption.world.origin.us"] = (
        "share", "Share of the world's developers whose model is of US origin.", us)
    out["adoption.world.origin.china"] = (
        "share", "Share of the world's developers whose model is of Chinese origin.", china)
    out["adoption.world.open_weight"] = (
        "share", "Share of the world's developers on an open-weight model.",
        noisy_share(0.30, 0.52, 24, 0.08, 0.06))
    compute_china = noisy_share(0.14, 0.27, 36, 0.07, 0.05)
    out["compute.share.china"] = (
        "share", "China bloc's share of the AI compute stock of both blocs.", compute_china)
    out["compute.ratio.us_over_china"] = (
        "ratio", "Compute stock of the US bloc divided by that of the China bloc.",
        (1 - compute_china) / compute_china)
    # As blocsim writes them (scenarios/src/metrics_catalog.cpp): a relative gap, a share.
    out["quality.gap"] = (
        "share", "Relative quality gap of the best models: (US - China) / US",
        (6 - 4 * (1 - np.exp(-t / 30))[None, :] + 1.2 * rng.standard_normal((r, 1))
         + np.cumsum(0.05 * rng.standard_normal((r, n_steps)), axis=1)) / 100)
    out["price.ratio.us_over_china"] = (
        "ratio", "Price per million tokens of US models over that of Chinese models, "
                 "adoption-weighted.",
        np.exp(np.log(3.2) - 0.012 * t[None, :] + 0.15 * rng.standard_normal((r, 1))))
    bip = np.clip(1 - np.abs(us - china) / np.maximum(us + china, 1e-9), 0, 1)
    out["bipolarity.index"] = (
        "share", "Bipolarity B = 4 s_US s_CN of GDP-weighted alignment (1: two equal blocs)", bip)
    out["compute.stock.china"] = (
        "H100e", "Compute stock of the China bloc in H100-equivalents.",
        1.5e6 * np.exp(0.025 * t[None, :] + 0.1 * rng.standard_normal((r, 1))))

    # Regimes: one label per replica and month.
    lead = us - china
    regime = np.where(lead > 0.25, 0, np.where(lead < -0.05, 1, np.where(
        np.abs(lead) < 0.01, 4, np.where(np.abs(compute_china - 0.5) > 0.2, 3, 2))))
    for k, (name, text) in enumerate([
            ("regime.us_led", "1 in a month the replica is US-led, else 0."),
            ("regime.china_led", "1 in a month the replica is China-led, else 0."),
            ("regime.symmetric_bipolar", "1 in a month the replica is symmetric bipolar."),
            ("regime.asymmetric_bipolar", "1 in a month the replica is asymmetric bipolar."),
            ("regime.contested", "1 in a month the replica is contested.")]):
        out[name] = ("probability", text, (regime == k).astype(float))

    for i, iso3 in enumerate(NATIONS):
        base = {"USA": 0.03, "CHN": 0.85, "RUS": 0.55, "PAK": 0.45, "VNM": 0.4}.get(
            iso3, 0.1 + 0.025 * i)
        out[f"adoption.nation.{iso3}.origin.china"] = (
            "share", f"Share of {NATION_NAMES[iso3]}'s developers on models of Chinese labs",
            noisy_share(base, min(0.95, base * 1.6 + 0.05), 30, 0.08, 0.05))
    for iso3 in NATIONS:
        lean = NATION_LEANS.get(iso3, 0.0)
        out[f"alignment.nation.{iso3}"] = (
            "lean", f"Alignment of {NATION_NAMES[iso3]} (-1 China-led bloc, +1 US-led bloc)",
            np.clip(lean + 0.05 * rng.standard_normal((r, 1))
                    + np.zeros((1, n_steps)), -1, 1))
    return out


def build_run_result(n_replicas: int = 3, per_replica: bool = True, seed: int = 42,
                     scenario_name: str = "synthetic", schema_version: int = 1,
                     dates=None, events=EVENTS, bins: int = 12):
    dates = list(dates or monthly_dates())
    msg = results_pb2.RunResult()
    msg.schema_version = schema_version
    msg.scenario_name = scenario_name
    msg.scenario_text = SCENARIO_TEXT
    msg.seed = seed
    msg.replicas = n_replicas
    msg.dates.extend(dates)
    for name, (unit, description, values) in trajectories(n_replicas, len(dates), seed).items():
        m = msg.metrics.add()
        m.name, m.unit, m.description = name, unit, description
        for s in range(len(dates)):
            column = values[:, s]
            step = m.steps.add()
            step.mean = float(column.mean())
            step.sd = float(column.std(ddof=1)) if n_replicas > 1 else 0.0
            step.min = float(column.min())
            step.max = float(column.max())
            for p in QUANTILES:
                q = step.quantiles.add()
                q.p = p
                q.value = float(np.quantile(column, p))
        final = values[:, -1]
        lo, hi = float(final.min()), float(final.max())
        counts = np.zeros(bins, dtype=np.int64)
        if hi > lo:
            index = np.minimum(((final - lo) / (hi - lo) * bins).astype(int), bins - 1)
            np.add.at(counts, index, 1)
        else:
            counts[0] = len(final)
        m.final_histogram.lo, m.final_histogram.hi = lo, hi
        m.final_histogram.counts.extend(int(c) for c in counts)
        if per_replica:
            for rep in range(n_replicas):
                series = m.replicas.add()
                series.replica = rep
                series.values.extend(float(v) for v in values[rep])
    for date, label in events:
        e = msg.events.add()
        e.date, e.label = date, label
    msg.scenario_description = ("What if H200 exports resume under licence while Chinese "
                                "customs blocks them?")
    p = msg.provenance
    p.program_version = "blocsim 0.1.0"
    p.build_type = "Release"
    p.wall_time_s = 12.5
    p.threads = 2
    p.processes = 1
    p.host = "testhost"
    p.started_at = "2025-06-01T12:00:00Z"
    p.command_line = f"blocsim run --replicas {n_replicas} --seed {seed}"
    return msg


def write_run_result(path: str, **kwargs) -> "results_pb2.RunResult":
    msg = build_run_result(**kwargs)
    with open(path, "wb") as f:
        f.write(msg.SerializeToString())
    return msg


COMPARISON_DATES = ("2025-12", "2026-12", "2027-12", "2028-12", "2029-12", "2030-12")


def comparison_replicas(n_replicas: int, seed: int):
    """name -> (unit, A values [replica, step], B values [replica, step]): B is A plus an effect
    that grows over time and a little replica-level noise, as common random numbers give."""
    rng = np.random.default_rng(seed + 1)
    dates = monthly_dates()
    t = np.arange(len(dates), dtype=float)
    out = {}
    for k, (name, (unit, _description, a)) in enumerate(
            trajectories(n_replicas, len(dates), seed).items()):
        scale = float(np.std(a)) or 1.0
        effect = (0.4 if k % 2 == 0 else -0.3) * scale * (1 - np.exp(-t / 24))
        noise = 0.1 * scale * rng.standard_normal((n_replicas, 1)) * np.sqrt(t / t[-1])[None, :]
        b = a + effect[None, :] + noise
        if unit in ("share", "probability"):
            b = np.clip(b, 0, 1)
        out[name] = (unit, a, b)
    return dates, out


def build_comparison(n_replicas: int = 20, seed: int = 42, a_name: str = "baseline",
                     b_name: str = "h200_resumed", dates=COMPARISON_DATES,
                     schema_version: int = 1, provenance: bool = True):
    """A Comparison computed the way `blocsim compare` computes it, from synthetic replicas."""
    all_dates, series = comparison_replicas(n_replicas, seed)
    steps = [all_dates.index(d) for d in dates]
    msg = results_pb2.Comparison()
    msg.schema_version = schema_version
    msg.a_name, msg.b_name = a_name, b_name
    msg.seed = seed
    msg.replicas = n_replicas
    msg.dates.extend(dates)
    msg.a_text = SCENARIO_TEXT.replace("synthetic", a_name)
    msg.b_text = SCENARIO_TEXT.replace("synthetic", b_name)
    shifted = (np.arange(n_replicas) + n_replicas // 2) % n_replicas
    for name, (unit, a, b) in series.items():
        m = msg.metrics.add()
        m.name, m.unit = name, unit
        for date, s in zip(dates, steps):
            diff = b[:, s] - a[:, s]
            unpaired = b[:, s] - a[shifted, s]
            d = m.dates.add()
            d.date = date
            d.mean = float(diff.mean())
            d.median = float(np.quantile(diff, 0.5))
            d.lo = float(np.quantile(diff, 0.025))
            d.hi = float(np.quantile(diff, 0.975))
            d.p_b_greater = float(np.mean((diff > 0) + 0.5 * (diff == 0)))
            d.a_median = float(np.median(a[:, s]))
            d.b_median = float(np.median(b[:, s]))
            d.unpaired_lo = float(np.quantile(unpaired, 0.025))
            d.unpaired_hi = float(np.quantile(unpaired, 0.975))
    if provenance:
        p = msg.provenance
        p.program_version = "blocsim 0.1.0"
        p.build_type = "Release"
        p.wall_time_s = 3.5
        p.threads = 2
        p.processes = 1
        p.host = "testhost"
        p.started_at = "2025-06-01T12:00:00Z"
        p.command_line = f"blocsim compare {a_name} {b_name} --replicas {n_replicas}"
    return msg


def write_comparison(path: str, **kwargs) -> "results_pb2.Comparison":
    msg = build_comparison(**kwargs)
    with open(path, "wb") as f:
        f.write(msg.SerializeToString())
    return msg


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--comparison":
        out = sys.argv[2] if len(sys.argv) > 2 else "comparison.pb"
        write_comparison(out, n_replicas=int(sys.argv[3]) if len(sys.argv) > 3 else 200)
        print(out)
        sys.exit(0)
    out = sys.argv[1] if len(sys.argv) > 1 else "synthetic.pb"
    replicas = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    name = sys.argv[3] if len(sys.argv) > 3 else "synthetic"
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 42
    write_run_result(out, n_replicas=replicas, per_replica=False, scenario_name=name, seed=seed)
    print(out)
