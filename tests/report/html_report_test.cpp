#include "report/html_report.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/input_error.h"
#include "sim/setup_run.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class HtmlReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("shadowscale-html-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  fs::path dir_;
};

// The header the engine writes, so these tests follow it when columns are added.
std::string engineHeader() {
  return SetupRun::csvHeader();
}

// One row with the values the tests look at, in the engine header's column order; columns
// the tests do not know (added later) are left empty, as a value not recorded.
std::string engineRow(const std::string& setup, int minute, double demand, int live_ready,
                      int shadow_ready, double p99, int errors, double weight, double mirror,
                      double cost_live, double cost_shadow) {
  char utc[32];
  std::snprintf(utc, sizeof utc, "2026-03-02T%02d:%02d:00Z", minute / 60, minute % 60);
  const std::map<std::string, std::string> values = {
      {"setup", setup},
      {"time_s", std::to_string(minute * 60)},
      {"time_utc", utc},
      {"demand_rps", std::to_string(demand)},
      {"live_rps", std::to_string(demand)},
      {"shadow_rps", "0"},
      {"mirror_rps", std::to_string(mirror)},
      {"errors", std::to_string(errors)},
      {"p99_ms", std::to_string(p99)},
      {"live_ready", std::to_string(live_ready)},
      {"shadow_ready", std::to_string(shadow_ready)},
      {"live_cpu", "1.00"},
      {"shadow_cpu", "1.00"},
      {"shadow_weight", std::to_string(weight)},
      {"cost_live", std::to_string(cost_live)},
      {"cost_shadow", std::to_string(cost_shadow)},
  };
  std::string header = engineHeader();
  header.pop_back();  // the newline
  std::string row;
  std::istringstream names(header);
  std::string name;
  bool first = true;
  while (std::getline(names, name, ',')) {
    row += first ? "" : ",";
    first = false;
    const auto it = values.find(name);
    row += it != values.end() ? it->second : (name.find("forecast") == 0 ? "" : "0");
  }
  return row + "\n";
}

// Two setups over ten minutes; the second has a shadow pool and an awkward name.
std::string twoSetupCsv() {
  std::string csv = engineHeader();
  for (int m = 0; m < 10; ++m) {
    csv += engineRow("hpa", m, 100 + m, 2, 0, 80 + m, m == 5 ? 3 : 0, 0, 0, 0.5, 0);
  }
  for (int m = 0; m < 10; ++m) {
    csv += engineRow("a<b>&c", m, 100 + m, 1, 1, 90, 0, 0.5, 5, 0.25, 0.25);
  }
  return csv;
}

// The text of the chart section with id chart-`id`, or "" if there is none.
std::string section(const std::string& html, const std::string& id) {
  const std::size_t start = html.find("id=\"chart-" + id + "\"");
  if (start == std::string::npos) {
    return "";
  }
  return html.substr(start, html.find("</section>", start) - start);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t pos = text.find(what); pos != std::string::npos;
       pos = text.find(what, pos + what.size())) {
    ++n;
  }
  return n;
}

// The points of every polyline in `svg`, as (x, y) pixel pairs.
std::vector<std::vector<std::pair<double, double>>> polylines(const std::string& svg) {
  std::vector<std::vector<std::pair<double, double>>> out;
  for (std::size_t at = svg.find("points=\""); at != std::string::npos;
       at = svg.find("points=\"", at + 1)) {
    const std::size_t begin = at + 8;
    std::istringstream in(svg.substr(begin, svg.find('"', begin) - begin));
    std::vector<std::pair<double, double>> points;
    double x = 0, y = 0;
    char comma = 0;
    while (in >> x >> comma >> y) {
      points.emplace_back(x, y);
    }
    out.push_back(points);
  }
  return out;
}

