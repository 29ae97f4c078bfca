// What the proxy forwards and answers, as functions of the messages alone.
#include "live/http_rules.h"

#include <gtest/gtest.h>

#include <boost/beast/core/error.hpp>

namespace shadowscale::live {
namespace {

TEST(HttpRules, ReadErrorsMapToTheirStatus) {
  EXPECT_EQ(statusForReadError(http::error::bad_method, true), 400u);
  EXPECT_EQ(statusForReadError(http::error::bad_transfer_encoding, true), 400u);
  EXPECT_EQ(statusForReadError(http::error::bad_content_length, true), 400u);
  EXPECT_EQ(statusForReadError(http::error::header_limit, true), 431u);
  EXPECT_EQ(statusForReadError(http::error::body_limit, true), 413u);
  EXPECT_EQ(statusForReadError(boost::beast::error::timeout, true), 408u);
  // An idle keep-alive connection timing out, or a client hanging up, gets no answer.
  EXPECT_EQ(statusForReadError(boost::beast::error::timeout, false), 0u);
  EXPECT_EQ(statusForReadError(http::error::end_of_stream, true), 0u);
}

TEST(HttpRules, UpstreamRequestDropsHopByHopHeadersAndAddsForwardedFor) {
  Request in{http::verb::post, "/a", 10};
  in.set(http::field::connection, "keep-alive, X-Private");
  in.set("X-Private", "1");
  in.set(http::field::keep_alive, "timeout=5");
  in.set(http::field::proxy_authorization, "Basic x");
  in.set(http::field::upgrade, "websocket");
  in.set(http::field::te, "trailers");
  in.set(http::field::expect, "100-continue");
  in.set("X-Forwarded-For", "10.0.0.1");
  in.set(http::field::authorization, "Bearer end-to-end");
  in.body() = "abc";
  const Request out = upstreamRequest(in, "192.168.1.9");
  EXPECT_EQ(out.version(), 11u);
  for (const char* gone : {"X-Private", "Keep-Alive", "Proxy-Authorization", "Upgrade", "TE",
                           "Expect", "Transfer-Encoding"}) {
    EXPECT_EQ(out.find(gone), out.end()) << gone;
  }
  EXPECT_EQ(out[http::field::connection], "");  // keep-alive is HTTP/1.1's default
  EXPECT_EQ(out["X-Forwarded-For"], "10.0.0.1, 192.168.1.9");
  EXPECT_EQ(out[http::field::authorization], "Bearer end-to-end");
  EXPECT_EQ(out[http::field::content_length], "3");
}

TEST(HttpRules, MirrorCopyGetsTheSuffixBeforeThePortAndRedaction) {
  Redactor redactor;
  Request copy{http::verb::get, "/u?access_token=t0k&page=2", 11};
  copy.set(http::field::host, "shop.example:8443");
  copy.set(http::field::cookie, "session=1");
  copy.set("X-Trace", "keep");
  makeMirrorCopy(copy, "-shadow", redactor);
  EXPECT_EQ(copy[http::field::host], "shop.example-shadow:8443");
  EXPECT_EQ(copy[http::field::cookie], "REDACTED");
  EXPECT_EQ(copy["X-Trace"], "keep");
  EXPECT_EQ(copy.target(), "/u?access_token=REDACTED&page=2");

  Request plain{http::verb::get, "/", 11};
  plain.set(http::field::host, "api");
  makeMirrorCopy(plain, "-shadow", redactor);
  EXPECT_EQ(plain[http::field::host], "api-shadow");
  Request kept{http::verb::get, "/", 11};
  kept.set(http::field::host, "api");
  makeMirrorCopy(kept, "", redactor);
  EXPECT_EQ(kept[http::field::host], "api");
}

TEST(HttpRules, ClientResponseKeepsHeadContentLength) {
  Response r{http::status::ok, 11};
  r.set(http::field::content_length, "1234");
  r.set(http::field::connection, "close");
  prepareClientResponse(r, 11, true, true);
  EXPECT_EQ(r[http::field::content_length], "1234");
  EXPECT_TRUE(r.keep_alive());

  Response body{http::status::ok, 11};
  body.set(http::field::transfer_encoding, "chunked");
  body.body() = "hello";
  prepareClientResponse(body, 10, false, false);
  EXPECT_EQ(body[http::field::content_length], "5");
  EXPECT_EQ(body.find(http::field::transfer_encoding), body.end());
  EXPECT_EQ(body.version(), 10u);
  EXPECT_FALSE(body.keep_alive());
}

TEST(HttpRules, ProxyResponseIsPlainText) {
  const Response r = proxyResponse(http::status::bad_gateway, "upstream refused", 11, false);
  EXPECT_EQ(r.result_int(), 502u);
  EXPECT_EQ(r.body(), "upstream refused\n");
  EXPECT_EQ(r[http::field::content_type], "text/plain");
  EXPECT_FALSE(r.keep_alive());
}

}  // namespace
}  // namespace shadowscale::live
