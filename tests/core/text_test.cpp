// The one trim and the display shortening of long names.
#include "core/text.h"

#include <gtest/gtest.h>

#include <string>

namespace shadowscale {
namespace {

TEST(TrimBlanks, StripsWhiteSpaceAtBothEndsOnly) {
  EXPECT_EQ(trimBlanks("  a b\t\r\n"), "a b");
  EXPECT_EQ(trimBlanks("\r\f\va"), "a");
  EXPECT_EQ(trimBlanks(" \t "), "");
  EXPECT_EQ(trimBlanks(""), "");
  EXPECT_EQ(trimBlanks("x"), "x");
}

TEST(ShortenForDisplay, KeepsShortNamesAndCutsLongOnesAroundTheMiddle) {
  EXPECT_EQ(shortenForDisplay("GET /api/items"), "GET /api/items");
  const std::string exact(80, 'a');
  EXPECT_EQ(shortenForDisplay(exact), exact);
  const std::string route = "GET /" + std::string(8192, 'x') + "/end";
  const std::string shown = shortenForDisplay(route);
  EXPECT_LT(shown.size(), 110u);
  EXPECT_EQ(shown.rfind("GET /xxx", 0), 0u);
  EXPECT_NE(shown.find("xxx/end (8201 bytes)"), std::string::npos) << shown;
  EXPECT_NE(shown.find("..."), std::string::npos);
  EXPECT_EQ(shortenForDisplay("abcdefghij", 8), "abcdef...ij (10 bytes)");
}

}  // namespace
}  // namespace shadowscale