std::string reportError(const std::string& csv_path, const std::string& summary = "") {
  try {
    htmlReport(csv_path, summary, HtmlReportOptions{});
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_F(HtmlReportTest, DrawsOnePolylinePerSetupPerChartWithALegendNamingEach) {
  const std::string csv = write("intervals.csv", twoSetupCsv());
  const std::string html = htmlReport(csv, "", HtmlReportOptions{});

  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* id : {"demand", "capacity", "p99", "errors", "cost"}) {
    const std::string s = section(html, id);
    ASSERT_FALSE(s.empty()) << id;
    EXPECT_EQ(count(s, "<polyline"), 2u) << id;
    EXPECT_NE(s.find(">hpa</text>"), std::string::npos) << id;
    EXPECT_NE(s.find(">a&lt;b&gt;&amp;c</text>"), std::string::npos) << id;
  }
  // Only the setup with a shadow pool is drawn on the shadow charts.
  for (const char* id : {"shadow-weight", "mirror"}) {
    const std::string s = section(html, id);
    ASSERT_FALSE(s.empty()) << id;
    EXPECT_EQ(count(s, "<polyline"), 1u) << id;
    EXPECT_EQ(s.find(">hpa</text>"), std::string::npos) << id;
  }
  EXPECT_TRUE(section(html, "forecast").empty());
  // Self-contained: no scripts, no fetched resources; names are escaped everywhere.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("<svg xmlns="), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("a<b>&c"), std::string::npos);
  // Distinct colours per setup.
  const std::string demand = section(html, "demand");
  EXPECT_NE(demand.find("stroke=\"#4e79a7\""), std::string::npos);
  EXPECT_NE(demand.find("stroke=\"#f28e2b\""), std::string::npos);
}

TEST_F(HtmlReportTest, TimeAxisShowsUtcDatesFromTheCsv) {
  const std::string html = htmlReport(write("intervals.csv", twoSetupCsv()), "", {});
  const std::string s = section(html, "demand");
  EXPECT_NE(s.find("time (UTC)"), std::string::npos);
  EXPECT_NE(s.find(">Mon 2 Mar</text>"), std::string::npos);
  EXPECT_NE(s.find(">00:00</text>"), std::string::npos);
  EXPECT_NE(html.find("2026-03-02 00:00 UTC to 2026-03-02 00:10 UTC"), std::string::npos);
}

TEST_F(HtmlReportTest, CostIsCumulative) {
  const std::string html = htmlReport(write("intervals.csv", twoSetupCsv()), "", {});
  const auto lines = polylines(section(html, "cost"));
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& line : lines) {
    ASSERT_EQ(line.size(), 10u);
    for (std::size_t i = 1; i < line.size(); ++i) {
      EXPECT_LT(line[i].second, line[i - 1].second);  // rising cost is a falling pixel y
    }
  }
  // Both setups spend 0.5 per interval: 5.0 after ten, on an axis to 6 of a 240 px plot.
  EXPECT_NEAR(lines[0].back().second, 240 - 5.0 / 6 * 240, 0.05);
  EXPECT_NEAR(lines[1].back().second, 240 - 5.0 / 6 * 240, 0.05);
  EXPECT_NE(section(html, "cost").find(">6</text>"), std::string::npos);
}

