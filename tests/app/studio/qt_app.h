#pragma once

#include <QApplication>

#include <cstdlib>

namespace shadowscale::studio {

// The one QApplication of a studio test program, on the offscreen platform so widget tests run
// without a display. Created on first use and kept until the program exits.
inline QApplication& qtApp() {
  static int argc = 1;
  static char name[] = "shadowscale-studio-test";
  static char* argv[] = {name, nullptr};
  static QApplication* app = [] {
    ::setenv("QT_QPA_PLATFORM", "offscreen", 0);
    return new QApplication(argc, argv);
  }();
  return *app;
}

}  // namespace shadowscale::studio
