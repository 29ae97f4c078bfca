#include "app/studio/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

#include <cstdlib>
#include <string_view>

#include "app/studio/charts/chart_view.h"

namespace shadowscale::studio {

bool desktopPrefersDark() {
  if (const char* forced = std::getenv("SHADOWSCALE_STUDIO_THEME")) {
    return std::string_view(forced) == "dark";
  }
  if (const char* gtk = std::getenv("GTK_THEME")) {
    if (std::string_view(gtk).find(":dark") != std::string_view::npos) {
      return true;
    }
  }
  // Qt 6.4 has no colour-scheme hint yet; the platform theme's window colour tells.
  return ChartView::paletteIsDark(QApplication::palette());
}

void applyTheme(QApplication& app, bool dark) {
  app.setStyle(QStyleFactory::create("Fusion"));
  if (!dark) {
    app.setPalette(app.style()->standardPalette());
    return;
  }
  QPalette p;
  const QColor window(45, 45, 48), base(30, 30, 32), text(225, 225, 225), accent(78, 121, 167);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, window);
  p.setColor(QPalette::ToolTipBase, window);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, window);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::red);
  p.setColor(QPalette::Link, accent.lighter(140));
  p.setColor(QPalette::Highlight, accent);
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
    p.setColor(QPalette::Disabled, role, QColor(120, 120, 120));
  }
  app.setPalette(p);
}

}  // namespace shadowscale::studio
