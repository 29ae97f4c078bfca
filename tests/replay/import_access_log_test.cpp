// Access-log importers: NCSA Common and Combined, NGINX log_format, bad lines, UTC.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/calendar.h"
#include "core/input_error.h"
#include "replay/capture_reader.h"
#include "replay/import_access_log.h"
#include "replay/import_pipeline.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

TimeNs utc(int y, int mo, int d, int h, int mi, int s) {
  return daysFromCivil(y, mo, d) * kDay + h * kHour + mi * kMinute + s * kSecond;
}

// A fresh folder per test, removed afterwards; helpers to import and read back.
class ImportAccessLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("shadowscale-import-log-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::string out() const { return (dir_ / "out.capture").string(); }

  // Absolute arrival times and records of a capture.
  std::vector<capture::CaptureRecord> read(const std::string& file,
                                           std::vector<TimeNs>* arrivals = nullptr,
                                           capture::CaptureHeader* header = nullptr) {
    CaptureReader reader(file);
    if (header != nullptr) {
      *header = reader.header();
    }
    std::vector<capture::CaptureRecord> records;
    capture::CaptureRecord r;
    while (reader.next(r)) {
      if (arrivals != nullptr) {
        arrivals->push_back(reader.header().start_unix_ns() + r.arrival_ns());
      }
      records.push_back(r);
    }
    return records;
  }

  std::size_t filesInDir() const {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }

  fs::path dir_;
};

// The first lines of the NASA Kennedy Space Center log of July 1995 (Common Log Format).
constexpr const char* kNasa =
    "199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \"GET /history/apollo/ HTTP/1.0\" 200 6245\n"
    "unicomp6.unicomp.net - - [01/Jul/1995:00:00:06 -0400] \"GET /shuttle/countdown/ HTTP/1.0\" "
    "200 3985\n"
    "burger.letters.com - - [01/Jul/1995:00:00:12 -0400] \"GET /images/NASA-logosmall.gif "
    "HTTP/1.0\" 304 0\n"
    "205.212.115.106 - - [01/Jul/1995:00:00:12 -0400] \"GET /shuttle/countdown/countdown.html "
    "HTTP/1.0\" 200 3985\n"
    "d104.aa.net - - [01/Jul/1995:00:00:13 -0400] \"GET /shuttle/countdown/ HTTP/1.0\" 200 -\n";

TEST_F(ImportAccessLogTest, CommonLogFormatGivesUtcTimesAndEveryField) {
  ImportOptions options;
  options.format = ImportFormat::kClf;
  const ImportResult result = importCapture(write("nasa.log", kNasa), out(), options);
  EXPECT_EQ(result.lines, 5u);
  EXPECT_EQ(result.records, 5u);
  EXPECT_EQ(result.bad_lines, 0u);

  std::vector<TimeNs> at;
  capture::CaptureHeader header;
  const auto records = read(out(), &at, &header);
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(header.source_format(), "clf");
  EXPECT_NE(header.source().find("nasa.log"), std::string::npos);
  EXPECT_EQ(header.start_unix_ns(), utc(1995, 7, 1, 4, 0, 1));
  // -0400 local midnight is 04:00 UTC. One request in a second sits at its middle; two share it
  // at the quarters.
  EXPECT_EQ(at[0], utc(1995, 7, 1, 4, 0, 1) + 500 * kMillisecond);
  EXPECT_EQ(at[1], utc(1995, 7, 1, 4, 0, 6) + 500 * kMillisecond);
  EXPECT_EQ(at[2], utc(1995, 7, 1, 4, 0, 12) + 250 * kMillisecond);
  EXPECT_EQ(at[3], utc(1995, 7, 1, 4, 0, 12) + 750 * kMillisecond);
  EXPECT_EQ(result.first_unix_ns, at[0]);
  EXPECT_EQ(result.last_unix_ns, at[4]);

  EXPECT_EQ(records[0].method(), "GET");
  EXPECT_EQ(records[0].path(), "/history/apollo/");
  EXPECT_EQ(records[0].route(), "/history/apollo/");
  EXPECT_EQ(records[0].protocol(), "HTTP/1.0");
  EXPECT_EQ(records[0].status(), 200u);
  EXPECT_EQ(records[0].response_bytes(), 6245u);
  EXPECT_EQ(records[2].status(), 304u);
  EXPECT_EQ(records[4].response_bytes(), 0u);  // "-"
  EXPECT_FALSE(records[0].has_latency_ns());
  EXPECT_EQ(records[0].headers_size(), 0);
}

