#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/request.h"
#include "core/rng.h"
#include "core/time.h"
#include "core/traffic_source.h"
#include "replay/traffic_spec.h"

namespace shadowscale {

// Request::flags bit set on requests that arrive during a special event (not a flash crowd).
inline constexpr std::uint32_t kEventFlag = 1;

// Synthetic traffic from a SyntheticSpec: a Poisson process whose rate is the base rate shaped
// by a daily cycle (UTC time of day), a weekend factor, a linear trend, slow multiplicative
// noise, special events and flash crowds. Arrivals use the rate at the middle of each second
// (piecewise constant per second). Memory is fixed: nothing grows with the duration.
class SyntheticSource final : public TrafficSource {
 public:
  // Length of the steps the rate is held constant over.
  static constexpr TimeNs kStep = kSecond;
  // The noise is one value per minute: an exponentially weighted sum of independent per-minute
  // shocks (an AR(1) with this time constant, truncated after kNoiseTaps minutes).
  static constexpr TimeNs kNoiseKnot = kMinute;
  static constexpr double kNoiseTimeConstantKnots = 10.0;
  static constexpr int kNoiseTaps = 64;

  // `duration` > 0 is the traffic's length; `start_unix` the UTC unix time (ns) of run time 0.
  // The noise is keyed by one draw from `rng` and arrivals use the rest of it, so the noise is
  // the same whatever is asked of next(). Throws InputError naming the field of a
  // setting out of range.
  SyntheticSource(const SyntheticSpec& spec, TimeNs duration, TimeNs start_unix, Rng rng);

  // TrafficSource
  std::size_t next(TimeNs until, std::span<Request> out) override;
  TimeNs duration() const override { return duration_; }
  // The intensity arrivals are drawn at, noise included (requests per second), evaluated at t
  // exactly rather than at the middle of its second; 0 outside [0, duration).
  double expectedRate(TimeNs t) const override;
  const std::vector<TrafficEvent>& events() const override { return events_; }
  const std::vector<TrafficGap>& gaps() const override { return gaps_; }
  TimeNs epoch() const override { return start_unix_; }

  // The rate without the noise: what a perfect forecaster could know in advance.
  double shapedRate(TimeNs t) const;
  // The multiplicative noise at t (mean 1, relative std about `noise`); 1 with no noise.
  double noiseFactor(TimeNs t) const;

 private:
  // Noise multiplier of minute `knot`, computed from its index alone (no stored series).
  double noiseAtKnot(std::int64_t knot) const;
  // Enters step `step_start`: computes its rate and draws its first arrival.
  void enterStep(TimeNs step_start);
  // Finds the event flags at t and until when they hold (always past t); moves the window
  // cursor forward.
  void updateFlags(TimeNs t);

  SyntheticSpec spec_;
  TimeNs duration_ = 0;
  TimeNs start_unix_ = 0;
  Rng rng_;
  std::uint64_t noise_key_ = 0;
  double noise_log_sigma_ = 0;   // std of the log of the noise
  double noise_tap_weight_ = 0;  // weight of the newest shock
  std::vector<TrafficEvent> events_;
  std::vector<TrafficGap> gaps_;
  std::vector<TrafficGap> windows_;  // special events merged, sorted: where kEventFlag is set
  std::size_t window_ = 0;
  std::uint32_t flags_ = 0;         // flags of arrivals before flags_until_
  TimeNs flags_until_ = INT64_MIN;  // when flags_ must be looked up again

  // Generator state: the pending arrival sits at step_start_ + position_ (ns).
  TimeNs step_start_ = 0;
  double position_ = 0;
  double mean_gap_ = 0;  // ns between arrivals in the current step (1e9 / rate)
  TimeNs pending_ = kNever;
  std::int64_t cached_knot_ = INT64_MIN;
  double cached_noise_ = 1.0;
};

}  // namespace shadowscale
