// Redaction: credentials and configured values never reach a capture file.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "replay/capture_reader.h"
#include "replay/capture_writer.h"
#include "replay/import_gor.h"
#include "replay/import_pipeline.h"
#include "replay/redaction.h"

namespace shadowscale {
namespace {

namespace fs = std::filesystem;

std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A fresh folder per test, removed afterwards.
class RedactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("shadowscale-redaction-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Fails the test for every secret found anywhere in the file's bytes.
  void expectAbsent(const std::string& file, std::initializer_list<std::string> secrets) {
    const std::string bytes = readBytes(file);
    ASSERT_FALSE(bytes.empty());
    for (const std::string& s : secrets) {
      EXPECT_EQ(bytes.find(s), std::string::npos) << "'" << s << "' reached " << file;
    }
    EXPECT_NE(bytes.find(kRedactedValue), std::string::npos);
  }

  fs::path dir_;
};

TEST(Redactor, DefaultHeadersAreSensitiveInAnyCase) {
  const Redactor r;
  EXPECT_TRUE(r.sensitiveHeader("Authorization"));
  EXPECT_TRUE(r.sensitiveHeader("COOKIE"));
  EXPECT_TRUE(r.sensitiveHeader("set-cookie"));
  EXPECT_TRUE(r.sensitiveHeader("Proxy-Authorization"));
  EXPECT_FALSE(r.sensitiveHeader("user-agent"));
  EXPECT_FALSE(r.sensitiveHeader("x-api-key"));
  const Redactor configured({{"X-Api-Key"}, {}});
  EXPECT_TRUE(configured.sensitiveHeader("x-api-key"));
  EXPECT_TRUE(configured.sensitiveHeader("authorization"));  // defaults stay on
}

TEST(Redactor, QueryValuesOfConfiguredParametersAreReplaced) {
  const Redactor r({{}, {"token", "Sig"}});
  std::string target = "/download?file=a.pdf&token=s3cr3t&sig=abc;access_token=xyz#frag";
  EXPECT_TRUE(r.redactTarget(target));
  EXPECT_EQ(target, "/download?file=a.pdf&token=REDACTED&sig=REDACTED;access_token=REDACTED#frag");
  std::string encoded = "/x?to%6Ben=s3cr3t&TOKEN=s3cr3t&tokens=keep";
  EXPECT_TRUE(r.redactTarget(encoded));
  EXPECT_EQ(encoded, "/x?to%6Ben=REDACTED&TOKEN=REDACTED&tokens=keep");
  std::string plain = "/x?page=2";
  EXPECT_FALSE(r.redactTarget(plain));
  EXPECT_EQ(plain, "/x?page=2");
  std::string flag = "/x?token&a=1";
  EXPECT_FALSE(r.redactTarget(flag));  // a name without a value has nothing to hide
}

TEST(Redactor, ApplyCoversPathHeadersResponseHeadersAndUrlsInReferer) {
  const Redactor r({{"x-api-key"}, {"token"}});
  capture::CaptureRecord rec;
  rec.set_path("/a?token=t1");
  auto* h = rec.add_headers();
  h->set_name("Authorization");
  h->set_value("Bearer abc");
  auto* ref = rec.add_headers();
  ref->set_name("referer");
  ref->set_value("https://app.example/page?token=t2&x=1");
  auto* key = rec.add_headers();
  key->set_name("X-API-KEY");
  key->set_value("k-123");
  auto* ua = rec.add_headers();
  ua->set_name("user-agent");
  ua->set_value("curl?token=visible-in-ua-is-not-a-url");
  auto* sc = rec.add_response_headers();
  sc->set_name("Set-Cookie");
  sc->set_value("sid=1; HttpOnly");
  r.apply(rec);
  EXPECT_EQ(rec.path(), "/a?token=REDACTED");
  EXPECT_EQ(rec.headers(0).value(), "REDACTED");
  EXPECT_EQ(rec.headers(1).value(), "https://app.example/page?token=REDACTED&x=1");
  EXPECT_EQ(rec.headers(2).value(), "REDACTED");
  EXPECT_EQ(rec.headers(3).value(), "curl?token=visible-in-ua-is-not-a-url");
  EXPECT_EQ(rec.response_headers(0).value(), "REDACTED");
}

TEST_F(RedactionTest, WriterNeverWritesSecretsAndRecordsWhatItRedacted) {
  const std::string file = path("w.capture");
  CaptureWriterOptions options;
  options.redaction.headers = {"X-Api-Key"};
  options.redaction.query_params = {"session"};
  {
    capture::CaptureHeader header;
    CaptureWriter w(file, header, options);
    capture::CaptureRecord rec;
    rec.set_method("GET");
    rec.set_path("/account?session=SESSION-SECRET-1&access_token=TOKEN-SECRET-2");
    auto add = [&](const char* n, const char* v) {
      auto* h = rec.add_headers();
      h->set_name(n);
      h->set_value(v);
    };
    add("Authorization", "Basic QUxBRERJTjpPUEVOU0VTQU1F");
    add("Cookie", "sid=COOKIE-SECRET-3");
    add("x-api-key", "APIKEY-SECRET-4");
    add("Proxy-Authorization", "Basic UFJPWFktU0VDUkVULTU=");
    auto* sc = rec.add_response_headers();
    sc->set_name("Set-Cookie");
    sc->set_value("sid=SETCOOKIE-SECRET-6; Path=/");
    w.write(rec);
  }
  expectAbsent(file,
               {"QUxBRERJTjpPUEVOU0VTQU1F", "SESSION-SECRET-1", "TOKEN-SECRET-2", "COOKIE-SECRET-3",
                "APIKEY-SECRET-4", "UFJPWFktU0VDUkVULTU=", "SETCOOKIE-SECRET-6"});
  CaptureReader reader(file);
  const auto& h = reader.header();
  ASSERT_GE(h.redacted_headers_size(), 5);
  EXPECT_EQ(h.redacted_headers(0), "authorization");
  EXPECT_EQ(h.redacted_headers(h.redacted_headers_size() - 1), "x-api-key");
  EXPECT_EQ(h.redacted_query_params(h.redacted_query_params_size() - 1), "session");
  capture::CaptureRecord got;
  ASSERT_TRUE(reader.next(got));
  EXPECT_EQ(got.headers(0).name(), "authorization");  // present, named in lower case
  EXPECT_EQ(got.headers(0).value(), "REDACTED");
}

TEST_F(RedactionTest, GorImportRedactsCredentialsFromRawRequests) {
  const std::string sep(kGorSeparator);
  const std::string gor =
      "1 a1 1494484402175045713\nGET /me?access_token=GOR-TOKEN-1&apikey=GOR-KEY-2 HTTP/1.1\r\n"
      "Host: api\r\nAuthorization: Bearer GOR-BEARER-3\r\nCookie: sid=GOR-COOKIE-4\r\n"
      "X-Api-Key: GOR-HEADER-5\r\n\r\n" +
      sep;
  const std::string input = path("in.gor");
  std::ofstream(input, std::ios::binary) << gor;
  ImportOptions options;
  options.format = ImportFormat::kGor;
  options.keep_headers = {"x-api-key"};
  options.writer.redaction.headers = {"x-api-key"};
  options.writer.redaction.query_params = {"apikey"};
  importCapture(input, path("out.capture"), options);
  expectAbsent(path("out.capture"),
               {"GOR-TOKEN-1", "GOR-KEY-2", "GOR-BEARER-3", "GOR-COOKIE-4", "GOR-HEADER-5"});
}

TEST_F(RedactionTest, NginxImportRedactsLoggedCredentials) {
  const std::string input = path("nginx.log");
  std::ofstream(input, std::ios::binary)
      << "[01/Jul/1995:00:00:01 -0400] \"GET /x?access_token=NGX-TOKEN-1 HTTP/1.1\" 200 "
         "\"Bearer NGX-BEARER-2\" \"sid=NGX-COOKIE-3\" \"sid=NGX-SETCOOKIE-4\" "
         "\"https://ref.example/?access_token=NGX-REFERER-5\"\n";
  ImportOptions options;
  options.format = ImportFormat::kNginx;
  options.nginx_format =
      "[$time_local] \"$request\" $status \"$http_authorization\" \"$http_cookie\" "
      "\"$sent_http_set_cookie\" \"$http_referer\"";
  const ImportResult result = importCapture(input, path("out.capture"), options);
  ASSERT_EQ(result.records, 1u);
  expectAbsent(path("out.capture"),
               {"NGX-TOKEN-1", "NGX-BEARER-2", "NGX-COOKIE-3", "NGX-SETCOOKIE-4", "NGX-REFERER-5"});
}

}  // namespace
}  // namespace shadowscale
