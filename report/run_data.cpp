#include "report/run_data.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/input_error.h"
#include "core/time_text.h"
#include "report/csv_table.h"
#include "scenarios/scenario_loader.h"

namespace shadowscale {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The columns read straight into one quantity each.
constexpr std::pair<Quantity, const char*> kDirectColumns[] = {
    {Quantity::kDemand, "demand_rps"},
    {Quantity::kP50, "p50_ms"},
    {Quantity::kP99, "p99_ms"},
    {Quantity::kErrors, "errors"},
    {Quantity::kErrorRate, "error_rate"},
    {Quantity::kShadowWeight, "shadow_weight"},
    {Quantity::kMirror, "mirror_rps"},
    {Quantity::kForecastP50, "forecast_p50_rps"},
    {Quantity::kForecastUpper, "forecast_upper_rps"},
};

// Columns whose non-zero values mean a setup has a shadow pool at work.
constexpr const char* kShadowColumns[] = {"shadow_provisioning", "shadow_starting", "shadow_ready",
                                          "shadow_draining",     "shadow_rps",      "mirror_rps",
                                          "shadow_weight"};

}  // namespace

const SetupSeries* IntervalTable::find(std::string_view name) const {
  for (const SetupSeries& s : setups) {
    if (s.name == name) {
      return &s;
    }
  }
  return nullptr;
}

double IntervalTable::xMax() const {
  const double last = std::isfinite(step) ? t_max + step : t_max;
  return last > t_min ? last : t_min + 1;
}

IntervalTableBuilder::IntervalTableBuilder(const std::vector<std::string>& header,
                                           const std::string& source)
    : header_(header) {
  table_.source = source;
  auto column = [&](std::string_view name) -> std::optional<std::size_t> {
    const auto it = std::find(header_.begin(), header_.end(), name);
    return it == header_.end() ? std::nullopt : std::optional<std::size_t>(it - header_.begin());
  };
  auto require = [&](const char* name) {
    const auto c = column(name);
    if (!c) {
      throw InputError::at(source, 1, name,
                           "missing from the header; intervals.csv needs setup and time_s");
    }
    return *c;
  };
  setup_col_ = require("setup");
  time_col_ = require("time_s");
  utc_col_ = column("time_utc");
  for (const auto& [q, name] : kDirectColumns) {
    direct_[static_cast<int>(q)] = column(name);
    table_.present[static_cast<int>(q)] = direct_[static_cast<int>(q)].has_value();
  }
  auto collect = [&](std::initializer_list<const char*> names, std::vector<std::size_t>& out) {
    for (const char* name : names) {
      if (const auto c = column(name)) {
        out.push_back(*c);
      }
    }
    return !out.empty();
  };
  table_.present[static_cast<int>(Quantity::kReady)] =
      collect({"live_ready", "shadow_ready"}, ready_cols_);
  table_.present[static_cast<int>(Quantity::kStarting)] =
      collect({"live_provisioning", "live_starting", "shadow_provisioning", "shadow_starting"},
              starting_cols_);
  table_.present[static_cast<int>(Quantity::kCostCumulative)] =
      collect({"cost_live", "cost_shadow"}, cost_cols_);
  for (const char* name : kShadowColumns) {
    if (const auto c = column(name)) {
      shadow_cols_.push_back(*c);
    }
  }
  numeric_cols_.push_back(time_col_);
  auto numeric = [&](std::size_t c) {
    if (std::find(numeric_cols_.begin(), numeric_cols_.end(), c) == numeric_cols_.end()) {
      numeric_cols_.push_back(c);
    }
  };
  for (const auto& c : direct_) {
    if (c) {
      numeric(*c);
    }
  }
  for (const auto* cols : {&ready_cols_, &starting_cols_, &cost_cols_, &shadow_cols_}) {
    for (std::size_t c : *cols) {
      numeric(c);
    }
  }
  // After the time, the columns in the file's order: a row's first bad value is named.
  std::sort(numeric_cols_.begin() + 1, numeric_cols_.end());
  row_.assign(header_.size(), kNaN);
}

// Parses every column a quantity reads, each once per row, into row_: the time first, so a row
// without one is named for it before any other column.
void IntervalTableBuilder::parseRow(std::span<const std::string_view> fields, int line) {
  for (std::size_t c : numeric_cols_) {
    const std::optional<double> v = parseCsvNumber(fields[c]);
    if (!v) {
      throw InputError::at(table_.source, line, header_[c],
                           "expected a number, got '" + std::string(fields[c]) + "'");
    }
    row_[c] = *v;
  }
}