TEST_F(HtmlReportTest, HeaderAndMetricsTableComeFromTheSummary) {
  const std::string summary = R"({
  "tool": "shadowscale", "version": "9.8.7", "scenario": "launch <day>",
  "scenario_file": "scenarios/launch.textproto", "seed": 18446744073709551615,
  "duration_s": 600, "interval_s": 60, "future_field": {"nested": [1, 2, {"x": null}]},
  "setups": [
    {"name": "hpa", "metrics": {"p99_ms": 81.25, "error_rate": 0.000123,
      "slo_violation_minutes": 0, "scaling_lag_p90_s": 42.5, "instance_hours": 343.054,
      "cost_total": 17.153, "theta_u": null}, "notes": ["a gap in the trace"]},
    {"name": "a<b>&c", "metrics": {"p99_ms": 412.5, "cost_total": 25.726}, "notes": []}
  ],
  "thresholds": [
    {"setup": "hpa", "metric": "p99_ms", "op": "<", "limit": 300, "actual": 81.25, "passed": true},
    {"setup": "a<b>&c", "metric": "p99_ms", "op": "<", "limit": 300, "actual": 412.5, "passed": false},
    {"setup": "hpa", "metric": "mirrored", "op": ">=", "limit": 1500000, "actual": 0, "passed": false}
  ],
  "thresholds_crossed": true
})";
  const std::string html = htmlReport(write("intervals.csv", twoSetupCsv()), summary, {});
  EXPECT_NE(html.find("<h1>shadowscale report: launch &lt;day&gt;</h1>"), std::string::npos);
  EXPECT_NE(html.find("seed 18446744073709551615"), std::string::npos);
  EXPECT_NE(html.find("shadowscale 9.8.7"), std::string::npos);
  EXPECT_NE(html.find("2 of 3 threshold checks crossed"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num pass\" title=\"p99_ms &lt; 300: held\">81.25</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"num fail\" title=\"p99_ms &lt; 300: crossed\">412.5</td>"),
            std::string::npos);
  for (const char* label : {"p99 latency (ms)", "error rate", "SLO violation minutes",
                            "scaling lag p90 (s)", "instance-hours", ">cost<"}) {
    EXPECT_NE(html.find(label), std::string::npos) << label;
  }
  EXPECT_NE(html.find(">0.000123<"), std::string::npos);
  EXPECT_NE(html.find(">343.1<"), std::string::npos);
  // A thresholded metric outside the key rows still gets a row.
  EXPECT_NE(html.find("<tr><th>mirrored</th>"), std::string::npos);
  EXPECT_NE(html.find("mirrored &gt;= 1500000"), std::string::npos);
  EXPECT_NE(html.find("a gap in the trace"), std::string::npos);
  EXPECT_EQ(html.find("a<b>&c"), std::string::npos);
  // The p99 threshold becomes a line on the latency chart.
  EXPECT_NE(section(html, "p99").find("threshold p99_ms &lt; 300"), std::string::npos);
}

TEST_F(HtmlReportTest, NotesOfTheRunComeFirstSummarisedPastTwentyThenEachSetups) {
  std::string notes;
  for (int i = 1; i <= 23; ++i) {
    notes += std::string(notes.empty() ? "" : ", ") + "\"gap " + std::to_string(i) + " &\"";
  }
  const std::string html =
      htmlReport(write("intervals.csv", twoSetupCsv()),
                 R"({"notes": [)" + notes +
                     R"(], "setups": [{"name": "hpa", "notes": ["never left its warm-up"]}]})",
                 {});
  const std::size_t list = html.find("<h2>Notes</h2>");
  ASSERT_NE(list, std::string::npos);
  EXPECT_NE(html.find("<li>gap 1 &amp;</li>", list), std::string::npos);
  EXPECT_NE(html.find("<li>gap 20 &amp;</li>", list), std::string::npos);
  EXPECT_EQ(html.find("gap 21", list), std::string::npos);
  EXPECT_NE(html.find("<li>and 3 more notes like these (summary.json lists all 23)</li>", list),
            std::string::npos);
  EXPECT_GT(html.find("<li>hpa: never left its warm-up</li>", list),
            html.find("more notes like these", list));
}

TEST_F(HtmlReportTest, SloLineIsDrawnWhenKnownAndNotOtherwise) {
  const std::string csv = write("intervals.csv", twoSetupCsv());
  EXPECT_EQ(section(htmlReport(csv, "", {}), "p99").find("class=\"rule\""), std::string::npos);
  HtmlReportOptions options;
  options.slo_latency_ms = 250;
  options.slo_percentile = 0.95;
  const std::string p99 = section(htmlReport(csv, "", options), "p99");
  EXPECT_EQ(count(p99, "class=\"rule\""), 1u);
  EXPECT_NE(p99.find("SLO: p95 250 ms"), std::string::npos);
  // The axis reaches the target even though every p99 is far below it.
  EXPECT_NE(p99.find(">250</text>"), std::string::npos);
}

