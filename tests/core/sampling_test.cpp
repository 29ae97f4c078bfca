#include "core/sampling.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace shadowscale {
namespace {

constexpr int kSamples = 1'000'000;

// Kolmogorov-Smirnov statistic of `xs` (sorted in place) against `cdf`.
template <typename Cdf>
double ksStatistic(std::vector<double>& xs, Cdf cdf) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = cdf(xs[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

// The 0.1 % critical value of the KS statistic for large n.
double ksCritical(std::size_t n) {
  return 1.95 / std::sqrt(static_cast<double>(n));
}

TEST(Ziggurat, ExponentialTableMatchesPublishedConstants) {
  const ZigguratTable& t = detail::exponentialZiggurat();
  // Marsaglia and Tsang (2000), 256 layers: r = 7.69711747013104972, v = 0.0039496598225815571.
  EXPECT_NEAR(t.r, 7.69711747013104972, 1e-12);
  EXPECT_NEAR(t.area, 0.0039496598225815571, 1e-15);
  for (int i = 1; i < ZigguratTable::kLayers; ++i) {
    EXPECT_NEAR(t.x[i] * (t.f[i + 1] - t.f[i]), t.area, 1e-9 * t.area) << "layer " << i;
  }
  EXPECT_NEAR(t.x[0] * t.f[1], t.area, 1e-12);  // the base strip has the same area
}

TEST(Ziggurat, NormalTableMatchesPublishedConstants) {
  const ZigguratTable& t = detail::normalZiggurat();
  // Marsaglia and Tsang (2000), 256 layers: r = 3.6541528853610088, v = 0.00492867323399.
  EXPECT_NEAR(t.r, 3.6541528853610088, 1e-12);
  EXPECT_NEAR(t.area, 0.00492867323399, 1e-13);
  for (int i = 1; i < ZigguratTable::kLayers; ++i) {
    EXPECT_NEAR(t.x[i] * (t.f[i + 1] - t.f[i]), t.area, 1e-9 * t.area) << "layer " << i;
  }
}

TEST(FastExponential, MeanAndVarianceAreOne) {
  Rng rng(11);
  double sum = 0;
  double sum_sq = 0;
  for (int i = 0; i < kSamples; ++i) {
    const double x = fastExponential(rng);
    ASSERT_GE(x, 0.0);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / kSamples;
  const double variance = sum_sq / kSamples - mean * mean;
  // Standard errors: 0.001 for the mean, 0.0028 for the variance; allow five.
  EXPECT_NEAR(mean, 1.0, 0.005);
  EXPECT_NEAR(variance, 1.0, 0.015);
}

TEST(FastExponential, PassesKolmogorovSmirnov) {
  Rng rng(12);
  std::vector<double> xs(kSamples);
  for (double& x : xs) {
    x = fastExponential(rng);
  }
  const double d = ksStatistic(xs, [](double x) { return -std::expm1(-x); });
  EXPECT_LT(d, ksCritical(xs.size()));
}

TEST(FastExponential, TailBeyondTheZigguratIsRight) {
  Rng rng(13);
  // P(X > 8) = e^-8: past r = 7.697, so drawn by the tail branch.
  int beyond = 0;
  for (int i = 0; i < kSamples; ++i) {
    beyond += fastExponential(rng) > 8.0 ? 1 : 0;
  }
  const double expected = kSamples * std::exp(-8.0);  // about 335
  EXPECT_NEAR(beyond, expected, 5 * std::sqrt(expected));
}

TEST(FastNormal, MomentsAreStandard) {
  Rng rng(21);
  double s1 = 0;
  double s2 = 0;
  double s3 = 0;
  double s4 = 0;
  for (int i = 0; i < kSamples; ++i) {
    const double x = fastNormal(rng);
    s1 += x;
    s2 += x * x;
    s3 += x * x * x;
    s4 += x * x * x * x;
  }
  // Standard errors at n = 1e6: mean 0.001, variance 0.0014, skewness 0.0024, kurtosis 0.0049.
  EXPECT_NEAR(s1 / kSamples, 0.0, 0.005);
  EXPECT_NEAR(s2 / kSamples, 1.0, 0.007);
  EXPECT_NEAR(s3 / kSamples, 0.0, 0.012);
  EXPECT_NEAR(s4 / kSamples, 3.0, 0.025);
}

TEST(FastNormal, PassesKolmogorovSmirnovAndHasBothTails) {
  Rng rng(22);
  std::vector<double> xs(kSamples);
  int upper = 0;
  int lower = 0;
  for (double& x : xs) {
    x = fastNormal(rng);
    upper += x > 3.8 ? 1 : 0;  // past r = 3.654: the tail branch
    lower += x < -3.8 ? 1 : 0;
  }
  const double expected = kSamples * (1.0 - normalCdf(3.8));  // about 72
  EXPECT_NEAR(upper, expected, 5 * std::sqrt(expected));
  EXPECT_NEAR(lower, expected, 5 * std::sqrt(expected));
  const double d = ksStatistic(xs, normalCdf);
  EXPECT_LT(d, ksCritical(xs.size()));
}

TEST(NormalQuantile, MatchesKnownValuesAndInvertsTheCdf) {
  EXPECT_NEAR(normalQuantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normalQuantile(0.975), 1.959963984540054, 1e-13);
  EXPECT_NEAR(normalQuantile(0.99), 2.3263478740408408, 1e-13);
  EXPECT_NEAR(normalQuantile(0.01), -2.3263478740408408, 1e-13);
  for (double p : {1e-300, 1e-12, 1e-5, 0.02, 0.3, 0.7, 0.98, 1 - 1e-9}) {
    EXPECT_NEAR(normalCdf(normalQuantile(p)), p, 1e-12 * std::min(p, 1 - p) + 1e-300) << p;
  }
  EXPECT_TRUE(std::isinf(normalQuantile(0.0)));
  EXPECT_TRUE(std::isinf(normalQuantile(1.0)));
  EXPECT_TRUE(std::isnan(normalQuantile(1.5)));
}

// The q-quantile of a sample (q in (0, 1)).
TimeNs sampleQuantile(std::vector<TimeNs> xs, double q) {
  const auto k = static_cast<std::size_t>(q * static_cast<double>(xs.size()));
  std::nth_element(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(k), xs.end());
  return xs[k];
}

TEST(DurationSampler, LogNormalParametersReproduceMeanAndP99) {
  const DurationSampler s({20 * kMillisecond, 80 * kMillisecond});
  EXPECT_NEAR(std::exp(s.mu() + 0.5 * s.sigma() * s.sigma()), 20e6, 1.0);
  EXPECT_NEAR(std::exp(s.mu() + normalQuantile(0.99) * s.sigma()), 80e6, 1.0);
  EXPECT_EQ(s.mean(), 20 * kMillisecond);
  EXPECT_FALSE(s.isConstant());
}

TEST(DurationSampler, SampledMeanAndP99MatchTheSpec) {
  struct Case {
    TimeNs mean;
    TimeNs p99;
  };
  for (const Case c :
       {Case{20 * kMillisecond, 80 * kMillisecond}, Case{100 * kMillisecond, 500 * kMillisecond},
        Case{30 * kSecond, 60 * kSecond}}) {
    const DurationSampler s({c.mean, c.p99});
    Rng rng(31);
    std::vector<TimeNs> xs(kSamples);
    double sum = 0;
    for (TimeNs& x : xs) {
      x = s.sample(rng);
      ASSERT_GE(x, 0);
      sum += static_cast<double>(x);
    }
    EXPECT_NEAR(sum / kSamples, static_cast<double>(c.mean), 0.01 * static_cast<double>(c.mean))
        << "mean " << c.mean << " p99 " << c.p99;
    EXPECT_NEAR(static_cast<double>(sampleQuantile(xs, 0.99)), static_cast<double>(c.p99),
                0.02 * static_cast<double>(c.p99))
        << "mean " << c.mean << " p99 " << c.p99;
    EXPECT_NEAR(static_cast<double>(sampleQuantile(xs, 0.5)), std::exp(s.mu()),
                0.02 * std::exp(s.mu()));
  }
}

TEST(DurationSampler, TopCellIsSampledExactlyFromTheTail) {
  const DurationSampler s({20 * kMillisecond, 80 * kMillisecond});
  const double top_edge =
      std::exp(s.mu() + s.sigma() * normalQuantile(1.0 - 1.0 / DurationSampler::kCells));
  const double far = std::exp(s.mu() + s.sigma() * normalQuantile(1.0 - 1e-5));
  Rng rng(32);
  int above_edge = 0;
  int above_far = 0;
  for (int i = 0; i < kSamples; ++i) {
    const auto x = static_cast<double>(s.sample(rng));
    above_edge += x > top_edge ? 1 : 0;
    above_far += x > far ? 1 : 0;
  }
  const double expected_edge = kSamples / static_cast<double>(DurationSampler::kCells);
  EXPECT_NEAR(above_edge, expected_edge, 5 * std::sqrt(expected_edge));
  // 1e-5 of the mass lies beyond `far`: about 10 samples, impossible for a capped table.
  EXPECT_GT(above_far, 0);
  EXPECT_LT(above_far, 30);
}

TEST(DurationSampler, ConstantWhenP99IsNotAboveTheMean) {
  for (const DurationDistribution d :
       {DurationDistribution{5 * kSecond, 5 * kSecond}, DurationDistribution{5 * kSecond, 0},
        DurationDistribution{5 * kSecond, 2 * kSecond}}) {
    const DurationSampler s(d);
    EXPECT_TRUE(s.isConstant());
    EXPECT_EQ(s.mean(), 5 * kSecond);
    Rng rng(41);
    for (int i = 0; i < 1000; ++i) {
      ASSERT_EQ(s.sample(rng), 5 * kSecond);
    }
  }
  Rng rng(42);
  EXPECT_EQ(DurationSampler().sample(rng), 0);
}

TEST(DurationSampler, ExponentialWhenAsked) {
  DurationDistribution d{10 * kMillisecond, 0};
  d.exponential = true;
  const DurationSampler s(d);
  Rng rng(43);
  std::vector<TimeNs> xs(kSamples);
  double sum = 0;
  for (TimeNs& x : xs) {
    x = s.sample(rng);
    sum += static_cast<double>(x);
  }
  EXPECT_NEAR(sum / kSamples, 1e7, 1e5);
  EXPECT_NEAR(static_cast<double>(sampleQuantile(xs, 0.99)), 1e7 * std::log(100.0), 2e-2 * 4.6e7);
}

TEST(DurationSampler, RejectsWhatNoLogNormalCanFit) {
  try {
    DurationSampler s({kMillisecond, 20 * kMillisecond});
    FAIL() << "p99 / mean = 20 was accepted";
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("p99 / mean = 20"), std::string::npos) << message;
    EXPECT_NE(message.find("14.97"), std::string::npos) << message;
  }
  // Just inside the limit (exp(z99^2 / 2) = 14.97) fits.
  EXPECT_NO_THROW(DurationSampler({kMillisecond, 14 * kMillisecond}));
  EXPECT_THROW(DurationSampler({-kMillisecond, kMillisecond}), std::invalid_argument);
  EXPECT_THROW(DurationSampler({0, kMillisecond}), std::invalid_argument);
}

TEST(Sampling, SameSeedSameSequenceOtherSeedOther) {
  const DurationSampler s({20 * kMillisecond, 80 * kMillisecond});
  Rng a(7);
  Rng b(7);
  Rng c(8);
  int differences = 0;
  for (int i = 0; i < 1000; ++i) {
    const double ea = fastExponential(a);
    ASSERT_EQ(ea, fastExponential(b));
    differences += ea != fastExponential(c) ? 1 : 0;
    const double na = fastNormal(a);
    ASSERT_EQ(na, fastNormal(b));
    differences += na != fastNormal(c) ? 1 : 0;
    const TimeNs da = s.sample(a);
    ASSERT_EQ(da, s.sample(b));
    differences += da != s.sample(c) ? 1 : 0;
  }
  EXPECT_GT(differences, 2900);
}

}  // namespace
}  // namespace shadowscale
