#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace shadowscale {

// What the results library reads of summary.json: the fields the report and the studio show.
struct RunSummary {
  // One setup's metrics and notes.
  struct Setup {
    std::string name;
    std::vector<std::pair<std::string, double>> metrics;  // NaN where the file has null
    std::vector<std::string> notes;

    // The metric's value, or NaN if the file does not give it.
    double metric(const std::string& key) const;
  };
  // One threshold check as the run judged it.
  struct Threshold {
    std::string setup;
    std::string metric;
    std::string op;  // "<", "<=", ">", ">="
    double limit = 0;
    double actual = 0;
    bool passed = true;
  };

  std::string scenario;
  std::string scenario_file;
  std::string version;
  std::string seed;  // as written: a 64-bit seed does not survive a double
  std::optional<double> duration_s;
  std::optional<double> interval_s;
  std::optional<double> warmup_s;  // left out of the key metrics; the charts shade it
  // From an optional "slo": {"latency_target_ms": .., "percentile": ..} object; summaries
  // without one leave these empty and the report takes the SLO from its options.
  std::optional<double> slo_latency_ms;
  std::optional<double> slo_percentile;
  std::vector<std::string> notes;  // about the run as a whole, such as the traffic's gaps
  std::vector<Setup> setups;
  std::vector<Threshold> thresholds;
};

// Reads summary.json text. Tolerant of what it does not need: unknown fields are skipped and
// missing ones stay empty, so older and newer summaries both load. Throws InputError
// ("name:line: column N: ..." when the text is not JSON, "name: field.path: ..." when a field
// it needs has the wrong type).
RunSummary parseRunSummary(const std::string& json_text, const std::string& name_for_messages);

}  // namespace shadowscale
