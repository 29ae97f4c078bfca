// Route templates derived from paths, and the user's route rules.
#include <gtest/gtest.h>

#include "core/input_error.h"
#include "replay/capture_routes.h"

namespace shadowscale {
namespace {

TEST(DeriveRouteTemplate, ReplacesNumericUuidAndHexSegmentsAndDropsTheQuery) {
  EXPECT_EQ(deriveRouteTemplate("/users/42/orders?page=2"), "/users/{id}/orders");
  EXPECT_EQ(deriveRouteTemplate("/orders/123e4567-e89b-12d3-a456-426614174000"), "/orders/{id}");
  EXPECT_EQ(deriveRouteTemplate("/blobs/5f2b9c0e1a7d3e4f"), "/blobs/{id}");
  EXPECT_EQ(deriveRouteTemplate("/commits/0123abcd/files/7"), "/commits/{id}/files/{id}");
  EXPECT_EQ(deriveRouteTemplate("/search#top"), "/search");
  EXPECT_EQ(deriveRouteTemplate("/"), "/");
  EXPECT_EQ(deriveRouteTemplate("/a/b/"), "/a/b/");
}

TEST(DeriveRouteTemplate, KeepsWordsThatHappenToBeHex) {
  EXPECT_EQ(deriveRouteTemplate("/cafe/deadbeef/facade"), "/cafe/deadbeef/facade");
  EXPECT_EQ(deriveRouteTemplate("/images/NASA-logosmall.gif"), "/images/NASA-logosmall.gif");
  EXPECT_EQ(deriveRouteTemplate("/v2/api"), "/v2/api");
  EXPECT_EQ(deriveRouteTemplate("/abc123"), "/abc123");  // hex but too short to be an id
}

TEST(DeriveRouteTemplate, StripsSchemeAndHostOfAbsoluteTargets) {
  EXPECT_EQ(deriveRouteTemplate("http://example.com/users/9?x=1"), "/users/{id}");
  EXPECT_EQ(deriveRouteTemplate("https://example.com"), "/");
}

TEST(RouteNamer, WithoutRulesUsesTheTemplate) {
  RouteNamer namer;
  EXPECT_EQ(namer.route("GET", "/users/7"), "/users/{id}");
  EXPECT_FALSE(namer.hasRules());
}

TEST(RouteNamer, TemplateRulesMatchMethodAndSegments) {
  RouteNamer namer({"POST /checkout", "GET /users/{user}/orders", "* /static/*"});
  EXPECT_EQ(namer.route("POST", "/checkout?step=2"), "/checkout");
  EXPECT_EQ(namer.route("GET", "/users/alice/orders"), "/users/{user}/orders");
  EXPECT_EQ(namer.route("DELETE", "/static/css/site.css"), "/static/*");
  EXPECT_EQ(namer.route("GET", "/static"), "/static/*");  // a final * also matches nothing
  // No rule matches: the derived template.
  EXPECT_EQ(namer.route("GET", "/checkout"), "/checkout");
  EXPECT_EQ(namer.route("GET", "/users/5/orders/9"), "/users/{id}/orders/{id}");
}

TEST(RouteNamer, RegexRulesSearchMethodAndPathAndFirstMatchWins) {
  RouteNamer namer({"search=^GET /search(/|$)", "api=^[A-Z]+ /api/", "all-gets=^GET "});
  EXPECT_EQ(namer.route("GET", "/search?q=x"), "search");
  EXPECT_EQ(namer.route("GET", "/search/advanced"), "search");
  EXPECT_EQ(namer.route("POST", "/api/v1/items"), "api");
  EXPECT_EQ(namer.route("GET", "/api/v1/items"), "api");
  EXPECT_EQ(namer.route("GET", "/searching"), "all-gets");
  EXPECT_EQ(namer.route("PUT", "/x/12"), "/x/{id}");
  // Cached answers are the same answers.
  EXPECT_EQ(namer.route("GET", "/search?q=y"), "search");
}

TEST(RouteNamer, MalformedRulesNameTheRule) {
  try {
    RouteNamer namer({"POST /ok", "broken=([a-z"});
    FAIL() << "a bad regex was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--route 2 'broken=([a-z'"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(RouteNamer({"just words"}), InputError);
  EXPECT_THROW(RouteNamer({"post /lower"}), InputError);
  EXPECT_THROW(RouteNamer({"GET /a/*/b"}), InputError);
  EXPECT_THROW(RouteNamer({"=^GET"}), InputError);
}

}  // namespace
}  // namespace shadowscale
