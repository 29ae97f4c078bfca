#include "core/sampling.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

namespace shadowscale {
namespace {

constexpr double kTwoPow53 = 9007199254740992.0;  // 2^53
constexpr double kSqrtHalfPi = 1.2533141373155003;
constexpr double kSqrtTwoPi = 2.5066282746310002;

// A decreasing density on [0, inf) with f(0) = 1, its inverse and its tail area beyond r.
struct Density {
  double (*f)(double);
  double (*inverse)(double);
  double (*tail)(double);
};

double expDensity(double x) {
  return std::exp(-x);
}
double expInverse(double y) {
  return -std::log(y);
}
double expTail(double r) {
  return std::exp(-r);
}
double normalDensity(double x) {
  return std::exp(-0.5 * x * x);
}
double normalInverse(double y) {
  return std::sqrt(-2.0 * std::log(y));
}
double normalTail(double r) {
  return kSqrtHalfPi * std::erfc(r / std::sqrt(2.0));
}

// Stacks the layers upwards from a tail start r. Returns how far the last layer overshoots
// f(0): positive when the layers are too thick (r too small), negative when they do not reach
// the top (r too large). The ziggurat is the r where this is 0.
double stackLayers(const Density& d, double r, ZigguratTable& t) {
  constexpr int n = ZigguratTable::kLayers;
  t.area = r * d.f(r) + d.tail(r);
  t.x[1] = r;
  for (int i = 1; i < n - 1; ++i) {
    const double y = t.area / t.x[i] + d.f(t.x[i]);
    if (y >= 1.0) {
      return 1.0 + (n - 1 - i);  // reached the top with layers to spare
    }
    t.x[i + 1] = d.inverse(y);
  }
  return t.area / t.x[n - 1] + d.f(t.x[n - 1]) - 1.0;
}

// Finds the tail start by bisection (the overshoot falls as r grows), then fills the table.
ZigguratTable buildZiggurat(const Density& d, double r_low, double r_high) {
  constexpr int n = ZigguratTable::kLayers;
  ZigguratTable t;
  for (int iter = 0; iter < 200 && r_high - r_low > 1e-15 * r_high; ++iter) {
    const double mid = 0.5 * (r_low + r_high);
    if (stackLayers(d, mid, t) > 0.0) {
      r_low = mid;
    } else {
      r_high = mid;
    }
  }
  // Build from the upper end so the top layer never overshoots f(0).
  stackLayers(d, r_high, t);
  t.r = r_high;
  t.x[0] = t.area / d.f(t.r);
  t.x[n] = 0.0;
  for (int i = 0; i < n; ++i) {
    t.f[i] = d.f(t.x[i]);
  }
  t.f[n] = 1.0;
  for (int i = 0; i < n; ++i) {
    t.layer[i].scale = t.x[i] / kTwoPow53;
    t.layer[i].accept = static_cast<std::uint64_t>(std::floor(t.x[i + 1] / t.x[i] * kTwoPow53));
  }
  return t;
}

// Acklam's rational approximation of the normal quantile for p <= 0.5 (relative error about
// 1e-9), the starting point of the Halley refinement below.
double acklamLowerHalf(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLowRegion = 0.02425;
  if (p < kLowRegion) {
    const double q = std::sqrt(-2.0 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

std::string formatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string formatMillis(TimeNs ns) {
  return formatNumber(toMillis(ns)) + " ms";
}

}  // namespace

ZigguratTable buildExponentialZiggurat() {
  return buildZiggurat({expDensity, expInverse, expTail}, 1.0, 20.0);
}

ZigguratTable buildNormalZiggurat() {
  return buildZiggurat({normalDensity, normalInverse, normalTail}, 1.0, 10.0);
}

namespace detail {

double exponentialSlowPath(Rng& rng, unsigned layer, std::uint64_t u53) {
  const ZigguratTable& z = exponentialZiggurat();
  for (;;) {
    if (layer == 0) {
      // The exponential is memoryless: beyond r it is r plus another exponential.
      return z.r + fastExponential(rng);
    }
    const double x = static_cast<double>(u53) * z.layer[layer].scale;
    const double y = z.f[layer] + rng.uniform() * (z.f[layer + 1] - z.f[layer]);
    if (y < std::exp(-x)) {
      return x;
    }
    const std::uint64_t bits = rng.next();
    layer = static_cast<unsigned>(bits & 0xFF);
    u53 = bits >> 11;
    if (u53 < z.layer[layer].accept) {
      return static_cast<double>(u53) * z.layer[layer].scale;
    }
  }
}

double normalSlowPath(Rng& rng, unsigned layer, std::uint64_t u53, bool negative) {
  const ZigguratTable& z = normalZiggurat();
  for (;;) {
    if (layer == 0) {
      // Marsaglia's tail method: r + a with a ~ Exp(r), accepted with probability exp(-a^2/2).
      double a = 0;
      double b = 0;
      do {
        a = fastExponential(rng) / z.r;
        b = fastExponential(rng);
      } while (b + b < a * a);
      return negative ? -(z.r + a) : z.r + a;
    }
    const double x = static_cast<double>(u53) * z.layer[layer].scale;
    const double y = z.f[layer] + rng.uniform() * (z.f[layer + 1] - z.f[layer]);
    if (y < std::exp(-0.5 * x * x)) {
      return negative ? -x : x;
    }
    const std::uint64_t bits = rng.next();
    layer = static_cast<unsigned>(bits & 0xFF);
    negative = (bits & 0x100) != 0;
    u53 = bits >> 11;
    if (u53 < z.layer[layer].accept) {
      const double fast = static_cast<double>(u53) * z.layer[layer].scale;
      return negative ? -fast : fast;
    }
  }
}

}  // namespace detail

double normalCdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double normalQuantile(double p) {
  if (std::isnan(p) || p < 0.0 || p > 1.0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (p == 0.0) {
    return -std::numeric_limits<double>::infinity();
  }
  if (p == 1.0) {
    return std::numeric_limits<double>::infinity();
  }
  if (p > 0.5) {
    // 1 - p is exact here, and the lower half keeps the CDF's tail free of cancellation.
    return -normalQuantile(1.0 - p);
  }
  double x = acklamLowerHalf(p);
  // Halley steps on Phi(x) - p: each roughly triples the number of correct digits.
  for (int i = 0; i < 2; ++i) {
    const double e = normalCdf(x) - p;
    const double u = e * kSqrtTwoPi * std::exp(0.5 * x * x);
    x -= u / (1.0 + 0.5 * x * u);
  }
  return x;
}

DurationSampler::DurationSampler(const DurationDistribution& d) {
  if (d.mean < 0) {
    throw std::invalid_argument("duration distribution: mean must not be negative, got " +
                                formatMillis(d.mean));
  }
  mean_ = static_cast<double>(d.mean);
  if (d.exponential) {
    kind_ = d.mean == 0 ? Kind::kConstant : Kind::kExponential;
    return;
  }
  if (d.p99 <= d.mean) {
    kind_ = Kind::kConstant;
    constant_ = d.mean;
    return;
  }
  if (d.mean == 0) {
    throw std::invalid_argument("duration distribution: a mean of 0 cannot have a p99 of " +
                                formatMillis(d.p99) + "; raise the mean or set p99 to 0");
  }
  // mean = exp(mu + s^2/2) and p99 = exp(mu + z s) give s^2/2 - z s + ln(p99/mean) = 0.
  const double z = normalQuantile(0.99);
  const double log_ratio = std::log(static_cast<double>(d.p99) / mean_);
  const double discriminant = z * z - 2.0 * log_ratio;
  if (discriminant < 0.0) {
    throw std::invalid_argument(
        "duration distribution: p99 / mean = " + formatNumber(static_cast<double>(d.p99) / mean_) +
        " (p99 " + formatMillis(d.p99) + ", mean " + formatMillis(d.mean) +
        ") is more than a log-normal allows (at most " + formatNumber(std::exp(0.5 * z * z)) +
        "); lower the p99, raise the mean, or use an exponential distribution");
  }
  // The smaller root: the larger one puts most of the mean in a far tail no planner means.
  sigma_ = z - std::sqrt(discriminant);
  mu_ = std::log(mean_) - 0.5 * sigma_ * sigma_;
  kind_ = Kind::kLogNormal;
  quantiles_.resize(kCells);
  quantiles_[0] = 0.0;
  for (int k = 1; k < kCells; ++k) {
    const double p = static_cast<double>(k) / kCells;
    quantiles_[k] = std::exp(mu_ + sigma_ * normalQuantile(p));
  }
  tail_z_ = normalQuantile(static_cast<double>(kCells - 1) / kCells);
}

TimeNs DurationSampler::sampleTail(Rng& rng) const {
  double a = 0;
  double b = 0;
  do {
    a = fastExponential(rng) / tail_z_;
    b = fastExponential(rng);
  } while (b + b < a * a);
  return toNs(std::exp(mu_ + sigma_ * (tail_z_ + a)));
}

}  // namespace shadowscale
