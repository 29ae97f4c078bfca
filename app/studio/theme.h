#pragma once

class QApplication;

namespace shadowscale::studio {

// Whether the studio draws dark: SHADOWSCALE_STUDIO_THEME=dark|light forces it; otherwise it
// follows the desktop (a dark window colour in the platform's palette, or a GTK theme named
// "...:dark").
bool desktopPrefersDark();

// Sets the Fusion style and, when `dark`, a dark palette (the charts follow the palette). Call
// before the main window is built.
void applyTheme(QApplication& app, bool dark);

}  // namespace shadowscale::studio
