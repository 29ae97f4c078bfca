// Times as text: the one parser of timestamps, offsets and formats, and its edge cases.
#include "core/time_text.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/calendar.h"
#include "core/input_error.h"

namespace shadowscale {
namespace {

TimeNs utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return daysFromCivil(y, mo, d) * kDay + h * kHour + mi * kMinute + s * kSecond;
}

// The problem an InputError names, or "accepted".
std::string problemOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    EXPECT_TRUE(e.file().empty()) << "a value parser knows no file: " << e.what();
    return e.problem();
  }
  return "accepted";
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Calendar, DaysInMonthFollowsTheGregorianLeapRule) {
  EXPECT_EQ(daysInMonth(2024, 2), 29);
  EXPECT_EQ(daysInMonth(2023, 2), 28);
  EXPECT_EQ(daysInMonth(1900, 2), 28);  // divisible by 100, not by 400
  EXPECT_EQ(daysInMonth(2000, 2), 29);  // divisible by 400
  EXPECT_EQ(daysInMonth(2024, 4), 30);
  EXPECT_EQ(daysInMonth(2024, 12), 31);
  EXPECT_TRUE(isLeapYear(2400));
  EXPECT_FALSE(isLeapYear(2100));
}

TEST(CivilToUnix, RejectsDatesThatDoNotExist) {
  CivilFields c;
  c.year = 2024;
  c.month = 2;
  c.day = 31;
  EXPECT_EQ(problemOf([&] { civilToUnix(c, 0); }),
            "day 31 is out of range: February 2024 has 29 days");
  c.day = 29;
  EXPECT_EQ(civilToUnix(c, 0), utc(2024, 2, 29));
  c.year = 2023;
  EXPECT_TRUE(has(problemOf([&] { civilToUnix(c, 0); }), "February 2023 has 28 days"));
  c = CivilFields{};
  c.month = 13;
  EXPECT_TRUE(has(problemOf([&] { civilToUnix(c, 0); }), "month 13"));
  c = CivilFields{};
  c.hour = 24;
  EXPECT_TRUE(has(problemOf([&] { civilToUnix(c, 0); }), "hour 24"));
  c = CivilFields{};
  c.year = 2262;
  EXPECT_TRUE(has(problemOf([&] { civilToUnix(c, 0); }), "outside 1678 to 2261"));
  c = CivilFields{};
  c.day_of_year = 366;
  EXPECT_TRUE(has(problemOf([&] { civilToUnix(c, 0); }), "1970 has 365 days"));
}

TEST(CivilToUnix, TheWrittenZoneWinsOverTheDefaultAndALeapSecondFolds) {
  CivilFields c;
  c.year = 2024;
  c.month = 3;
  c.day = 1;
  c.hour = 8;
  EXPECT_EQ(civilToUnix(c, -4 * kHour), utc(2024, 3, 1, 12));
  c.zone = 2 * kHour;
  EXPECT_EQ(civilToUnix(c, -4 * kHour), utc(2024, 3, 1, 6));
  c.zone.reset();
  c.hour = 23;
  c.minute = 59;
  c.second = 60;
  EXPECT_EQ(civilToUnix(c, 0), utc(2024, 3, 2));
}

TEST(ParseClfTime, HonoursTheZoneAndGivesUtc) {
  EXPECT_EQ(parseClfTime("01/Jul/1995:00:00:01 -0400"), utc(1995, 7, 1, 4, 0, 1));
  EXPECT_EQ(parseClfTime("31/Dec/2023:23:30:00 +0530"), utc(2023, 12, 31, 18));
  EXPECT_EQ(parseClfTime("29/Feb/2024:12:00:00 +0000"), utc(2024, 2, 29, 12));
  EXPECT_EQ(parseClfTime("01/Jan/2024:01:00:00 +0200"), utc(2023, 12, 31, 23));
  EXPECT_EQ(parseClfTime("01/JUL/1995:00:00:01 -0400"), utc(1995, 7, 1, 4, 0, 1));
}

TEST(ParseClfTime, RejectsMalformedTimesNamingTheProblem) {
  EXPECT_TRUE(has(problemOf([] { parseClfTime("01/Jul/1995:00:00:01"); }), "expected a time like"));
  EXPECT_EQ(problemOf([] { parseClfTime("01/Jly/1995:00:00:01 -0400"); }),
            "unknown month name \"Jly\"");
  EXPECT_TRUE(has(problemOf([] { parseClfTime("30/Feb/1995:00:00:01 -0400"); }), "day 30"));
  EXPECT_TRUE(has(problemOf([] { parseClfTime("01/Jul/1995:24:00:01 -0400"); }), "hour 24"));
  EXPECT_TRUE(has(problemOf([] { parseClfTime("01/Jul/1995:00:00:01 -0460"); }), "out of range"));
  EXPECT_NE(problemOf([] { parseClfTime("1/Jul/1995:00:00:01 -04000"); }), "accepted");
  EXPECT_NE(problemOf([] { parseClfTime("0x/Jul/1995:00:00:01 -0400"); }), "accepted");
  EXPECT_TRUE(has(problemOf([] { parseClfTime("01/Jul/9999:00:00:01 -0400"); }), "year 9999"));
}

