#include "report/html_report.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>
#include <sstream>
#include <vector>

#include "core/calendar.h"
#include "core/text.h"
#include "core/time_text.h"
#include "report/svg_chart.h"

namespace shadowscale {

namespace {

// A metric value as the tables show it: the project's one readable number format.
std::string formatValue(double v) {
  return std::isfinite(v) ? formatReadable(v) : "&ndash;";
}

// A length of time in seconds as the project writes durations ("7d", "1h30m", "1m").
std::string durationText(double seconds) {
  return formatDuration(fromSeconds(seconds));
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
.band-note { background: #f0f0f0; padding: 2px 6px; border-radius: 3px; }
figcaption, .note { color: #555; font-size: 13px; margin: 2px 0 0; }
footer { color: #777; font-size: 12px; margin-top: 32px; border-top: 1px solid #eee;
  padding-top: 8px; }
)";

// What every step of the page shares: the run, its setups' colours, the chart geometry.
struct Page {
  const RunData& run;
  const HtmlReportOptions& options;
  const RunSummary& summary;  // empty when the run has none
  std::vector<std::string> names;
  int columns = 800;
  double step = 0;  // the interval length in seconds; 0 when unknown
  double warmup = 0;

  std::string colorOf(const std::string& name) const {
    const auto i = std::find(names.begin(), names.end(), name) - names.begin();
    return setupColor(static_cast<std::size_t>(i));
  }
  const IntervalTable& rows() const { return run.intervals; }
};

// The page's title: the scenario's name, else the option, else the run folder's name.
std::string pageTitle(const Page& p, const std::string& intervals_path) {
  if (!p.summary.scenario.empty()) {
    return p.summary.scenario;
  }
  if (!p.options.title.empty()) {
    return p.options.title;
  }
  return std::filesystem::path(intervals_path).parent_path().filename().string();
}

// Seed, version, the length actually run, the UTC span, setups and scenario file.
void writeHeader(std::ostringstream& o, const Page& p, const std::string& title) {
  o << "<header>\n<h1>shadowscale report: " << escapeMarkup(title) << "</h1>\n<p class=\"meta\">";
  std::vector<std::string> meta;
  if (!p.summary.seed.empty()) {
    meta.push_back("seed " + escapeMarkup(p.summary.seed));
  }
  if (!p.summary.version.empty()) {
    meta.push_back("shadowscale " + escapeMarkup(p.summary.version));
  }
  std::string span = durationText(p.run.durationS());
  if (p.step > 0) {
    span += " at " + durationText(p.step) + " intervals";
  }
  meta.push_back(span);
  const IntervalTable& t = p.rows();
  if (t.epoch_unix_s) {
    meta.push_back(escapeMarkup(utcText(*t.epoch_unix_s + std::llround(t.t_min))) + " to " +
                   escapeMarkup(utcText(*t.epoch_unix_s + std::llround(t.xMax()))));
  }
  meta.push_back(std::to_string(p.names.size()) + (p.names.size() == 1 ? " setup" : " setups"));
  if (!p.summary.scenario_file.empty()) {
    meta.push_back("scenario file " + escapeMarkup(p.summary.scenario_file));
  }
  for (std::size_t i = 0; i < meta.size(); ++i) {
    o << (i ? " &middot; " : "") << meta[i];
  }
  o << "</p>\n";
  // The verdict first, as CI reads it.
  const auto& checks = p.summary.thresholds;
  if (!checks.empty()) {
    const auto failed = std::count_if(checks.begin(), checks.end(),
                                      [](const RunSummary::Threshold& c) { return !c.passed; });
    if (failed == 0) {
      o << "<p class=\"banner pass\">All " << checks.size() << " threshold checks held.</p>\n";
    } else {
      o << "<p class=\"banner fail\">" << failed << " of " << checks.size()
        << " threshold checks crossed.</p>\n";
    }
  }
  o << "</header>\n";
}

// One cell of the metrics table, shaded by the thresholds on it.
void writeMetricCell(std::ostringstream& o, const Page& p, const RunSummary::Setup& st,
                     const std::string& key) {
  std::string cls = "num";
  std::string title;
  bool any = false, all_passed = true;
  for (const auto& t : p.summary.thresholds) {
    if (t.metric == key && t.setup == st.name) {
      any = true;
      all_passed = all_passed && t.passed;
      title += (title.empty() ? "" : "; ") + thresholdText(t) + (t.passed ? ": held" : ": crossed");
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

// The key metrics side by side, with what the scaling lag's sign means.
void writeMetrics(std::ostringstream& o, const Page& p) {
  o << "<h2>Key metrics</h2>\n";
  if (p.summary.setups.empty()) {
    o << "<p class=\"note\">No summary.json was given, so the metrics table is left out; the "
         "charts below come from intervals.csv.</p>\n";
    return;
  }
  std::vector<std::pair<std::string, std::string>> rows = {
      {"p99_ms", "p99 latency (ms)"},
      {"error_rate", "error rate"},
      {"slo_violation_minutes", "SLO violation minutes"},
      {"scaling_lag_p90_s", "scaling lag p90 (s)"},
      {"instance_hours", "instance-hours"},
      {"cost_total", "cost"},
  };
  // A metric with a threshold belongs in the table even if it is not a key one.
  for (const auto& t : p.summary.thresholds) {
    if (std::none_of(rows.begin(), rows.end(),
                     [&](const auto& r) { return r.first == t.metric; })) {
      rows.emplace_back(t.metric, t.metric);
    }
  }
  o << "<table class=\"metrics\">\n<tr><th>metric</th>";
  for (const auto& st : p.summary.setups) {
    o << "<th><span class=\"swatch\" style=\"background:" << p.colorOf(st.name) << "\"></span>"
      << escapeMarkup(st.name) << "</th>";
  }
  o << "</tr>\n";
  for (const auto& [key, label] : rows) {
    o << "<tr><th>" << escapeMarkup(label) << "</th>";
    for (const auto& st : p.summary.setups) {
      writeMetricCell(o, p, st, key);
    }
    o << "</tr>\n";
  }
  o << "</table>\n";
  if (p.warmup > 0) {
    o << "<p class=\"note\" id=\"warmup-note\">The metrics leave out the first "
      << durationText(p.warmup)
      << " of the run (the warm-up, shaded on the charts), so errors or slow requests drawn "
         "there do not count in this table.</p>\n";
  }
  o << "<p class=\"note\" id=\"lag-note\">Scaling lag: how long capacity trailed demand, per "
       "capacity level. Positive means the instances were ready after demand needed them; "
       "negative means they were ready early (what a predictive setup aims for). An early lead "
       "is capped at one hour, so a value of -3599 s means capacity was there an hour or more "
       "ahead: the pool ran spare instances. See docs/metrics.md.</p>\n";
}

// Each check: PASS or FAIL, the setup, the threshold as written, the actual value.
void writeThresholds(std::ostringstream& o, const Page& p) {
  if (p.summary.thresholds.empty()) {
    return;
  }
  o << "<h2>Thresholds</h2>\n<table class=\"thresholds\">\n"
    << "<tr><th>result</th><th>setup</th><th>threshold</th><th>actual</th></tr>\n";
  for (const auto& t : p.summary.thresholds) {
    o << "<tr><td class=\"status " << (t.passed ? "pass\">PASS" : "fail\">FAIL") << "</td><td>"
      << escapeMarkup(t.setup) << "</td><td>" << escapeMarkup(thresholdText(t))
      << "</td><td class=\"num\">" << formatValue(t.actual) << "</td></tr>\n";
  }
  o << "</table>\n";
}

// Run notes listed on the page before the rest are summarised (summary.json has them all).
constexpr std::size_t kRunNotesListed = 20;

// What the run noted: about the run as a whole (a trace's gaps, summarised past a few dozen),
// then per setup.
void writeNotes(std::ostringstream& o, const Page& p) {
  std::vector<std::string> items;
  const std::vector<std::string>& run_notes = p.summary.notes;
  for (std::size_t i = 0; i < run_notes.size() && i < kRunNotesListed; ++i) {
    items.push_back(escapeMarkup(run_notes[i]));
  }
  if (run_notes.size() > kRunNotesListed) {
    items.push_back("and " + std::to_string(run_notes.size() - kRunNotesListed) +
                    " more notes like these (summary.json lists all " +
                    std::to_string(run_notes.size()) + ")");
  }
  for (const auto& st : p.summary.setups) {
    for (const auto& n : st.notes) {
      items.push_back(escapeMarkup(st.name) + ": " + escapeMarkup(n));
    }
  }
  if (items.empty()) {
    return;
  }
  o << "<h2>Notes</h2>\n<ul class=\"notes\">\n";
  for (const auto& item : items) {
    o << "<li>" << item << "</li>\n";
  }
  o << "</ul>\n";
}

// One setup's series of one quantity, thinned to a minimum and maximum per pixel column.
std::vector<ChartPoint> thinned(const Page& p, const SetupSeries& s, Quantity q) {
  MinMaxDecimator d(p.rows().t_min, p.rows().xMax(), p.columns);
  const std::vector<double>& y = s[q];
  for (std::size_t i = 0; i < s.time_s.size(); ++i) {
    d.add(s.time_s[i], y[i]);
  }
  return d.points();
}

// The charts' common frame: time range, UTC labels, width and the shaded warm-up.
ChartSpec baseChart(const Page& p) {
  ChartSpec base;
  base.x_min = p.rows().t_min;
  base.x_max = p.rows().xMax();
  base.epoch_unix_s = p.rows().epoch_unix_s;
  base.plot_width = p.columns;
  if (p.warmup > 0) {
    base.bands.push_back({base.x_min, base.x_min + p.warmup, "warm-up (not in the metrics)"});
  }
  return base;
}

// Noisy series (latency, errors, mirror rate) stay thin: wide strokes would blot them out.
enum class Stroke { kLayered, kThin };

// One series per setup (those `only` accepts); earlier setups are drawn wider so lines that
// coincide still show every colour.
std::vector<ChartSeries> perSetup(const Page& p, Quantity q, Stroke stroke,
                                  const std::function<bool(const SetupSeries&)>& only = {}) {
  const std::size_t n = p.rows().setups.size();
  std::vector<ChartSeries> series;
  for (std::size_t i = 0; i < n; ++i) {
    const SetupSeries& s = p.rows().setups[i];
    if (only && !only(s)) {
      continue;
    }
    const double width = stroke == Stroke::kLayered
                             ? std::min(3.5, 1.4 + 0.8 * static_cast<double>(n - 1 - i))
                             : 1.2;
    series.push_back({s.name, p.colorOf(s.name), thinned(p, s, q), false, width});
  }
  return series;
}

void writeChart(std::ostringstream& o, const std::string& id, const ChartSpec& spec,
                const std::string& caption) {
  o << "<section class=\"chart\" id=\"chart-" << id << "\">\n" << renderSvgChart(spec);
  if (!caption.empty()) {
    o << "<figcaption>" << caption << "</figcaption>\n";
  }
  o << "</section>\n";
}

void writeDemandChart(std::ostringstream& o, const Page& p) {
  ChartSpec c = baseChart(p);
  c.title = "Demand";
  c.y_label = "requests/s";
  c.series = perSetup(p, Quantity::kDemand, Stroke::kLayered);
  bool same = c.series.size() > 1;
  for (std::size_t i = 1; i < c.series.size() && same; ++i) {
    const auto& a = c.series[0].points;
    const auto& b = c.series[i].points;
    same = a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](const ChartPoint& x, const ChartPoint& y) {
             return x.x == y.x && x.y == y.y;
           });
  }
  writeChart(o, "demand", c,
             std::string("Primary requests per second arriving in each interval; the thinnest "
                         "line is drawn on top.") +
                 (same ? " Every setup saw the same traffic, so the lines coincide." : ""));
}

void writeLatencyChart(std::ostringstream& o, const Page& p) {
  ChartSpec c = baseChart(p);
  c.title = "p99 latency";
  c.y_label = "milliseconds";
  c.series = perSetup(p, Quantity::kP99, Stroke::kThin);
  // An SLO given explicitly wins over the run's own.
  const std::optional<double> slo =
      p.options.slo_latency_ms ? p.options.slo_latency_ms : p.run.sloLatencyMs();
  const double pct = p.options.slo_percentile.value_or(p.run.sloPercentile());
  std::set<double> drawn;
  if (slo) {
    char label[64];
    std::snprintf(label, sizeof label, "SLO: p%g %g ms", pct * 100, *slo);
    c.rules.push_back({*slo, label, "#c0392b"});
    drawn.insert(*slo);
  }
  for (const auto& t : p.summary.thresholds) {
    if (t.metric == "p99_ms" && std::isfinite(t.limit) && drawn.insert(t.limit).second) {
      c.rules.push_back({t.limit, "threshold " + thresholdText(t), "#8e44ad"});
    }
  }
  writeChart(o, "p99", c,
             "Latency of primary requests at the 99th percentile, per interval" +
                 std::string(slo ? ", against the SLO target." : "."));
}

void writeForecastChart(std::ostringstream& o, const Page& p) {
  const IntervalTable& t = p.rows();
  ChartSpec c = baseChart(p);
  c.title = "Forecast against demand";
  c.y_label = "requests/s";
  const SetupSeries* first = nullptr;
  for (const SetupSeries& s : t.setups) {
    if (!s.has_forecast) {
      continue;
    }
    first = first != nullptr ? first : &s;
    if (t.has(Quantity::kForecastP50)) {
      c.series.push_back({s.name + " forecast p50", p.colorOf(s.name),
                          thinned(p, s, Quantity::kForecastP50), false, 2.0});
    }
    if (t.has(Quantity::kForecastUpper)) {
      c.series.push_back({s.name + " forecast upper", p.colorOf(s.name),
                          thinned(p, s, Quantity::kForecastUpper), true, 1.6});
    }
  }
  // Demand last, thin and dark, so it reads on top of the forecasts it is compared with.
  if (t.has(Quantity::kDemand)) {
    c.series.push_back({"demand", "#333333", thinned(p, *first, Quantity::kDemand), false, 1.0});
  }
  writeChart(o, "forecast", c,
             "What each predictive setup forecast for every interval (median solid, upper "
             "quantile dashed) against the demand that arrived.");
}

// A simple chart of one quantity per setup.
void writeSimpleChart(std::ostringstream& o, const Page& p, const std::string& id,
                      const std::string& title, const std::string& y_label, Quantity q,
                      Stroke stroke, const std::string& caption,
                      const std::function<bool(const SetupSeries&)>& only = {}) {
  ChartSpec c = baseChart(p);
  c.title = title;
  c.y_label = y_label;
  c.series = perSetup(p, q, stroke, only);
  if (q == Quantity::kShadowWeight) {
    c.y_max = 1.0;
  }
  writeChart(o, id, c, caption);
}

void writeCharts(std::ostringstream& o, const Page& p) {
  const IntervalTable& t = p.rows();
  o << "<h2>Charts</h2>\n";
  if (p.warmup > 0) {
    o << "<p class=\"note\"><span class=\"band-note\">Shaded</span>: the warm-up, the first "
      << durationText(p.warmup)
      << ". Policies are already at work there, but the key metrics leave it out.</p>\n";
  }
  if (t.has(Quantity::kDemand)) {
    writeDemandChart(o, p);
  }
  if (t.has(Quantity::kReady)) {
    writeSimpleChart(
        o, p, "capacity", "Ready capacity", "ready instances", Quantity::kReady, Stroke::kLayered,
        "Instances ready to serve at the end of each interval (live_ready + shadow_ready).");
  }
  if (t.has(Quantity::kP99)) {
    writeLatencyChart(o, p);
  }
  const std::string per_interval =
      p.step > 0 ? "per " + durationText(p.step) + " interval" : "per interval";
  if (t.has(Quantity::kErrors)) {
    writeSimpleChart(o, p, "errors", "Errors", "failed requests " + per_interval, Quantity::kErrors,
                     Stroke::kThin, "Primary requests rejected or timed out in each interval.");
  }
  if (t.has(Quantity::kCostCumulative)) {
    writeSimpleChart(o, p, "cost", "Cumulative cost", "cost (scenario price units)",
                     Quantity::kCostCumulative, Stroke::kLayered,
                     "Cost accrued since the start of the run, live and shadow pools together.");
  }
  const auto shadow = [](const SetupSeries& s) { return s.shadow_active; };
  const bool any_shadow = std::any_of(t.setups.begin(), t.setups.end(), shadow);
  if (any_shadow && t.has(Quantity::kShadowWeight)) {
    writeSimpleChart(o, p, "shadow-weight", "Shadow weight", "share of primaries to shadow",
                     Quantity::kShadowWeight, Stroke::kLayered,
                     "Share of primary requests routed to the shadow pool at the end of each "
                     "interval (setups with a shadow pool).",
                     shadow);
  }
  if (any_shadow && t.has(Quantity::kMirror)) {
    writeSimpleChart(o, p, "mirror", "Mirror rate", "mirrored copies/s", Quantity::kMirror,
                     Stroke::kThin, "Copies of live requests sent to the shadow pool per second.",
                     shadow);
  }
  if (std::any_of(t.setups.begin(), t.setups.end(),
                  [](const SetupSeries& s) { return s.has_forecast; })) {
    writeForecastChart(o, p);
  }
}

}  // namespace

std::string htmlReport(const RunData& run, const HtmlReportOptions& options) {
  static const RunSummary kNoSummary;
  Page p{run, options, run.summary ? *run.summary : kNoSummary, run.setupNames()};
  p.columns = std::max(options.columns, 50);
  const IntervalTable& t = run.intervals;
  p.step = std::isfinite(t.step) ? t.step : (run.summary ? run.summary->interval_s.value_or(0) : 0);
  p.warmup = run.warmupS();
  const std::string title = pageTitle(p, t.source);

  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<title>shadowscale report: " << escapeMarkup(title) << "</title>\n<style>" << kStyle
    << "</style>\n</head>\n<body>\n";
  writeHeader(o, p, title);
  writeMetrics(o, p);
  writeThresholds(o, p);
  writeNotes(o, p);
  writeCharts(o, p);
  o << "<footer>Made by shadowscale"
    << (p.summary.version.empty() ? "" : " " + escapeMarkup(p.summary.version)) << " from "
    << escapeMarkup(std::filesystem::path(t.source).filename().string()) << " (" << t.rows
    << " rows; each series thinned to its minimum and maximum per pixel column)"
    << (run.summary ? " and " + escapeMarkup(
                                    std::filesystem::path(options.summary_name).filename().string())
                    : "")
    << ". Regenerate with <code>shadowscale report DIR</code>.</footer>\n</body>\n</html>\n";
  return o.str();
}

std::string htmlReport(const std::string& intervals_csv_path,
                       const std::string& summary_json_text_or_empty,
                       const HtmlReportOptions& options) {
  return htmlReport(loadRun(intervals_csv_path, summary_json_text_or_empty, options.summary_name),
                    options);
}

}  // namespace shadowscale
