#include "replay/count_csv_source.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/calendar.h"
#include "core/input_error.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

// Unix ns of a UTC civil time.
TimeNs utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return daysFromCivil(y, mo, d) * kDay + h * kHour + mi * kMinute + s * kSecond;
}

// Writes test files into a folder of their own, removed at the end.
class CountCsvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           ("count_csv_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  CountCsvSpec spec(const std::string& name, const std::string& text) {
    CountCsvSpec s;
    s.path = write(name, text);
    return s;
  }

  // The InputError message for a file, or "accepted".
  std::string errorOf(const CountCsvSpec& s) {
    try {
      CountCsvSource source(s, 0, Rng(1));
    } catch (const InputError& e) {
      return e.what();
    }
    return "accepted";
  }

  fs::path dir_;
};

std::vector<Request> drain(TrafficSource& source, TimeNs until = kNever, std::size_t batch = 1000) {
  std::vector<Request> all;
  std::vector<Request> buf(batch);
  for (std::size_t n; (n = source.next(until, buf)) > 0;) {
    all.insert(all.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return all;
}

std::int64_t countIn(const std::vector<Request>& rs, TimeNs from, TimeNs to) {
  return std::count_if(rs.begin(), rs.end(),
                       [&](const Request& r) { return r.arrival >= from && r.arrival < to; });
}

TEST_F(CountCsvTest, ReadsAHeaderedCivilSeriesAndEmitsEachRowsCount) {
  CountCsvSpec s = spec("a.csv",
                        "time,requests\n"
                        "2024-03-01 10:00:00,3\n"
                        "2024-03-01 10:01:00,0\n"
                        "2024-03-01 10:02:00,5\n");
  CountCsvSource source(s, 0, Rng(1));
  EXPECT_TRUE(source.hadHeader());
  EXPECT_EQ(source.timeFormat(), CountTimeFormat::kCivil);
  EXPECT_EQ(source.rows(), 3u);
  EXPECT_EQ(source.interval(), kMinute);
  EXPECT_EQ(source.duration(), 3 * kMinute);
  EXPECT_EQ(source.epoch(), utc(2024, 3, 1, 10));
  EXPECT_TRUE(source.gaps().empty());
  EXPECT_TRUE(source.events().empty());
  EXPECT_NEAR(source.expectedRate(2 * kMinute + kSecond), 5.0 / 60.0, 1e-12);
  const auto rs = drain(source);
  ASSERT_EQ(rs.size(), 8u);
  EXPECT_EQ(countIn(rs, 0, kMinute), 3);
  EXPECT_EQ(countIn(rs, kMinute, 2 * kMinute), 0);
  EXPECT_EQ(countIn(rs, 2 * kMinute, 3 * kMinute), 5);
  EXPECT_TRUE(std::is_sorted(rs.begin(), rs.end(), [](const Request& a, const Request& b) {
    return a.arrival < b.arrival;
  }));
}

TEST_F(CountCsvTest, DetectsNoHeaderAndHonoursAForcedOne) {
  const std::string text = "1700000000,4\n1700000060,6\n";
  CountCsvSource plain(spec("plain.csv", text), 0, Rng(1));
  EXPECT_FALSE(plain.hadHeader());
  EXPECT_EQ(plain.rows(), 2u);
  EXPECT_EQ(plain.timeFormat(), CountTimeFormat::kUnixSeconds);
  EXPECT_EQ(plain.epoch(), 1700000000 * kSecond);

  CountCsvSpec forced = spec("forced.csv", text);
  forced.has_header = 1;
  forced.interval = kMinute;
  CountCsvSource skipped(forced, 0, Rng(1));
  EXPECT_TRUE(skipped.hadHeader());
  EXPECT_EQ(skipped.rows(), 1u);
  EXPECT_EQ(skipped.epoch(), 1700000060 * kSecond);

  // A first row with a time but no number is a bad row, not a header.
  CountCsvSpec first_bad =
      spec("first_bad.csv", "2024-01-01 00:00:00,n/a\n2024-01-01 00:01:00,1\n");
  EXPECT_EQ(errorOf(first_bad), first_bad.path + ":1: count: 'n/a' is not a number");

  CountCsvSpec none = spec("none.csv", "time,count\n1700000000,4\n1700000060,6\n");
  none.has_header = 0;
  EXPECT_EQ(errorOf(none), none.path + ":1: count: 'count' is not a number");
}

TEST_F(CountCsvTest, DetectsIsoAndUnixFormats) {
  CountCsvSource iso(spec("iso.csv",
                          "ts,n\n2024-03-01T10:00:00Z,1\n2024-03-01T10:00:30Z,1\n"
                          "2024-03-01T10:01:00Z,1\n"),
                     0, Rng(1));
  EXPECT_EQ(iso.timeFormat(), CountTimeFormat::kIso8601);
  EXPECT_EQ(iso.epoch(), utc(2024, 3, 1, 10));
  EXPECT_EQ(iso.interval(), 30 * kSecond);

  // An explicit zone wins over utc_offset.
  CountCsvSpec zoned = spec("zoned.csv",
                            "2024-03-01T12:00:00+02:00,1\n2024-03-01T12:05:00+0200,1\n"
                            "2024-03-01T12:10:00.500+02:00,1\n");
  zoned.utc_offset = -5 * kHour;
  zoned.interval = 5 * kMinute;
  EXPECT_EQ(errorOf(zoned), "accepted");
  CountCsvSource zoned_source(zoned, 0, Rng(1));
  EXPECT_EQ(zoned_source.epoch(), utc(2024, 3, 1, 10));

  CountCsvSource millis(spec("ms.csv", "1700000000000,2\n1700000001000,2\n1700000002000,2\n"), 0,
                        Rng(1));
  EXPECT_EQ(millis.timeFormat(), CountTimeFormat::kUnixMillis);
  EXPECT_EQ(millis.interval(), kSecond);
  EXPECT_EQ(millis.epoch(), 1700000000 * kSecond);
  EXPECT_EQ(drain(millis).size(), 6u);

  CountCsvSource seconds(spec("s.csv", "\"1700000000\",\"2\"\r\n\"1700000010\",\"2\"\r\n"), 0,
                         Rng(1));
  EXPECT_EQ(seconds.timeFormat(), CountTimeFormat::kUnixSeconds);
  EXPECT_EQ(seconds.interval(), 10 * kSecond);
}

TEST_F(CountCsvTest, ParsesAGivenStrftimeFormat) {
  CountCsvSpec s = spec("custom.csv",
                        "when,hits\n"
                        "01/Mar/2024:10:00:00 -0400,1\n"
                        "01/Mar/2024:10:05:00 -0400,1\n");
  s.time_format = "%d/%b/%Y:%H:%M:%S %z";
  CountCsvSource source(s, 0, Rng(1));
  EXPECT_EQ(source.timeFormat(), CountTimeFormat::kCustom);
  EXPECT_EQ(source.epoch(), utc(2024, 3, 1, 14));
  EXPECT_EQ(source.interval(), 5 * kMinute);

  CountCsvSpec bad = spec("bad_format.csv", "x,1\n");
  bad.time_format = "%Q";
  EXPECT_EQ(errorOf(bad), bad.path +
                              ": time_format: unsupported directive %Q (supported: %Y %y %m %d "
                              "%e %j %H %I %p %M %S %f %s %z %b %h %B %T %F %%)");
}

TEST_F(CountCsvTest, LocalTimesMoveToUtcThenTheTimeOffsetShiftsTheEpoch) {
  const std::string text = "2024-03-01 00:00:00,1\n2024-03-01 00:01:00,1\n";
  CountCsvSpec s = spec("offsets.csv", text);
  s.utc_offset = -4 * kHour;
  CountCsvSource local(s, 0, Rng(1));
  EXPECT_EQ(local.epoch(), utc(2024, 3, 1, 4));
  s.time_offset = 7 * kDay;
  CountCsvSource shifted(s, 0, Rng(1));
  EXPECT_EQ(shifted.epoch(), utc(2024, 3, 8, 4));
  // Run time does not move: it starts at the first row either way.
  EXPECT_EQ(drain(shifted).size(), 2u);
  EXPECT_EQ(shifted.duration(), 2 * kMinute);
}

TEST_F(CountCsvTest, MultiplierCarriesFractionsSoTotalsAreKept) {
  const std::string text =
      "t,c\n2024-01-01 00:00:00,1\n2024-01-01 00:00:01,1\n2024-01-01 00:00:02,1\n"
      "2024-01-01 00:00:03,1\n";
  CountCsvSpec s = spec("mult.csv", text);
  s.rate_multiplier = 2.5;
  CountCsvSource up(s, 0, Rng(1));
  const auto rs = drain(up);
  ASSERT_EQ(rs.size(), 10u);              // 2.5 + 2.5 + 2.5 + 2.5
  EXPECT_EQ(countIn(rs, 0, kSecond), 2);  // 2.5 -> 2, carry 0.5
  EXPECT_EQ(countIn(rs, kSecond, 2 * kSecond), 3);
  EXPECT_NEAR(up.expectedRate(0), 2.5, 1e-12);
  s.rate_multiplier = 0.3;
  CountCsvSource down(s, 0, Rng(1));
  EXPECT_EQ(drain(down).size(), 1u);  // 1.2 in all: one request, when the carry reaches 1
}

TEST_F(CountCsvTest, ArrivalsAreSortedUniformPositionsWithinTheRow) {
  CountCsvSpec s = spec("big.csv", "0,100000\n1,0\n");
  s.interval = kSecond;
  CountCsvSource source(s, 0, Rng(3));
  const auto rs = drain(source, kNever, 999);
  ASSERT_EQ(rs.size(), 100000u);
  double sum = 0;
  std::vector<int> deciles(10, 0);
  for (std::size_t i = 0; i < rs.size(); ++i) {
    ASSERT_GE(rs[i].arrival, 0);
    ASSERT_LT(rs[i].arrival, kSecond);
    if (i > 0) {
      ASSERT_LE(rs[i - 1].arrival, rs[i].arrival);
    }
    sum += toSeconds(rs[i].arrival);
    ++deciles[static_cast<std::size_t>(rs[i].arrival / (kSecond / 10))];
  }
  EXPECT_NEAR(sum / 1e5, 0.5, 0.005);
  for (int d : deciles) {
    EXPECT_NEAR(d, 10000, 500);  // binomial std about 95
  }
}

TEST_F(CountCsvTest, HugeRowsAreSpreadInChunksAndKeepTheirCount) {
  CountCsvSpec s = spec("huge.csv", "0,1000\n60,0\n");
  s.rate_multiplier = 300.5;  // 300,500 arrivals in the first minute: five chunks
  CountCsvSource source(s, 0, Rng(4));
  const auto rs = drain(source, kNever, 4096);
  ASSERT_EQ(rs.size(), 300500u);
  for (std::size_t i = 1; i < rs.size(); ++i) {
    ASSERT_LE(rs[i - 1].arrival, rs[i].arrival);
  }
  EXPECT_LT(rs.back().arrival, kMinute);
  EXPECT_NEAR(static_cast<double>(countIn(rs, 0, 30 * kSecond)), 150250.0, 1000.0);
}

TEST_F(CountCsvTest, GapsAreReportedAndLeftEmpty) {
  CountCsvSource source(spec("gaps.csv",
                             "2024-01-01 00:00:00,10\n2024-01-01 00:01:00,10\n"
                             "2024-01-01 00:05:00,10\n2024-01-01 00:06:00,10\n"
                             "2024-01-01 00:07:00,10\n"),
                        0, Rng(5));
  ASSERT_EQ(source.gaps().size(), 1u);
  EXPECT_EQ(source.gaps()[0].start, 2 * kMinute);
  EXPECT_EQ(source.gaps()[0].end, 5 * kMinute);
  EXPECT_TRUE(std::isnan(source.expectedRate(3 * kMinute)));
  EXPECT_NEAR(source.expectedRate(5 * kMinute), 10.0 / 60.0, 1e-12);
  EXPECT_EQ(source.duration(), 8 * kMinute);
  const auto rs = drain(source);
  EXPECT_EQ(rs.size(), 50u);
  EXPECT_EQ(countIn(rs, 2 * kMinute, 5 * kMinute), 0);
}

TEST_F(CountCsvTest, LoopRepeatsTheSeriesAndItsGaps) {
  CountCsvSpec s = spec("loop.csv", "0,2\n60,2\n180,2\n");
  s.loop = 2.5;
  CountCsvSource source(s, 0, Rng(6));
  EXPECT_EQ(source.seriesLength(), 4 * kMinute);
  EXPECT_EQ(source.duration(), 10 * kMinute);
  // The half pass [8, 10) min ends where its gap would start.
  ASSERT_EQ(source.gaps().size(), 2u);
  EXPECT_EQ(source.gaps()[0].start, 2 * kMinute);
  EXPECT_EQ(source.gaps()[0].end, 3 * kMinute);
  EXPECT_EQ(source.gaps()[1].start, 6 * kMinute);
  EXPECT_EQ(source.gaps()[1].end, 7 * kMinute);
  const auto rs = drain(source);
  EXPECT_EQ(rs.size(), 2u * 3 * 2 + 4);
  EXPECT_EQ(countIn(rs, 8 * kMinute, 9 * kMinute), 2);
  EXPECT_NEAR(source.expectedRate(9 * kMinute), 2.0 / 60.0, 1e-12);
  EXPECT_TRUE(std::isnan(source.expectedRate(10 * kMinute)));

  // A loop of 2.6 ends at 10.4 min, inside the third pass's gap: with a longer run, that gap
  // and the time past the data are reported as one.
  s.loop = 2.6;
  CountCsvSource cut(s, 12 * kMinute, Rng(6));
  ASSERT_EQ(cut.gaps().size(), 3u);
  EXPECT_EQ(cut.gaps()[2].start, 10 * kMinute);
  EXPECT_EQ(cut.gaps()[2].end, 12 * kMinute);
}

TEST_F(CountCsvTest, RunningPastTheDataEndsInAReportedGap) {
  CountCsvSource source(spec("short.csv", "0,5\n60,5\n"), kHour, Rng(7));
  EXPECT_EQ(source.duration(), kHour);
  ASSERT_EQ(source.gaps().size(), 1u);
  EXPECT_EQ(source.gaps()[0].start, 2 * kMinute);
  EXPECT_EQ(source.gaps()[0].end, kHour);
  EXPECT_EQ(drain(source).size(), 10u);
  // A shorter run cuts the data.
  CountCsvSource cut(spec("cut.csv", "0,5\n60,5\n120,5\n"), 2 * kMinute, Rng(7));
  EXPECT_EQ(drain(cut).size(), 10u);
  EXPECT_TRUE(cut.gaps().empty());
}

TEST_F(CountCsvTest, UntilSplitsEmissionWithoutLosingRequests) {
  CountCsvSpec s = spec("split.csv", "0,500\n60,500\n");
  CountCsvSource whole(s, 0, Rng(8));
  CountCsvSource pieces(s, 0, Rng(8));
  const auto all = drain(whole);
  std::vector<Request> got;
  std::vector<Request> buf(13);
  for (TimeNs until = 0; until <= 2 * kMinute; until += 777 * kMillisecond) {
    for (std::size_t n; (n = pieces.next(until, buf)) > 0;) {
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_LT(buf[i].arrival, until);
        got.push_back(buf[i]);
      }
    }
  }
  for (std::size_t n; (n = pieces.next(kNever, buf)) > 0;) {
    got.insert(got.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
  }
  ASSERT_EQ(all.size(), got.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i].arrival, got[i].arrival) << i;
  }
}

