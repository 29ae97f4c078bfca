#include "scenarios/units.h"

#include <gtest/gtest.h>

#include <string>

#include "core/input_error.h"

namespace shadowscale {
namespace {

// The problem of the InputError `f` throws, or a failure when it throws none.
template <typename F>
std::string rejection(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.problem();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ParseDuration, ReadsEveryUnitAndCombinations) {
  EXPECT_EQ(parseDuration("90s"), 90 * kSecond);
  EXPECT_EQ(parseDuration("250ms"), 250 * kMillisecond);
  EXPECT_EQ(parseDuration("1h30m"), 90 * kMinute);
  EXPECT_EQ(parseDuration("7d"), kWeek);
  EXPECT_EQ(parseDuration("2w"), 2 * kWeek);
  EXPECT_EQ(parseDuration("15us"), 15 * kMicrosecond);
  EXPECT_EQ(parseDuration("15\xC2\xB5s"), 15 * kMicrosecond);
  EXPECT_EQ(parseDuration("500ns"), 500);
  EXPECT_EQ(parseDuration("1w2d3h4m5s6ms7us8ns"), kWeek + 2 * kDay + 3 * kHour + 4 * kMinute +
                                                      5 * kSecond + 6 * kMillisecond +
                                                      7 * kMicrosecond + 8);
  EXPECT_EQ(parseDuration(" 3d10h "), 3 * kDay + 10 * kHour);
}

TEST(ParseDuration, ReadsFractionsExactly) {
  EXPECT_EQ(parseDuration("1.5h"), 90 * kMinute);
  EXPECT_EQ(parseDuration("0.25s"), 250 * kMillisecond);
  EXPECT_EQ(parseDuration(".5m"), 30 * kSecond);
  EXPECT_EQ(parseDuration("0.000000001s"), 1);
}

TEST(ParseDuration, ReadsZeroAndSigns) {
  EXPECT_EQ(parseDuration("0"), 0);
  EXPECT_EQ(parseDuration("0s"), 0);
  EXPECT_EQ(parseDuration("-4h"), -4 * kHour);
  EXPECT_EQ(parseDuration("+2h"), 2 * kHour);
  EXPECT_EQ(parseDuration("-0"), 0);
}

TEST(ParseDuration, RejectsBadText) {
  EXPECT_TRUE(contains(rejection([] { parseDuration(""); }), "empty duration"));
  EXPECT_TRUE(contains(rejection([] { parseDuration("90"); }), "missing unit"));
  EXPECT_TRUE(contains(rejection([] { parseDuration("1hr"); }), "unknown unit \"hr\""));
  EXPECT_TRUE(contains(rejection([] { parseDuration("1m1h"); }), "largest to the smallest"));
  EXPECT_TRUE(contains(rejection([] { parseDuration("1h1h"); }), "largest to the smallest"));
  EXPECT_TRUE(contains(rejection([] { parseDuration("1.2.3s"); }), "two decimal points"));
  EXPECT_TRUE(contains(rejection([] { parseDuration("0.5ns"); }), "1 ns resolution"));
  EXPECT_TRUE(contains(rejection([] { parseDuration("s"); }), "expected a number"));
  EXPECT_TRUE(contains(rejection([] { parseDuration("1h 30m"); }), "unexpected \" \""));
  EXPECT_TRUE(contains(rejection([] { parseDuration("100000w"); }), "too long"));
  EXPECT_TRUE(contains(rejection([] { parseDuration("--1s"); }), "unexpected \"-\""));
}

TEST(ParseRatePerSecond, ReadsCountsPerUnit) {
  EXPECT_DOUBLE_EQ(parseRatePerSecond("100/s"), 100.0);
  EXPECT_DOUBLE_EQ(parseRatePerSecond("6000/min"), 100.0);
  EXPECT_DOUBLE_EQ(parseRatePerSecond("6000/m"), 100.0);
  EXPECT_DOUBLE_EQ(parseRatePerSecond("1.5/ms"), 1500.0);
  EXPECT_DOUBLE_EQ(parseRatePerSecond("3600/h"), 1.0);
  EXPECT_DOUBLE_EQ(parseRatePerSecond("86400/d"), 1.0);
  EXPECT_DOUBLE_EQ(parseRatePerSecond("2/us"), 2e6);
  EXPECT_DOUBLE_EQ(parseRatePerSecond(" 0/s "), 0.0);
  EXPECT_DOUBLE_EQ(parseRatePerSecond("1e3/s"), 1000.0);
}

TEST(ParseRatePerSecond, RejectsBadText) {
  EXPECT_TRUE(contains(rejection([] { parseRatePerSecond("150"); }), "missing unit"));
  EXPECT_TRUE(contains(rejection([] { parseRatePerSecond("150/week"); }), "unknown unit"));
  EXPECT_TRUE(contains(rejection([] { parseRatePerSecond("-1/s"); }), "negative rate"));
  EXPECT_TRUE(contains(rejection([] { parseRatePerSecond("many/s"); }), "bad number"));
  EXPECT_TRUE(contains(rejection([] { parseRatePerSecond("inf/s"); }), "bad number"));
  EXPECT_TRUE(contains(rejection([] { parseRatePerSecond("/s"); }), "bad number"));
  EXPECT_TRUE(contains(rejection([] { parseRatePerSecond(""); }), "empty rate"));
}

TEST(ParseTimeOfDay, ReadsHoursMinutesSeconds) {
  EXPECT_EQ(parseTimeOfDay("00:00"), 0);
  EXPECT_EQ(parseTimeOfDay("08:00"), 8 * kHour);
  EXPECT_EQ(parseTimeOfDay("8:00"), 8 * kHour);
  EXPECT_EQ(parseTimeOfDay("20:30:15"), 20 * kHour + 30 * kMinute + 15 * kSecond);
  EXPECT_EQ(parseTimeOfDay("24:00"), kDay);
  EXPECT_EQ(parseTimeOfDay("24:00:00"), kDay);
}

TEST(ParseTimeOfDay, RejectsBadText) {
  EXPECT_TRUE(contains(rejection([] { parseTimeOfDay("24:01"); }), "past 24:00"));
  EXPECT_TRUE(contains(rejection([] { parseTimeOfDay("25:00"); }), "past 24:00"));
  EXPECT_TRUE(contains(rejection([] { parseTimeOfDay("12:60"); }), "00 to 59"));
  EXPECT_TRUE(contains(rejection([] { parseTimeOfDay("12:00:60"); }), "00 to 59"));
  EXPECT_TRUE(contains(rejection([] { parseTimeOfDay("1200"); }), "bad time of day"));
  EXPECT_TRUE(contains(rejection([] { parseTimeOfDay("12:5"); }), "bad time of day"));
  EXPECT_TRUE(contains(rejection([] { parseTimeOfDay("12:00pm"); }), "bad time of day"));
  EXPECT_TRUE(contains(rejection([] { parseTimeOfDay(""); }), "bad time of day"));
}

TEST(ParseDays, ReadsStarNamesRangesAndLists) {
  EXPECT_EQ(parseDays("*"), 0x7F);
  EXPECT_EQ(parseDays("Mon"), 0x01);
  EXPECT_EQ(parseDays("sunday"), 0x40);
  EXPECT_EQ(parseDays("Mon-Fri"), 0x1F);
  EXPECT_EQ(parseDays("Sat,Sun"), 0x60);
  EXPECT_EQ(parseDays("SAT, sun"), 0x60);
  EXPECT_EQ(parseDays("Fri-Mon"), 0x10 | 0x20 | 0x40 | 0x01);  // wraps past Sunday
  EXPECT_EQ(parseDays("Mon,Wed-Thu,Sun"), 0x01 | 0x04 | 0x08 | 0x40);
  EXPECT_EQ(parseDays("Tue-Tue"), 0x02);
}

TEST(ParseDays, RejectsBadText) {
  EXPECT_TRUE(contains(rejection([] { parseDays(""); }), "empty set of days"));
  EXPECT_TRUE(contains(rejection([] { parseDays("Funday"); }), "unknown day \"Funday\""));
  EXPECT_TRUE(contains(rejection([] { parseDays("Mon,"); }), "empty day"));
  EXPECT_TRUE(contains(rejection([] { parseDays("Mon-"); }), "unknown day \"\""));
  EXPECT_TRUE(contains(rejection([] { parseDays("weekdays"); }), "unknown day"));
}

TEST(ParseUtcTimestamp, ReadsIso8601) {
  constexpr TimeNs kMonday = 1772409600 * kSecond;  // 2026-03-02T00:00:00Z
  EXPECT_EQ(parseUtcTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parseUtcTimestamp("2026-03-02T00:00:00Z"), kMonday);
  EXPECT_EQ(parseUtcTimestamp("2026-03-02"), kMonday);
  EXPECT_EQ(parseUtcTimestamp("2026-03-02T02:00:00+02:00"), kMonday);
  EXPECT_EQ(parseUtcTimestamp("2026-03-01T20:00:00-0400"), kMonday);
  EXPECT_EQ(parseUtcTimestamp("2026-03-02 00:00Z"), kMonday);
  EXPECT_EQ(parseUtcTimestamp("2024-02-29T12:00:00.5Z"), 1709208000 * kSecond + 500 * kMillisecond);
  EXPECT_EQ(parseUtcTimestamp("1969-12-31T23:59:59Z"), -kSecond);
}

TEST(ParseUtcTimestamp, RejectsBadText) {
  EXPECT_TRUE(
      contains(rejection([] { parseUtcTimestamp("2026-03-02T00:00:00"); }), "missing zone"));
  EXPECT_TRUE(contains(rejection([] { parseUtcTimestamp("2026-02-29T00:00:00Z"); }), "day 29"));
  EXPECT_TRUE(contains(rejection([] { parseUtcTimestamp("2026-13-01"); }), "month 13"));
  EXPECT_TRUE(
      contains(rejection([] { parseUtcTimestamp("2026-03-02T24:00:00Z"); }), "out of range"));
  EXPECT_TRUE(contains(rejection([] { parseUtcTimestamp("2026/03/02"); }), "expected '-'"));
  EXPECT_TRUE(
      contains(rejection([] { parseUtcTimestamp("2026-03-02T00:00:00Zx"); }), "unexpected"));
  EXPECT_TRUE(contains(rejection([] { parseUtcTimestamp("3000-01-01"); }), "outside 1678"));
  EXPECT_TRUE(contains(rejection([] { parseUtcTimestamp("yesterday"); }), "digits of the year"));
}

TEST(FormatDuration, WritesTheLargestUnitsFirst) {
  EXPECT_EQ(formatDuration(0), "0s");
  EXPECT_EQ(formatDuration(90 * kMinute), "1h30m");
  EXPECT_EQ(formatDuration(250 * kMillisecond), "250ms");
  EXPECT_EQ(formatDuration(1500 * kMillisecond), "1s500ms");
  EXPECT_EQ(formatDuration(-4 * kHour), "-4h");
  EXPECT_EQ(formatDuration(62 * kDay), "62d");
  EXPECT_EQ(formatDuration(kNever), "never");
}

TEST(FormatDuration, ReadsBackThroughParseDuration) {
  for (const TimeNs d :
       {TimeNs{1}, 999 * kMicrosecond,
        3 * kDay + 4 * kHour + 5 * kMinute + 6 * kSecond + 7 * kMillisecond + 8 * kMicrosecond + 9,
        -36 * kHour, TimeNs{INT64_MAX - 1}, TimeNs{INT64_MIN + 1}}) {
    EXPECT_EQ(parseDuration(formatDuration(d)), d) << formatDuration(d);
  }
}

}  // namespace
}  // namespace shadowscale
