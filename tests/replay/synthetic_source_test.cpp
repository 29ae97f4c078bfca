#include "replay/synthetic_source.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "core/calendar.h"
#include "core/input_error.h"

namespace shadowscale {
namespace {

// 2024-01-01 00:00 UTC, a Monday.
const TimeNs kMonday = daysFromCivil(2024, 1, 1) * kDay;

// A spec with every shaping switched off: a homogeneous Poisson process at `rate`.
SyntheticSpec flat(double rate) {
  SyntheticSpec s;
  s.base_rate = rate;
  s.daily_amplitude = 0;
  s.weekend_factor = 1;
  s.noise = 0;
  return s;
}

// Drains a source up to `until` in batches of `batch`.
std::vector<Request> drain(TrafficSource& source, TimeNs until, std::size_t batch = 4096) {
  std::vector<Request> all;
  std::vector<Request> buf(batch);
  for (;;) {
    const std::size_t n = source.next(until, buf);
    if (n == 0) {
      break;
    }
    all.insert(all.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return all;
}

std::int64_t countIn(const std::vector<Request>& rs, TimeNs from, TimeNs to) {
  return std::count_if(rs.begin(), rs.end(),
                       [&](const Request& r) { return r.arrival >= from && r.arrival < to; });
}

TEST(SyntheticSource, FlatRateGivesAPoissonProcess) {
  SyntheticSource source(flat(1000), kHour, kMonday, Rng(1));
  const std::vector<Request> rs = drain(source, kNever);
  // 3.6e6 expected, Poisson standard deviation about 1900.
  EXPECT_NEAR(static_cast<double>(rs.size()), 3.6e6, 5 * std::sqrt(3.6e6));
  ASSERT_FALSE(rs.empty());
  EXPECT_GE(rs.front().arrival, 0);
  EXPECT_LT(rs.back().arrival, kHour);
  double sum = 0;
  double sum_sq = 0;
  for (std::size_t i = 1; i < rs.size(); ++i) {
    ASSERT_LE(rs[i - 1].arrival, rs[i].arrival) << i;
    const auto gap = static_cast<double>(rs[i].arrival - rs[i - 1].arrival);
    sum += gap;
    sum_sq += gap * gap;
  }
  // Exponential gaps: mean 1 ms and a coefficient of variation of 1.
  const double n = static_cast<double>(rs.size() - 1);
  const double mean = sum / n;
  const double cv = std::sqrt(sum_sq / n - mean * mean) / mean;
  EXPECT_NEAR(mean, 1e6, 5e3);
  EXPECT_NEAR(cv, 1.0, 0.01);
  // Counts per second have variance equal to their mean.
  std::vector<double> per_second(3600, 0.0);
  for (const Request& r : rs) {
    per_second[static_cast<std::size_t>(r.arrival / kSecond)] += 1;
  }
  double m = 0;
  double v = 0;
  for (double c : per_second) {
    m += c;
  }
  m /= 3600;
  for (double c : per_second) {
    v += (c - m) * (c - m);
  }
  v /= 3599;
  EXPECT_NEAR(v / m, 1.0, 0.15);
}

TEST(SyntheticSource, BatchSizeAndUntilDoNotChangeTheSequence) {
  SyntheticSpec spec;  // defaults: daily cycle, noise
  SyntheticSource a(spec, 10 * kMinute, kMonday, Rng(5));
  SyntheticSource b(spec, 10 * kMinute, kMonday, Rng(5));
  const std::vector<Request> whole = drain(a, kNever, 100000);
  std::vector<Request> pieces;
  std::vector<Request> buf(7);
  for (TimeNs until = 0; until <= 10 * kMinute + kSecond; until += 3 * kSecond + 17) {
    for (std::size_t n; (n = b.next(until, buf)) > 0;) {
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_LT(buf[i].arrival, until);
        pieces.push_back(buf[i]);
      }
    }
  }
  ASSERT_EQ(whole.size(), pieces.size());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    ASSERT_EQ(whole[i].arrival, pieces[i].arrival) << i;
  }
}

TEST(SyntheticSource, SameSeedSameTrafficOtherSeedOther) {
  SyntheticSpec spec;
  SyntheticSource a(spec, kHour, kMonday, Rng(9));
  SyntheticSource b(spec, kHour, kMonday, Rng(9));
  SyntheticSource c(spec, kHour, kMonday, Rng(10));
  const auto ra = drain(a, kNever);
  const auto rb = drain(b, kNever);
  const auto rc = drain(c, kNever);
  ASSERT_EQ(ra.size(), rb.size());
  for (std::size_t i = 0; i < ra.size(); ++i) {
    ASSERT_EQ(ra[i].arrival, rb[i].arrival);
  }
  EXPECT_NE(ra.size(), rc.size());
  EXPECT_NE(a.expectedRate(30 * kMinute), c.expectedRate(30 * kMinute));  // the noise differs
}

TEST(SyntheticSource, DailyCyclePeaksAtTheGivenUtcTime) {
  SyntheticSpec spec = flat(200);
  spec.daily_amplitude = 0.5;
  spec.daily_peak = 14 * kHour;
  SyntheticSource source(spec, kDay, kMonday, Rng(2));
  EXPECT_NEAR(source.expectedRate(14 * kHour), 300.0, 1e-9);
  EXPECT_NEAR(source.expectedRate(2 * kHour), 100.0, 1e-9);
  EXPECT_NEAR(source.expectedRate(8 * kHour), 200.0, 1e-9);
  const auto rs = drain(source, kNever);
  const double at_peak =
      static_cast<double>(countIn(rs, 13 * kHour + 50 * kMinute, 14 * kHour + 10 * kMinute));
  const double at_trough =
      static_cast<double>(countIn(rs, 1 * kHour + 50 * kMinute, 2 * kHour + 10 * kMinute));
  // About 360,000 and 120,000 requests in those 20 minutes.
  EXPECT_NEAR(at_peak / at_trough, 3.0, 0.03);
  // A start at noon shifts the cycle: run time 2 h is 14:00 UTC.
  SyntheticSource noon(spec, kDay, kMonday + 12 * kHour, Rng(2));
  EXPECT_NEAR(noon.expectedRate(2 * kHour), 300.0, 1e-9);
}

TEST(SyntheticSource, WeekendAndTrendScaleTheRate) {
  SyntheticSpec spec = flat(100);
  spec.weekend_factor = 0.25;
  spec.trend_per_week = 0.1;
  SyntheticSource source(spec, 2 * kWeek, kMonday, Rng(3));
  const double monday = source.expectedRate(12 * kHour);
  const double saturday = source.expectedRate(5 * kDay + 12 * kHour);
  const double sunday = source.expectedRate(6 * kDay + 12 * kHour);
  const double next_monday = source.expectedRate(kWeek + 12 * kHour);
  const double growth = [](double days) { return 1.0 + 0.1 * days / 7.0; }(0.5);
  EXPECT_NEAR(monday, 100.0 * growth, 1e-9);
  EXPECT_NEAR(saturday, 25.0 * (1.0 + 0.1 * 5.5 / 7.0), 1e-9);
  EXPECT_NEAR(sunday, 25.0 * (1.0 + 0.1 * 6.5 / 7.0), 1e-9);
  EXPECT_NEAR(next_monday / monday, (1.0 + 0.1 * 7.5 / 7.0) / growth, 1e-12);
}

TEST(SyntheticSource, NoiseIsSlowWithTheGivenRelativeStd) {
  SyntheticSpec spec = flat(100);
  spec.noise = 0.1;
  SyntheticSource source(spec, kWeek, kMonday, Rng(4));
  std::vector<double> ratios;
  for (TimeNs t = 0; t < kWeek; t += kMinute) {
    ratios.push_back(source.expectedRate(t + 30 * kSecond) / source.shapedRate(t + 30 * kSecond));
    // Constant within a minute.
    ASSERT_EQ(source.noiseFactor(t), source.noiseFactor(t + 59 * kSecond));
  }
  double mean = 0;
  for (double r : ratios) {
    mean += r;
  }
  mean /= static_cast<double>(ratios.size());
  double var = 0;
  double lag1 = 0;
  for (std::size_t i = 0; i < ratios.size(); ++i) {
    var += (ratios[i] - mean) * (ratios[i] - mean);
    if (i > 0) {
      lag1 += (ratios[i] - mean) * (ratios[i - 1] - mean);
    }
  }
  const double std_dev = std::sqrt(var / static_cast<double>(ratios.size()));
  EXPECT_NEAR(mean, 1.0, 0.02);
  EXPECT_NEAR(std_dev, 0.1, 0.015);
  // An AR(1) with a 10-minute time constant: consecutive minutes correlate at about 0.9.
  EXPECT_NEAR(lag1 / var, std::exp(-0.1), 0.05);
}

TEST(SyntheticSource, ArrivalsFollowTheNoisyRate) {
  SyntheticSpec spec = flat(500);
  spec.noise = 0.3;
  SyntheticSource source(spec, 2 * kHour, kMonday, Rng(6));
  const auto rs = drain(source, kNever);
  // Per 10-minute block, the count matches the integral of expectedRate within Poisson noise.
  for (TimeNs block = 0; block < 2 * kHour; block += 10 * kMinute) {
    double expected = 0;
    for (TimeNs t = block; t < block + 10 * kMinute; t += kSecond) {
      expected += source.expectedRate(t + kSecond / 2);
    }
    const auto got = static_cast<double>(countIn(rs, block, block + 10 * kMinute));
    EXPECT_NEAR(got, expected, 5 * std::sqrt(expected)) << "block at " << block / kMinute;
  }
}

TEST(SyntheticSource, SpecialEventsRaiseTheRateAndFlagRequests) {
  SyntheticSpec spec = flat(100);
  SpecialEventSpec launch;
  launch.name = "launch";
  launch.start = kHour;
  launch.ramp = 10 * kMinute;
  launch.plateau = kHour;
  launch.decay = 30 * kMinute;
  launch.multiplier = 3.0;
  spec.events.push_back(launch);
  SyntheticSource source(spec, 4 * kHour, kMonday, Rng(7));
  ASSERT_EQ(source.events().size(), 1u);
  EXPECT_EQ(source.events()[0].name, "launch");
  EXPECT_EQ(source.events()[0].start, kHour);
  EXPECT_EQ(source.events()[0].end, kHour + 100 * kMinute);
  EXPECT_EQ(source.events()[0].multiplier, 3.0);
  EXPECT_NEAR(source.expectedRate(kHour + 5 * kMinute), 200.0, 1e-9);  // half-way up the ramp
  EXPECT_NEAR(source.expectedRate(kHour + 40 * kMinute), 300.0, 1e-9);
  EXPECT_NEAR(source.expectedRate(kHour + 85 * kMinute), 200.0, 1e-9);  // half-way down
  EXPECT_NEAR(source.expectedRate(3 * kHour), 100.0, 1e-9);
  const auto rs = drain(source, kNever);
  std::int64_t flagged = 0;
  for (const Request& r : rs) {
    const bool inside = r.arrival >= kHour && r.arrival < kHour + 100 * kMinute;
    ASSERT_EQ((r.flags & kEventFlag) != 0, inside) << r.arrival;
    flagged += inside ? 1 : 0;
  }
  // 100/s for 100 minutes plus the extra area: 200/s x (5 + 60 + 15) minutes.
  const double extra = 200.0 * 80 * 60;
  EXPECT_NEAR(static_cast<double>(flagged), 100.0 * 6000 + extra, 5 * std::sqrt(600000 + extra));
  EXPECT_TRUE(source.gaps().empty());
  EXPECT_EQ(source.epoch(), kMonday);
}

TEST(SyntheticSource, FlashCrowdsRiseAndDecayUnflagged) {
  SyntheticSpec spec = flat(100);
  FlashCrowdSpec crowd;
  crowd.start = kHour;
  crowd.rise = kMinute;
  crowd.duration = 10 * kMinute;
  crowd.multiplier = 5.0;
  spec.flash_crowds.push_back(crowd);
  SyntheticSource source(spec, 3 * kHour, kMonday, Rng(8));
  EXPECT_TRUE(source.events().empty());
  EXPECT_NEAR(source.expectedRate(kHour - kSecond), 100.0, 1e-9);
  EXPECT_NEAR(source.expectedRate(kHour + 30 * kSecond), 300.0, 1e-9);
  EXPECT_NEAR(source.expectedRate(kHour + kMinute), 500.0, 1e-9);
  EXPECT_NEAR(source.expectedRate(kHour + 11 * kMinute), 100.0 + 400.0 / std::exp(1.0), 1e-9);
  const auto rs = drain(source, kNever);
  for (const Request& r : rs) {
    ASSERT_EQ(r.flags, 0u);
  }
  const double peak_minute = static_cast<double>(countIn(rs, kHour + kMinute, kHour + 2 * kMinute));
  const double before = static_cast<double>(countIn(rs, kHour - 10 * kMinute, kHour - 9 * kMinute));
  EXPECT_GT(peak_minute, 4.0 * before);
}

TEST(SyntheticSource, ZeroRateGivesNothing) {
  SyntheticSource source(flat(0), kHour, kMonday, Rng(1));
  std::vector<Request> buf(16);
  EXPECT_EQ(source.next(kNever, buf), 0u);
  EXPECT_EQ(source.expectedRate(kMinute), 0.0);
}

TEST(SyntheticSource, RejectsSettingsOutOfRangeNamingTheField) {
  const auto message = [](const SyntheticSpec& spec, TimeNs duration) {
    try {
      SyntheticSource s(spec, duration, kMonday, Rng(1));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  SyntheticSpec spec;
  spec.daily_amplitude = 1.5;
  EXPECT_NE(message(spec, kHour).find("synthetic.daily_amplitude"), std::string::npos);
  spec = SyntheticSpec{};
  spec.base_rate = -1;
  EXPECT_NE(message(spec, kHour).find("synthetic.base_rate"), std::string::npos);
  spec = SyntheticSpec{};
  spec.noise = -0.1;
  EXPECT_NE(message(spec, kHour).find("synthetic.noise"), std::string::npos);
  spec = SyntheticSpec{};
  spec.flash_crowds.push_back(FlashCrowdSpec{});
  spec.flash_crowds[0].duration = 0;
  EXPECT_NE(message(spec, kHour).find("synthetic.flash_crowds[0].duration"), std::string::npos);
  EXPECT_NE(message(SyntheticSpec{}, 0).find("traffic.duration"), std::string::npos);
}

}  // namespace
}  // namespace shadowscale
