#!/usr/bin/env python3
"""Writes the forecasting test traces: per-minute count CSVs (time,count) with strong growth,
level shifts and flash crowds, the kinds of traffic a forecaster has to generalize to.

    scripts/make-traces.py OUT_DIR [--nasa ../shared/traces/nasa-http-1995-per-minute.csv]

Deterministic: the same command writes the same bytes (Python's own Mersenne Twister, seeded per
trace). Python's standard library only. Traces:

  growth-flash.csv   70 days; traffic grows about tenfold; weekly "match days" with flash crowds
                     (x3 to x6 within minutes, gone in an hour or two) at varying hours
  level-shifts.csv   56 days; the level steps up or down (x0.5 to x2.5) every few days, a
                     moderate trend, a strong weekly cycle
  nasa-growth.csv    the NASA trace times a growth ramp (x1 to x8 over its 62 days) with injected
                     crowds; written only with --nasa (the trace is not part of the repository)
"""

import argparse
import math
import os
import random
import sys
from datetime import datetime, timedelta

MINUTES_PER_DAY = 1440


def poisson(rng, lam):
    """A Poisson draw; the normal approximation above 50 is plenty for counts."""
    if lam <= 0:
        return 0
    if lam > 50:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def daily_shape(minute_of_day, peak_hour, amplitude):
    phase = 2 * math.pi * (minute_of_day / 60.0 - peak_hour) / 24.0
    return 1.0 + amplitude * math.cos(phase)


def crowd_shape(t, start, rise, decay):
    """0 before start, a linear rise over `rise` minutes, then exponential decay."""
    d = t - start
    if d < 0:
        return 0.0
    if d < rise:
        return d / rise
    x = (d - rise) / decay
    return math.exp(-x) if x < 30 else 0.0


def slow_log_noise(rng, n, sigma, rho=0.995):
    """An AR(1) process of standard deviation sigma: the log of slow_noise."""
    out, x = [], 0.0
    innovation = sigma * math.sqrt(1 - rho * rho)
    for _ in range(n):
        x = rho * x + rng.gauss(0.0, innovation)
        out.append(x)
    return out


def slow_noise(rng, n, sigma, rho=0.995):
    """Multiplicative AR(1) noise in log space: slow wandering, not white noise."""
    return [math.exp(x) for x in slow_log_noise(rng, n, sigma, rho)]


def growth_flash(rng):
    days = 70
    n = days * MINUTES_PER_DAY
    noise = slow_noise(rng, n, 0.15)
    crowds = []
    for week in range(days // 7):
        # Two match days a week at varying hours; one in four is a big one.
        for day in (2, 5):
            start = (week * 7 + day) * MINUTES_PER_DAY + rng.randint(17 * 60, 21 * 60)
            size = rng.uniform(2.0, 3.5) * (2.0 if rng.random() < 0.25 else 1.0)
            crowds.append((start, rng.uniform(3, 15), rng.uniform(30, 120), size))
    counts = []
    for t in range(n):
        day, minute = divmod(t, MINUTES_PER_DAY)
        level = 20.0 * 10 ** (t / n)  # tenfold over the trace
        weekly = 1.25 if day % 7 in (5, 6) else 1.0
        rate = level * daily_shape(minute, 20.5, 0.7) * weekly * noise[t]
        boost = sum(crowd_shape(t, s, r, d) * (m - 1) for s, r, d, m in crowds)
        counts.append(poisson(rng, rate * (1 + boost)))
    return counts


# Settings of level_shifts, shared with scripts/trace-floor.py.
LEVEL_SHIFTS_DAYS = 56
LEVEL_SHIFTS_SIGMA = 0.1
LEVEL_SHIFTS_RHO = 0.995


def level_shifts_parts(rng):
    """The level-shifts trace and what made it, per minute: (counts, the rate without level and
    noise, the level, the log of the noise)."""
    n = LEVEL_SHIFTS_DAYS * MINUTES_PER_DAY
    log_noise = slow_log_noise(rng, n, LEVEL_SHIFTS_SIGMA, LEVEL_SHIFTS_RHO)
    shifts, t, level = [], 0, 1.0
    while t < n:
        t += rng.randint(3 * MINUTES_PER_DAY, 6 * MINUTES_PER_DAY) + rng.randint(0, 1439)
        level *= rng.choice([0.5, 0.7, 1.5, 2.0, 2.5])
        level = min(max(level, 0.3), 6.0)
        shifts.append((t, level))
    counts, shape, levels, current, k = [], [], [], 1.0, 0
    for t in range(n):
        while k < len(shifts) and shifts[k][0] <= t:
            current = shifts[k][1]
            k += 1
        day, minute = divmod(t, MINUTES_PER_DAY)
        weekly = 0.45 if day % 7 in (5, 6) else 1.0
        trend = 1.0 + 0.5 * t / n
        base = 60.0 * trend * daily_shape(minute, 11.0, 0.8) * weekly
        counts.append(poisson(rng, base * current * math.exp(log_noise[t])))
        shape.append(base)
        levels.append(current)
    return counts, shape, levels, log_noise


def level_shifts(rng):
    return level_shifts_parts(rng)[0]


def nasa_growth(rng, path):
    rows = []
    with open(path) as f:
        header = f.readline()
        if not header.startswith("time"):
            sys.exit(f"{path}:1: expected the header 'time,number_of_requests'")
        for lineno, line in enumerate(f, start=2):
            stamp, _, count = line.strip().partition(",")
            try:
                rows.append((stamp, int(count)))
            except ValueError:
                sys.exit(f"{path}:{lineno}: count: not a number: {count!r}")
    n = len(rows)
    crowds = []
    for day in range(3, n // MINUTES_PER_DAY, 4):
        start = day * MINUTES_PER_DAY + rng.randint(9 * 60, 16 * 60)
        crowds.append((start, rng.uniform(2, 10), rng.uniform(20, 90), rng.uniform(2.0, 5.0)))
    out = []
    for t, (stamp, count) in enumerate(rows):
        ramp = 8.0 ** (t / n)
        boost = sum(crowd_shape(t, s, r, d) * (m - 1) for s, r, d, m in crowds)
        # Extra requests of the crowd are Poisson around the scaled count; a zero (an outage)
        # stays zero.
        scaled = count * ramp
        extra = poisson(rng, scaled * boost) if count > 0 else 0
        out.append((stamp, int(round(scaled)) + extra))
    return out


def write(path, rows):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("time,count\n")
        for stamp, count in rows:
            f.write(f"{stamp},{count}\n")
    os.replace(tmp, path)
    print(f"{path}: {len(rows)} rows")


def stamped(counts, start):
    return [((start + timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S"), c)
            for i, c in enumerate(counts)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--nasa", help="the NASA per-minute trace, to derive nasa-growth.csv")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    start = datetime(2026, 1, 5)  # a Monday
    write(os.path.join(args.out_dir, "growth-flash.csv"),
          stamped(growth_flash(random.Random(101)), start))
    write(os.path.join(args.out_dir, "level-shifts.csv"),
          stamped(level_shifts(random.Random(202)), start))
    if args.nasa:
        write(os.path.join(args.out_dir, "nasa-growth.csv"),
              nasa_growth(random.Random(303), args.nasa))


if __name__ == "__main__":
    main()
