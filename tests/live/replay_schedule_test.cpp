#include "live/replay_schedule.h"

#include <gtest/gtest.h>

#include "core/input_error.h"
#include "tests/support/capture_files.h"

namespace shadowscale {
namespace {

using testing::at;
using testing::TempPath;
using testing::TestRecord;
using testing::writeTestCapture;

std::vector<ReplayRequest> all(ReplaySchedule& s) {
  std::vector<ReplayRequest> out;
  ReplayRequest r;
  while (s.next(r)) {
    out.push_back(r);
  }
  return out;
}

TEST(ReplaySchedule, RequestsComeAtTheirTimesFromTheEarliestDividedByTheSpeed) {
  TempPath file("speed.capture");
  writeTestCapture(file.str(),
                   {at(5 * kSecond, "/a"), at(7 * kSecond, "/b"), at(15 * kSecond, "/c")});
  ReplaySchedule s(file.str(), 10.0);
  EXPECT_EQ(s.total(), 3u);
  EXPECT_EQ(s.length(), kSecond);  // 10 s of capture at 10x
  EXPECT_EQ(s.nextDue(), 0);
  const auto r = all(s);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].due, 0);
  EXPECT_EQ(r[1].due, 200 * kMillisecond);
  EXPECT_EQ(r[2].due, kSecond);
  EXPECT_EQ(r[2].target, "/c");
  EXPECT_EQ(s.nextDue(), kNever);
}

TEST(ReplaySchedule, SortsRecordsWithinTheReorderWindowAndSendsLaterOnesAtOnce) {
  TempPath file("order.capture");
  writeTestCapture(file.str(), {at(10 * kSecond, "/a"), at(2 * kSecond, "/b"),  // 8 s early: sorted
                                at(200 * kSecond, "/c"), at(20 * kSecond, "/d")});  // 3 min late
  ReplaySchedule s(file.str(), 1.0, kMinute);
  const auto r = all(s);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].target, "/b");
  EXPECT_EQ(r[0].due, 0);
  EXPECT_EQ(r[1].target, "/a");
  EXPECT_EQ(r[1].due, 8 * kSecond);
  EXPECT_EQ(r[2].target, "/d");  // read before /c was handed out: still in order
  EXPECT_EQ(r[3].target, "/c");
  EXPECT_EQ(s.late(), 0u);
}

TEST(ReplaySchedule, ARecordBeyondTheWindowGoesOutAtOnceAndIsCounted) {
  TempPath file("late.capture");
  std::vector<TestRecord> records;
  for (int i = 0; i < 5; ++i) {
    std::string path = "/";
    path += std::to_string(i);  // (GCC 12 warns falsely about "/" + std::to_string(i))
    records.push_back(at(i * kMinute, path));
  }
  records.push_back(at(30 * kSecond, "/late"));  // 3.5 min after its time
  writeTestCapture(file.str(), records);
  ReplaySchedule s(file.str(), 1.0, kMinute);
  const auto r = all(s);
  ASSERT_EQ(r.size(), 6u);
  EXPECT_EQ(s.late(), 1u);
  for (std::size_t i = 1; i < r.size(); ++i) {
    EXPECT_GE(r[i].due, r[i - 1].due) << i;  // never back in time
  }
}

TEST(ReplaySchedule, LeavesOutMirrorCopiesAndHeadersNotToSendAgain) {
  TempPath file("headers.capture");
  TestRecord post = at(0, "/checkout?x=1");
  post.method = "POST";
  post.body = "{\"cart\":7}";
  post.headers = {{"content-type", "application/json"},
                  {"authorization", "Bearer secret"},
                  {"connection", "close"},
                  {"host", "shop.example"}};
  writeTestCapture(file.str(), {post, at(kSecond, "/copy", true)});
  ReplaySchedule s(file.str(), 1.0);
  EXPECT_EQ(s.total(), 1u);
  const auto r = all(s);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].method, "POST");
  EXPECT_EQ(r[0].target, "/checkout?x=1");
  EXPECT_EQ(r[0].body, "{\"cart\":7}");
  ASSERT_EQ(r[0].headers.size(), 1u);  // authorization was redacted; the others are per hop
  EXPECT_EQ(r[0].headers[0].first, "content-type");
}

TEST(ReplaySchedule, RefusesABadSpeedAndAFileThatIsNoCapture) {
  TempPath file("ok.capture");
  writeTestCapture(file.str(), {at(0, "/")});
  EXPECT_THROW(ReplaySchedule(file.str(), 0.0), InputError);
  EXPECT_THROW(ReplaySchedule(file.str(), -2.0), InputError);
  TempPath text("not.capture");
  FILE* f = std::fopen(text.str().c_str(), "w");
  std::fputs("GET / HTTP/1.1\n", f);
  std::fclose(f);
  try {
    ReplaySchedule bad(text.str(), 1.0);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(text.str()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace shadowscale