double IntervalTableBuilder::number(std::optional<std::size_t> col) const {
  return col ? row_[*col] : kNaN;
}

// The sum of the columns that hold a value; NaN only when none does.
double IntervalTableBuilder::sum(const std::vector<std::size_t>& cols) const {
  double total = kNaN;
  for (std::size_t c : cols) {
    const double v = row_[c];
    if (!std::isnan(v)) {
      total = std::isnan(total) ? v : total + v;
    }
  }
  return total;
}

void IntervalTableBuilder::add(const std::vector<std::string>& fields, int line) {
  std::vector<std::string_view> views(fields.begin(), fields.end());
  add(std::span<const std::string_view>(views), line);
}

void IntervalTableBuilder::add(std::span<const std::string_view> fields, int line) {
  if (fields.size() != header_.size()) {
    throw InputError::at(table_.source, line, "",
                         "the row has " + std::to_string(fields.size()) + " fields, the header " +
                             std::to_string(header_.size()));
  }
  const std::string_view name = fields[setup_col_];
  if (name.empty()) {
    throw InputError::at(table_.source, line, "setup", "empty; every row names its setup");
  }
  parseRow(fields, line);
  if (current_ >= table_.setups.size() || table_.setups[current_].name != name) {
    const auto it = std::find_if(table_.setups.begin(), table_.setups.end(),
                                 [&](const SetupSeries& s) { return s.name == name; });
    current_ = static_cast<std::size_t>(it - table_.setups.begin());
    if (it == table_.setups.end()) {
      table_.setups.emplace_back();
      table_.setups.back().name = name;
      cost_.push_back(0);
    }
  }
  SetupSeries& s = table_.setups[current_];
  const double t = row_[time_col_];
  if (!std::isfinite(t)) {
    throw InputError::at(table_.source, line, "time_s",
                         "missing; every row needs its interval's start in seconds");
  }
  if (!s.time_s.empty() && t <= s.time_s.back()) {
    throw InputError::at(table_.source, line, "time_s",
                         "is not after the previous row's for setup '" + s.name +
                             "'; rows of a setup must rise in time");
  }
  if (!s.time_s.empty()) {
    s.min_step = std::min(s.min_step, t - s.time_s.back());
    table_.step = std::isnan(table_.step) ? s.min_step : std::min(table_.step, s.min_step);
  }
  if (table_.rows == 0) {
    table_.t_min = table_.t_max = t;
    if (utc_col_ && !fields[*utc_col_].empty()) {
      TimeNs unix_ns = 0;
      const std::string text(fields[*utc_col_]);
      try {
        if (text.back() != 'Z') {
          throw InputError("not UTC");
        }
        unix_ns = parseIsoTime(text, std::nullopt);
      } catch (const InputError&) {
        throw InputError::at(table_.source, line, "time_utc",
                             "expected a UTC time like 2026-03-02T00:00:00Z, got '" + text + "'");
      }
      table_.epoch_unix_s = unix_ns / 1'000'000'000 - static_cast<std::int64_t>(std::llround(t));
    }
  }
  table_.t_min = std::min(table_.t_min, t);
  table_.t_max = std::max(table_.t_max, t);
  ++table_.rows;
  s.time_s.push_back(t);
  s.last_line = line;
  for (const auto& [q, name] : kDirectColumns) {
    s.values[static_cast<int>(q)].push_back(number(direct_[static_cast<int>(q)]));
  }
  s.values[static_cast<int>(Quantity::kReady)].push_back(sum(ready_cols_));
  s.values[static_cast<int>(Quantity::kStarting)].push_back(sum(starting_cols_));
  const double cost = sum(cost_cols_);
  cost_[current_] += std::isnan(cost) ? 0 : cost;
  s.values[static_cast<int>(Quantity::kCostCumulative)].push_back(
      cost_cols_.empty() ? kNaN : cost_[current_]);
  for (std::size_t c : shadow_cols_) {
    const double v = row_[c];
    s.shadow_active = s.shadow_active || (std::isfinite(v) && v != 0);
  }
  s.has_forecast = s.has_forecast || std::isfinite(s[Quantity::kForecastP50].back()) ||
                   std::isfinite(s[Quantity::kForecastUpper].back());
}

void IntervalTableBuilder::addLine(std::string_view text, int line) {
  if (!text.empty() && text.back() == '\n') {
    text.remove_suffix(1);
  }
  if (!splitCsvLine(text, scratch_)) {
    throw InputError::at(table_.source, line, "", "a quoted field is not closed on this line");
  }
  add(scratch_, line);
}

