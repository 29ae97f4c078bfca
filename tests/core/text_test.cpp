// The one trim, the display shortening of long names and the readable number format.
#include "core/text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
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

TEST(FormatReadable, OneFormatForCountsLatenciesCostsAndRates) {
  EXPECT_EQ(formatReadable(56670124), "56,670,124");  // was 5.667e+07 in the run table
  EXPECT_EQ(formatReadable(1033), "1033");
  EXPECT_EQ(formatReadable(340), "340");  // was 340.000
  EXPECT_EQ(formatReadable(0), "0");
  EXPECT_EQ(formatReadable(-0.0), "0");
  EXPECT_EQ(formatReadable(46.2681), "46.27");
  EXPECT_EQ(formatReadable(238.551), "238.6");
  EXPECT_EQ(formatReadable(12345.67), "12,346");
  EXPECT_EQ(formatReadable(-1234567.8), "-1,234,568");
  EXPECT_EQ(formatReadable(0.0456), "0.0456");
  EXPECT_EQ(formatReadable(0.000123), "0.000123");
  EXPECT_EQ(formatReadable(1.5e-9), "0.00000000150");
  EXPECT_EQ(formatReadable(-3599), "-3599");
  EXPECT_EQ(formatReadable(std::nan("")), "-");
  EXPECT_EQ(formatReadable(std::numeric_limits<double>::infinity()), "-");
}

}  // namespace
}  // namespace shadowscale
