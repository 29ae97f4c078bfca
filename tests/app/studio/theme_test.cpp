// The studio's theme: a dark palette when the desktop uses one (or when asked), and charts that
// follow the palette.
#include "app/studio/theme.h"

#include <QApplication>
#include <QChart>
#include <QPalette>

#include <gtest/gtest.h>

#include <cstdlib>

#include "app/studio/charts/chart_view.h"
#include "tests/app/studio/qt_app.h"

namespace shadowscale::studio {
namespace {

TEST(ThemeTest, TheEnvironmentOrAGtkDarkThemeAsksForDark) {
  qtApp();
  ::setenv("SHADOWSCALE_STUDIO_THEME", "dark", 1);
  EXPECT_TRUE(desktopPrefersDark());
  ::setenv("SHADOWSCALE_STUDIO_THEME", "light", 1);
  ::setenv("GTK_THEME", "Adwaita:dark", 1);
  EXPECT_FALSE(desktopPrefersDark());  // asking outright wins over the desktop
  ::unsetenv("SHADOWSCALE_STUDIO_THEME");
  EXPECT_TRUE(desktopPrefersDark());
  ::setenv("GTK_THEME", "Adwaita", 1);
  applyTheme(qtApp(), false);
  EXPECT_FALSE(desktopPrefersDark());  // the light palette's window colour
  ::unsetenv("GTK_THEME");
}

TEST(ThemeTest, ADarkPaletteGivesDarkChartsAndLightGivesLight) {
  applyTheme(qtApp(), true);
  EXPECT_TRUE(ChartView::paletteIsDark(QApplication::palette()));
  EXPECT_LT(QApplication::palette().color(QPalette::Base).lightness(), 64);
  EXPECT_GT(QApplication::palette().color(QPalette::Text).lightness(), 192);
  EXPECT_EQ(ChartView("dark").chart()->theme(), QChart::ChartThemeDark);
  // On a dark desktop, the studio stays dark.
  EXPECT_TRUE(desktopPrefersDark());

  applyTheme(qtApp(), false);
  EXPECT_FALSE(ChartView::paletteIsDark(QApplication::palette()));
  EXPECT_EQ(ChartView("light").chart()->theme(), QChart::ChartThemeLight);
}

}  // namespace
}  // namespace shadowscale::studio
