#include "replay/synthetic_source.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "core/calendar.h"
#include "core/input_error.h"
#include "core/sampling.h"

namespace shadowscale {
namespace {

// Throws the error of a setting out of range, named as in the scenario file.
[[noreturn]] void badSetting(const std::string& field, const std::string& what) {
  throw InputError::at("", 0, "synthetic." + field, what);
}

void requireFinite(double v, const std::string& field) {
  if (!std::isfinite(v)) {
    badSetting(field, "must be a finite number");
  }
}

void requireNonNegative(double v, const std::string& field) {
  requireFinite(v, field);
  if (v < 0) {
    badSetting(field, "must not be negative, got " + std::to_string(v));
  }
}

// 0 before the event, a linear ramp to 1, 1 on the plateau, a linear decay back to 0.
double eventShape(const SpecialEventSpec& e, TimeNs t) {
  TimeNs d = t - e.start;
  if (d < 0) {
    return 0.0;
  }
  if (d < e.ramp) {
    return static_cast<double>(d) / static_cast<double>(e.ramp);
  }
  d -= e.ramp;
  if (d < e.plateau) {
    return 1.0;
  }
  d -= e.plateau;
  if (d < e.decay) {
    return 1.0 - static_cast<double>(d) / static_cast<double>(e.decay);
  }
  return 0.0;
}

// 0 before the crowd, a linear rise to 1, then exp(-elapsed / duration); cut off once below
// e^-30, where it no longer changes any rate.
double flashShape(const FlashCrowdSpec& f, TimeNs t) {
  TimeNs d = t - f.start;
  if (d < 0) {
    return 0.0;
  }
  if (d < f.rise) {
    return static_cast<double>(d) / static_cast<double>(f.rise);
  }
  d -= f.rise;
  const double constants = static_cast<double>(d) / static_cast<double>(f.duration);
  return constants > 30.0 ? 0.0 : std::exp(-constants);
}

// Floor division for possibly negative times.
std::int64_t floorDiv(TimeNs a, TimeNs b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

}  // namespace

SyntheticSource::SyntheticSource(const SyntheticSpec& spec, TimeNs duration, TimeNs start_unix,
                                 Rng rng)
    : spec_(spec), duration_(duration), start_unix_(start_unix), rng_(rng) {
  if (duration <= 0) {
    throw InputError::at("", 0, "traffic.duration",
                         "synthetic traffic has no length of its own; set a positive duration");
  }
  requireNonNegative(spec.base_rate, "base_rate");
  requireFinite(spec.daily_amplitude, "daily_amplitude");
  if (spec.daily_amplitude < 0 || spec.daily_amplitude > 1) {
    badSetting("daily_amplitude", "must be between 0 and 1 (a rate cannot go negative), got " +
                                      std::to_string(spec.daily_amplitude));
  }
  requireNonNegative(spec.weekend_factor, "weekend_factor");
  requireFinite(spec.trend_per_week, "trend_per_week");
  requireNonNegative(spec.noise, "noise");
  for (std::size_t i = 0; i < spec.events.size(); ++i) {
    const SpecialEventSpec& e = spec.events[i];
    const std::string where = "events[" + std::to_string(i) + "]";
    requireNonNegative(e.multiplier, where + ".multiplier");
    if (e.ramp < 0 || e.plateau < 0 || e.decay < 0) {
      badSetting(where, "ramp, plateau and decay must not be negative");
    }
    events_.push_back(
        {e.name, e.start, e.start + e.ramp + e.plateau + e.decay, e.multiplier, e.ramp, e.decay});
  }
  for (std::size_t i = 0; i < spec.flash_crowds.size(); ++i) {
    const FlashCrowdSpec& f = spec.flash_crowds[i];
    const std::string where = "flash_crowds[" + std::to_string(i) + "]";
    requireNonNegative(f.multiplier, where + ".multiplier");
    if (f.rise < 0) {
      badSetting(where + ".rise", "must not be negative");
    }
    if (f.duration <= 0) {
      badSetting(where + ".duration", "must be positive (it is the decay's time constant)");
    }
  }

  // Flag windows: the events' spans, sorted and merged so the cursor only moves forward.
  for (const TrafficEvent& e : events_) {
    if (e.end > e.start) {
      windows_.push_back({e.start, e.end});
    }
  }
  std::sort(windows_.begin(), windows_.end(),
            [](const TrafficGap& a, const TrafficGap& b) { return a.start < b.start; });
  std::vector<TrafficGap> merged;
  for (const TrafficGap& w : windows_) {
    if (!merged.empty() && w.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, w.end);
    } else {
      merged.push_back(w);
    }
  }
  windows_ = std::move(merged);

