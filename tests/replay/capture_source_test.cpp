// Replaying a capture through the simulator: pacing, speed-up, looping, rate scaling, routes.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/input_error.h"
#include "core/rng.h"
#include "replay/capture_source.h"
#include "replay/capture_writer.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

constexpr TimeNs kStart = 1700000000 * kSecond;

// One request to write: when (relative to the header start), what.
struct Spec {
  TimeNs at;
  std::string method = "GET";
  std::string route = "/";
  bool mirror = false;
};

// A fresh folder per test, removed afterwards; writes captures from specs.
class CaptureSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("shadowscale-capture-source-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string capture(const std::vector<Spec>& specs, const std::string& name = "c.capture") {
    const std::string file = (dir_ / name).string();
    capture::CaptureHeader header;
    header.set_start_unix_ns(kStart);
    CaptureWriter w(file, header);
    for (const Spec& s : specs) {
      capture::CaptureRecord r;
      r.set_arrival_ns(s.at);
      r.set_method(s.method);
      r.set_path(s.route);
      r.set_route(s.route);
      r.set_mirror(s.mirror);
      w.write(r);
    }
    return file;
  }

  std::vector<Spec> evenly(int n, TimeNs gap, TimeNs first = 0) {
    std::vector<Spec> specs;
    for (int i = 0; i < n; ++i) {
      specs.push_back({first + i * gap});
    }
    return specs;
  }

  fs::path dir_;
};

