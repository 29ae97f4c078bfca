#include "report/svg_chart.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace shadowscale {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t pos = text.find(what); pos != std::string::npos;
       pos = text.find(what, pos + what.size())) {
    ++n;
  }
  return n;
}

TEST(NiceTicksTest, CoversTheRangeWithRoundSteps) {
  EXPECT_EQ(niceTicks(0, 7.3, 5), (std::vector<double>{0, 2, 4, 6, 8}));
  EXPECT_EQ(niceTicks(0, 1000, 5), (std::vector<double>{0, 200, 400, 600, 800, 1000}));
  const std::vector<double> small = niceTicks(0, 0.034, 4);
  ASSERT_GE(small.size(), 2u);
  EXPECT_NEAR(small[1] - small[0], 0.01, 1e-12);
  EXPECT_GE(small.back(), 0.034);
  EXPECT_EQ(niceTicks(5, 5, 5).front(), 5);  // an empty range gets a unit-wide one
  EXPECT_EQ(niceTicks(5, 5, 5).back(), 6);
  const std::vector<double> negative = niceTicks(-30, 900, 5);
  EXPECT_LE(negative.front(), -30);
  EXPECT_GE(negative.back(), 900);
}

// 2026-03-02T00:00:00Z, a Monday.
constexpr std::int64_t kMonday = 1772409600;

TEST(TimeTicksTest, AWeekInUtcGetsOneTickPerDayLabelledWithTheDate) {
  const auto ticks = timeTicks(0, 7 * 86400, kMonday, 8);
  ASSERT_EQ(ticks.size(), 8u);
  EXPECT_EQ(ticks[0].value, 0);
  EXPECT_EQ(ticks[0].label, "Mon 2 Mar");
  EXPECT_EQ(ticks[0].sublabel, "2026");
  EXPECT_EQ(ticks[3].label, "Thu 5 Mar");
  EXPECT_EQ(ticks[3].value, 3 * 86400);
  EXPECT_EQ(ticks[7].label, "Mon 9 Mar");
}

TEST(TimeTicksTest, SixtyTwoDaysGetWeeklyTicksOnMondays) {
  // The run starts on a Wednesday; week ticks still fall on Mondays.
  const std::int64_t wednesday = kMonday + 2 * 86400;
  const auto ticks = timeTicks(0, 62 * 86400, wednesday, 8);
  ASSERT_FALSE(ticks.empty());
  EXPECT_LE(ticks.size(), 10u);
  EXPECT_EQ(ticks[0].value, 5 * 86400);
  for (const AxisTick& t : ticks) {
    EXPECT_EQ(t.label.substr(0, 3), "Mon") << t.label;
  }
}

TEST(TimeTicksTest, HoursShowClockTimesAndTheDateAtMidnight) {
  // 20:00 to 04:00 the next day.
  const auto ticks = timeTicks(20 * 3600, 28 * 3600, kMonday, 8);
  ASSERT_EQ(ticks.size(), 9u);
  EXPECT_EQ(ticks[0].label, "20:00");
  EXPECT_EQ(ticks[0].sublabel, "Mon 2 Mar");
  EXPECT_EQ(ticks[1].sublabel, "");
  EXPECT_EQ(ticks[4].label, "00:00");
  EXPECT_EQ(ticks[4].sublabel, "Tue 3 Mar");
}

TEST(TimeTicksTest, WithoutADateTicksCountDaysFromTheStart) {
  const auto days = timeTicks(0, 8 * 86400, std::nullopt, 8);
  ASSERT_EQ(days.size(), 9u);
  EXPECT_EQ(days[2].label, "+2d");
  const auto hours = timeTicks(0, 6 * 3600, std::nullopt, 8);
  ASSERT_FALSE(hours.empty());
  EXPECT_EQ(hours[0].label, "00:00");
  EXPECT_EQ(hours[0].sublabel, "+0d");
  EXPECT_EQ(hours[1].label, "01:00");
}

TEST(TimeTicksTest, AnEmptyRangeHasNoTicks) {
  EXPECT_TRUE(timeTicks(10, 10, std::nullopt, 8).empty());
}

ChartSpec twoSeriesChart() {
  ChartSpec spec;
  spec.title = "Demand";
  spec.y_label = "requests/s";
  spec.x_min = 0;
  spec.x_max = 100;
  spec.series.push_back({"hpa", "#4e79a7", {{0, 10}, {50, 40}, {100, 20}}, false, 2});
  spec.series.push_back({"a<b>&\"c\"", "#f28e2b", {{0, 5}, {100, 5}}, true, 1.5});
  return spec;
}

