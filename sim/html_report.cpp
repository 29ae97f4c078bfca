#include "sim/html_report.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <set>
#include <sstream>
#include <vector>

#include "core/calendar.h"
#include "core/input_error.h"
#include "sim/csv_table.h"
#include "sim/html_summary.h"
#include "sim/svg_chart.h"

namespace shadowscale {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The quantities drawn, each a function of one intervals.csv row.
enum Quantity : int {
  kDemand,
  kCapacity,
  kP99,
  kErrors,
  kCostCumulative,
  kShadowWeight,
  kMirror,
  kForecastP50,
  kForecastUpper,
  kQuantityCount
};

// Tableau 10: distinct hues that stay apart for most colour-blind readers too.
const char* const kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1",
                                "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac"};

// Columns whose non-zero values mean a setup has a shadow pool at work.
const char* const kShadowColumns[] = {"shadow_provisioning", "shadow_starting", "shadow_ready",
                                      "shadow_draining",     "shadow_rps",      "mirror_rps",
                                      "shadow_weight"};

std::string color(std::size_t i) {
  return kPalette[i % std::size(kPalette)];
}

// Parses "2026-03-02T00:00:00Z" to Unix seconds.
std::optional<std::int64_t> parseUtc(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  char z = 0;
  const std::string text(s);
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &z) != 7 ||
      z != 'Z' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) {
    return std::nullopt;
  }
  return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

// One setup as seen while streaming: where its rows got to and its running cost.
struct SetupCursor {
  std::string name;
  double last_t = -std::numeric_limits<double>::infinity();
  double cost = 0;
  double min_step = std::numeric_limits<double>::infinity();
};

// intervals.csv read row by row into the drawn quantities. Checks what the charts rely on:
// a setup name, a numeric time that rises within each setup, numbers where numbers belong.
class IntervalRows {
 public:
  explicit IntervalRows(const std::string& path) : csv_(path) {
    setup_col_ = require("setup");
    time_col_ = require("time_s");
    utc_col_ = csv_.column("time_utc");
    cols_[kDemand] = csv_.column("demand_rps");
    live_ready_ = csv_.column("live_ready");
    shadow_ready_ = csv_.column("shadow_ready");
    cols_[kP99] = csv_.column("p99_ms");
    cols_[kErrors] = csv_.column("errors");
    cost_live_ = csv_.column("cost_live");
    cost_shadow_ = csv_.column("cost_shadow");
    cols_[kShadowWeight] = csv_.column("shadow_weight");
    cols_[kMirror] = csv_.column("mirror_rps");
    cols_[kForecastP50] = csv_.column("forecast_p50_rps");
    cols_[kForecastUpper] = csv_.column("forecast_upper_rps");
    for (const char* name : kShadowColumns) {
      if (const auto c = csv_.column(name)) {
        shadow_cols_.push_back(*c);
      }
    }
  }

  // Whether the file has the columns a quantity is computed from.
  bool has(Quantity q) const {
    switch (q) {
      case kCapacity:
        return live_ready_ || shadow_ready_;
      case kCostCumulative:
        return cost_live_ || cost_shadow_;
      default:
        return cols_[q].has_value();
    }
  }