TEST(ParseIsoTime, ReadsZonesFractionsSeparatorsAndTheDefaultOffset) {
  EXPECT_EQ(parseIsoTime("2024-03-01T12:00:00Z", 0), utc(2024, 3, 1, 12));
  EXPECT_EQ(parseIsoTime("2024-03-01T08:00:00-04:00", 0), utc(2024, 3, 1, 12));
  EXPECT_EQ(parseIsoTime("2024-03-01 08:00:00.250", -4 * kHour),
            utc(2024, 3, 1, 12) + 250 * kMillisecond);
  EXPECT_EQ(parseIsoTime("2024-03-01t08:00:00,5", 0), utc(2024, 3, 1, 8) + 500 * kMillisecond);
  EXPECT_EQ(parseIsoTime("2024-03-01T13:30+0130", 0), utc(2024, 3, 1, 12));
  EXPECT_EQ(parseIsoTime("2024-03-01T14:00:00+02", 0), utc(2024, 3, 1, 12));
  EXPECT_EQ(parseIsoTime("2024-03-01", 0), utc(2024, 3, 1));
  EXPECT_EQ(parseIsoTime("2024-03-01", std::nullopt), utc(2024, 3, 1));
  EXPECT_EQ(parseIsoTime("1969-12-31T23:59:59Z", std::nullopt), -kSecond);
  // Digits past the ninth are below the 1 ns resolution and dropped.
  EXPECT_EQ(parseIsoTime("2024-03-01T00:00:00.1234567891Z", 0), utc(2024, 3, 1) + 123456789);
}

TEST(ParseIsoTime, NamesWhatIsWrong) {
  const auto iso = [](const char* text) {
    return problemOf([text] { parseIsoTime(text, std::nullopt); });
  };
  EXPECT_EQ(iso("yesterday"), "expected 4 digits of the year");
  EXPECT_EQ(iso("2026/03/02"), "expected '-' after the year");
  EXPECT_EQ(iso("2026-13-01"), "month 13 is out of range (01 to 12)");
  EXPECT_EQ(iso("2026-02-29T00:00:00Z"), "day 29 is out of range: February 2026 has 28 days");
  EXPECT_EQ(iso("2026-03-02T24:00:00Z"), "hour 24 is out of range (00 to 23)");
  EXPECT_EQ(iso("2026-03-02T00:00:00"), "missing zone; add Z for UTC or an offset such as +02:00");
  EXPECT_EQ(iso("2026-03-02T00:00:00Zx"), "unexpected \"x\" after the time");
  EXPECT_EQ(iso("3000-01-01"), "year 3000 is outside 1678 to 2261");
  EXPECT_EQ(iso("2026-03-02T00:00:00+5"), "expected two digits of zone hours after the sign");
  EXPECT_TRUE(has(iso("2026-03-02T00:00:00+19:00"), "out of range"));
  EXPECT_TRUE(has(iso("2026-03-02T00:00:00+01:60"), "zone minutes 60"));
  EXPECT_EQ(iso("2026-03-02T00:00:00.Z"), "expected digits after the decimal point");
  EXPECT_EQ(iso("2026-03-02X00:00"), "expected 'T' after the date, found \"X00:00\"");
  EXPECT_EQ(iso("2026-03-02T00"), "expected ':' after the hour, found the end");
}

TEST(ParseUnixTime, TellsTheUnitByTheNumberOfDigits) {
  EXPECT_EQ(parseUnixTime("1700000000"), 1700000000 * kSecond);
  EXPECT_EQ(parseUnixTime("1700000000.125"), 1700000000 * kSecond + 125 * kMillisecond);
  EXPECT_EQ(parseUnixTime("1700000000125"), 1700000000 * kSecond + 125 * kMillisecond);
  EXPECT_EQ(parseUnixTime("1700000000125000"), 1700000000 * kSecond + 125 * kMillisecond);
  EXPECT_EQ(parseUnixTime("1700000000123456789"), 1700000000123456789);
  EXPECT_EQ(parseUnixTime("0"), 0);
  EXPECT_NE(problemOf([] { parseUnixTime("17e8"); }), "accepted");
  EXPECT_NE(problemOf([] { parseUnixTime(""); }), "accepted");
  EXPECT_NE(problemOf([] { parseUnixTime("-1"); }), "accepted");
  EXPECT_NE(problemOf([] { parseUnixTime("1700000000000.5"); }), "accepted");
  EXPECT_TRUE(has(problemOf([] { parseUnixTime("99999999999999999999"); }), "out of range"));
  EXPECT_TRUE(has(problemOf([] { parseUnixTime("00000000000000000000"); }), "too many digits"));
}

