#!/usr/bin/python3
"""The reference Holt-Winters figures of a count CSV, with statsmodels (Debian's
python3-statsmodels), under the protocol of `shadowscale backtest`:

    scripts/statsmodels-hw.py SERIES.csv [--train-fraction 0.7]

Sums the per-minute (or per-second, per-5-minute) rows into 5-minute buckets, fits
ExponentialSmoothing on log1p of the first 70% (additive damped trend, additive daily season of
288 buckets), filters the rest with the parameters fixed and prints the MASE of the 5, 15 and
60-minute forecasts from every test origin. The MASE scale is the in-sample MAE of the daily
seasonal-naive forecast on the training part with gaps counted as zeros, so the figures compare
with backtest's MASE-ref column. Prints one line: name, then MASE at 5, 15 and 60 minutes.
"""

import argparse
import sys
from datetime import datetime

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing

BUCKET_S = 300
SEASON = 288
HORIZONS = (1, 3, 12)


def read_buckets(path):
    stamps, counts = [], []
    with open(path) as f:
        for lineno, line in enumerate(f, start=1):
            line = line.strip()
            if not line or (lineno == 1 and not line[0].isdigit()):
                continue
            stamp, _, count = line.partition(",")
            try:
                t = int(stamp) if stamp.isdigit() else int(
                    datetime.fromisoformat(stamp.replace(" ", "T")).timestamp())
                stamps.append(t)
                counts.append(float(count))
            except ValueError as e:
                sys.exit(f"{path}:{lineno}: {e}")
    first = stamps[0] - stamps[0] % BUCKET_S
    n = (stamps[-1] - first) // BUCKET_S + 1
    buckets = np.zeros(n)
    for t, c in zip(stamps, counts):
        buckets[(t - first) // BUCKET_S] += c
    return buckets


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("series")
    parser.add_argument("--train-fraction", type=float, default=0.7)
    args = parser.parse_args()
    y = read_buckets(args.series)
    n = len(y)
    train = int(args.train_fraction * n)
    x = np.log1p(y)
    fit = ExponentialSmoothing(x[:train], trend="add", damped_trend=True, seasonal="add",
                               seasonal_periods=SEASON).fit()
    p = fit.params
    # The same model over the whole series with the training fit's parameters and initial
    # state: its states through the test part are the filter, nothing is refitted.
    full = ExponentialSmoothing(
        x, trend="add", damped_trend=True, seasonal="add", seasonal_periods=SEASON,
        initialization_method="known", initial_level=p["initial_level"],
        initial_trend=p["initial_trend"], initial_seasonal=p["initial_seasons"],
    ).fit(smoothing_level=p["smoothing_level"], smoothing_trend=p["smoothing_trend"],
          smoothing_seasonal=p["smoothing_seasonal"], damping_trend=p["damping_trend"],
          optimized=False)
    level, trend, season = full.level, full.trend, full.season
    phi = p["damping_trend"]
    scale = np.mean(np.abs(y[SEASON:train] - y[:train - SEASON]))
    figures = []
    for h in HORIZONS:
        damp = sum(phi ** k for k in range(1, h + 1))
        errors = []
        for o in range(train, n - h + 1):
            t = o - 1  # last observed bucket
            f = level[t] + damp * trend[t] + season[t + h - SEASON]
            errors.append(abs(y[t + h] - np.expm1(f)))
        figures.append(np.mean(errors) / scale)
    print("statsmodels-holt-winters " + " ".join(f"{m:.3f}" for m in figures))


if __name__ == "__main__":
    main()
