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

TEST(RouteNamer, RegexRulesKeepTheirECMAScriptMeaning) {
  RouteNamer namer(
      {"lazy=^GET /(\\w+?)/\\1$", "ahead=^PUT /items/(?=\\d)", "line=^POST", "dot=^DELETE /a.b$"});
  EXPECT_EQ(namer.route("GET", "/ab/ab"), "lazy");  // a back-reference
  EXPECT_EQ(namer.route("GET", "/ab/cd"), "/ab/cd");
  EXPECT_EQ(namer.route("PUT", "/items/7"), "ahead");
  EXPECT_EQ(namer.route("PUT", "/items/x"), "/items/x");
  // '^' is the start of the text only, not of a line, and '.' does not match a newline.
  EXPECT_EQ(namer.route("GET", "/x\nPOST /y"), "/x\nPOST /y");
  EXPECT_EQ(namer.route("DELETE", "/a\nb"), "/a\nb");
  EXPECT_EQ(namer.route("DELETE", "/a-b"), "dot");
}

// libstdc++'s std::regex recursed once per character and overflowed the stack on a ~30 KB path
// (the test program crashed); paths in logs have no length limit.
TEST(RouteNamer, RegexRulesMatchAHundredKilobytePath) {
  const std::string path = "/a" + std::string(100 * 1024, 'x');
  RouteNamer namer({"api=^GET /api/", "long=^GET /a.*$", "segments=^GET (/[a-z]+)+$"});
  EXPECT_EQ(namer.route("GET", path), "long");
  EXPECT_EQ(namer.route("GET", path + "?q=1"), "long");
  EXPECT_EQ(namer.route("HEAD", path), path);  // no rule matches: the template
  // A group repeated once per segment, 20,000 segments.
  std::string segments;
  for (int i = 0; i < 20000; ++i) {
    segments += "/seg";
  }
  EXPECT_EQ(namer.route("GET", segments), "segments");
  // An alternation repeated once per character, without capturing.
  RouteNamer alternation({"ax=^GET /(?:a|x)*$"});
  EXPECT_EQ(alternation.route("GET", path), "ax");
}

TEST(RouteNamer, ATooComplexMatchIsBadInputNamingTheRuleAndTheRequest) {
  RouteNamer namer({"ok=^GET /ok$", "slow=^GET /(a+)+$"});
  EXPECT_EQ(namer.route("GET", "/aaaa"), "slow");
  const std::string path = "/" + std::string(40, 'a') + "b";
  try {
    namer.route("GET", path);
    FAIL() << "exponential backtracking was not stopped";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("--route 2 'slow=^GET /(a+)+$'"), std::string::npos) << what;
    EXPECT_NE(what.find("too complex"), std::string::npos) << what;
    EXPECT_NE(what.find("'GET " + path + "'"), std::string::npos) << what;
  }
  // On a shorter request Boost gives up on the number of steps before the memory runs out.
  try {
    namer.route("GET", "/" + std::string(20, 'a') + "b");
    FAIL() << "exponential backtracking was not stopped";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(": the match took more steps than Boost.Regex allows; "),
              std::string::npos)
        << e.what();
  }
  // A long request is quoted in part, with its length.
  const std::string long_path = "/" + std::string(20000, 'a') + "b";
  try {
    namer.route("GET", long_path);
    FAIL() << "exponential backtracking was not stopped";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("(20006 characters)"), std::string::npos) << what;
    EXPECT_LT(what.size(), 1000u) << what;
  }
  // A capturing group repeated once per character of a 100 KB path needs more backtracking
  // memory than Boost allows: an error, not a crash.
  RouteNamer capturing({"ax=^GET /(a|x)*$"});
  try {
    capturing.route("GET", "/a" + std::string(100 * 1024, 'x'));
    FAIL() << "the backtracking memory was not bounded";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("--route 1 'ax=^GET /(a|x)*$': the regex is too complex", 0), 0u) << what;
    EXPECT_NE(what.find("more backtracking memory than Boost.Regex allows"), std::string::npos)
        << what;
    EXPECT_NE(what.find("(?:a|b)*"), std::string::npos) << what;
  }
}

TEST(RouteNamer, MalformedRulesNameTheRule) {
  try {
    RouteNamer namer({"POST /ok", "broken=([a-z"});
    FAIL() << "a bad regex was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--route 2 'broken=([a-z': invalid regex: "),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(RouteNamer({"just words"}), InputError);
  EXPECT_THROW(RouteNamer({"post /lower"}), InputError);
  EXPECT_THROW(RouteNamer({"GET /a/*/b"}), InputError);
  EXPECT_THROW(RouteNamer({"=^GET"}), InputError);
}

// Boost.Regex's bound on a match's work grows with the square of the pattern, so long patterns
// are refused up front, with the rule's start and both lengths in the message.
TEST(RouteNamer, ARegexOverTheLengthLimitIsRefused) {
  EXPECT_NO_THROW(RouteNamer({"fits=^GET /" + std::string(250, 'x')}));
  try {
    RouteNamer namer({"POST /ok", "long=^GET /(a+)+" + std::string(5000, 'x')});
    FAIL() << "a 5,011-character regex was accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("--route 2 'long=^GET /(a+)+xxx"), std::string::npos) << what;
    EXPECT_NE(what.find("may be at most 256 characters, this one has 5011"), std::string::npos)
        << what;
    EXPECT_LT(what.size(), 300u) << what;
  }
}

}  // namespace
}  // namespace shadowscale