TEST_F(ImportAccessLogTest, SpreadingCanBeTurnedOff) {
  ImportOptions options;
  options.format = ImportFormat::kClf;
  options.spread_within_second = false;
  importCapture(write("nasa.log", kNasa), out(), options);
  std::vector<TimeNs> at;
  read(out(), &at);
  ASSERT_EQ(at.size(), 5u);
  EXPECT_EQ(at[2], utc(1995, 7, 1, 4, 0, 12));
  EXPECT_EQ(at[3], utc(1995, 7, 1, 4, 0, 12));
}

TEST_F(ImportAccessLogTest, CombinedFormatKeepsRefererAndUserAgent) {
  const std::string log =
      "10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif?x=1 HTTP/1.0\" 200 2326 "
      "\"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"\n"
      "10.0.0.2 - - [10/Oct/2000:13:55:37 -0700] \"POST /users/17/orders HTTP/1.1\" 201 15 \"-\" "
      "\"curl/8.0\"\n";
  ImportOptions options;
  options.format = ImportFormat::kCombined;
  importCapture(write("access.log", log), out(), options);
  std::vector<TimeNs> at;
  const auto records = read(out(), &at);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(at[0], utc(2000, 10, 10, 20, 55, 36) + 500 * kMillisecond);
  ASSERT_EQ(records[0].headers_size(), 2);
  EXPECT_EQ(records[0].headers(0).name(), "referer");
  EXPECT_EQ(records[0].headers(0).value(), "http://www.example.com/start.html");
  EXPECT_EQ(records[0].headers(1).name(), "user-agent");
  EXPECT_EQ(records[0].headers(1).value(), "Mozilla/4.08 [en] (Win98; I ;Nav)");
  EXPECT_EQ(records[0].route(), "/apache_pb.gif");
  EXPECT_EQ(records[0].path(), "/apache_pb.gif?x=1");
  // "-" is an absent referer, not a header with value "-".
  ASSERT_EQ(records[1].headers_size(), 1);
  EXPECT_EQ(records[1].headers(0).name(), "user-agent");
  EXPECT_EQ(records[1].method(), "POST");
  EXPECT_EQ(records[1].route(), "/users/{id}/orders");
}

TEST_F(ImportAccessLogTest, CommonFormatReadsCombinedLinesAndEscapedQuotes) {
  const std::string log =
      "h - - [10/Oct/2000:13:55:36 +0000] \"GET /a HTTP/1.0\" 200 1 \"ref\" \"ua\"\n"
      "h - - [10/Oct/2000:13:55:37 +0000] \"GET /say?q=\\\"hi\\\" HTTP/1.0\" 200 2\n";
  ImportOptions options;
  options.format = ImportFormat::kClf;
  const ImportResult result = importCapture(write("mixed.log", log), out(), options);
  EXPECT_EQ(result.bad_lines, 0u);
  const auto records = read(out());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].response_bytes(), 1u);
  EXPECT_EQ(records[1].path(), "/say?q=\\\"hi\\\"");
}

TEST_F(ImportAccessLogTest, BytesThatAreNotUtf8SurviveTheRoundTrip) {
  // Old logs hold Latin-1 user agents and undecoded paths; a capture keeps them as they are.
  const std::string log =
      "h - - [01/Jul/1995:00:00:01 -0400] \"GET /caf\xe9/men\xfc HTTP/1.0\" 200 1 \"-\" "
      "\"Mozilla/2.0 (compatible; \xc4rger)\"\n";
  ImportOptions options;
  options.format = ImportFormat::kCombined;
  importCapture(write("latin1.log", log), out(), options);
  const auto records = read(out());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].path(), "/caf\xe9/men\xfc");
  EXPECT_EQ(records[0].headers(0).value(), "Mozilla/2.0 (compatible; \xc4rger)");
}

