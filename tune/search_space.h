#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/policies/hpa_config.h"
#include "core/time.h"

namespace shadowscale {

// The shape of a tuned setup: which pool a forecast sizes, if any.
enum class Design : std::uint8_t {
  kHpa,         // the reactive baseline with its own knobs (target, floor)
  kHybridLive,  // one live pool sized ahead from a forecast, never below its HPA
  kShadow,      // the seed's design: an HPA live pool plus a shadow pool scaled ahead
};

// "hpa", "hybrid-live", "shadow".
const char* designName(Design design);

// The values each knob may take; a candidate draws one value per knob.
struct SearchSpace {
  std::vector<std::string> forecasters{"holt-winters", "seasonal-naive-day", "seasonal-naive-week",
                                       "last-value"};
  std::vector<double> quantiles{0.5, 0.8, 0.9, 0.95, 0.99};
  std::vector<TimeNs> scheduling_buffers{0, kMinute, 2 * kMinute, 5 * kMinute, 10 * kMinute};
  std::vector<double> target_utilizations{0.5, 0.6, 0.7, 0.8, 0.9};
  std::vector<TimeNs> scale_in_windows{5 * kMinute, 15 * kMinute, 30 * kMinute, kHour};
  std::vector<int> live_floors{1, 2, 3};    // min instances of a forecast-sized live pool
  std::vector<int> shadow_floors{0, 1, 2};  // min instances of the shadow pool
  std::vector<double> hpa_targets{0.5, 0.6, 0.7, 0.8};
  std::vector<int> hpa_floors{1, 2, 3};  // min replicas of the live pool's HPA
  std::vector<double> mirror_fractions{0.0, 0.05};
};

// One point of the search: a design and the value of every knob it uses.
struct Candidate {
  int index = 0;
  Design design = Design::kHpa;
  std::string forecaster;
  double quantile = 0.9;  // the forecast quantile the pool is sized for
  TimeNs scheduling_buffer = kMinute;
  double target_utilization = 0.7;  // of the forecast-sized pool
  TimeNs scale_in_window = 15 * kMinute;
  int floor = 1;            // min instances of the forecast-sized pool
  bool overflow = false;    // shadow design: only the share the live pool cannot carry moves
  bool shadow_hpa = false;  // shadow design: the shadow pool also has its own HPA (hybrid)
  double mirror = 0;        // shadow design: mirrored share of live traffic
  double hpa_target = 0.7;  // the live pool's HPA (or the hybrid's) target utilization
  int hpa_floor = 2;        // its min replicas

  // "c0042": unique within a search, used as the setup's name suffix.
  std::string id() const;
  // The knobs in words, e.g. "holt-winters q0.9 buffer 60s util 0.7 ...".
  std::string describe() const;
};

// The candidates of a search: first every HPA-only combination, then designs taking turns
// (hybrid live pool, shadow pool) so the seed's design gets as many tries as the hybrid; each
// candidate's knobs come from its own random stream of `seed`, so a longer search starts with
// the candidates of a shorter one. Duplicates are drawn again. `count` is at least the HPA
// grid's size.
std::vector<Candidate> makeCandidates(const SearchSpace& space, int count, std::uint64_t seed);

// The setup block of a candidate in the scenario syntax (docs/scenario-reference.md), named
// `name`, with `baseline` (the scenario's HPA) as the base of every HPA it writes.
std::string setupSnippet(const Candidate& c, const std::string& name, const HpaConfig& baseline);

// An HPA block in the scenario syntax with every setting of `hpa` (pool written by the caller's
// `pool` name), indented by `indent` spaces.
std::string hpaBlock(const HpaConfig& hpa, const std::string& pool, int indent);

}  // namespace shadowscale
