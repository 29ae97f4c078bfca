#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

namespace shadowscale {

// SplitMix64 step: seeds generators and mixes stream identifiers.
inline constexpr std::uint64_t splitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// FNV-1a of a component name, so each component's stream depends only on the run seed and its
// own name: adding a component does not shift the streams of the others.
inline constexpr std::uint64_t hashName(std::string_view name) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

// xoshiro256++: a small, fast generator with 2^256 period. Deterministic across platforms.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1) {
    std::uint64_t sm = seed;
    for (auto& w : s_) {
      w = splitMix64(sm);
    }
  }

  // An independent stream for the component `name` of a run with `seed`.
  static Rng stream(std::uint64_t seed, std::string_view name) {
    std::uint64_t mixed = seed ^ hashName(name);
    splitMix64(mixed);
    return Rng(mixed);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // Uniform in (0, 1]: safe to take the logarithm of.
  double uniformPositive() { return (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53; }

  // Exponential with rate 1.
  double exponential() { return -std::log(uniformPositive()); }

  // Standard normal (Box-Muller; one value per call, for code off the hot path).
  double normal() {
    const double u1 = uniformPositive();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace shadowscale
