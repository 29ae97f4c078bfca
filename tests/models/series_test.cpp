#include "models/series.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "core/input_error.h"

namespace shadowscale {
namespace {

CountSeries read(const std::string& text, SeriesReadOptions options = {}) {
  std::istringstream in(text);
  return readCountSeries(in, "counts.csv", options);
}

std::string errorOf(const std::string& text) {
  try {
    read(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SeriesTest, SumsMinuteRowsIntoFiveMinuteBucketsWithCalendar) {
  std::string csv = "time,number_of_requests\n";
  for (int m = 0; m < 10; ++m) {
    csv += "1995-07-01 00:0" + std::to_string(m) + ":00," + std::to_string(m + 1) + "\n";
  }
  SeriesReadOptions o;
  o.utc_offset = -4 * kHour;
  const CountSeries s = read(csv, o);
  ASSERT_EQ(s.points.size(), 2u);
  EXPECT_EQ(s.row_interval, kMinute);
  EXPECT_DOUBLE_EQ(s.points[0].value, 1 + 2 + 3 + 4 + 5);
  EXPECT_DOUBLE_EQ(s.points[1].value, 6 + 7 + 8 + 9 + 10);
  EXPECT_FALSE(s.points[0].missing);
  // 1995-07-01 was a Saturday; local midnight is 04:00 UTC.
  EXPECT_EQ(s.points[0].civil.day_of_week, 5);
  EXPECT_EQ(s.points[1].civil.time_of_day, 5 * kMinute);
  EXPECT_EQ(s.points[0].t, (daysFromCivil(1995, 7, 1) * kDay) + 4 * kHour);
  EXPECT_TRUE(s.gaps.empty());
}

TEST(SeriesTest, ReportsAGapAndFlagsEveryBucketItTouches) {
  // Rows 00:00-00:06, then nothing until 00:17: buckets 00:05 (partial), 00:10 (empty) and
  // 00:15 (partial) are missing.
  std::string csv;
  for (int m : {0, 1, 2, 3, 4, 5, 6, 17, 18, 19}) {
    char line[64];
    std::snprintf(line, sizeof line, "2020-01-01 00:%02d:00,7\n", m);
    csv += line;
  }
  const CountSeries s = read(csv);
  ASSERT_EQ(s.points.size(), 4u);
  EXPECT_FALSE(s.points[0].missing);
  EXPECT_TRUE(s.points[1].missing);
  EXPECT_TRUE(s.points[2].missing);
  EXPECT_TRUE(s.points[3].missing);
  EXPECT_DOUBLE_EQ(s.points[1].value, 14);  // the rows it has, not an invented number
  EXPECT_DOUBLE_EQ(s.points[2].value, 0);
  ASSERT_EQ(s.gaps.size(), 1u);
  EXPECT_FALSE(s.gaps[0].zero_run);
  EXPECT_EQ(s.gaps[0].line, 8);
  EXPECT_EQ(s.gaps[0].first_bucket, 1u);
  EXPECT_EQ(s.gaps[0].bucket_count, 3u);
  EXPECT_EQ(s.missingCount(), 3u);
}

TEST(SeriesTest, FlagsLongZeroRunsAsAnOutageButKeepsShortOnes) {
  std::string csv;
  auto row = [&](int minute, int count) {
    char line[64];
    std::snprintf(line, sizeof line, "2020-01-01 %02d:%02d:00,%d\n", minute / 60, minute % 60,
                  count);
    csv += line;
  };
  for (int m = 0; m < 240; ++m) {
    // Minutes 10-29 are a short lull (20 min of zeros); 60-199 a 140-minute outage.
    const bool zero = (m >= 10 && m < 30) || (m >= 60 && m < 200);
    row(m, zero ? 0 : 3);
  }
  SeriesReadOptions o;
  o.zero_run_missing = 2 * kHour;
  const CountSeries s = read(csv, o);
  ASSERT_EQ(s.gaps.size(), 1u);
  EXPECT_TRUE(s.gaps[0].zero_run);
  EXPECT_EQ(s.gaps[0].first_bucket, 12u);
  EXPECT_EQ(s.gaps[0].bucket_count, 28u);
  EXPECT_FALSE(s.points[3].missing);  // the lull is traffic
  EXPECT_DOUBLE_EQ(s.points[3].value, 0);
  EXPECT_TRUE(s.points[12].missing);
  EXPECT_TRUE(s.points[39].missing);
  EXPECT_FALSE(s.points[40].missing);

  o.zero_run_missing = 0;
  EXPECT_EQ(read(csv, o).missingCount(), 0u);
}

TEST(SeriesTest, BadRowsNameFileLineAndField) {
  EXPECT_EQ(errorOf("time,count\n2020-01-01 00:00:00,1\n2020-01-01 00:01:00,abc\n"),
            "counts.csv:3: count: 'abc' is not a number");
  EXPECT_EQ(errorOf("2020-01-01 00:00:00,1\n2020-01-01 00:01:00,-2\n"),
            "counts.csv:2: count: negative count -2");
  EXPECT_EQ(errorOf("2020-01-01 00:00:00,1\n2020-01-01 00:02:00,1\n2020-01-01 00:01:00,1\n"),
            "counts.csv:3: timestamp: '2020-01-01 00:01:00' is not after the previous row's time "
            "(line 2)");
  EXPECT_EQ(errorOf("2020-01-01 00:00:00,1\n2020-13-01 00:01:00,1\n"),
            "counts.csv:2: timestamp: '2020-13-01 00:01:00' is not a valid time in YYYY-MM-DD "
            "HH:MM:SS: month 13 is out of range (01 to 12)");
  // 31 February does not exist (the series reader once took it for 3 March).
  EXPECT_EQ(errorOf("2020-02-28 00:00:00,1\n2020-02-31 00:01:00,1\n"),
            "counts.csv:2: timestamp: '2020-02-31 00:01:00' is not a valid time in YYYY-MM-DD "
            "HH:MM:SS: day 31 is out of range: February 2020 has 29 days");
  EXPECT_EQ(errorOf("2020-01-01 00:00:00,1\nnonsense\n"),
            "counts.csv:2: columns: expected 2 columns (timestamp,count), found 1");
  EXPECT_EQ(errorOf("2020-01-01 00:00:00,1\n"), "counts.csv: needs at least two rows, found 1");
  // Rows 7 minutes apart do not divide a 5-minute bucket.
  EXPECT_NE(errorOf("2020-01-01 00:00:00,1\n2020-01-01 00:07:00,1\n").find("does not divide"),
            std::string::npos);
}

TEST(SeriesTest, MissingFileIsAnInputError) {
  EXPECT_THROW(readCountSeries("/nonexistent/counts.csv", {}), InputError);
}

TEST(SeriesTest, StepCalendarCrossesMidnightAndWeek) {
  const CountSeries s =
      makeSeries(std::vector<double>{1.0},
                 daysFromCivil(2023, 12, 31) * kDay + 23 * kHour + 55 * kMinute, 5 * kMinute);
  const SeriesPoint next = stepCalendar(s.points[0], 5 * kMinute, 1);
  EXPECT_EQ(next.civil.year, 2024);
  EXPECT_EQ(next.civil.month, 1);
  EXPECT_EQ(next.civil.day, 1);
  EXPECT_EQ(next.civil.time_of_day, 0);
  EXPECT_EQ(next.civil.day_of_week, 0);  // Monday
  EXPECT_EQ(s.points[0].civil.day_of_week, 6);
}

}  // namespace
}  // namespace shadowscale
