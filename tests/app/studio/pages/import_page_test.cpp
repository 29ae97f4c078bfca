// The Import page under the offscreen platform: a dropped log becomes a capture, bad lines are
// listed, and a refused input leaves nothing behind.
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QSignalSpy>
#include <QSpinBox>
#include <QUrl>

#include <gtest/gtest.h>

#include "app/studio/models/bad_line_model.h"
#include "app/studio/pages/import_page.h"
#include "tests/app/studio/qt_app.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

class ImportPageTest : public StudioTestDir {
 protected:
  void SetUp() override {
    StudioTestDir::SetUp();
    qtApp();
  }

  // Drags `file` over the page and drops it, as a user would; true when the page took it.
  bool drop(ImportPage& page, const std::string& file) {
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(QString::fromStdString(file))});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&page, &enter);
    if (!enter.isAccepted()) {
      return false;
    }
    QDropEvent event(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&page, &event);
    return event.isAccepted();
  }

  // Waits (on the event loop, not a clock) until the page's import ends; its ok flag.
  bool waitForImport(ImportPage& page, QSignalSpy& spy) {
    EXPECT_TRUE(page.busy());
    EXPECT_TRUE(spy.wait(120000));
    EXPECT_FALSE(page.busy());
    return !spy.isEmpty() && spy.takeFirst().at(0).toBool();
  }
};

TEST_F(ImportPageTest, DroppedLogOverTheBudgetWritesNothingAndNamesTheLine) {
  const std::string log = copyFromSource("docs/examples/shop-access.log", "shop.log");
  ImportPage page;
  QSignalSpy finished(&page, &ImportPage::importFinished);
  ASSERT_TRUE(drop(page, log));
  EXPECT_FALSE(waitForImport(page, finished));
  EXPECT_TRUE(page.message().startsWith(QString::fromStdString(log + ":151: ")))
      << page.message().toStdString();
  EXPECT_TRUE(page.message().endsWith("Nothing was written.")) << page.message().toStdString();
  EXPECT_EQ(listing(), "shop.log");
}

TEST_F(ImportPageTest, WithABudgetTheCaptureIsWrittenAndTheBadLineListed) {
  const std::string log = copyFromSource("docs/examples/shop-access.log", "shop.log");
  ImportPage page;
  page.findChild<QSpinBox*>("maxBad")->setValue(1);
  QSignalSpy finished(&page, &ImportPage::importFinished);
  page.importFile(QString::fromStdString(log));
  EXPECT_TRUE(waitForImport(page, finished));
  EXPECT_TRUE(page.message().startsWith("Imported 300 requests from shop.log (combined)"))
      << page.message().toStdString();
  ASSERT_EQ(page.badLines()->rowCount(), 1);
  EXPECT_EQ(page.badLines()->lines()[0].line, 151);
  EXPECT_EQ(listing(), "shop.capture shop.log");
}

TEST_F(ImportPageTest, NonLogFileGetsAMessageNamingFileAndLine) {
  const std::string png = write("chart.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  ImportPage page;
  QSignalSpy finished(&page, &ImportPage::importFinished);
  ASSERT_TRUE(drop(page, png));
  EXPECT_FALSE(waitForImport(page, finished));
  EXPECT_TRUE(page.message().startsWith(QString::fromStdString(png + ":1: not an access log")))
      << page.message().toStdString();
  EXPECT_EQ(listing(), "chart.png");
  // The page keeps working: the next drop imports.
  const std::string log = copyFromSource("docs/examples/shop-access.log", "shop.log");
  page.findChild<QSpinBox*>("maxBad")->setValue(1);
  ASSERT_TRUE(drop(page, log));
  EXPECT_TRUE(waitForImport(page, finished));
}

}  // namespace
}  // namespace shadowscale::studio
