#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/instance_model.h"
#include "core/rng.h"
#include "core/time.h"

namespace shadowscale {

// The layers of a 256-layer ziggurat (Marsaglia and Tsang, 2000) for a decreasing density f on
// [0, inf), scaled so f(0) = 1. Layer 0 is the base strip (it holds the tail); layer i >= 1 is
// the box [0, x[i]] x [f(x[i]), f(x[i+1])]; every layer has the same area.
struct ZigguratTable {
  static constexpr int kLayers = 256;

  // What the fast path reads, packed so one lookup touches one cache line.
  struct Layer {
    std::uint64_t accept = 0;  // x[i+1] / x[i] * 2^53: 53-bit uniforms below this are inside f
    double scale = 0;          // x[i] * 2^-53: turns 53 random bits into a point of the layer
  };

  Layer layer[kLayers];
  double x[kLayers + 1] = {};  // layer edges; x[0] is the base strip's pseudo-width, x[256] = 0
  double f[kLayers + 1] = {};  // f(x[i])
  double r = 0;                // where the tail starts (x[1])
  double area = 0;             // area of each layer
};

// Solves for the ziggurat of f(x) = exp(-x); built once on first use.
ZigguratTable buildExponentialZiggurat();
// Solves for the ziggurat of f(x) = exp(-x^2 / 2); built once on first use.
ZigguratTable buildNormalZiggurat();

namespace detail {

// The exponential table, computed on first use and read-only afterwards.
inline const ZigguratTable& exponentialZiggurat() {
  static const ZigguratTable table = buildExponentialZiggurat();
  return table;
}

// The normal table, computed on first use and read-only afterwards.
inline const ZigguratTable& normalZiggurat() {
  static const ZigguratTable table = buildNormalZiggurat();
  return table;
}

// The rare cases of fastExponential (about 1.1 % of calls): the wedges and the tail. Kept out of
// line so the inlined fast path stays a handful of instructions.
double exponentialSlowPath(Rng& rng, unsigned layer, std::uint64_t u53);
// The rare cases of fastNormal (about 1.3 % of calls), out of line for the same reason.
double normalSlowPath(Rng& rng, unsigned layer, std::uint64_t u53, bool negative);

}  // namespace detail

// A rate-1 exponential variate by the ziggurat method: one 64-bit draw, a table lookup and a
// multiply in about 99 % of calls; exact (not an approximation) in distribution.
inline double fastExponential(Rng& rng) {
  const ZigguratTable& z = detail::exponentialZiggurat();
  const std::uint64_t bits = rng.next();
  // The low 8 bits choose the layer, the high 53 the position: disjoint bits, so independent.
  const unsigned i = static_cast<unsigned>(bits & 0xFF);
  const std::uint64_t u = bits >> 11;
  const ZigguratTable::Layer& l = z.layer[i];
  if (u < l.accept) [[likely]] {
    return static_cast<double>(u) * l.scale;
  }
  // The slow path works on a copy, so the caller's generator never has its address taken and
  // can stay in registers across a hot loop.
  Rng copy = rng;
  const double x = detail::exponentialSlowPath(copy, i, u);
  rng = copy;
  return x;
}

// A standard normal variate by the ziggurat method (same cost as fastExponential).
inline double fastNormal(Rng& rng) {
  const ZigguratTable& z = detail::normalZiggurat();
  const std::uint64_t bits = rng.next();
  const unsigned i = static_cast<unsigned>(bits & 0xFF);
  const std::uint64_t u = bits >> 11;
  const ZigguratTable::Layer& l = z.layer[i];
  if (u < l.accept) [[likely]] {
    // Bit 8 becomes the sign bit: a random sign without a branch to mispredict half the time.
    const double x = static_cast<double>(u) * l.scale;
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) ^ ((bits & 0x100) << 55));
  }
  Rng copy = rng;  // as in fastExponential: keeps the caller's generator in registers
  const double x = detail::normalSlowPath(copy, i, u, (bits & 0x100) != 0);
  rng = copy;
  return x;
}

// The standard normal quantile (inverse CDF) for p in (0, 1), to full double precision;
// -inf at 0 and +inf at 1. Off the hot path: for building tables and reports.
double normalQuantile(double p);

// The standard normal CDF.
double normalCdf(double z);

// Draws durations from a DurationDistribution: a log-normal whose mean and 99th percentile match
// the given ones, a constant when p99 <= mean, or an exponential when the distribution asks for
// one. The log-normal is sampled from a precomputed inverse-CDF table (linear between 1024
// quantiles, exact in the top 1/1024), so a draw costs one random word and two loads.
class DurationSampler {
 public:
  // Cells of the inverse-CDF table; the top cell is sampled exactly from the normal tail.
  static constexpr int kCellBits = 10;
  static constexpr int kCells = 1 << kCellBits;

  // Always returns 0.
  DurationSampler() = default;
  // Throws std::invalid_argument when mean < 0, or when p99 / mean is larger than any
  // log-normal allows (about 14.97).
  explicit DurationSampler(const DurationDistribution& d);

  // One duration, rounded to the nanosecond.
  TimeNs sample(Rng& rng) const {
    switch (kind_) {
      case Kind::kConstant:
        return constant_;
      case Kind::kExponential:
        return toNs(fastExponential(rng) * mean_);
      case Kind::kLogNormal:
        break;
    }
    const std::uint64_t u = rng.next() >> 11;  // 53 uniform bits
    const auto cell = static_cast<std::size_t>(u >> (53 - kCellBits));
    if (cell == kCells - 1) [[unlikely]] {
      return sampleTail(rng);
    }
    constexpr std::uint64_t kFractionMask = (std::uint64_t{1} << (53 - kCellBits)) - 1;
    const double fraction =
        static_cast<double>(u & kFractionMask) * (1.0 / static_cast<double>(kFractionMask + 1));
    const double lo = quantiles_[cell];
    return toNs(lo + fraction * (quantiles_[cell + 1] - lo));
  }

  // The mean of the distribution (the configured mean; the constant for a constant).
  TimeNs mean() const { return static_cast<TimeNs>(mean_ + 0.5); }

  // The log-normal's parameters (log-scale mean and standard deviation); sigma is 0 for a
  // constant or an exponential.
  double mu() const { return mu_; }
  double sigma() const { return sigma_; }

  // True when every sample is the same value.
  bool isConstant() const { return kind_ == Kind::kConstant; }

 private:
  enum class Kind : std::uint8_t { kConstant, kExponential, kLogNormal };

  // Rounds a non-negative duration in ns, saturating far below the int64 limit.
  static TimeNs toNs(double ns) {
    constexpr double kMax = 4.0e18;
    return ns < kMax ? static_cast<TimeNs>(ns + 0.5) : static_cast<TimeNs>(kMax);
  }

  // A draw from the top cell of the table: the normal conditioned above its lower edge.
  TimeNs sampleTail(Rng& rng) const;

  Kind kind_ = Kind::kConstant;
  TimeNs constant_ = 0;
  double mean_ = 0;
  double mu_ = 0;
  double sigma_ = 0;
  double tail_z_ = 0;  // normal quantile at the lower edge of the top cell
  // exp(mu + sigma * z(k / kCells)) for k in [0, kCells): the lower edge of each cell.
  std::vector<double> quantiles_;
};

}  // namespace shadowscale
