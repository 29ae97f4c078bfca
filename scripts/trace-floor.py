#!/usr/bin/env python3
"""How well could any forecaster do on level-shifts.csv (or shop.csv)? Scores, under the protocol of
`shadowscale backtest` (5-minute buckets, the last 30% as test part, MASE-ref), forecasters
that know how scripts/make-traces.py made the trace:

    scripts/trace-floor.py [level-shifts|shop]

- causal: knows the daily and weekly cycle, the trend, the current level and the current state
  of the slow noise exactly; forecasts the noise's conditional median (it decays towards 0 in
  log space) and that the level stays as it is. No forecaster that only sees the counts can do
  better on average, so this is a floor for the real ones.
- knows-shifts: the same, told in advance when the level will step and to what.
- rates: knows the very rates the counts were drawn from; what is left is Poisson noise (on
  shop.csv also the minute-to-minute Gamma factor of its overdispersed counts).

On shop.csv, whose level drops on day 20 and triples for a sale on day 26, causal is also told
both in advance, which only lowers the floor.

Python's standard library only; runs the generator again (about ten seconds).
"""

import importlib.util
import math
import os
import random
import sys

BUCKET = 5  # minutes
SEASON = 288  # buckets a day
TRAIN_FRACTION = 0.7
HORIZONS = (1, 3, 12)


def generator():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "make-traces.py")
    spec = importlib.util.spec_from_file_location("make_traces", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bucket_sums(values):
    return [sum(values[i * BUCKET:(i + 1) * BUCKET]) for i in range(len(values) // BUCKET)]


def level_shifts_floor(mt):
    """The forecasters that know how level-shifts.csv was made, per minute (origin, minute)."""
    # The same seed make-traces.py uses for this trace.
    counts, shape, levels, log_noise = mt.level_shifts_parts(random.Random(202))
    rho = mt.LEVEL_SHIFTS_RHO

    def causal(o_minute, minute):
        return shape[minute] * levels[o_minute] * math.exp(log_noise[o_minute] *
                                                           rho ** (minute - o_minute))

    def knows_shifts(o_minute, minute):
        return shape[minute] * levels[minute] * math.exp(log_noise[o_minute] *
                                                         rho ** (minute - o_minute))

    def rates(o_minute, minute):
        return shape[minute] * levels[minute] * math.exp(log_noise[minute])

    return counts, (("causal", causal), ("knows-shifts", knows_shifts), ("rates", rates))


def shop_floor(mt):
    """The same for shop.csv, whose causal forecaster is also told the lost client and the sale
    in advance: a floor lower still."""
    counts, base, log_noise = mt.shop_parts(random.Random(777))
    rho = mt.SHOP_RHO

    def causal(o_minute, minute):
        return base[minute] * math.exp(log_noise[o_minute] * rho ** (minute - o_minute))

    def rates(o_minute, minute):
        return base[minute] * math.exp(log_noise[minute])

    return counts, (("causal", causal), ("rates", rates))


TRACES = {"level-shifts": level_shifts_floor, "shop": shop_floor}


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "level-shifts"
    if name not in TRACES or len(sys.argv) > 2:
        print("usage: scripts/trace-floor.py [" + "|".join(TRACES) + "]", file=sys.stderr)
        sys.exit(2)
    counts, forecasters = TRACES[name](generator())
    y = bucket_sums(counts)
    n = len(y)
    train = int(TRAIN_FRACTION * n)
    scale = sum(abs(y[t] - y[t - SEASON]) for t in range(SEASON, train)) / (train - SEASON)
    print(f"{name}.csv: {n} buckets of {BUCKET} min, test part from bucket {train}; "
          f"MASE scale {scale:.3f}")
    print("forecaster      5m     15m    60m")
    for label, f in forecasters:
        figures = []
        for h in HORIZONS:
            total, count = 0.0, 0
            for o in range(train, n - h + 1):
                t = o - 1  # the last observed bucket
                last_minute = (t + 1) * BUCKET - 1
                first = (t + h) * BUCKET
                forecast = sum(f(last_minute, m) for m in range(first, first + BUCKET))
                total += abs(y[t + h] - forecast)
                count += 1
            figures.append(total / count / scale)
        print(f"{label:<14}" + "".join(f"{m:7.3f}" for m in figures))


if __name__ == "__main__":
    main()