TEST_F(ImportAccessLogTest, NginxFormatSubtractsRequestTimeFromTheLogTime) {
  // NGINX writes $time_local when the response ends: the request began $request_time earlier.
  const std::string format =
      "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
      "\"$http_referer\" \"$http_user_agent\" $request_time";
  const std::string log =
      "192.0.2.1 - - [01/Jul/1995:00:00:10 -0400] \"GET /api/items/99 HTTP/1.1\" 200 512 \"-\" "
      "\"k6/0.45\" 0.250\n"
      "192.0.2.2 - bob [01/Jul/1995:00:00:11 -0400] \"PUT /api/items/7 HTTP/1.1\" 204 0 "
      "\"https://app.example/x\" \"k6/0.45\" 1.500\n";
  ImportOptions options;
  options.format = ImportFormat::kNginx;
  options.nginx_format = format;
  importCapture(write("nginx.log", log), out(), options);
  std::vector<TimeNs> at;
  const auto records = read(out(), &at);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(at[0], utc(1995, 7, 1, 4, 0, 10) + 500 * kMillisecond - 250 * kMillisecond);
  EXPECT_EQ(at[1], utc(1995, 7, 1, 4, 0, 11) + 500 * kMillisecond - 1500 * kMillisecond);
  EXPECT_EQ(records[0].latency_ns(), 250 * kMillisecond);
  EXPECT_EQ(records[1].latency_ns(), 1500 * kMillisecond);
  EXPECT_EQ(records[1].method(), "PUT");
  EXPECT_EQ(records[1].status(), 204u);
  EXPECT_EQ(records[0].route(), "/api/items/{id}");
  ASSERT_EQ(records[1].headers_size(), 2);
  EXPECT_EQ(records[1].headers(0).name(), "referer");
  EXPECT_EQ(records[1].headers(1).name(), "user-agent");
}

TEST_F(ImportAccessLogTest, NginxFormatWithMsecUriArgsAndUpstream) {
  const std::string format =
      "$msec|$request_method|$uri|$args|$status|$request_length|$upstream_addr|"
      "$request_time|$sent_http_content_type";
  const std::string log =
      "1700000000.125|GET|/search|q=shoes|200|321|10.1.0.5:8080|0.025|text/html\n"
      "1700000000.500|POST|/checkout|-|500|1200|-|-|-\n";
  ImportOptions options;
  options.format = ImportFormat::kNginx;
  options.nginx_format = format;
  importCapture(write("nginx.log", log), out(), options);
  std::vector<TimeNs> at;
  const auto records = read(out(), &at);
  ASSERT_EQ(records.size(), 2u);
  // $msec has milliseconds: no spreading, only the request time is taken off.
  EXPECT_EQ(at[0], 1700000000 * kSecond + 100 * kMillisecond);
  EXPECT_EQ(at[1], 1700000000 * kSecond + 500 * kMillisecond);
  EXPECT_EQ(records[0].path(), "/search?q=shoes");
  EXPECT_EQ(records[0].request_bytes(), 321u);
  EXPECT_EQ(records[0].pool(), "10.1.0.5:8080");
  ASSERT_EQ(records[0].response_headers_size(), 1);
  EXPECT_EQ(records[0].response_headers(0).name(), "content-type");
  EXPECT_EQ(records[1].path(), "/checkout");
  EXPECT_FALSE(records[1].has_latency_ns());
  EXPECT_EQ(records[1].pool(), "");
}

TEST_F(ImportAccessLogTest, NginxFormatErrorsAreNamed) {
  EXPECT_THROW(AccessLogFormat::nginx("$status $body_bytes_sent"), InputError);
  EXPECT_THROW(AccessLogFormat::nginx("[$time_local] $status"), InputError);
  try {
    AccessLogFormat::nginx("[$time_local] $request$status");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("$request and $status have no text between them"),
              std::string::npos)
        << e.what();
  }
  ImportOptions options;
  options.format = ImportFormat::kNginx;
  EXPECT_THROW(importCapture(write("x.log", ""), out(), options), InputError);
}