TEST_F(HtmlReportTest, AnExplicitSloWinsOverTheSummarys) {
  const std::string csv = write("intervals.csv", twoSetupCsv());
  const std::string summary = R"({"slo": {"latency_target_ms": 120, "percentile": 0.99}})";
  // Without an option the run's own SLO is drawn ...
  EXPECT_NE(section(htmlReport(csv, summary, {}), "p99").find("SLO: p99 120 ms"),
            std::string::npos);
  // ... and `report --slo-ms 250` draws 250 ms instead, as docs/reports.md says.
  HtmlReportOptions options;
  options.slo_latency_ms = 250;
  const std::string p99 = section(htmlReport(csv, summary, options), "p99");
  EXPECT_NE(p99.find("SLO: p99 250 ms"), std::string::npos);
  EXPECT_EQ(p99.find("120 ms"), std::string::npos);
}

TEST_F(HtmlReportTest, WarmUpIsShadedOnEveryTimeChartAndExplained) {
  const std::string csv = write("intervals.csv", twoSetupCsv());
  const std::string none = htmlReport(csv, R"({"warmup_s": 0})", {});
  EXPECT_EQ(none.find("class=\"band\""), std::string::npos);
  const std::string html = htmlReport(csv, R"({"warmup_s": 180, "setups": [{"name": "hpa"}]})", {});
  for (const char* id : {"demand", "capacity", "p99", "errors", "cost"}) {
    const std::string s = section(html, id);
    ASSERT_EQ(count(s, "<rect class=\"band\""), 1u) << id;
    // Three of ten minutes on an 800 px plot.
    EXPECT_NE(s.find("x=\"0\" y=\"0\" width=\"240\""), std::string::npos) << id;
    EXPECT_NE(s.find(">warm-up (not in the metrics)</text>"), std::string::npos) << id;
  }
  EXPECT_NE(html.find("leave out the first 3m of the run (the warm-up, shaded on the charts)"),
            std::string::npos);
}

TEST_F(HtmlReportTest, ScalingLagSignAndCapAreExplainedUnderTheMetrics) {
  const std::string html =
      htmlReport(write("intervals.csv", twoSetupCsv()),
                 R"({"setups": [{"name": "hpa", "metrics": {"scaling_lag_p90_s": -3599}}]})", {});
  const std::size_t note = html.find("id=\"lag-note\"");
  ASSERT_NE(note, std::string::npos);
  EXPECT_GT(note, html.find("<table class=\"metrics\">"));
  EXPECT_NE(html.find("Positive means the instances were ready after demand needed them"),
            std::string::npos);
  EXPECT_NE(html.find("a value of -3599 s means capacity was there an hour or more"),
            std::string::npos);
}

TEST_F(HtmlReportTest, AWholeTraceRunShowsTheLengthActuallyRun) {
  // duration "0" means "the whole trace": summary.json says 0, the rows say ten minutes.
  const std::string html = htmlReport(write("intervals.csv", twoSetupCsv()),
                                      R"({"duration_s": 0, "interval_s": 60})", {});
  EXPECT_NE(html.find("10m at 1m intervals"), std::string::npos);
  EXPECT_EQ(html.find(">0s at"), std::string::npos);
  EXPECT_EQ(html.find("&middot; 0s"), std::string::npos);
}

TEST_F(HtmlReportTest, MissingColumnsLeaveTheirChartsOut) {
  const std::string csv = write("intervals.csv",
                                "setup,time_s,demand_rps\n"
                                "hpa,0,10\nhpa,60,12\nhpa,120,\nhpa,180,9\n");
  const std::string html = htmlReport(csv, "", {});
  const std::string demand = section(html, "demand");
  ASSERT_FALSE(demand.empty());
  EXPECT_EQ(count(demand, "<polyline"), 1u);
  // The empty field is a gap in the data, not a zero.
  EXPECT_EQ(polylines(demand)[0].size(), 3u);
  for (const char* id :
       {"capacity", "p99", "errors", "cost", "shadow-weight", "mirror", "forecast"}) {
    EXPECT_TRUE(section(html, id).empty()) << id;
  }
  // No time_utc: the axis counts from the start of the run.
  EXPECT_NE(demand.find("time since the start of the run"), std::string::npos);
}

