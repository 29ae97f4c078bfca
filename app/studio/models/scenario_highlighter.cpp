#include "app/studio/models/scenario_highlighter.h"

#include <QColor>
#include <QFont>

namespace shadowscale::studio {

namespace {

bool identifierStart(QChar c) {
  return c.isLetter() || c == u'_';
}
bool identifierPart(QChar c) {
  return c.isLetterOrNumber() || c == u'_';
}

// Whether the next non-blank character from `pos` opens a value (':') or a message ('{', '<').
bool namesAField(const QString& text, qsizetype pos) {
  while (pos < text.size() && text[pos].isSpace()) {
    ++pos;
  }
  return pos < text.size() && (text[pos] == u':' || text[pos] == u'{' || text[pos] == u'<');
}

bool isEnumName(QStringView word) {
  for (QChar c : word) {
    if (!(c.isUpper() || c.isDigit() || c == u'_')) {
      return false;
    }
  }
  return true;
}

}  // namespace

ScenarioHighlighter::ScenarioHighlighter(QTextDocument* document) : QSyntaxHighlighter(document) {
  // Mid-tone colours that read on light and dark palettes alike.
  field_.setForeground(QColor(0x3a, 0x7b, 0xd5));
  field_.setFontWeight(QFont::DemiBold);
  string_.setForeground(QColor(0x2e, 0x9d, 0x5b));
  number_.setForeground(QColor(0xd0, 0x7a, 0x1e));
  enum_.setForeground(QColor(0xa0, 0x5c, 0xc8));
  comment_.setForeground(QColor(0x8a, 0x8a, 0x8a));
  comment_.setFontItalic(true);
}

QTextCharFormat ScenarioHighlighter::format(Token token) const {
  switch (token) {
    case Token::kField:
      return field_;
    case Token::kString:
      return string_;
    case Token::kNumber:
      return number_;
    case Token::kEnum:
      return enum_;
    case Token::kComment:
      return comment_;
    case Token::kPlain:
      break;
  }
  return {};
}

void ScenarioHighlighter::highlightBlock(const QString& text) {
  qsizetype i = 0;
  while (i < text.size()) {
    const QChar c = text[i];
    if (c == u'#') {
      setFormat(static_cast<int>(i), static_cast<int>(text.size() - i), comment_);
      return;
    }
    if (c == u'"' || c == u'\'') {
      qsizetype end = i + 1;
      while (end < text.size() && text[end] != c) {
        end += text[end] == u'\\' ? 2 : 1;
      }
      end = std::min(end + 1, text.size());
      setFormat(static_cast<int>(i), static_cast<int>(end - i), string_);
      i = end;
    } else if (c.isDigit() || (c == u'-' && i + 1 < text.size() && text[i + 1].isDigit())) {
      qsizetype end = i + 1;
      while (end < text.size() && (text[end].isLetterOrNumber() || text[end] == u'.' ||
                                   ((text[end] == u'-' || text[end] == u'+') &&
                                    (text[end - 1] == u'e' || text[end - 1] == u'E')))) {
        ++end;
      }
      setFormat(static_cast<int>(i), static_cast<int>(end - i), number_);
      i = end;
    } else if (identifierStart(c)) {
      qsizetype end = i + 1;
      while (end < text.size() && identifierPart(text[end])) {
        ++end;
      }
      const QStringView word = QStringView(text).mid(i, end - i);
      if (namesAField(text, end)) {
        setFormat(static_cast<int>(i), static_cast<int>(end - i), field_);
      } else if (isEnumName(word) || word == u"true" || word == u"false") {
        setFormat(static_cast<int>(i), static_cast<int>(end - i), enum_);
      }
      i = end;
    } else {
      ++i;
    }
  }
}

}  // namespace shadowscale::studio