TEST_F(ImportAccessLogTest, ParserSaysWhichFieldIsWrong) {
  AccessLogParser parser(AccessLogFormat::common());
  capture::CaptureRecord r;
  // The field of the InputError a line throws, with its problem, or "accepted".
  const auto error = [&](std::string_view line) {
    try {
      parser.parse(line, r);
    } catch (const InputError& e) {
      return e.field() + ": " + e.problem();
    }
    return std::string("accepted");
  };
  EXPECT_EQ(error("h - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 2x0 5"),
            "$status: expected a status code (got '2x0')");
  EXPECT_EQ(error("h - - [01/Jul/1995:00:00:01] \"GET / HTTP/1.0\" 200 5"),
            "$time_local: expected a time like 01/Jul/1995:00:00:01 -0400 (got "
            "'01/Jul/1995:00:00:01')");
  EXPECT_EQ(error("h - - [31/Jun/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 5"),
            "$time_local: day 31 is out of range: June 1995 has 30 days (got "
            "'31/Jun/1995:00:00:01 -0400')");
  EXPECT_EQ(error("h - - [01/Jul/1995:00:00:01 -0400] \"-\" 400 0"),
            "$request: no request line (got '-')");
  EXPECT_EQ(error("garbage"), "$remote_addr: the line ends before the ' ' that follows it");
  // HTTP/0.9 style request without a protocol.
  const AccessLogTime t = parser.parse("h - - [01/Jul/1995:00:00:01 -0400] \"GET /\" 200 5", r);
  EXPECT_EQ(r.path(), "/");
  EXPECT_EQ(r.protocol(), "");
  EXPECT_EQ(t.unix_ns, (daysFromCivil(1995, 7, 1) * kDay) + 4 * kHour + kSecond);
  EXPECT_TRUE(t.second_resolution);
  EXPECT_EQ(t.minus, 0);
}

TEST_F(ImportAccessLogTest, NginxTimesAreTheEndOfTheRequest) {
  AccessLogParser parser(AccessLogFormat::nginx("$msec \"$request\" $status $request_time"));
  capture::CaptureRecord r;
  const AccessLogTime t = parser.parse("1700000000.250 \"GET /a HTTP/1.1\" 200 0.050", r);
  EXPECT_EQ(t.unix_ns, 1700000000 * kSecond + 250 * kMillisecond);
  EXPECT_EQ(t.minus, 50 * kMillisecond);
  EXPECT_FALSE(t.second_resolution);
  EXPECT_EQ(r.latency_ns(), 50 * kMillisecond);
  EXPECT_EQ(r.status(), 200u);
}

TEST_F(ImportAccessLogTest, BadLinesAreReportedWithLineNumbersAndSkippedWithinTheBudget) {
  const std::string log = std::string(kNasa) +
                          "this is not a log line\n"
                          "\n"
                          "h - - [01/Jul/1995:00:00:14 -0400] \"GET /x HTTP/1.0\" 200 1\n"
                          "h - - [01/Jul/1995:00:00:15 -0400] \"GET /y HTTP/1.0\" abc 1\n";
  ImportOptions options;
  options.format = ImportFormat::kClf;
  options.max_bad = 2;
  std::vector<ImportBadLine> bad;
  options.on_bad_line = [&](const ImportBadLine& b) { bad.push_back(b); };
  const ImportResult result = importCapture(write("nasa.log", log), out(), options);
  EXPECT_EQ(result.lines, 9u);
  EXPECT_EQ(result.records, 6u);
  EXPECT_EQ(result.bad_lines, 2u);
  EXPECT_EQ(result.skipped, 1u);  // the blank line
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].line, 6);
  EXPECT_EQ(bad[1].line, 9);
  EXPECT_NE(bad[1].reason.find("$status"), std::string::npos);
  EXPECT_EQ(read(out()).size(), 6u);
}

TEST_F(ImportAccessLogTest, PastTheBudgetTheImportFailsAndLeavesNoFile) {
  const std::string log = std::string(kNasa) + "bad one\nbad two\n";
  const std::string input = write("nasa.log", log);
  ImportOptions options;
  options.format = ImportFormat::kClf;
  options.max_bad = 1;
  try {
    importCapture(input, out(), options);
    FAIL() << "the budget was not enforced";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(input + ":7:"), std::string::npos) << what;
    EXPECT_NE(what.find("--max-bad"), std::string::npos) << what;
  }
  EXPECT_FALSE(fs::exists(out()));
  EXPECT_EQ(filesInDir(), 1u);  // only the input: the temporary file is gone too
}

