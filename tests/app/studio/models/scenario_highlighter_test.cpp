// Syntax colouring of scenario text, read back from a document without any widget.
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

#include <gtest/gtest.h>

#include "app/studio/models/scenario_highlighter.h"
#include "tests/app/studio/qt_app.h"

namespace shadowscale::studio {
namespace {

using Token = ScenarioHighlighter::Token;

// The colour given to the character at `pos` of the first line.
QColor colourAt(const QTextDocument& doc, int pos) {
  for (const QTextLayout::FormatRange& r : doc.firstBlock().layout()->formats()) {
    if (pos >= r.start && pos < r.start + r.length) {
      return r.format.foreground().color();
    }
  }
  return {};
}

TEST(ScenarioHighlighterTest, ColoursFieldsValuesAndComments) {
  qtApp();
  QTextDocument doc;
  ScenarioHighlighter highlighter(&doc);
  const QString line = "  hpa { pool: LIVE max_replicas: 60 period: \"15s # not a comment\" } # ok";
  doc.setPlainText(line);
  highlighter.rehighlight();
  const auto colour = [&](Token t) { return highlighter.format(t).foreground().color(); };
  EXPECT_EQ(colourAt(doc, static_cast<int>(line.indexOf("hpa"))), colour(Token::kField));
  EXPECT_EQ(colourAt(doc, static_cast<int>(line.indexOf("pool"))), colour(Token::kField));
  EXPECT_EQ(colourAt(doc, static_cast<int>(line.indexOf("LIVE"))), colour(Token::kEnum));
  EXPECT_EQ(colourAt(doc, static_cast<int>(line.indexOf("60"))), colour(Token::kNumber));
  EXPECT_EQ(colourAt(doc, static_cast<int>(line.indexOf("# not"))), colour(Token::kString));
  EXPECT_EQ(colourAt(doc, static_cast<int>(line.indexOf("# ok"))), colour(Token::kComment));
  EXPECT_FALSE(colourAt(doc, static_cast<int>(line.indexOf("{"))).isValid());
  EXPECT_NE(colour(Token::kField), colour(Token::kString));
}

}  // namespace
}  // namespace shadowscale::studio
