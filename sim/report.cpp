#include "sim/report.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/json.h"
#include "core/text.h"
#include "core/time_text.h"
#include "report/svg_chart.h"
#include "shadowscale/version.h"

namespace shadowscale {

namespace {

const char* opText(ThresholdSpec::Op op) {
  switch (op) {
    case ThresholdSpec::Op::kLess:
      return "<";
    case ThresholdSpec::Op::kLessEqual:
      return "<=";
    case ThresholdSpec::Op::kGreater:
      return ">";
    case ThresholdSpec::Op::kGreaterEqual:
      return ">=";
  }
  return "?";
}

// A threshold's limit as the scenario wrote it ("500", "0.001").
std::string limitText(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

}  // namespace

std::string describeThreshold(const ThresholdSpec& t) {
  return t.metric + " " + opText(t.op) + " " + limitText(t.value);
}

std::string summaryJson(const Scenario& scenario, const RunReport& report) {
  Json j;
  j["tool"] = "shadowscale";
  j["version"] = kVersion;
  j["scenario"] = scenario.name;
  j["scenario_file"] = scenario.source_path;
  j["seed"] = report.seed;
  j["duration_s"] = jsonNumber(toSeconds(scenario.traffic.duration));
  j["interval_s"] = jsonNumber(toSeconds(scenario.interval));
  j["warmup_s"] = jsonNumber(toSeconds(scenario.warmup));
  j["slo"]["latency_target_ms"] = jsonNumber(toMillis(scenario.slo.latency_target));
  j["slo"]["percentile"] = jsonNumber(scenario.slo.percentile);
  j["slo"]["error_budget"] = jsonNumber(scenario.slo.error_budget);
  j["notes"] = report.notes;
  j["setups"] = Json::array();
  for (const SetupResult& s : report.setups) {
    Json setup;
    setup["name"] = s.name;
    setup["metrics"] = Json::object();
    for (const auto& [name, value] : s.metrics) {
      setup["metrics"][name] = jsonNumber(value);
    }
    setup["notes"] = s.notes;
    j["setups"].push_back(std::move(setup));
  }
  j["thresholds"] = Json::array();
  for (const ThresholdCheck& c : report.checks) {
    Json check;
    check["setup"] = c.setup;
    check["metric"] = c.spec.metric;
    check["op"] = opText(c.spec.op);
    check["limit"] = jsonNumber(c.spec.value);
    check["actual"] = jsonNumber(c.actual);
    check["passed"] = c.passed;
    j["thresholds"].push_back(std::move(check));
  }
  j["thresholds_crossed"] = report.thresholdsCrossed();
  return jsonText(j);
}

std::vector<std::string> trafficGapNotes(
    const std::vector<std::pair<std::int64_t, std::int64_t>>& gaps) {
  std::vector<std::string> notes;
  for (const auto& [start, end] : gaps) {
    notes.push_back("traffic has no data from " + formatUtc(start) + " to " + formatUtc(end) +
                    " (" + formatDuration(end - start) + ", gap kept empty)");
  }
  return notes;
}

std::string noteLines(const RunReport& report, std::size_t listed) {
  std::string out;
  for (std::size_t i = 0; i < report.notes.size() && i < listed; ++i) {
    out += "note: " + report.notes[i] + "\n";
  }
  if (report.notes.size() > listed) {
    out += "note: and " + std::to_string(report.notes.size() - listed) +
           " more notes like these (summary.json lists all " + std::to_string(report.notes.size()) +
           ")\n";
  }
  for (const SetupResult& s : report.setups) {
    for (const std::string& note : s.notes) {
      out += "note: " + s.name + ": " + note + "\n";
    }
  }
  return out;
}

std::string junitXml(const Scenario& scenario, const RunReport& report) {
  int failures = 0;
  for (const auto& c : report.checks) {
    failures += c.passed ? 0 : 1;
  }
  const std::size_t tests = report.setups.size() + report.checks.size();
  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"shadowscale."
    << escapeMarkup(scenario.name) << "\" tests=\"" << tests << "\" failures=\"" << failures
    << "\" errors=\"0\">\n";
  for (const SetupResult& s : report.setups) {
    o << "    <testcase classname=\"" << escapeMarkup(scenario.name) << "\" name=\""
      << escapeMarkup(s.name) << " runs\"/>\n";
  }
  for (const ThresholdCheck& c : report.checks) {
    o << "    <testcase classname=\"" << escapeMarkup(scenario.name) << "." << escapeMarkup(c.setup)
      << "\" name=\"" << escapeMarkup(describeThreshold(c.spec)) << "\"";
    if (c.passed) {
      o << "/>\n";
    } else {
      o << ">\n      <failure message=\"" << escapeMarkup(c.spec.metric) << " was "
        << formatReadable(c.actual) << "\">" << escapeMarkup(c.setup) << ": "
        << escapeMarkup(describeThreshold(c.spec)) << " crossed (actual "
        << formatReadable(c.actual) << ")</failure>\n    </testcase>\n";
    }
  }
  o << "  </testsuite>\n</testsuites>\n";
  return o.str();
}

std::string sideBySideTable(const RunReport& report) {
  // The rows a planner compares first; every metric is in summary.json.
  static const std::pair<const char*, const char*> kRows[] = {
      {"requests", "requests"},
      {"mirrored", "mirrored copies"},
      {"p50_ms", "p50 latency (ms)"},
      {"p99_ms", "p99 latency (ms)"},
      {"p999_ms", "p99.9 latency (ms)"},
      {"error_rate", "error rate"},
      {"slo_violation_minutes", "SLO violation minutes"},
      {"slo_over_target_share", "share over latency target"},
      {"scaling_lag_p50_s", "scaling lag p50 (s)"},
      {"scaling_lag_p90_s", "scaling lag p90 (s)"},
      {"theta_u", "thetaU (%)"},
      {"theta_o", "thetaO (%)"},
      {"tau_u", "tauU (%)"},
      {"tau_o", "tauO (%)"},
      {"max_instances_live", "max instances live"},
      {"max_instances_shadow", "max instances shadow"},
      {"instance_hours", "instance-hours"},
      {"cost_live", "cost live"},
      {"cost_shadow", "cost shadow"},
      {"cost_total", "cost total"},
  };
  std::size_t label_w = 6;
  for (const auto& [key, label] : kRows) {
    label_w = std::max(label_w, std::string(label).size());
  }
  std::vector<std::size_t> col_w;
  for (const SetupResult& s : report.setups) {
    col_w.push_back(std::max<std::size_t>(s.name.size(), 10));
  }
  std::ostringstream o;
  auto cell = [&o](const std::string& text, std::size_t w, bool right) {
    if (right) {
      o << std::string(w > text.size() ? w - text.size() : 0, ' ') << text;
    } else {
      o << text << std::string(w > text.size() ? w - text.size() : 0, ' ');
    }
  };
  cell("metric", label_w, false);
  for (std::size_t i = 0; i < report.setups.size(); ++i) {
    o << "  ";
    cell(report.setups[i].name, col_w[i], true);
  }
  o << "\n" << std::string(label_w, '-');
  for (std::size_t w : col_w) {
    o << "  " << std::string(w, '-');
  }
  o << "\n";
  for (const auto& [key, label] : kRows) {
    cell(label, label_w, false);
    for (std::size_t i = 0; i < report.setups.size(); ++i) {
      o << "  ";
      cell(formatReadable(report.setups[i].metric(key)), col_w[i], true);
    }
    o << "\n";
  }
  return o.str();
}

std::string thresholdLines(const RunReport& report) {
  std::ostringstream o;
  for (const ThresholdCheck& c : report.checks) {
    o << (c.passed ? "  ok    " : "  FAIL  ") << c.setup << ": " << describeThreshold(c.spec)
      << " (actual " << formatReadable(c.actual) << ")\n";
  }
  return o.str();
}

}  // namespace shadowscale
