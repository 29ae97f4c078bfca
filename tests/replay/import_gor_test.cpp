// The GoReplay importer: payloads, their timestamps, responses paired by id.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/input_error.h"
#include "replay/capture_reader.h"
#include "replay/import_gor.h"
#include "replay/import_input.h"
#include "replay/import_pipeline.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

const std::string kSep(kGorSeparator);

std::string payload(char type, const std::string& id, std::int64_t ts, const std::string& http,
                    const std::string& latency = "") {
  std::string p = std::string(1, type) + " " + id + " " + std::to_string(ts);
  if (!latency.empty()) {
    p += " " + latency;
  }
  return p + "\n" + http + kSep;
}

// A fresh folder per test, removed afterwards.
class ImportGorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("shadowscale-import-gor-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& text) {
    const std::string p = (dir_ / "requests.gor").string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::string out() const { return (dir_ / "out.capture").string(); }

  std::vector<capture::CaptureRecord> import(const std::string& text, ImportOptions options,
                                             std::vector<TimeNs>* at = nullptr,
                                             ImportResult* result = nullptr) {
    options.format = ImportFormat::kGor;
    const ImportResult r = importCapture(write(text), out(), options);
    if (result != nullptr) {
      *result = r;
    }
    CaptureReader reader(out());
    std::vector<capture::CaptureRecord> records;
    capture::CaptureRecord rec;
    while (reader.next(rec)) {
      if (at != nullptr) {
        at->push_back(reader.header().start_unix_ns() + rec.arrival_ns());
      }
      records.push_back(rec);
    }
    return records;
  }

  fs::path dir_;
};

constexpr std::int64_t kT0 = 1494484402175045713;

TEST_F(ImportGorTest, RequestsKeepTheirNanosecondTimestampsAndFields) {
  const std::string gor =
      payload('1', "8e091765ae902fef8a2b7d9dd960e9d52222bd8d", kT0,
              "GET /users/42?tab=posts HTTP/1.1\r\nHost: api.example.com\r\n"
              "User-Agent: Go-http-client/1.1\r\nX-Trace: abc\r\n\r\n") +
      payload('1', "ffffffffffffffffffffffffffffffffffffffff", kT0 + 1234,
              "POST /checkout HTTP/1.1\r\nHost: api.example.com\r\nContent-Type: "
              "application/json\r\nContent-Length: 13\r\n\r\n{\"cart\":[1]}\n");
  std::vector<TimeNs> at;
  const auto records = import(gor, {}, &at);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(at[0], kT0);
  EXPECT_EQ(at[1], kT0 + 1234);
  EXPECT_EQ(records[0].method(), "GET");
  EXPECT_EQ(records[0].path(), "/users/42?tab=posts");
  EXPECT_EQ(records[0].route(), "/users/{id}");
  EXPECT_EQ(records[0].protocol(), "HTTP/1.1");
  // Only the selected headers: X-Trace is not among them.
  ASSERT_EQ(records[0].headers_size(), 2);
  EXPECT_EQ(records[0].headers(0).name(), "host");
  EXPECT_EQ(records[0].headers(1).name(), "user-agent");
  EXPECT_EQ(records[0].body_size(), 0u);
  EXPECT_EQ(records[1].body_size(), 13u);
  EXPECT_EQ(records[1].body(), "");  // not kept unless asked
  EXPECT_NE(records[1].body_hash(), 0u);
}

TEST_F(ImportGorTest, KeptHeadersAndBodiesWhenAsked) {
  const std::string gor = payload('1', "a1", kT0, "POST /x HTTP/1.1\r\nX-Trace: abc\r\n\r\nhello");
  ImportOptions options;
  options.keep_headers = {"X-Trace"};
  options.writer.keep_body = true;
  const auto records = import(gor, options);
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(records[0].headers_size(), 1);
  EXPECT_EQ(records[0].headers(0).value(), "abc");
  EXPECT_EQ(records[0].body(), "hello");
}

