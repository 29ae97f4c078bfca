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
  match-centre.csv   87 days of a match-centre API: logistic growth to about tenfold, a lunch and
                     an evening peak, fixtures on irregular days whose crowds (x1.5 to x7) last
                     the match, overdispersed counts, a 6-hour outage and a day with no rows
  shop.csv           35 days of a small shop's API (a few requests a minute, so mostly noise), a
                     client lost on day 20 and a sale on day 26

The last two were added after the forecasters' settings had been chosen on the training parts
of the first three and NASA, as traces the project had not seen; they come from a different
generator (two-peaked days, gamma-mixed counts, fixtures that last the match).
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


def bump(hour, peak, width):
    """A Gaussian bump in the hour of the day, wrapped around midnight."""
    d = (hour - peak + 12) % 24 - 12
    return math.exp(-0.5 * (d / width) ** 2)


def gamma_poisson(rng, lam, shape):
    """A Poisson draw whose rate is first scaled by a Gamma(shape) factor of mean 1:
    overdispersed counts, as real request counts are."""
    if lam <= 0:
        return 0
    return poisson(rng, lam * rng.gammavariate(shape, 1.0 / shape))


def match_days(rng, days):
    """Fixtures: (kick-off minute, crowd multiplier, minutes the crowd takes to arrive)."""
    fixtures = []
    for d in range(days):
        dow = d % 7
        p = 0.7 if dow in (5, 6) else (0.35 if dow in (1, 2) else 0.1)
        if rng.random() < p:
            for _ in range(1 if rng.random() < 0.7 else 2):
                kick_off = d * MINUTES_PER_DAY + rng.choice(
                    [12 * 60 + 30, 15 * 60, 17 * 60 + 30, 19 * 60 + 45, 20 * 60])
                fixtures.append((kick_off + rng.randint(-5, 5), rng.uniform(1.5, 7.0),
                                 rng.uniform(2, 10)))
    return fixtures


def match_boost(t, fixtures):
    """Extra traffic (as a multiple of the usual) at minute t: the crowd arrives from 15 minutes
    before kick-off, stays for the match and leaves within about an hour after it."""
    boost = 0.0
    for kick_off, size, rise in fixtures:
        x = t - (kick_off - 15)
        if x < 0 or x > 200:
            continue
        if x < rise:
            f = x / rise
        elif x < 120:
            f = 1.0
        else:
            f = math.exp(-(x - 120) / 20.0)
        boost += (size - 1) * f
    return boost


MATCH_CENTRE_DAYS = 87
MATCH_CENTRE_GAP = range(55 * MINUTES_PER_DAY + 300, 56 * MINUTES_PER_DAY + 300)


def match_centre(rng):
    days = MATCH_CENTRE_DAYS
    n = days * MINUTES_PER_DAY
    log_noise = slow_log_noise(rng, n, 0.12, 0.998)
    fixtures = match_days(rng, days)
    counts = []
    for t in range(n):
        day, minute = divmod(t, MINUTES_PER_DAY)
        hour = minute / 60.0
        growth = 10 ** (1.0 / (1 + math.exp(-(t / n - 0.55) * 7)))  # logistic, about tenfold
        if day % 7 in (5, 6):
            shape = 0.15 + 0.6 * bump(hour, 11.5, 2.5) + 1.0 * bump(hour, 18.5, 3.0)
        else:
            shape = (0.1 + 0.8 * bump(hour, 12.5, 1.5) + 1.0 * bump(hour, 20.5, 2.0) +
                     0.3 * bump(hour, 8.5, 1.0))
        rate = 30.0 * growth * shape * math.exp(log_noise[t]) * (1 + match_boost(t, fixtures))
        counts.append(gamma_poisson(rng, rate, 20.0))
    for t in range(40 * MINUTES_PER_DAY + 600, 40 * MINUTES_PER_DAY + 960):
        counts[t] = 0  # a 6-hour outage: the service answered nothing
    return counts


# Settings of shop, shared with scripts/trace-floor.py.
SHOP_DAYS = 35
SHOP_SIGMA = 0.2
SHOP_RHO = 0.99
SHOP_SHAPE = 5.0


def shop_parts(rng):
    """The shop trace and what made it, per minute: (counts, the rate without the slow noise,
    the log of the slow noise)."""
    n = SHOP_DAYS * MINUTES_PER_DAY
    log_noise = slow_log_noise(rng, n, SHOP_SIGMA, SHOP_RHO)
    counts, base = [], []
    for t in range(n):
        day, minute = divmod(t, MINUTES_PER_DAY)
        hour = minute / 60.0
        level = 4.0 * (1 + 0.5 * t / n) * (0.6 if day >= 20 else 1.0) * (3.0 if day == 26 else 1.0)
        shape = 0.2 + bump(hour, 13, 3) + 0.8 * bump(hour, 21, 2)
        weekly = 1.4 if day % 7 in (5, 6) else 1.0
        rate = level * shape * weekly
        counts.append(gamma_poisson(rng, rate * math.exp(log_noise[t]), SHOP_SHAPE))
        base.append(rate)
    return counts, base, log_noise


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
    write(os.path.join(args.out_dir, "match-centre.csv"),
          [row for i, row in enumerate(stamped(match_centre(random.Random(4242)),
                                                datetime(2025, 8, 4)))
           if i not in MATCH_CENTRE_GAP])
    write(os.path.join(args.out_dir, "shop.csv"),
          stamped(shop_parts(random.Random(777))[0], datetime(2025, 3, 3)))
    if args.nasa:
        write(os.path.join(args.out_dir, "nasa-growth.csv"),
              nasa_growth(random.Random(303), args.nasa))


if __name__ == "__main__":
    main()