TEST(RenderSvgChartTest, DrawsOnePolylinePerSeriesAndALegendEntryForEach) {
  const std::string svg = renderSvgChart(twoSeriesChart());
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_EQ(count(svg, "<polyline"), 2u);
  EXPECT_EQ(count(svg, "class=\"legend-item\""), 2u);
  EXPECT_NE(svg.find(">hpa</text>"), std::string::npos);
  EXPECT_NE(svg.find("Demand"), std::string::npos);
  EXPECT_NE(svg.find("requests/s"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
}

TEST(RenderSvgChartTest, EscapesSeriesNamesAndTitles) {
  ChartSpec spec = twoSeriesChart();
  spec.title = "<b>bold</b>";
  const std::string svg = renderSvgChart(spec);
  EXPECT_EQ(svg.find("a<b>"), std::string::npos);
  EXPECT_EQ(svg.find("<b>bold"), std::string::npos);
  EXPECT_NE(svg.find("a&lt;b&gt;&amp;&quot;c&quot;"), std::string::npos);
  EXPECT_NE(svg.find("&lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
}

TEST(RenderSvgChartTest, MapsDataToThePlotWithHeadroomAboveTheMaximum) {
  ChartSpec spec;
  spec.x_min = 0;
  spec.x_max = 100;
  spec.plot_width = 200;
  spec.plot_height = 100;
  spec.series.push_back({"s", "#000", {{0, 0}, {50, 100}, {100, 50}}, false, 1});
  const std::string svg = renderSvgChart(spec);
  // y ticks 0..120 (step 20, with headroom above 100): 100 maps to 100 - 100/120*100.
  EXPECT_NE(svg.find("points=\"0,100 100,16.7 200,58.3\""), std::string::npos) << svg;
  EXPECT_NE(svg.find(">120</text>"), std::string::npos);
}

TEST(RenderSvgChartTest, LargeAxesUseOneUnitSuffixForEveryTick) {
  ChartSpec spec;
  spec.x_max = 10;
  spec.series.push_back({"errors", "#000", {{0, 0}, {5, 11000}, {10, 3}}, false, 1});
  const std::string svg = renderSvgChart(spec);
  EXPECT_NE(svg.find(">2k</text>"), std::string::npos);
  EXPECT_NE(svg.find(">12k</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">2000</text>"), std::string::npos);
}

TEST(RenderSvgChartTest, AFixedTopAndARuleAreDrawn) {
  ChartSpec spec;
  spec.x_max = 10;
  spec.plot_height = 100;
  spec.y_max = 1.0;
  spec.series.push_back({"weight", "#000", {{0, 0.5}, {10, 0.5}}, false, 1});
  spec.rules.push_back({0.8, "limit 0.8", "#c00"});
  const std::string svg = renderSvgChart(spec);
  EXPECT_NE(svg.find(">1.0</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">1.2</text>"), std::string::npos);
  EXPECT_NE(svg.find("class=\"rule\""), std::string::npos);
  EXPECT_NE(svg.find(">limit 0.8</text>"), std::string::npos);
  EXPECT_NE(svg.find("y1=\"20\""), std::string::npos);  // 0.8 of 100 px from the bottom
}

TEST(RenderSvgChartTest, ASeriesWithoutPointsIsNamedButNotDrawn) {
  ChartSpec spec = twoSeriesChart();
  spec.series[1].points.clear();
  const std::string svg = renderSvgChart(spec);
  EXPECT_EQ(count(svg, "<polyline"), 1u);
  EXPECT_NE(svg.find("(no data)"), std::string::npos);
}

TEST(RenderSvgChartTest, ManySeriesWrapTheLegendOntoMoreRows) {
  ChartSpec spec = twoSeriesChart();
  const std::string one_row = renderSvgChart(spec);
  for (int i = 0; i < 12; ++i) {
    spec.series.push_back({"setup-with-a-long-name-" + std::to_string(i), "#123", {}, false, 1});
  }
  const std::string rows = renderSvgChart(spec);
  auto height = [](const std::string& svg) {
    const std::size_t at = svg.find("height=\"");
    return std::stoi(svg.substr(at + 8));
  };
  EXPECT_GT(height(rows), height(one_row) + 2 * 18);
}

TEST(EscapeMarkupTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(escapeMarkup("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(escapeMarkup("plain"), "plain");
}

}  // namespace
}  // namespace shadowscale