  // Reads the next row; false at the end.
  bool next() {
    if (!csv_.next()) {
      return false;
    }
    const std::string_view name = csv_.field(setup_col_);
    if (name.empty()) {
      throw csv_.error("setup", "empty; every row names its setup");
    }
    if (current_ == nullptr || current_->name != name) {
      auto it = std::find_if(setups_.begin(), setups_.end(),
                             [&](const SetupCursor& s) { return s.name == name; });
      if (it == setups_.end()) {
        setups_.push_back(SetupCursor{std::string(name)});
        it = setups_.end() - 1;
      }
      setup_index_ = static_cast<std::size_t>(it - setups_.begin());
      current_ = &*it;
    }
    t_ = csv_.number(time_col_);
    if (!std::isfinite(t_)) {
      throw csv_.error("time_s", "missing; every row needs its interval's start in seconds");
    }
    if (t_ <= current_->last_t) {
      throw csv_.error("time_s", "is not after the previous row's for setup '" + current_->name +
                                     "'; rows of a setup must rise in time");
    }
    if (std::isfinite(current_->last_t)) {
      current_->min_step = std::min(current_->min_step, t_ - current_->last_t);
    }
    current_->last_t = t_;
    for (int q = 0; q < kQuantityCount; ++q) {
      values_[q] = cols_[q] ? csv_.number(*cols_[q]) : kNaN;
    }
    values_[kCapacity] = sumOfPresent(live_ready_, shadow_ready_);
    const double cost = sumOfPresent(cost_live_, cost_shadow_);
    if (std::isfinite(cost)) {
      current_->cost += cost;
    }
    values_[kCostCumulative] = has(kCostCumulative) ? current_->cost : kNaN;
    shadow_active_ = false;
    for (std::size_t c : shadow_cols_) {
      const double v = csv_.number(c);
      shadow_active_ = shadow_active_ || (std::isfinite(v) && v != 0);
    }
    return true;
  }

  // The row's time in run seconds.
  double time() const { return t_; }
  // The row's value of `q`; NaN when not recorded.
  double value(Quantity q) const { return values_[q]; }
  // Index of the row's setup among setups() (in order of first appearance).
  std::size_t setupIndex() const { return setup_index_; }
  bool shadowActive() const { return shadow_active_; }
  const std::vector<SetupCursor>& setups() const { return setups_; }

  // The Unix time of run second 0, from the current row's time_utc (if the file has it).
  std::optional<std::int64_t> epoch() const {
    if (!utc_col_ || csv_.field(*utc_col_).empty()) {
      return std::nullopt;
    }
    const auto unix_s = parseUtc(csv_.field(*utc_col_));
    if (!unix_s) {
      throw csv_.error("time_utc", "expected a UTC time like 2026-03-02T00:00:00Z, got '" +
                                       std::string(csv_.field(*utc_col_)) + "'");
    }
    return *unix_s - static_cast<std::int64_t>(std::llround(t_));
  }

 private:
  std::size_t require(const char* name) {
    const auto c = csv_.column(name);
    if (!c) {
      throw InputError::at(csv_.path(), 1, name,
                           "missing from the header; intervals.csv needs setup and time_s");
    }
    return *c;
  }

  // a + b where either may be absent; NaN only when both are.
  double sumOfPresent(std::optional<std::size_t> a, std::optional<std::size_t> b) const {
    const double va = a ? csv_.number(*a) : kNaN;
    const double vb = b ? csv_.number(*b) : kNaN;
    if (std::isnan(va) && std::isnan(vb)) {
      return kNaN;
    }
    return (std::isnan(va) ? 0 : va) + (std::isnan(vb) ? 0 : vb);
  }

  CsvTableReader csv_;
  std::size_t setup_col_ = 0;
  std::size_t time_col_ = 0;
  std::optional<std::size_t> utc_col_;
  std::array<std::optional<std::size_t>, kQuantityCount> cols_{};
  std::optional<std::size_t> live_ready_, shadow_ready_, cost_live_, cost_shadow_;
  std::vector<std::size_t> shadow_cols_;
  std::vector<SetupCursor> setups_;
  SetupCursor* current_ = nullptr;
  std::size_t setup_index_ = 0;
  double t_ = 0;
  std::array<double, kQuantityCount> values_{};
  bool shadow_active_ = false;
};

// What the first pass learns: the time range and what each setup has to show.
struct Scan {
  std::vector<std::string> setups;
  std::vector<bool> shadow;    // per setup: a shadow pool at work
  std::vector<bool> forecast;  // per setup: forecast values present
  std::array<bool, kQuantityCount> present{};
  double t_min = 0;
  double t_max = 0;
  double step = kNaN;  // the interval length, from consecutive rows
  std::optional<std::int64_t> epoch;
  std::uint64_t rows = 0;
};