TEST_F(CountCsvTest, BadRowsNameFileLineAndField) {
  const std::string head = "time,count\n2024-01-01 00:00:00,1\n";
  CountCsvSpec s = spec("bad1.csv", head + "2024-01-01 00:01:00,abc\n");
  EXPECT_EQ(errorOf(s), s.path + ":3: count: 'abc' is not a number");
  s = spec("bad2.csv", head + "2024-01-01 00:01:00,-2\n");
  EXPECT_EQ(errorOf(s), s.path + ":3: count: negative count -2");
  s = spec("bad3.csv", head + "2024-01-01 00:01:00\n");
  EXPECT_EQ(errorOf(s), s.path + ":3: columns: expected 2 columns (timestamp,count), found 1");
  s = spec("bad4.csv", head + "2024-01-01 00:01:00,1,2\n");
  EXPECT_EQ(errorOf(s), s.path + ":3: columns: expected 2 columns (timestamp,count), found 3");
  s = spec("bad5.csv", head + "2024-01-01 25:01:00,1\n");
  EXPECT_EQ(
      errorOf(s).rfind(s.path + ":3: timestamp: '2024-01-01 25:01:00' is not a valid time", 0), 0u)
      << errorOf(s);
  EXPECT_NE(errorOf(s).find("hour 25"), std::string::npos);
  s = spec("bad6.csv", head + "01/01/2024 00:01,1\n");
  EXPECT_EQ(errorOf(s).rfind(s.path + ":3: timestamp: '01/01/2024 00:01' is not a valid time", 0),
            0u)
      << errorOf(s);
  s = spec("bad7.csv", head + "2024-01-01 00:01:00,1\n\n2024-01-01 00:01:00,1\n");
  EXPECT_EQ(errorOf(s), s.path +
                            ":5: timestamp: '2024-01-01 00:01:00' is not after the previous "
                            "row's time (line 3)");
  s = spec("bad8.csv", head +
                           "2024-01-01 00:01:00,1\n2024-01-01 00:02:00,1\n"
                           "2024-01-01 00:02:30,1\n");
  EXPECT_EQ(errorOf(s), s.path +
                            ":5: timestamp: only 30s after the previous row (line 4), but "
                            "rows are 1m apart; set interval if the detected one is wrong");
  s = spec("bad9.csv", "time,count\nyesterday,1\n");
  EXPECT_NE(errorOf(s).find(":2: timestamp: cannot tell the format of 'yesterday'"),
            std::string::npos)
      << errorOf(s);
  s = spec("bad10.csv", "time,count\n");
  EXPECT_EQ(errorOf(s), s.path + ":1: the file has no data rows");
  s = spec("bad11.csv", "time,count\n2024-01-01 00:00:00,1\n");
  EXPECT_EQ(errorOf(s), s.path + ":2: one row is not enough to detect the interval; set interval");
  CountCsvSpec missing;
  missing.path = (dir_ / "missing.csv").string();
  EXPECT_EQ(errorOf(missing).rfind(missing.path + ": cannot open the file", 0), 0u);
}