TEST_F(ImportAccessLogTest, AFailedImportLeavesAnEarlierOutputUntouched) {
  ImportOptions options;
  options.format = ImportFormat::kClf;
  importCapture(write("good.log", kNasa), out(), options);
  const auto before = fs::file_size(out());
  EXPECT_THROW(importCapture(write("bad.log", "nonsense\n"), out(), options), InputError);
  EXPECT_EQ(fs::file_size(out()), before);
  EXPECT_EQ(read(out()).size(), 5u);
}

TEST_F(ImportAccessLogTest, RouteRulesNameTheRoutes) {
  const std::string log =
      "h - - [01/Jul/1995:00:00:01 -0400] \"POST /checkout HTTP/1.0\" 200 1\n"
      "h - - [01/Jul/1995:00:00:02 -0400] \"GET /shuttle/missions/sts-71/mission-sts-71.html "
      "HTTP/1.0\" 200 1\n"
      "h - - [01/Jul/1995:00:00:03 -0400] \"GET /images/ksclogo.gif HTTP/1.0\" 200 1\n";
  ImportOptions options;
  options.format = ImportFormat::kClf;
  options.route_rules = {"POST /checkout", "missions=^GET /shuttle/missions/"};
  importCapture(write("r.log", log), out(), options);
  const auto records = read(out());
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].route(), "/checkout");
  EXPECT_EQ(records[1].route(), "missions");
  EXPECT_EQ(records[2].route(), "/images/ksclogo.gif");
}

// A 100 KB URL in a log crashed the import when a regex rule was given (std::regex recursed per
// character); it is named like any other request now.
TEST_F(ImportAccessLogTest, RegexRulesNameARequestWithAHundredKilobyteUrl) {
  const std::string long_path = "/a" + std::string(100 * 1024, 'x');
  const std::string log =
      "h - - [01/Jul/1995:00:00:01 -0400] \"GET /api/items HTTP/1.0\" 200 1\n"
      "h - - [01/Jul/1995:00:00:02 -0400] \"GET " +
      long_path + "?q=1 HTTP/1.0\" 200 1\n";
  ImportOptions options;
  options.format = ImportFormat::kClf;
  options.route_rules = {"api=^GET /api/", "long=^GET /a.*$"};
  importCapture(write("long.log", log), out(), options);
  const auto records = read(out());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].route(), "api");
  EXPECT_EQ(records[1].route(), "long");
  EXPECT_EQ(records[1].path().size(), long_path.size() + 4);
}

TEST_F(ImportAccessLogTest, ARuleTooComplexForARequestFailsNamingTheLineAndTheRule) {
  const std::string log =
      "h - - [01/Jul/1995:00:00:01 -0400] \"GET /aaaa HTTP/1.0\" 200 1\n"
      "h - - [01/Jul/1995:00:00:02 -0400] \"GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab "
      "HTTP/1.0\" 200 1\n";
  const std::string input = write("slow.log", log);
  ImportOptions options;
  options.format = ImportFormat::kClf;
  options.max_bad = 10;  // not a bad line: the rule is the problem
  options.route_rules = {"slow=^GET /(a+)+$"};
  try {
    importCapture(input, out(), options);
    FAIL() << "the import went on past a rule it could not match";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind(input + ":2: --route 1 'slow=^GET /(a+)+$': ", 0), 0u) << what;
    EXPECT_NE(what.find("too complex"), std::string::npos) << what;
  }
  EXPECT_FALSE(fs::exists(out()));
  EXPECT_EQ(filesInDir(), 1u);  // only the input: the temporary file is gone too
}

TEST_F(ImportAccessLogTest, ProgressIsReportedForLargeInputs) {
  std::string log;
  for (int i = 0; i < 2000; ++i) {
    log += "h - - [01/Jul/1995:00:00:01 -0400] \"GET /a HTTP/1.0\" 200 1\n";
  }
  ImportOptions options;
  options.format = ImportFormat::kClf;
  options.progress_every_bytes = 10000;
  std::vector<ImportProgress> seen;
  options.on_progress = [&](const ImportProgress& p) { seen.push_back(p); };
  importCapture(write("big.log", log), out(), options);
  ASSERT_GE(seen.size(), 5u);
  EXPECT_EQ(seen.front().total_bytes, log.size());
  for (std::size_t i = 1; i < seen.size(); ++i) {
    EXPECT_GT(seen[i].bytes_read, seen[i - 1].bytes_read);
  }
}

}  // namespace
}  // namespace shadowscale