Scan scan(const std::string& path) {
  IntervalRows rows(path);
  Scan s;
  for (int q = 0; q < kQuantityCount; ++q) {
    s.present[q] = rows.has(static_cast<Quantity>(q));
  }
  while (rows.next()) {
    if (s.rows == 0) {
      s.epoch = rows.epoch();
      s.t_min = s.t_max = rows.time();
    }
    ++s.rows;
    s.t_min = std::min(s.t_min, rows.time());
    s.t_max = std::max(s.t_max, rows.time());
    const std::size_t i = rows.setupIndex();
    if (i >= s.shadow.size()) {
      s.shadow.resize(i + 1, false);
      s.forecast.resize(i + 1, false);
    }
    s.shadow[i] = s.shadow[i] || rows.shadowActive();
    s.forecast[i] = s.forecast[i] || std::isfinite(rows.value(kForecastP50)) ||
                    std::isfinite(rows.value(kForecastUpper));
  }
  if (s.rows == 0) {
    throw InputError::at(path, 1, "", "no interval rows after the header; nothing to chart");
  }
  for (const SetupCursor& c : rows.setups()) {
    s.setups.push_back(c.name);
    if (std::isfinite(c.min_step)) {
      s.step = std::isnan(s.step) ? c.min_step : std::min(s.step, c.min_step);
    }
  }
  return s;
}

// Every series of every setup, thinned while the file streams past.
using Thinned = std::vector<std::array<std::vector<ChartPoint>, kQuantityCount>>;

Thinned thin(const std::string& path, const Scan& s, double x_max, int columns) {
  IntervalRows rows(path);
  std::vector<std::array<std::optional<MinMaxDecimator>, kQuantityCount>> d(s.setups.size());
  while (rows.next()) {
    const std::size_t i = rows.setupIndex();
    if (i >= d.size()) {
      throw InputError::at(path, 0, "", "changed while the report was being made");
    }
    for (int q = 0; q < kQuantityCount; ++q) {
      if (!s.present[q]) {
        continue;
      }
      if (!d[i][q]) {
        d[i][q].emplace(s.t_min, x_max, columns);
      }
      d[i][q]->add(rows.time(), rows.value(static_cast<Quantity>(q)));
    }
  }
  Thinned out(s.setups.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    for (int q = 0; q < kQuantityCount; ++q) {
      if (d[i][q]) {
        out[i][q] = d[i][q]->points();
      }
    }
  }
  return out;
}