TEST_F(ImportGorTest, ResponsesGiveStatusLatencyAndSize) {
  const std::string gor =
      payload('1', "r1", kT0, "GET /a HTTP/1.1\r\n\r\n") +
      payload('1', "r2", kT0 + 10, "GET /b HTTP/1.1\r\n\r\n") +
      payload('2', "r2", kT0 + 5000, "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnope",
              "4990") +
      payload('2', "r1", kT0 + 9000, "HTTP/1.1 200 OK\r\n\r\nok") +
      payload('3', "r1", kT0 + 20000, "HTTP/1.1 500 Replayed\r\n\r\n");
  ImportResult result;
  const auto records = import(gor, {}, nullptr, &result);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].path(), "/a");
  EXPECT_EQ(records[0].status(), 200u);
  EXPECT_EQ(records[0].latency_ns(), 9000);  // from the timestamps: no latency field
  EXPECT_EQ(records[0].response_bytes(), 2u);
  EXPECT_EQ(records[1].status(), 404u);
  EXPECT_EQ(records[1].latency_ns(), 4990);  // the recorded round trip
  EXPECT_EQ(records[1].response_bytes(), 4u);
  EXPECT_EQ(result.records, 2u);
  EXPECT_EQ(result.skipped, 3u);  // two responses and the replayed response
}

TEST_F(ImportGorTest, BadPayloadsAreReportedByLineAndBudgeted) {
  const std::string gor = payload('1', "ok1", kT0, "GET /a HTTP/1.1\r\nHost: h\r\n\r\n") +
                          payload('9', "x", kT0, "GET /b HTTP/1.1\r\n\r\n") +
                          "1 nots ts\nGET /c HTTP/1.1\r\n\r\n" + kSep +
                          payload('1', "ok2", kT0 + 1, "get-this /d\r\n\r\n");
  ImportOptions options;
  options.max_bad = 3;
  std::vector<ImportBadLine> bad;
  options.on_bad_line = [&](const ImportBadLine& b) { bad.push_back(b); };
  const auto records = import(gor, options);
  EXPECT_EQ(records.size(), 1u);
  ASSERT_EQ(bad.size(), 3u);
  // Each payload spans its meta line, its HTTP lines and the separator's two lines.
  EXPECT_EQ(bad[0].line, 7);
  EXPECT_EQ(bad[1].line, 12);
  EXPECT_EQ(bad[2].line, 17);
  fs::remove(out());
  options.max_bad = 2;
  EXPECT_THROW(import(gor, options), InputError);
  EXPECT_FALSE(fs::exists(out()));
}

TEST_F(ImportGorTest, SeparatorSplitAcrossReadChunksIsFound) {
  std::string gor;
  for (int i = 0; i < 50; ++i) {
    gor += payload('1', "id" + std::to_string(i), kT0 + i,
                   "GET /item/" + std::to_string(i) + " HTTP/1.1\r\n\r\n");
  }
  const std::string file = write(gor);
  // Chunk sizes that cut the separator at every possible byte.
  for (std::size_t chunk = 16; chunk < 40; ++chunk) {
    ImportInput input(file, chunk);
    std::string_view record;
    int n = 0;
    while (input.nextRecord(kGorSeparator, record)) {
      GorPayload p;
      ASSERT_NO_THROW(parseGorPayload(record, p)) << "chunk " << chunk << " record " << n;
      EXPECT_EQ(p.timestamp, kT0 + n);
      ++n;
    }
    EXPECT_EQ(n, 50) << "chunk " << chunk;
  }
}

TEST(ParseHttpRequest, RejectsWhatIsNotAnHttpRequest) {
  capture::CaptureRecord r;
  const auto all = [](std::string_view) { return true; };
  EXPECT_NO_THROW(parseHttpRequest("GET / HTTP/1.1\r\n\r\n", all, r));
  EXPECT_THROW(parseHttpRequest("", all, r), InputError);
  EXPECT_THROW(parseHttpRequest("GET /\r\n\r\n", all, r), InputError);
  EXPECT_THROW(parseHttpRequest("GET / SPDY/3\r\n\r\n", all, r), InputError);
  EXPECT_THROW(parseHttpRequest("GET / HTTP/1.1\r\nno colon here\r\n\r\n", all, r), InputError);
}

}  // namespace
}  // namespace shadowscale