TEST_F(HtmlReportTest, ForecastColumnsAddAForecastChart) {
  std::string csv = "setup,time_s,demand_rps,forecast_p50_rps,forecast_upper_rps\n";
  for (int m = 0; m < 5; ++m) {
    csv += "hpa," + std::to_string(m * 60) + ",100,,\n";
  }
  for (int m = 0; m < 5; ++m) {
    csv += "predictive," + std::to_string(m * 60) + ",100,95,130\n";
  }
  const std::string html = htmlReport(write("intervals.csv", csv), "", {});
  const std::string s = section(html, "forecast");
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(count(s, "<polyline"), 3u);  // p50, upper, demand
  EXPECT_NE(s.find(">predictive forecast p50</text>"), std::string::npos);
  EXPECT_NE(s.find(">predictive forecast upper</text>"), std::string::npos);
  EXPECT_EQ(s.find(">hpa forecast"), std::string::npos);
  EXPECT_NE(s.find("stroke-dasharray=\"6 4\""), std::string::npos);
}

TEST_F(HtmlReportTest, MalformedCsvNamesFileLineAndColumn) {
  const std::string header = "setup,time_s,demand_rps\n";
  std::string e = reportError(write("intervals.csv", header + "hpa,0,10\nhpa,60,ten\n"));
  EXPECT_NE(e.find("intervals.csv:3: demand_rps: expected a number, got 'ten'"), std::string::npos)
      << e;
  e = reportError(write("intervals.csv", header + "hpa,0,10\nhpa,60,10\nhpa,120\n"));
  EXPECT_NE(e.find("intervals.csv:4: the row has 2 fields, the header 3"), std::string::npos) << e;
  e = reportError(write("intervals.csv", "setup,demand_rps\nhpa,10\n"));
  EXPECT_NE(e.find("intervals.csv:1: time_s: missing from the header"), std::string::npos) << e;
  e = reportError(write("intervals.csv", header + "hpa,60,10\nhpa,0,10\n"));
  EXPECT_NE(e.find("intervals.csv:3: time_s: is not after the previous row's"), std::string::npos)
      << e;
  e = reportError(write("intervals.csv", header + "hpa,0,10\n,60,10\n"));
  EXPECT_NE(e.find("intervals.csv:3: setup: empty"), std::string::npos) << e;
  e = reportError(write("intervals.csv", header + "\"hpa,0,10\n"));
  EXPECT_NE(e.find("intervals.csv:2: a quoted field is not closed"), std::string::npos) << e;
  e = reportError(write("intervals.csv", "setup,time_s,time_utc\nhpa,0,yesterday\n"));
  EXPECT_NE(e.find("intervals.csv:2: time_utc: expected a UTC time"), std::string::npos) << e;
  e = reportError(write("intervals.csv", header));
  EXPECT_NE(e.find("intervals.csv:1: no interval rows"), std::string::npos) << e;
  e = reportError(write("intervals.csv", ""));
  EXPECT_NE(e.find("intervals.csv: the file is empty"), std::string::npos) << e;
  e = reportError((dir_ / "absent.csv").string());
  EXPECT_NE(e.find("absent.csv: cannot open the file"), std::string::npos) << e;
}

TEST_F(HtmlReportTest, MalformedSummaryNamesItsLineOrField) {
  const std::string csv = write("intervals.csv", twoSetupCsv());
  // Not JSON: the line and column of the fault.
  std::string e = reportError(csv, "{\n  \"scenario\": \"x\",\n  \"seed\": 1,,\n}");
  EXPECT_NE(e.find("summary.json:3: column 13: not valid JSON: syntax error"), std::string::npos)
      << e;
  // JSON of the wrong shape: the field's path.
  e = reportError(csv,
                  "{\n\"setups\": [{\"name\": \"a\",\n \"metrics\": {\"p99_ms\": \"fast\"}}]}");
  EXPECT_NE(e.find("summary.json: setups[0].metrics.p99_ms: expected a number or null"),
            std::string::npos)
      << e;
}