TEST(ParseUnixTime, AGivenUnitTakesFractionsAndRefusesOverflow) {
  EXPECT_EQ(parseUnixTime("1700000000000.5", kMillisecond),
            1700000000 * kSecond + 500 * kMicrosecond);
  EXPECT_EQ(parseUnixTime("12", kSecond), 12 * kSecond);
  EXPECT_TRUE(has(problemOf([] { parseUnixTime("9300000000000", kSecond); }), "out of range"));
  EXPECT_TRUE(has(problemOf([] { parseUnixTime("12x", kSecond); }), "unexpected \"x\""));
}

TEST(ParseAnyTime, DispatchesOnTheShape) {
  EXPECT_EQ(parseAnyTime("2024-03-01 08:00:00", -4 * kHour), utc(2024, 3, 1, 12));
  EXPECT_EQ(parseAnyTime("01/Jul/1995:00:00:01 -0400", 0), utc(1995, 7, 1, 4, 0, 1));
  EXPECT_EQ(parseAnyTime("1700000000", 0), 1700000000 * kSecond);
  EXPECT_TRUE(has(problemOf([] { parseAnyTime("time", 0); }), "expected a time"));
}

TEST(ParseUtcOffset, ReadsEveryWrittenForm) {
  EXPECT_EQ(parseUtcOffset("-4h"), -4 * kHour);
  EXPECT_EQ(parseUtcOffset("+5h30m"), 5 * kHour + 30 * kMinute);
  EXPECT_EQ(parseUtcOffset("+05:30"), 5 * kHour + 30 * kMinute);
  EXPECT_EQ(parseUtcOffset("-04:00"), -4 * kHour);
  EXPECT_EQ(parseUtcOffset("-0400"), -4 * kHour);
  EXPECT_EQ(parseUtcOffset("+0530"), 5 * kHour + 30 * kMinute);
  EXPECT_EQ(parseUtcOffset("90m"), 90 * kMinute);
  EXPECT_EQ(parseUtcOffset("UTC"), 0);
  EXPECT_EQ(parseUtcOffset("Z"), 0);
  EXPECT_EQ(parseUtcOffset("0"), 0);
}

TEST(ParseUtcOffset, RejectsBareNumbersUnknownUnitsAndTooLargeOffsets) {
  EXPECT_TRUE(has(problemOf([] { parseUtcOffset("-4"); }), "bad UTC offset \"-4\""));
  EXPECT_TRUE(has(problemOf([] { parseUtcOffset("4x"); }), "bad UTC offset"));
  EXPECT_TRUE(has(problemOf([] { parseUtcOffset("four"); }), "bad UTC offset"));
  EXPECT_TRUE(has(problemOf([] { parseUtcOffset("30m4h"); }), "bad UTC offset"));
  EXPECT_TRUE(has(problemOf([] { parseUtcOffset("99h"); }), "out of range"));
  EXPECT_TRUE(has(problemOf([] { parseUtcOffset("-25h"); }), "out of range"));
  EXPECT_TRUE(has(problemOf([] { parseUtcOffset("+04:75"); }), "out of range"));
  EXPECT_TRUE(has(problemOf([] { parseUtcOffset(""); }), "empty UTC offset"));
}

TEST(ParseDecimalSeconds, ReadsNginxRequestTimes) {
  EXPECT_EQ(parseDecimalSeconds("0.005"), 5 * kMillisecond);
  EXPECT_EQ(parseDecimalSeconds("12"), 12 * kSecond);
  EXPECT_EQ(parseDecimalSeconds("12."), 12 * kSecond);
  EXPECT_NE(problemOf([] { parseDecimalSeconds("-1"); }), "accepted");
  EXPECT_NE(problemOf([] { parseDecimalSeconds("0.5s"); }), "accepted");
  EXPECT_NE(problemOf([] { parseDecimalSeconds("99999999999"); }), "accepted");
}

