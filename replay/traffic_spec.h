#pragma once

#include <string>
#include <variant>
#include <vector>

#include "core/time.h"

namespace shadowscale {

// A planned special event: rate ramps up to `multiplier` x base over `ramp`, holds for
// `plateau`, decays back over `decay`. Flagged so forecasters can use it.
struct SpecialEventSpec {
  std::string name;
  TimeNs start = 0;
  TimeNs ramp = 10 * kMinute;
  TimeNs plateau = kHour;
  TimeNs decay = 30 * kMinute;
  double multiplier = 3.0;
};

// An unannounced flash crowd: a steep rise to `multiplier` x, then exponential decay. Not
// flagged: nobody saw it coming.
struct FlashCrowdSpec {
  TimeNs start = 0;
  TimeNs rise = kMinute;
  TimeNs duration = 15 * kMinute;  // time constant of the decay after the peak
  double multiplier = 5.0;
};

// Synthetic traffic: base rate shaped by daily and weekly cycles, trend, noise, events.
struct SyntheticSpec {
  double base_rate = 100.0;        // mean requests per second before shaping
  double daily_amplitude = 0.6;    // rate *= 1 + a * cos(2 pi (tod - peak) / day)
  TimeNs daily_peak = 14 * kHour;  // local time of day of the daily peak
  double weekend_factor = 0.6;     // Saturday and Sunday rates are multiplied by this
  double trend_per_week = 0.0;     // relative growth per week (0.05 = +5 % a week)
  double noise = 0.05;             // relative std of a slow multiplicative noise (per minute)
  std::vector<SpecialEventSpec> events;
  std::vector<FlashCrowdSpec> flash_crowds;
};

// A per-interval count series (timestamp,count), as exported by monitoring systems.
struct CountCsvSpec {
  std::string path;              // resolved against the scenario file's folder
  std::string time_format;       // strftime-like; empty = detect
  int has_header = -1;           // -1 = detect, 0 = no, 1 = yes
  double rate_multiplier = 1.0;  // scales every count
  TimeNs time_offset = 0;        // added to every timestamp
  TimeNs utc_offset = 0;         // zone of the timestamps (UTC-4 = -4h)
  TimeNs interval = 0;           // length of one row; 0 = detect from the first rows
  double loop = 1;               // repeat the series this many times (>= 1)
};

// Replay of a capture file (docs/capture-and-replay.md).
struct CaptureSpec {
  std::string path;              // resolved against the scenario file's folder
  double speed = 1.0;            // N x speed: run time = capture time / speed
  double rate_multiplier = 1.0;  // < 1 thins, > 1 adds jittered copies
  TimeNs duplicate_jitter = kSecond;
  double loop = 1.0;  // passes (>= 1) when TrafficSpec.duration is 0
  TimeNs reorder_window = kMinute;
  TimeNs min_gap = 0;  // silences longer than this are reported as gaps (0 = off)
  bool include_mirror_copies = false;
};

struct TrafficSpec {
  TimeNs duration = kWeek;  // 0 = the source's own length
  TimeNs start_unix = 0;    // civil time of run time 0 (UTC), for synthetic traffic
  std::variant<SyntheticSpec, CountCsvSpec, CaptureSpec> source;
};

}  // namespace shadowscale