TEST_F(CountCsvTest, SameSeedSamePositionsOtherSeedOther) {
  CountCsvSpec s = spec("seed.csv", "0,50\n1,50\n");
  s.interval = kSecond;
  CountCsvSource a(s, 0, Rng(9));
  CountCsvSource b(s, 0, Rng(9));
  CountCsvSource c(s, 0, Rng(10));
  const auto ra = drain(a);
  const auto rb = drain(b);
  const auto rc = drain(c);
  ASSERT_EQ(ra.size(), 100u);
  ASSERT_EQ(rc.size(), 100u);
  int differ = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    ASSERT_EQ(ra[i].arrival, rb[i].arrival);
    differ += ra[i].arrival != rc[i].arrival ? 1 : 0;
  }
  EXPECT_GT(differ, 90);
}

TEST(CountCsvNasa, LoadsTheNasaTraceWithItsRealGap) {
  const std::string path = SHADOWSCALE_SHARED_DIR "/traces/nasa-http-1995-per-minute.csv";
  if (!fs::exists(path)) {
    GTEST_SKIP() << path << " is absent";
  }
  CountCsvSpec s;
  s.path = path;
  s.utc_offset = -4 * kHour;
  CountCsvSource source(s, 0, Rng(11));
  EXPECT_TRUE(source.hadHeader());
  EXPECT_EQ(source.timeFormat(), CountTimeFormat::kCivil);
  EXPECT_EQ(source.rows(), 87015u);
  EXPECT_EQ(source.interval(), kMinute);
  EXPECT_EQ(source.epoch(), utc(1995, 7, 1, 4));  // 00:00 at UTC-4
  EXPECT_EQ(source.duration(), 62 * kDay);        // July and August
  EXPECT_EQ(source.totalCount(), 3461602.0);
  // Hurricane Erin: no rows from 1995-08-01 14:52 to 1995-08-03 04:36 (local time).
  ASSERT_EQ(source.gaps().size(), 1u);
  const TrafficGap gap = source.gaps()[0];
  EXPECT_EQ(gap.start, 31 * kDay + 14 * kHour + 52 * kMinute);
  EXPECT_EQ(gap.end, 33 * kDay + 4 * kHour + 37 * kMinute);
  EXPECT_TRUE(std::isnan(source.expectedRate(32 * kDay)));

  // Every minute gets exactly its count.
  std::map<TimeNs, double> per_minute;
  {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
      double c = 0;
      ASSERT_EQ(std::sscanf(line.c_str(), "%d-%d-%d %d:%d:%d,%lf", &y, &mo, &d, &h, &mi, &sec, &c),
                7);
      per_minute[utc(y, mo, d, h, mi, sec) + 4 * kHour - source.epoch()] = c;
    }
  }
  std::map<TimeNs, double> emitted;
  std::vector<Request> buf(8192);
  std::size_t total = 0;
  for (std::size_t n; (n = source.next(kNever, buf)) > 0;) {
    total += n;
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_FALSE(buf[i].arrival >= gap.start && buf[i].arrival < gap.end);
      emitted[buf[i].arrival / kMinute * kMinute] += 1;
    }
  }
  EXPECT_EQ(total, 3461602u);
  for (const auto& [minute, count] : per_minute) {
    const auto it = emitted.find(minute);
    ASSERT_EQ(it == emitted.end() ? 0.0 : it->second, count) << "minute " << minute / kMinute;
  }
}

}  // namespace
}  // namespace shadowscale
