// Time stamps of access logs and count series, converted to UTC.
#include <gtest/gtest.h>

#include "core/calendar.h"
#include "replay/import_time.h"

namespace shadowscale {
namespace {

TimeNs utc(int y, int mo, int d, int h, int mi, int s) {
  return daysFromCivil(y, mo, d) * kDay + h * kHour + mi * kMinute + s * kSecond;
}

TEST(ParseClfTime, HonoursTheZoneAndGivesUtc) {
  TimeNs t = 0;
  ASSERT_EQ(parseClfTime("01/Jul/1995:00:00:01 -0400", t), nullptr);
  EXPECT_EQ(t, utc(1995, 7, 1, 4, 0, 1));
  ASSERT_EQ(parseClfTime("31/Dec/2023:23:30:00 +0530", t), nullptr);
  EXPECT_EQ(t, utc(2023, 12, 31, 18, 0, 0));
  ASSERT_EQ(parseClfTime("29/Feb/2024:12:00:00 +0000", t), nullptr);
  EXPECT_EQ(t, utc(2024, 2, 29, 12, 0, 0));
  // Crossing midnight and the year in the conversion.
  ASSERT_EQ(parseClfTime("01/Jan/2024:01:00:00 +0200", t), nullptr);
  EXPECT_EQ(t, utc(2023, 12, 31, 23, 0, 0));
}

TEST(ParseClfTime, RejectsMalformedTimes) {
  TimeNs t = 0;
  EXPECT_NE(parseClfTime("01/Jul/1995:00:00:01", t), nullptr);
  EXPECT_NE(parseClfTime("01/Jly/1995:00:00:01 -0400", t), nullptr);
  EXPECT_NE(parseClfTime("30/Feb/1995:00:00:01 -0400", t), nullptr);
  EXPECT_NE(parseClfTime("01/Jul/1995:24:00:01 -0400", t), nullptr);
  EXPECT_NE(parseClfTime("01/Jul/1995:00:00:01 -0460", t), nullptr);
  EXPECT_NE(parseClfTime("1/Jul/1995:00:00:01 -04000", t), nullptr);
}

TEST(ParseIsoTime, ReadsZonesFractionsAndTheDefaultOffset) {
  TimeNs t = 0;
  ASSERT_EQ(parseIsoTime("2024-03-01T12:00:00Z", 0, t), nullptr);
  EXPECT_EQ(t, utc(2024, 3, 1, 12, 0, 0));
  ASSERT_EQ(parseIsoTime("2024-03-01T08:00:00-04:00", 0, t), nullptr);
  EXPECT_EQ(t, utc(2024, 3, 1, 12, 0, 0));
  ASSERT_EQ(parseIsoTime("2024-03-01 08:00:00.250", -4 * kHour, t), nullptr);
  EXPECT_EQ(t, utc(2024, 3, 1, 12, 0, 0) + 250 * kMillisecond);
  ASSERT_EQ(parseIsoTime("2024-03-01T13:30+0130", 0, t), nullptr);
  EXPECT_EQ(t, utc(2024, 3, 1, 12, 0, 0));
  ASSERT_EQ(parseIsoTime("2024-03-01", 0, t), nullptr);
  EXPECT_EQ(t, utc(2024, 3, 1, 0, 0, 0));
  EXPECT_NE(parseIsoTime("2024-13-01T00:00:00Z", 0, t), nullptr);
  EXPECT_NE(parseIsoTime("2024-03-01T00:00:00+5", 0, t), nullptr);
}

TEST(ParseUnixTime, ReadsSecondsFractionsAndMillis) {
  TimeNs t = 0;
  ASSERT_EQ(parseUnixTime("1700000000", t), nullptr);
  EXPECT_EQ(t, 1700000000 * kSecond);
  ASSERT_EQ(parseUnixTime("1700000000.125", t), nullptr);
  EXPECT_EQ(t, 1700000000 * kSecond + 125 * kMillisecond);
  ASSERT_EQ(parseUnixTime("1700000000125", t), nullptr);
  EXPECT_EQ(t, 1700000000 * kSecond + 125 * kMillisecond);
  ASSERT_EQ(parseUnixTime("1700000000123456789", t), nullptr);
  EXPECT_EQ(t, 1700000000123456789);
  EXPECT_NE(parseUnixTime("17e8", t), nullptr);
  EXPECT_NE(parseUnixTime("", t), nullptr);
}

TEST(ParseUtcOffset, ReadsEveryWrittenForm) {
  TimeNs o = 0;
  ASSERT_EQ(parseUtcOffset("-4h", o), nullptr);
  EXPECT_EQ(o, -4 * kHour);
  ASSERT_EQ(parseUtcOffset("+5h30m", o), nullptr);
  EXPECT_EQ(o, 5 * kHour + 30 * kMinute);
  ASSERT_EQ(parseUtcOffset("+05:30", o), nullptr);
  EXPECT_EQ(o, 5 * kHour + 30 * kMinute);
  ASSERT_EQ(parseUtcOffset("-0400", o), nullptr);
  EXPECT_EQ(o, -4 * kHour);
  ASSERT_EQ(parseUtcOffset("90m", o), nullptr);
  EXPECT_EQ(o, 90 * kMinute);
  ASSERT_EQ(parseUtcOffset("UTC", o), nullptr);
  EXPECT_EQ(o, 0);
  EXPECT_NE(parseUtcOffset("-4", o), nullptr);
  EXPECT_NE(parseUtcOffset("4x", o), nullptr);
  EXPECT_NE(parseUtcOffset("99h", o), nullptr);
}

TEST(ParseSeconds, ReadsNginxRequestTimes) {
  TimeNs d = 0;
  ASSERT_EQ(parseSeconds("0.005", d), nullptr);
  EXPECT_EQ(d, 5 * kMillisecond);
  ASSERT_EQ(parseSeconds("12", d), nullptr);
  EXPECT_EQ(d, 12 * kSecond);
  EXPECT_NE(parseSeconds("-1", d), nullptr);
  EXPECT_NE(parseSeconds("0.5s", d), nullptr);
}

TEST(FormatUtc, WritesIso8601) {
  EXPECT_EQ(formatUtc(utc(1995, 7, 1, 4, 0, 1)), "1995-07-01T04:00:01Z");
  EXPECT_EQ(formatUtc(utc(1995, 7, 1, 4, 0, 1) + 5), "1995-07-01T04:00:01.000000005Z");
  EXPECT_EQ(formatUtc(utc(1995, 7, 1, 4, 0, 1) + 250 * kMillisecond), "1995-07-01T04:00:01.25Z");
}

}  // namespace
}  // namespace shadowscale
