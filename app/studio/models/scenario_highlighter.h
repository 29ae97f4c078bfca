#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace shadowscale::studio {

// Colours Protobuf text format in the scenario editor: field names, strings, numbers, enum
// names and booleans, comments. Works line by line: the format has no multi-line tokens.
class ScenarioHighlighter : public QSyntaxHighlighter {
  Q_OBJECT

 public:
  // What a stretch of text is, for colouring (and for tests).
  enum class Token { kPlain, kField, kString, kNumber, kEnum, kComment };

  explicit ScenarioHighlighter(QTextDocument* document);

  // The format used for a token kind.
  QTextCharFormat format(Token token) const;

 protected:
  void highlightBlock(const QString& text) override;

 private:
  QTextCharFormat field_, string_, number_, enum_, comment_;
};

}  // namespace shadowscale::studio