// Everything the source hands out before `until`, in batches of `batch`.
std::vector<Request> drain(TrafficSource& source, TimeNs until = kNever, std::size_t batch = 64) {
  std::vector<Request> all;
  std::vector<Request> buf(batch);
  for (;;) {
    const std::size_t n = source.next(until, buf);
    if (n == 0) {
      break;
    }
    all.insert(all.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return all;
}

std::vector<TimeNs> times(const std::vector<Request>& rs) {
  std::vector<TimeNs> t;
  for (const Request& r : rs) {
    t.push_back(r.arrival);
  }
  return t;
}

TEST_F(CaptureSourceTest, ArrivalsKeepTheirOriginalSpacingFromTimeZero) {
  const std::string file =
      capture({{5 * kSecond}, {6 * kSecond}, {6500 * kMillisecond}, {8 * kSecond}});
  CaptureSource source(file, {}, {}, Rng(1));
  EXPECT_EQ(source.records(), 4u);
  EXPECT_EQ(source.epoch(), kStart + 5 * kSecond);  // run time 0 = the first record
  EXPECT_EQ(source.period(), 4 * kSecond);          // 3 s span + one mean gap of 1 s
  EXPECT_EQ(source.duration(), 4 * kSecond);
  EXPECT_TRUE(std::isnan(source.expectedRate(0)));
  EXPECT_EQ(times(drain(source)),
            (std::vector<TimeNs>{0, kSecond, 1500 * kMillisecond, 3 * kSecond}));
}

TEST_F(CaptureSourceTest, NextStopsBeforeUntilAndResumes) {
  const std::string file = capture(evenly(10, kSecond));
  CaptureSource source(file, {}, {}, Rng(1));
  std::vector<Request> buf(100);
  EXPECT_EQ(source.next(0, buf), 0u);
  EXPECT_EQ(source.next(3 * kSecond, buf), 3u);  // 0, 1, 2 s: arrival < until
  EXPECT_EQ(buf[2].arrival, 2 * kSecond);
  EXPECT_EQ(source.next(3 * kSecond, buf), 0u);
  EXPECT_EQ(source.next(kNever, buf), 7u);
  EXPECT_EQ(buf[0].arrival, 3 * kSecond);
}

TEST_F(CaptureSourceTest, BatchSizeDoesNotChangeTheRequests) {
  const std::string file = capture(evenly(200, 37 * kMillisecond));
  CaptureSource a(file, {}, {}, Rng(1));
  CaptureSource b(file, {}, {}, Rng(1));
  EXPECT_EQ(times(drain(a, kNever, 1)), times(drain(b, kNever, 1000)));
}

TEST_F(CaptureSourceTest, SpeedUpCompressesTime) {
  const std::string file = capture(evenly(5, kSecond));
  CaptureReplayOptions options;
  options.speed = 4;
  CaptureSource source(file, {}, options, Rng(1));
  EXPECT_EQ(source.duration(), 5 * kSecond / 4);
  EXPECT_EQ(times(drain(source)), (std::vector<TimeNs>{0, 250 * kMillisecond, 500 * kMillisecond,
                                                       750 * kMillisecond, kSecond}));
}

TEST_F(CaptureSourceTest, LoopingRepeatsThePassAfterOnePeriod) {
  const std::string file = capture({{0}, {kSecond}, {3 * kSecond}});
  CaptureReplayOptions options;
  options.loop = 2;
  CaptureSource source(file, {}, options, Rng(1));
  // Period: 3 s span + a mean gap of 1.5 s.
  EXPECT_EQ(source.period(), 4500 * kMillisecond);
  EXPECT_EQ(source.duration(), 9 * kSecond);
  EXPECT_EQ(times(drain(source)), (std::vector<TimeNs>{0, kSecond, 3 * kSecond, 4500 * kMillisecond,
                                                       5500 * kMillisecond, 7500 * kMillisecond}));
}

TEST_F(CaptureSourceTest, FractionalLoopCutsTheLastPassAndCombinesWithSpeed) {
  const std::string file = capture(evenly(4, kSecond));  // period 4 s
  CaptureReplayOptions options;
  options.loop = 1.5;
  options.speed = 2;
  CaptureSource source(file, {}, options, Rng(1));
  EXPECT_EQ(source.duration(), 3 * kSecond);
  EXPECT_EQ(times(drain(source)),
            (std::vector<TimeNs>{0, 500 * kMillisecond, kSecond, 1500 * kMillisecond, 2 * kSecond,
                                 2500 * kMillisecond}));
}

TEST_F(CaptureSourceTest, LoopUntilFillsTheRunTime) {
  const std::string file = capture(evenly(4, kSecond));  // period 4 s
  CaptureReplayOptions options;
  options.loop_until = 10 * kSecond;
  CaptureSource source(file, {}, options, Rng(1));
  EXPECT_EQ(source.duration(), 10 * kSecond);
  const auto out = times(drain(source));
  ASSERT_EQ(out.size(), 10u);
  EXPECT_EQ(out.back(), 9 * kSecond);
  // Never less than one whole pass.
  options.loop_until = kSecond;
  CaptureSource short_run(file, {}, options, Rng(1));
  EXPECT_EQ(drain(short_run).size(), 4u);
}

TEST_F(CaptureSourceTest, RateBelowOneKeepsEachRequestWithThatProbability) {
  const std::string file = capture(evenly(10000, 10 * kMillisecond));
  CaptureReplayOptions options;
  options.rate_multiplier = 0.3;
  CaptureSource a(file, {}, options, Rng(7));
  const auto kept = times(drain(a));
  // Binomial(10000, 0.3): sd 46, so 5 sd either side.
  EXPECT_GT(kept.size(), 2770u);
  EXPECT_LT(kept.size(), 3230u);
  EXPECT_EQ(a.stats().dropped + kept.size(), 10000u);
  EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
  // Every kept request is at an original time.
  for (TimeNs t : kept) {
    ASSERT_EQ(t % (10 * kMillisecond), 0);
  }
  CaptureSource same(file, {}, options, Rng(7));
  EXPECT_EQ(times(drain(same)), kept);
  CaptureSource other(file, {}, options, Rng(8));
  EXPECT_NE(times(drain(other)), kept);
}

TEST_F(CaptureSourceTest, RateAboveOneAddsJitteredCopiesInOrder) {
  const std::string file = capture(evenly(4000, 100 * kMillisecond));
  CaptureReplayOptions options;
  options.rate_multiplier = 2.5;
  options.duplicate_jitter = 50 * kMillisecond;
  CaptureSource source(file, {}, options, Rng(3));
  const auto out = times(drain(source));
  EXPECT_GT(out.size(), 9800u);
  EXPECT_LT(out.size(), 10200u);
  EXPECT_TRUE(std::is_sorted(out.begin(), out.end()));
  EXPECT_EQ(source.stats().copies + 4000, out.size());
  // Copies land within the jitter after their original: never more than 50 ms past a 100 ms
  // grid point.
  for (TimeNs t : out) {
    ASSERT_LT(t % (100 * kMillisecond), 50 * kMillisecond);
  }
  CaptureSource again(file, {}, options, Rng(3));
  EXPECT_EQ(times(drain(again)), out);
}

TEST_F(CaptureSourceTest, RateZeroReplaysNothing) {
  const std::string file = capture(evenly(100, kSecond));
  CaptureReplayOptions options;
  options.rate_multiplier = 0;
  CaptureSource source(file, {}, options, Rng(1));
  EXPECT_TRUE(drain(source).empty());
}

TEST_F(CaptureSourceTest, OutOfOrderRecordsWithinTheWindowAreSorted) {
  // A log written in completion order: starts out of order by up to 3 s.
  const std::string file = capture({{10 * kSecond},
                                    {8 * kSecond},
                                    {12 * kSecond},
                                    {9 * kSecond},
                                    {14 * kSecond},
                                    {11 * kSecond}});
  CaptureSource source(file, {}, {}, Rng(1));
  EXPECT_EQ(source.epoch(), kStart + 8 * kSecond);
  const auto out = times(drain(source, kNever, 2));
  EXPECT_EQ(out,
            (std::vector<TimeNs>{0, kSecond, 2 * kSecond, 3 * kSecond, 4 * kSecond, 6 * kSecond}));
  EXPECT_EQ(source.stats().late, 0u);
}

TEST_F(CaptureSourceTest, RecordsLaterThanTheWindowGoOutAtOnceNeverBackwards) {
  std::vector<Spec> specs = evenly(100, kSecond);
  specs.push_back({5 * kSecond});  // 94 s late
  const std::string file = capture(specs);
  CaptureReplayOptions options;
  options.reorder_window = 10 * kSecond;
  CaptureSource source(file, {}, options, Rng(1));
  const auto out = times(drain(source, kNever, 7));
  ASSERT_EQ(out.size(), 101u);
  EXPECT_TRUE(std::is_sorted(out.begin(), out.end()));
  EXPECT_EQ(source.stats().late, 1u);
}

TEST_F(CaptureSourceTest, ArrivalsNeverGoBackwardsAcrossCalls) {
  std::vector<Spec> specs = evenly(50, kSecond);
  specs.push_back({2 * kSecond});  // late beyond the window below
  const std::string file = capture(specs);
  CaptureReplayOptions options;
  options.reorder_window = 5 * kSecond;
  CaptureSource source(file, {}, options, Rng(1));
  std::vector<Request> buf(16);
  TimeNs last = -1;
  for (TimeNs until = kSecond; until <= 60 * kSecond; until += kSecond) {
    std::size_t n;
    while ((n = source.next(until, buf)) > 0) {
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_GE(buf[i].arrival, last);
        ASSERT_GE(buf[i].arrival, until - kSecond) << "handed out behind an earlier call";
        ASSERT_LT(buf[i].arrival, until);
        last = buf[i].arrival;
      }
    }
  }
  EXPECT_EQ(source.stats().emitted, 51u);
}

TEST_F(CaptureSourceTest, RoutesMatchMethodAndTemplateThenTheBareRouteElseZero) {
  const std::string file = capture({{0, "POST", "/checkout"},
                                    {1, "GET", "/checkout"},
                                    {2, "GET", "/users/{id}"},
                                    {3, "DELETE", "/users/{id}"},
                                    {4, "GET", "search"},
                                    {5, "GET", "/unknown"}});
  // Request.route r >= 1 names routes[r - 1]; 0 is the default route.
  CaptureSource source(file, {"POST /checkout", "/users/{id}", "GET /users/{id}", "search"}, {},
                       Rng(1));
  const auto out = drain(source);
  ASSERT_EQ(out.size(), 6u);
  EXPECT_EQ(out[0].route, 1u);
  EXPECT_EQ(out[1].route, 0u);
  EXPECT_EQ(out[2].route, 3u);  // "GET /users/{id}" before the bare "/users/{id}"
  EXPECT_EQ(out[3].route, 2u);
  EXPECT_EQ(out[4].route, 4u);
  EXPECT_EQ(out[5].route, 0u);
}

TEST_F(CaptureSourceTest, MirrorCopiesAreSkippedUnlessAsked) {
  const std::string file = capture({{0}, {1, "GET", "/", true}, {2}});
  CaptureSource plain(file, {}, {}, Rng(1));
  EXPECT_EQ(drain(plain).size(), 2u);
  EXPECT_EQ(plain.stats().mirror_skipped, 1u);
  CaptureReplayOptions options;
  options.include_mirror_copies = true;
  CaptureSource all(file, {}, options, Rng(1));
  EXPECT_EQ(drain(all).size(), 3u);
}

TEST_F(CaptureSourceTest, ATornCaptureReplaysItsCompleteRecords) {
  const std::string file = capture(evenly(20, kSecond));
  fs::resize_file(file, fs::file_size(file) - 3);
  CaptureSource source(file, {}, {}, Rng(1));
  ASSERT_TRUE(source.tornTail().has_value());
  EXPECT_EQ(source.records(), 19u);
  EXPECT_EQ(drain(source).size(), 19u);
}

TEST_F(CaptureSourceTest, MemoryIsBoundedByTheWindowNotTheFile) {
  const std::string file = capture(evenly(50000, 10 * kMillisecond));
  CaptureReplayOptions options;
  options.reorder_window = 5 * kSecond;
  options.chunk_bytes = 4096;
  CaptureSource source(file, {}, options, Rng(1));
  std::vector<Request> buf(256);
  std::size_t most = 0;
  std::size_t total = 0;
  std::size_t n;
  while ((n = source.next(kNever, buf)) > 0) {
    most = std::max(most, source.pending());
    total += n;
  }
  EXPECT_EQ(total, 50000u);
  EXPECT_LE(most, 502u + 256u);  // 5 s of requests at 100/s, plus one batch
}

TEST_F(CaptureSourceTest, LongSilencesAreListedAsGapsInEveryPass) {
  const std::string file = capture({{0}, {kSecond}, {31 * kSecond}, {32 * kSecond}});
  CaptureReplayOptions options;
  options.min_gap = 10 * kSecond;
  options.loop = 2;
  CaptureSource source(file, {}, options, Rng(1));
  ASSERT_EQ(source.gaps().size(), 2u);
  EXPECT_EQ(source.gaps()[0].start, kSecond);
  EXPECT_EQ(source.gaps()[0].end, 31 * kSecond);
  EXPECT_EQ(source.gaps()[1].start, source.period() + kSecond);
}

TEST_F(CaptureSourceTest, BadOptionsAndFilesAreRefused) {
  const std::string file = capture(evenly(3, kSecond));
  CaptureReplayOptions options;
  options.speed = 0;
  EXPECT_THROW(CaptureSource(file, {}, options, Rng(1)), InputError);
  options = {};
  options.loop = 0.5;
  EXPECT_THROW(CaptureSource(file, {}, options, Rng(1)), InputError);
  options = {};
  options.rate_multiplier = -1;
  EXPECT_THROW(CaptureSource(file, {}, options, Rng(1)), InputError);
  EXPECT_THROW(CaptureSource((dir_ / "missing").string(), {}, {}, Rng(1)), InputError);
}

TEST_F(CaptureSourceTest, AnEmptyCaptureReplaysNothing) {
  const std::string file = capture({});
  CaptureSource source(file, {}, {}, Rng(1));
  EXPECT_EQ(source.records(), 0u);
  EXPECT_TRUE(drain(source).empty());
}

TEST(DecodeCaptureRecordKey, ReadsTheFieldsTheFullParserReads) {
  capture::CaptureRecord r;
  r.set_arrival_ns(-123456789);
  r.set_method("PATCH");
  r.set_route("/a/{id}");
  r.set_path("/a/1?x=y");
  r.set_mirror(true);
  r.set_body_hash(42);
  r.set_status(201);
  r.add_headers()->set_name("host");
  const std::string bytes = r.SerializeAsString();
  CaptureRecordKey key;
  ASSERT_TRUE(decodeCaptureRecordKey(bytes, key));
  EXPECT_EQ(key.arrival_ns, -123456789);
  EXPECT_EQ(key.method, "PATCH");
  EXPECT_EQ(key.route, "/a/{id}");
  EXPECT_TRUE(key.mirror);
  EXPECT_FALSE(decodeCaptureRecordKey(bytes.substr(0, bytes.size() - 1), key));
}

}  // namespace
}  // namespace shadowscale