  if (spec.noise > 0) {
    // A log-normal multiplier exp(N(-s^2/2, s^2)) has mean 1 and relative std `noise` when
    // s^2 = ln(1 + noise^2).
    noise_log_sigma_ = std::sqrt(std::log1p(spec.noise * spec.noise));
    const double phi = std::exp(-1.0 / kNoiseTimeConstantKnots);
    const double kept = 1.0 - std::pow(phi, 2.0 * kNoiseTaps);
    noise_tap_weight_ = noise_log_sigma_ * std::sqrt((1.0 - phi * phi) / kept);
  }
  noise_key_ = rng_.next();
  enterStep(0);
}

double SyntheticSource::noiseAtKnot(std::int64_t knot) const {
  if (noise_log_sigma_ == 0) {
    return 1.0;
  }
  const double phi = std::exp(-1.0 / kNoiseTimeConstantKnots);
  double sum = 0;
  double w = noise_tap_weight_;
  for (int j = 0; j < kNoiseTaps; ++j) {
    // Each minute's shock is a pure function of (key, minute): no series is stored, and
    // expectedRate() can look at any time.
    std::uint64_t state =
        noise_key_ ^ (static_cast<std::uint64_t>(knot - j) * 0xD1B54A32D192ED03ULL);
    const double u1 = (static_cast<double>(splitMix64(state) >> 11) + 1.0) * 0x1.0p-53;
    const double u2 = static_cast<double>(splitMix64(state) >> 11) * 0x1.0p-53;
    const double shock = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    sum += w * shock;
    w *= phi;
  }
  return std::exp(sum - 0.5 * noise_log_sigma_ * noise_log_sigma_);
}

double SyntheticSource::noiseFactor(TimeNs t) const {
  return noiseAtKnot(floorDiv(t, kNoiseKnot));
}

double SyntheticSource::shapedRate(TimeNs t) const {
  if (t < 0 || t >= duration_) {
    return 0.0;
  }
  const CivilTime c = Calendar(start_unix_, 0).civil(t);
  const double phase =
      static_cast<double>(c.time_of_day - spec_.daily_peak) / static_cast<double>(kDay);
  double rate =
      spec_.base_rate * (1.0 + spec_.daily_amplitude * std::cos(2.0 * std::numbers::pi * phase));
  if (c.day_of_week >= 5) {
    rate *= spec_.weekend_factor;
  }
  rate *= std::max(
      0.0, 1.0 + spec_.trend_per_week * static_cast<double>(t) / static_cast<double>(kWeek));
  for (const SpecialEventSpec& e : spec_.events) {
    rate *= 1.0 + (e.multiplier - 1.0) * eventShape(e, t);
  }
  for (const FlashCrowdSpec& f : spec_.flash_crowds) {
    rate *= 1.0 + (f.multiplier - 1.0) * flashShape(f, t);
  }
  return std::max(0.0, rate);
}

double SyntheticSource::expectedRate(TimeNs t) const {
  const double shaped = shapedRate(t);
  return shaped == 0.0 ? 0.0 : shaped * noiseFactor(t);
}

void SyntheticSource::enterStep(TimeNs step_start) {
  constexpr double kStepNs = static_cast<double>(kStep);
  if (spec_.base_rate == 0.0) {
    pending_ = kNever;  // no traffic at all: no need to walk the run a second at a time
    return;
  }
  for (; step_start < duration_; step_start += kStep) {
    const TimeNs middle = step_start + kStep / 2;
    const std::int64_t knot = floorDiv(middle, kNoiseKnot);
    if (knot != cached_knot_) {
      cached_knot_ = knot;
      cached_noise_ = noiseAtKnot(knot);
    }
    const double rate = shapedRate(middle) * cached_noise_;
    if (rate <= 0.0) {
      continue;
    }
    step_start_ = step_start;
    mean_gap_ = 1e9 / rate;
    // Memorylessness: the clock restarts at each step with the step's own rate.
    position_ = fastExponential(rng_) * mean_gap_;
    if (position_ < kStepNs) {
      pending_ = step_start_ + static_cast<TimeNs>(position_);
      return;
    }
  }
  pending_ = kNever;
}

void SyntheticSource::updateFlags(TimeNs t) {
  while (window_ < windows_.size() && t >= windows_[window_].end) {
    ++window_;
  }
  if (window_ == windows_.size()) {
    flags_ = 0;
    flags_until_ = kNever;
  } else if (t >= windows_[window_].start) {
    flags_ = kEventFlag;
    flags_until_ = windows_[window_].end;
  } else {
    flags_ = 0;
    flags_until_ = windows_[window_].start;
  }
}

std::size_t SyntheticSource::next(TimeNs until, std::span<Request> out) {
  const TimeNs limit = std::min(until, duration_);
  std::size_t n = 0;
  while (n < out.size() && pending_ < limit) {
    // The hot state lives in locals for the rest of the step: stores into `out` cannot alias
    // them, so the generator stays in registers.
    Rng rng = rng_;
    double position = position_;
    TimeNs pending = pending_;
    const double mean_gap = mean_gap_;
    const TimeNs base = step_start_;
    std::uint32_t flags = flags_;
    TimeNs flags_until = flags_until_;
    bool step_done = false;
    while (n < out.size() && pending < limit) {
      if (pending >= flags_until) [[unlikely]] {
        updateFlags(pending);
        flags = flags_;
        flags_until = flags_until_;
      }
      Request& r = out[n++];
      r.arrival = pending;
      r.route = 0;
      r.flags = flags;
      position += fastExponential(rng) * mean_gap;
      if (position >= static_cast<double>(kStep)) [[unlikely]] {
        step_done = true;
        break;
      }
      pending = base + static_cast<TimeNs>(position);
    }
    rng_ = rng;
    position_ = position;
    pending_ = pending;
    if (step_done) {
      enterStep(step_start_ + kStep);
    }
  }
  return n;
}

}  // namespace shadowscale