TEST_F(HtmlReportTest, ATruncatedIntervalsCsvNamesFileAndLine) {
  // Cut off mid-row: the last value cannot be trusted even when the fields still count right.
  std::string csv = twoSetupCsv();
  std::string e = reportError(write("intervals.csv", csv.substr(0, csv.size() - 3)));
  EXPECT_NE(e.find("intervals.csv:21: the file ends in the middle of this row"), std::string::npos)
      << e;
  // Cut off at a row boundary: summary.json says how long the run was and which setups ran.
  const std::string summary =
      R"({"duration_s": 600, "interval_s": 60, "setups": [{"name": "hpa"}, {"name": "a<b>&c"}]})";
  const std::size_t second = csv.find("a<b>&c");
  const std::size_t cut = csv.find("a<b>&c,240");
  e = reportError(write("intervals.csv", csv.substr(0, cut)), summary);
  EXPECT_NE(e.find("intervals.csv:15: setup 'a<b>&c' stops at 240 s, but summary.json says the "
                   "run lasted 600 s: the file was cut short"),
            std::string::npos)
      << e;
  e = reportError(write("intervals.csv", csv.substr(0, second)), summary);
  EXPECT_NE(e.find("intervals.csv:11: ends before any row of setup 'a<b>&c'"), std::string::npos)
      << e;
  // The whole file reads.
  EXPECT_EQ(reportError(write("intervals.csv", csv), summary), "(no error)");
}

TEST_F(HtmlReportTest, QuotedFieldsAndSpacesAreRead) {
  const std::string csv = write("intervals.csv",
                                "\xEF\xBB\xBFsetup, time_s ,demand_rps\r\n"
                                "\"with, comma\",0, 10\r\n\"with, comma\",60,\"12\"\r\n");
  const std::string s = section(htmlReport(csv, "", {}), "demand");
  EXPECT_NE(s.find(">with, comma</text>"), std::string::npos);
  ASSERT_EQ(polylines(s).size(), 1u);
  EXPECT_EQ(polylines(s)[0].size(), 2u);
}

TEST_F(HtmlReportTest, LongRunsAreThinnedButKeepTheirPeaks) {
  // 62 days at one-minute intervals for two setups, with one one-minute burst.
  const int rows = 62 * 24 * 60;
  {
    std::ofstream out(dir_ / "intervals.csv", std::ios::binary);
    out << "setup,time_s,time_utc,demand_rps,p99_ms\n";
    for (const char* setup : {"hpa", "schedule"}) {
      for (int i = 0; i < rows; ++i) {
        out << setup << ',' << i * 60 << ",," << (i == 50000 ? 1000 : 100 + i % 7) << ',' << 80
            << '\n';
      }
    }
  }
  HtmlReportOptions options;
  options.columns = 800;
  const std::string html = htmlReport((dir_ / "intervals.csv").string(), "", options);
  EXPECT_LT(html.size(), 200'000u);
  const auto lines = polylines(section(html, "demand"));
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& line : lines) {
    EXPECT_LE(line.size(), 1600u);
    EXPECT_GE(line.size(), 800u);
    // The burst is the top of each line: on an axis to 1200, 1000 sits at 40 px of 240.
    double top = 1e9;
    for (const auto& p : line) {
      top = std::min(top, p.second);
    }
    EXPECT_NEAR(top, 240 - 1000.0 / 1200 * 240, 0.05);
  }
  EXPECT_NE(html.find("(178560 rows;"), std::string::npos);
}

TEST_F(HtmlReportTest, TheSamePageForTheSameFiles) {
  const std::string csv = write("intervals.csv", twoSetupCsv());
  EXPECT_EQ(htmlReport(csv, "{\"scenario\": \"s\"}", {}),
            htmlReport(csv, "{\"scenario\": \"s\"}", {}));
}

}  // namespace
}  // namespace shadowscale
