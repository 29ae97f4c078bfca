// The one count-series reader: rows, headers, comments, formats and the errors it names.
#include "core/count_csv.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/input_error.h"

namespace shadowscale {
namespace {

TimeNs utc(int y, int mo, int d, int h = 0, int mi = 0) {
  return daysFromCivil(y, mo, d) * kDay + h * kHour + mi * kMinute;
}

std::vector<CountRow> rows(const std::string& text, const CountCsvOptions& options = {}) {
  std::istringstream in(text);
  return readCountRows(in, "counts.csv", options);
}

// The message of the InputError reading `text` throws, or "accepted".
std::string errorOf(const std::string& text, const CountCsvOptions& options = {}) {
  try {
    rows(text, options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(CountCsvReader, ReadsRowsSkippingHeaderCommentsAndBlankLines) {
  const auto r = rows(
      "\xEF\xBB\xBFtime,requests\r\n"
      "# exported by a monitoring system\n"
      "\n"
      "2024-03-01 10:00:00,3\r\n"
      "  \"2024-03-01 10:01:00\" , \"4.5\"\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].unix_ns, utc(2024, 3, 1, 10));
  EXPECT_EQ(r[0].count, 3);
  EXPECT_EQ(r[0].line, 4);
  EXPECT_EQ(r[1].unix_ns, utc(2024, 3, 1, 10, 1));
  EXPECT_EQ(r[1].count, 4.5);
  EXPECT_EQ(r[1].line, 5);
}

TEST(CountCsvReader, TheFirstDataRowDecidesTheFormat) {
  CountCsvReader reader("c.csv", {});
  EXPECT_EQ(reader.read("1700000000000,2", 1)->unix_ns, 1700000000 * kSecond);
  EXPECT_EQ(reader.timeFormat(), CountTimeFormat::kUnixMillis);
  EXPECT_FALSE(reader.hadHeader());
  EXPECT_EQ(reader.read("1700000060000,2", 2)->unix_ns, 1700000060 * kSecond);

  // The same unit for every row: after a row of seconds, thirteen digits are seconds too.
  CountCsvReader seconds("s.csv", {});
  EXPECT_EQ(seconds.read("1700000000,2", 1)->unix_ns, 1700000000 * kSecond);
  EXPECT_EQ(seconds.timeFormat(), CountTimeFormat::kUnixSeconds);
  EXPECT_THROW(seconds.read("1700000060000,2", 2), InputError);

  CountCsvReader iso("i.csv", {"", -4 * kHour, -1});
  EXPECT_EQ(iso.read("2024-03-01T08:00:00,1", 1)->unix_ns, utc(2024, 3, 1, 12));
  EXPECT_EQ(iso.timeFormat(), CountTimeFormat::kIso8601);
  EXPECT_EQ(iso.read("2024-03-01T16:05:00+02:00,1", 2)->unix_ns, utc(2024, 3, 1, 14, 5));
  try {
    iso.read("2024-03-01 16:10:00,1", 3);
    FAIL() << "a row in another layout was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.field(), "timestamp");
    EXPECT_NE(e.problem().find("expected 'T' after the date"), std::string::npos) << e.what();
  }
}

TEST(CountCsvReader, AGivenFormatAndUtcOffsetApply) {
  const auto r = rows("when,hits\n01/03/2024 00:00,1\n01/03/2024 00:01,2\n",
                      {"%d/%m/%Y %H:%M", -5 * kHour, -1});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].unix_ns, utc(2024, 3, 1, 5));
  EXPECT_EQ(errorOf("x,1\n", {"%Q", 0, -1}),
            "counts.csv: time_format: unsupported directive %Q (supported: %Y %y %m %d %e %j %H "
            "%I %p %M %S %f %s %z %b %h %B %T %F %%)");
}

TEST(CountCsvReader, HeaderIsDetectedForcedOrRefused) {
  EXPECT_EQ(rows("1700000000,4\n1700000060,6\n").size(), 2u);
  EXPECT_EQ(rows("1700000000,4\n1700000060,6\n", {"", 0, 1}).size(), 1u);
  EXPECT_EQ(errorOf("time,count\n1700000000,4\n", {"", 0, 0}),
            "counts.csv:1: count: 'count' is not a number");
  // A first row whose time reads is data, so a bad count there is reported, not skipped.
  EXPECT_EQ(errorOf("2024-01-01 00:00:00,n/a\n"), "counts.csv:1: count: 'n/a' is not a number");
}

TEST(CountCsvReader, BadRowsNameFileLineAndField) {
  const std::string head = "time,count\n2024-01-01 00:00:00,1\n";
  EXPECT_EQ(errorOf(head + "2024-01-01 00:01:00,-2\n"), "counts.csv:3: count: negative count -2");
  EXPECT_EQ(errorOf(head + "2024-01-01 00:01:00\n"),
            "counts.csv:3: columns: expected 2 columns (timestamp,count), found 1");
  EXPECT_EQ(errorOf(head + "2024-01-01 00:01:00,1;2\n"),
            "counts.csv:3: count: '1;2' is not a number");
  EXPECT_EQ(errorOf(head + "2024-02-30 00:01:00,1\n"),
            "counts.csv:3: timestamp: '2024-02-30 00:01:00' is not a valid time in "
            "YYYY-MM-DD HH:MM:SS: day 30 is out of range: February 2024 has 29 days");
  EXPECT_EQ(errorOf(head + "2024-01-01 00:00:00,1\n"),
            "counts.csv:3: timestamp: '2024-01-01 00:00:00' is not after the previous row's "
            "time (line 2)");
  EXPECT_NE(errorOf("time,count\nyesterday,1\n")
                .find("counts.csv:2: timestamp: cannot tell the format of 'yesterday'"),
            std::string::npos);
}

TEST(CountCsvReader, AfterABadRowTheNextIsReadAgainstTheLastGoodOne) {
  CountCsvReader reader("c.csv", {});
  ASSERT_TRUE(reader.read("100,1", 1));
  EXPECT_THROW(reader.read("160,x", 2), InputError);
  EXPECT_THROW(reader.read("100,1", 3), InputError);  // not after line 1
  const auto row = reader.read("160,2", 4);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->unix_ns, 160 * kSecond);
}

}  // namespace
}  // namespace shadowscale