TEST(ParseTimeWithFormat, ReadsEachDirective) {
  EXPECT_EQ(parseTimeWithFormat("3/7/24 2:30 PM", "%m/%d/%y %I:%M %p", 0), utc(2024, 3, 7, 14, 30));
  EXPECT_EQ(parseTimeWithFormat("12:05 am 1/1/99", "%I:%M %p %d/%m/%y", 0), utc(1999, 1, 1, 0, 5));
  EXPECT_EQ(parseTimeWithFormat("2024-061 00:00:01.25", "%Y-%j %T.%f", kHour),
            utc(2024, 3, 1) - kHour + kSecond + 250 * kMillisecond);
  EXPECT_EQ(parseTimeWithFormat("@1700000000", "@%s", 5 * kHour), 1700000000 * kSecond);
  EXPECT_EQ(parseTimeWithFormat("01/Mar/2024:10:00:00 -0400", "%d/%b/%Y:%H:%M:%S %z", 0),
            utc(2024, 3, 1, 14));
  EXPECT_EQ(parseTimeWithFormat("March  5 2024", "%B %e %Y", 0), utc(2024, 3, 5));
  EXPECT_EQ(parseTimeWithFormat("100% 2024-03-05", "100%% %F", 0), utc(2024, 3, 5));
}

TEST(ParseTimeWithFormat, NamesTheMismatchAndTheImpossibleDate) {
  EXPECT_TRUE(has(problemOf([] { parseTimeWithFormat("2024-02-30", "%F", 0); }), "day 30"));
  EXPECT_TRUE(
      has(problemOf([] { parseTimeWithFormat("2024-xx-01", "%F", 0); }), "does not match %m"));
  EXPECT_TRUE(has(problemOf([] { parseTimeWithFormat("2024-03-01 extra", "%F", 0); }),
                  "unexpected \" extra\""));
  EXPECT_TRUE(has(problemOf([] { parseTimeWithFormat("2024/03/01", "%F", 0); }), "expected '-'"));
  EXPECT_TRUE(has(problemOf([] { parseTimeWithFormat("13 PM", "%I %p", 0); }), "%I"));
}

TEST(CheckTimeFormat, RefusesUnsupportedDirectivesOnce) {
  EXPECT_EQ(problemOf([] { checkTimeFormat("%d/%b/%Y:%T %z"); }), "accepted");
  EXPECT_TRUE(has(problemOf([] { checkTimeFormat("%Y %Q"); }), "unsupported directive %Q"));
  EXPECT_TRUE(has(problemOf([] { checkTimeFormat("%Y %"); }), "lone %"));
  EXPECT_EQ(problemOf([] { checkTimeFormat(""); }), "the format is empty");
}

TEST(FormatTime, WritesIsoUtcCivilAndOffsets) {
  EXPECT_EQ(formatUtc(utc(1995, 7, 1, 4, 0, 1)), "1995-07-01T04:00:01Z");
  EXPECT_EQ(formatUtc(utc(1995, 7, 1, 4, 0, 1) + 5), "1995-07-01T04:00:01.000000005Z");
  EXPECT_EQ(formatUtc(utc(1995, 7, 1, 4, 0, 1) + 250 * kMillisecond), "1995-07-01T04:00:01.25Z");
  EXPECT_EQ(formatUtc(-kSecond), "1969-12-31T23:59:59Z");
  EXPECT_EQ(formatCivil(Calendar(0, -4 * kHour).civil(utc(1995, 7, 1, 4, 5))), "1995-07-01 00:05");
  EXPECT_EQ(formatUtcOffset(-4 * kHour), "UTC-04:00");
  EXPECT_EQ(formatUtcOffset(5 * kHour + 30 * kMinute), "UTC+05:30");
}

TEST(FormatTime, ParsedTextFormatsBackToTheSameMoment) {
  for (const char* text : {"2024-02-29T23:59:59.5Z", "1678-01-01T00:00:00Z",
                           "2261-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z"}) {
    EXPECT_EQ(formatUtc(parseIsoTime(text, std::nullopt)), text);
  }
}

TEST(FormatDuration, WritesWhatTheScenarioParserReads) {
  EXPECT_EQ(formatDuration(0), "0s");
  EXPECT_EQ(formatDuration(90 * kMinute), "1h30m");
  EXPECT_EQ(formatDuration(1500 * kMillisecond), "1s500ms");
  EXPECT_EQ(formatDuration(-4 * kHour), "-4h");
  EXPECT_EQ(formatDuration(3 * kMinute + 14 * kSecond), "3m14s");
  EXPECT_EQ(formatDuration(kNever), "never");
  EXPECT_EQ(formatDuration(INT64_MIN).front(), '-');
}

}  // namespace
}  // namespace shadowscale