IntervalTable readIntervals(const std::string& path) {
  CsvTableReader csv(path, /*whole_lines=*/true);
  IntervalTableBuilder builder(csv.header(), path);
  while (csv.next()) {
    builder.add(csv.fields(), csv.line());
  }
  if (builder.table().rows == 0) {
    throw InputError::at(path, 1, "", "no interval rows after the header; nothing to chart");
  }
  return builder.take();
}

std::optional<double> RunData::sloLatencyMs() const {
  if (summary && summary->slo_latency_ms) {
    return summary->slo_latency_ms;
  }
  if (scenario) {
    return toMillis(scenario->slo.latency_target);
  }
  return std::nullopt;
}

double RunData::sloPercentile() const {
  if (summary && summary->slo_percentile) {
    return *summary->slo_percentile;
  }
  return scenario ? scenario->slo.percentile : 0.99;
}

double RunData::warmupS() const {
  if (summary && summary->warmup_s) {
    return *summary->warmup_s;
  }
  return scenario ? toSeconds(scenario->warmup) : 0;
}

double RunData::durationS() const {
  if (summary && summary->duration_s && *summary->duration_s > 0) {
    return *summary->duration_s;
  }
  return intervals.xMax() - intervals.t_min;
}

std::vector<std::string> RunData::setupNames() const {
  std::vector<std::string> names;
  for (const SetupSeries& s : intervals.setups) {
    names.push_back(s.name);
  }
  if (summary) {
    for (const auto& st : summary->setups) {
      if (std::find(names.begin(), names.end(), st.name) == names.end()) {
        names.push_back(st.name);
      }
    }
  }
  return names;
}

namespace {

// intervals.csv cut off at a row boundary still parses: compare it with what summary.json says
// was run.
void checkAgainstSummary(const IntervalTable& t, const RunSummary& summary) {
  int last_line = 0;
  for (const SetupSeries& s : t.setups) {
    last_line = std::max(last_line, s.last_line);
  }
  for (const auto& st : summary.setups) {
    if (t.find(st.name) == nullptr) {
      throw InputError::at(t.source, last_line, "",
                           "ends before any row of setup '" + st.name +
                               "', which summary.json lists: the file was cut short");
    }
  }
  const double duration = summary.duration_s.value_or(0);
  const double step = summary.interval_s.value_or(t.step);
  if (!(duration > 0) || !(step > 0)) {
    return;
  }
  for (const SetupSeries& s : t.setups) {
    if (s.time_s.back() + 2 * step < duration) {
      char what[200];
      std::snprintf(what, sizeof what,
                    "setup '%s' stops at %.0f s, but summary.json says the run lasted %.0f s: "
                    "the file was cut short",
                    s.name.c_str(), s.time_s.back() + step, duration);
      throw InputError::at(t.source, s.last_line, "", what);
    }
  }
}

}  // namespace

RunData loadRun(const std::string& intervals_path, const std::string& summary_text,
                const std::string& summary_name) {
  RunData run;
  if (!summary_text.empty()) {
    run.summary = parseRunSummary(summary_text, summary_name);
  }
  run.intervals = readIntervals(intervals_path);
  if (run.summary) {
    checkAgainstSummary(run.intervals, *run.summary);
  }
  return run;
}

std::string readTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError::at(path, 0, "", "cannot be read");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

RunData loadRunFolder(const std::string& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) {
    throw InputError::at(dir, 0, "", "not a folder; give the --out folder of a run");
  }
  const std::string csv = (fs::path(dir) / "intervals.csv").string();
  if (!fs::exists(csv)) {
    throw InputError::at(csv, 0, "", "missing; is " + dir + " the output folder of a run?");
  }
  const std::string summary_path = (fs::path(dir) / "summary.json").string();
  std::string summary_text;
  std::vector<std::string> notes;
  if (fs::exists(summary_path)) {
    summary_text = readTextFile(summary_path);
  } else {
    notes.push_back(summary_path + " is missing: no metrics, thresholds or header facts");
  }
  RunData run = loadRun(csv, summary_text, summary_path);
  run.dir = dir;
  run.notes = std::move(notes);
  if (run.summary && !run.summary->scenario_file.empty()) {
    try {
      run.scenario = loadScenarioFile(run.summary->scenario_file);
    } catch (const std::exception& e) {
      run.notes.push_back("the scenario file could not be read (" + std::string(e.what()) + ")");
    }
  }
  return run;
}

}  // namespace shadowscale