// A metric value as the tables show it.
std::string formatValue(double v) {
  if (!std::isfinite(v)) {
    return "&ndash;";
  }
  char buf[48];
  const double a = std::fabs(v);
  if (v == std::floor(v) && a < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else if (a >= 100) {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  } else if (a >= 1) {
    std::snprintf(buf, sizeof buf, "%.2f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.3g", v);
  }
  return buf;
}

std::string humanDuration(double seconds) {
  char buf[64];
  const double days = seconds / 86400;
  if (seconds >= 2 * 86400) {
    std::snprintf(buf, sizeof buf, "%g days", std::round(days * 10) / 10);
  } else if (seconds >= 2 * 3600) {
    std::snprintf(buf, sizeof buf, "%g hours", std::round(seconds / 360) / 10);
  } else if (seconds >= 60) {
    std::snprintf(buf, sizeof buf, "%g min", std::round(seconds / 6) / 10);
  } else {
    std::snprintf(buf, sizeof buf, "%g s", seconds);
  }
  return buf;
}

std::string utcText(std::int64_t unix_s) {
  const CivilTime c = Calendar(unix_s * 1'000'000'000, 0).civil(0);
  const auto tod = static_cast<long long>(c.time_of_day / 1'000'000'000);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02lld:%02lld UTC", c.year, c.month, c.day,
                tod / 3600, tod / 60 % 60);
  return buf;
}

// The threshold as written in the scenario: "p99_ms < 300".
std::string thresholdText(const RunSummary::Threshold& t) {
  char limit[48];
  std::snprintf(limit, sizeof limit, "%.10g", t.limit);
  return t.metric + " " + t.op + " " + limit;
}

const char* kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto;
  max-width: 1120px; padding: 0 16px; color: #222; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #555; margin: 0 0 12px; }
.banner { padding: 8px 12px; border-radius: 4px; margin: 12px 0; font-weight: 600; }
.banner.pass { background: #e6f4ea; color: #1e6b34; }
.banner.fail { background: #fce8e6; color: #a50e0e; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { border: 1px solid #ddd; padding: 4px 10px; }
th { background: #f6f6f6; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.pass { background: #e6f4ea; }
td.fail { background: #fce8e6; font-weight: 600; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px;
  margin-right: 6px; vertical-align: -1px; }
.status { font-weight: 700; }
.status.pass { color: #1e6b34; }
.status.fail { color: #a50e0e; }
section.chart { margin: 18px 0; }
section.chart svg { width: 100%; height: auto; max-width: 1000px; display: block; }
figcaption, .note { color: #555; font-size: 13px; margin: 2px 0 0; }
footer { color: #777; font-size: 12px; margin-top: 32px; border-top: 1px solid #eee;
  padding-top: 8px; }
)";

}  // namespace

std::string htmlReport(const std::string& intervals_csv_path,
                       const std::string& summary_json_text_or_empty,
                       const HtmlReportOptions& options) {
  const RunSummary summary =
      summary_json_text_or_empty.empty()
          ? RunSummary{}
          : parseRunSummary(summary_json_text_or_empty, options.summary_name);
  const int columns = std::max(options.columns, 50);
  const Scan s = scan(intervals_csv_path);
  const double step = std::isfinite(s.step) ? s.step : summary.interval_s.value_or(0);
  // Each row stands for the interval that starts at its time, so the axis runs to the last end.
  const double x_max = s.t_max + step > s.t_min ? s.t_max + step : s.t_min + 1;
  const Thinned data = thin(intervals_csv_path, s, x_max, columns);

  // Setups in the CSV's order, then any only the summary knows; colours follow this order.
  std::vector<std::string> names = s.setups;
  for (const auto& st : summary.setups) {
    if (std::find(names.begin(), names.end(), st.name) == names.end()) {
      names.push_back(st.name);
    }
  }
  auto colorOf = [&](const std::string& name) {
    return color(
        static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin()));
  };

  const std::string scenario =
      !summary.scenario.empty()
          ? summary.scenario
          : (!options.title.empty()
                 ? options.title
                 : std::filesystem::path(intervals_csv_path).parent_path().filename().string());

  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>shadowscale report: " << escapeMarkup(scenario) << "</title>\n<style>" << kStyle
    << "</style>\n</head>\n<body>\n";
  o << "<header>\n<h1>shadowscale report: " << escapeMarkup(scenario)
    << "</h1>\n<p class=\"meta\">";
  {
    std::vector<std::string> meta;
    if (!summary.seed.empty()) {
      meta.push_back("seed " + escapeMarkup(summary.seed));
    }
    if (!summary.version.empty()) {
      meta.push_back("shadowscale " + escapeMarkup(summary.version));
    }
    const double duration = summary.duration_s.value_or(x_max - s.t_min);
    std::string span = humanDuration(duration);
    if (step > 0) {
      span += " at " + humanDuration(step) + " intervals";
    }
    meta.push_back(span);
    if (s.epoch) {
      meta.push_back(escapeMarkup(utcText(*s.epoch + std::llround(s.t_min))) + " to " +
                     escapeMarkup(utcText(*s.epoch + std::llround(x_max))));
    }
    meta.push_back(std::to_string(names.size()) + (names.size() == 1 ? " setup" : " setups"));
    if (!summary.scenario_file.empty()) {
      meta.push_back("scenario file " + escapeMarkup(summary.scenario_file));
    }
    for (std::size_t i = 0; i < meta.size(); ++i) {
      o << (i ? " &middot; " : "") << meta[i];
    }
  }
  o << "</p>\n";

  // Thresholds: the verdict first, as CI reads it.
  if (!summary.thresholds.empty()) {
    std::size_t failed = 0;
    for (const auto& t : summary.thresholds) {
      failed += t.passed ? 0 : 1;
    }
    if (failed == 0) {
      o << "<p class=\"banner pass\">All " << summary.thresholds.size()
        << " threshold checks held.</p>\n";
    } else {
      o << "<p class=\"banner fail\">" << failed << " of " << summary.thresholds.size()
        << " threshold checks crossed.</p>\n";
    }
  }
  o << "</header>\n";

  // Key metrics side by side.
  o << "<h2>Key metrics</h2>\n";
  if (summary.setups.empty()) {
    o << "<p class=\"note\">No summary.json was given, so the metrics table is left out; the "
         "charts below come from intervals.csv.</p>\n";
  } else {
    std::vector<std::pair<std::string, std::string>> rows = {
        {"p99_ms", "p99 latency (ms)"},
        {"error_rate", "error rate"},
        {"slo_violation_minutes", "SLO violation minutes"},
        {"scaling_lag_p90_s", "scaling lag p90 (s)"},
        {"instance_hours", "instance-hours"},
        {"cost_total", "cost"},
    };
    // A metric with a threshold belongs in the table even if it is not a key one.
    for (const auto& t : summary.thresholds) {
      if (std::none_of(rows.begin(), rows.end(),
                       [&](const auto& r) { return r.first == t.metric; })) {
        rows.emplace_back(t.metric, t.metric);
      }
    }
    o << "<table class=\"metrics\">\n<tr><th>metric</th>";
    for (const auto& st : summary.setups) {
      o << "<th><span class=\"swatch\" style=\"background:" << colorOf(st.name) << "\"></span>"
        << escapeMarkup(st.name) << "</th>";
    }
    o << "</tr>\n";
    for (const auto& [key, label] : rows) {
      o << "<tr><th>" << escapeMarkup(label) << "</th>";
      for (const auto& st : summary.setups) {
        std::string cls = "num";
        std::string title;
        bool any = false, all_passed = true;
        for (const auto& t : summary.thresholds) {
          if (t.metric == key && t.setup == st.name) {
            any = true;
            all_passed = all_passed && t.passed;
            title += (title.empty() ? "" : "; ") + thresholdText(t) +
                     (t.passed ? ": held" : ": crossed");
          }
        }
        if (any) {
          cls += all_passed ? " pass" : " fail";
        }
        o << "<td class=\"" << cls << "\"";
        if (!title.empty()) {
          o << " title=\"" << escapeMarkup(title) << "\"";
        }
        o << ">" << formatValue(st.metric(key)) << "</td>";
      }
      o << "</tr>\n";
    }
    o << "</table>\n";
  }
  if (!summary.thresholds.empty()) {
    o << "<h2>Thresholds</h2>\n<table class=\"thresholds\">\n"
      << "<tr><th>result</th><th>setup</th><th>threshold</th><th>actual</th></tr>\n";
    for (const auto& t : summary.thresholds) {
      o << "<tr><td class=\"status " << (t.passed ? "pass\">PASS" : "fail\">FAIL") << "</td><td>"
        << escapeMarkup(t.setup) << "</td><td>" << escapeMarkup(thresholdText(t))
        << "</td><td class=\"num\">" << formatValue(t.actual) << "</td></tr>\n";
    }
    o << "</table>\n";
  }
  bool any_notes = false;
  for (const auto& st : summary.setups) {
    for (const auto& n : st.notes) {
      if (!any_notes) {
        o << "<h2>Notes</h2>\n<ul class=\"notes\">\n";
        any_notes = true;
      }
      o << "<li>" << escapeMarkup(st.name) << ": " << escapeMarkup(n) << "</li>\n";
    }
  }
  if (any_notes) {
    o << "</ul>\n";
  }

  // The charts.
  ChartSpec base;
  base.x_min = s.t_min;
  base.x_max = x_max;
  base.epoch_unix_s = s.epoch;
  base.plot_width = columns;
  const std::size_t n = s.setups.size();
  // Earlier setups are drawn wider so lines that coincide still show every colour.
  auto widthOf = [&](std::size_t i) {
    return std::min(3.5, 1.4 + 0.8 * static_cast<double>(n - 1 - i));
  };
  // Noisy series (latency, errors, mirror rate) stay thin: wide strokes would blot them out.
  enum class Stroke { kLayered, kThin };
  auto perSetup = [&](Quantity q, const std::vector<bool>* only, Stroke stroke) {
    std::vector<ChartSeries> series;
    for (std::size_t i = 0; i < n; ++i) {
      if (only != nullptr && !(*only)[i]) {
        continue;
      }
      series.push_back({s.setups[i], colorOf(s.setups[i]), data[i][q], false,
                        stroke == Stroke::kLayered ? widthOf(i) : 1.2});
    }
    return series;
  };
  auto chart = [&](const std::string& id, ChartSpec spec, const std::string& caption) {
    o << "<section class=\"chart\" id=\"chart-" << id << "\">\n" << renderSvgChart(spec);
    if (!caption.empty()) {
      o << "<figcaption>" << caption << "</figcaption>\n";
    }
    o << "</section>\n";
  };
  const std::string per_interval =
      step > 0 ? "per " + humanDuration(step) + " interval" : "per interval";

  o << "<h2>Charts</h2>\n";
  if (s.present[kDemand]) {
    ChartSpec c = base;
    c.title = "Demand";
    c.y_label = "requests/s";
    c.series = perSetup(kDemand, nullptr, Stroke::kLayered);
    bool same = n > 1;
    for (std::size_t i = 1; i < n && same; ++i) {
      const auto& a = data[0][kDemand];
      const auto& b = data[i][kDemand];
      same = a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                                [](const ChartPoint& p, const ChartPoint& q) {
                                                  return p.x == q.x && p.y == q.y;
                                                });
    }
    chart("demand", c,
          std::string("Primary requests per second arriving in each interval; the thinnest "
                      "line is drawn on top.") +
              (same ? " Every setup saw the same traffic, so the lines coincide." : ""));
  }
  if (s.present[kCapacity]) {
    ChartSpec c = base;
    c.title = "Ready capacity";
    c.y_label = "ready instances";
    c.series = perSetup(kCapacity, nullptr, Stroke::kLayered);
    chart("capacity", c,
          "Instances ready to serve at the end of each interval (live_ready + shadow_ready).");
  }
  if (s.present[kP99]) {
    ChartSpec c = base;
    c.title = "p99 latency";
    c.y_label = "milliseconds";
    c.series = perSetup(kP99, nullptr, Stroke::kThin);
    const std::optional<double> slo =
        summary.slo_latency_ms ? summary.slo_latency_ms : options.slo_latency_ms;
    const double pct = summary.slo_percentile.value_or(options.slo_percentile);
    std::set<double> drawn;
    if (slo) {
      char label[64];
      std::snprintf(label, sizeof label, "SLO: p%g %g ms", pct * 100, *slo);
      c.rules.push_back({*slo, label, "#c0392b"});
      drawn.insert(*slo);
    }
    for (const auto& t : summary.thresholds) {
      if (t.metric == "p99_ms" && std::isfinite(t.limit) && drawn.insert(t.limit).second) {
        c.rules.push_back({t.limit, "threshold " + thresholdText(t), "#8e44ad"});
      }
    }
    chart("p99", c,
          "Latency of primary requests at the 99th percentile, per interval" +
              std::string(slo ? ", against the SLO target." : "."));
  }
  if (s.present[kErrors]) {
    ChartSpec c = base;
    c.title = "Errors";
    c.y_label = "failed requests " + per_interval;
    c.series = perSetup(kErrors, nullptr, Stroke::kThin);
    chart("errors", c, "Primary requests rejected or timed out in each interval.");
  }
  if (s.present[kCostCumulative]) {
    ChartSpec c = base;
    c.title = "Cumulative cost";
    c.y_label = "cost (scenario price units)";
    c.series = perSetup(kCostCumulative, nullptr, Stroke::kLayered);
    chart("cost", c, "Cost accrued since the start of the run, live and shadow pools together.");
  }
  const bool any_shadow = std::find(s.shadow.begin(), s.shadow.end(), true) != s.shadow.end();
  if (any_shadow && s.present[kShadowWeight]) {
    ChartSpec c = base;
    c.title = "Shadow weight";
    c.y_label = "share of primaries to shadow";
    c.y_max = 1.0;
    c.series = perSetup(kShadowWeight, &s.shadow, Stroke::kLayered);
    chart("shadow-weight", c,
          "Share of primary requests routed to the shadow pool at the end of each interval "
          "(setups with a shadow pool).");
  }
  if (any_shadow && s.present[kMirror]) {
    ChartSpec c = base;
    c.title = "Mirror rate";
    c.y_label = "mirrored copies/s";
    c.series = perSetup(kMirror, &s.shadow, Stroke::kThin);
    chart("mirror", c, "Copies of live requests sent to the shadow pool per second.");
  }
  const bool any_forecast =
      std::find(s.forecast.begin(), s.forecast.end(), true) != s.forecast.end();
  if (any_forecast) {
    ChartSpec c = base;
    c.title = "Forecast against demand";
    c.y_label = "requests/s";
    for (std::size_t i = 0; i < n; ++i) {
      if (!s.forecast[i]) {
        continue;
      }
      if (s.present[kForecastP50]) {
        c.series.push_back({s.setups[i] + " forecast p50", colorOf(s.setups[i]),
                            data[i][kForecastP50], false, 2.0});
      }
      if (s.present[kForecastUpper]) {
        c.series.push_back({s.setups[i] + " forecast upper", colorOf(s.setups[i]),
                            data[i][kForecastUpper], true, 1.6});
      }
    }
    // Demand last, thin and dark, so it reads on top of the forecasts it is compared with.
    const auto first = std::find(s.forecast.begin(), s.forecast.end(), true) - s.forecast.begin();
    if (s.present[kDemand]) {
      c.series.push_back(
          {"demand", "#333333", data[static_cast<std::size_t>(first)][kDemand], false, 1.0});
    }
    chart("forecast", c,
          "What each predictive setup forecast for every interval (median solid, upper quantile "
          "dashed) against the demand that arrived.");
  }

  o << "<footer>Made by shadowscale"
    << (summary.version.empty() ? "" : " " + escapeMarkup(summary.version)) << " from "
    << escapeMarkup(std::filesystem::path(intervals_csv_path).filename().string()) << " (" << s.rows
    << " rows; each series thinned to its minimum and maximum per pixel column)"
    << (summary_json_text_or_empty.empty()
            ? ""
            : " and " +
                  escapeMarkup(std::filesystem::path(options.summary_name).filename().string()))
    << ". Regenerate with <code>shadowscale report DIR</code>.</footer>\n</body>\n</html>\n";
  return o.str();
}

}  // namespace shadowscale
