// Renders each of the Scenario, Import and Forecast lab pages in a typical state and checks the
// picture has content. (The pictures of docs/studio.md are taken from the whole program by
// scripts/studio-screenshots.sh.)
#include <QComboBox>
#include <QImage>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>

#include <gtest/gtest.h>

#include <set>

#include "app/studio/pages/forecast_lab_page.h"
#include "app/studio/pages/import_page.h"
#include "app/studio/pages/scenario_page.h"
#include "tests/app/studio/forecast_data.h"
#include "tests/app/studio/qt_app.h"
#include "tests/app/studio/studio_test_dir.h"

namespace shadowscale::studio {
namespace {

class PageScreenshotsTest : public StudioTestDir {
 protected:
  void SetUp() override {
    StudioTestDir::SetUp();
    qtApp();
  }

  // Lays the page out at a typical window size, renders it, checks it is more than a blank
  // rectangle, and saves it as `name` in the test's folder.
  void shoot(QWidget& page, const QString& name) {
    page.resize(1200, 760);
    page.show();
    QCoreApplication::processEvents();
    const QImage image = page.grab().toImage();
    ASSERT_EQ(image.size(), QSize(1200, 760));
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
      for (int x = 0; x < image.width(); x += 7) {
        colours.insert(image.pixel(x, y));
      }
    }
    EXPECT_GT(colours.size(), 8u) << name.toStdString() << " looks blank";
    const QString file = QString::fromStdString(path(name.toStdString()));
    ASSERT_TRUE(image.save(file)) << file.toStdString();
  }
};

TEST_F(PageScreenshotsTest, ScenarioPageWithAProblemMarked) {
  ScenarioPage page;
  QSignalSpy checked(&page, &ScenarioPage::checked);
  ASSERT_TRUE(checked.wait(60000));
  QString text = page.scenarioText();
  text.replace(
      "      min_replicas: 2\n      max_replicas: 60\n      target_utilization: 0.7\n"
      "    }\n  }\n}\n\n# A fixed",
      "      min_replicas: 2\n      max_replicas: 0\n      target_utilization: 0.7\n"
      "    }\n  }\n}\n\n# A fixed");
  page.editor()->setPlainText(text);
  page.checkNow();
  ASSERT_TRUE(checked.wait(60000));
  page.goToProblem();
  page.editor()->centerCursor();
  shoot(page, "studio-scenario.png");
}

TEST_F(PageScreenshotsTest, ImportPageAfterAnImportWithABadLine) {
  const std::string log = copyFromSource("docs/examples/shop-access.log", "shop-access.log");
  ImportPage page;
  page.findChild<QSpinBox*>("maxBad")->setValue(1);
  QSignalSpy finished(&page, &ImportPage::importFinished);
  page.importFile(QString::fromStdString(log));
  ASSERT_TRUE(finished.wait(60000));
  shoot(page, "studio-import.png");
}

TEST_F(PageScreenshotsTest, ForecastLabAfterABacktestWithTheLstm) {
  // Sixteen days of a daily cycle; a few LSTM epochs keep the test quick.
  const std::string csv = write("api-requests.csv", dailyCountsCsv(16, kMinute));
  ForecastLabPage page;
  page.findChild<QSpinBox*>("epochs")->setValue(4);
  page.loadSeries(QString::fromStdString(csv));
  QSignalSpy loaded(&page, &ForecastLabPage::seriesLoaded);
  ASSERT_TRUE(loaded.wait(60000));
  QSignalSpy finished(&page, &ForecastLabPage::backtestFinished);
  ASSERT_TRUE(page.runBacktest());
  ASSERT_TRUE(finished.wait(600000));
  ASSERT_TRUE(finished.takeFirst().at(0).toBool()) << page.message().toStdString();
  page.findChild<QComboBox*>("horizon")->setCurrentIndex(2);  // an hour ahead
  shoot(page, "studio-forecast-lab.png");
}

}  // namespace
}  // namespace shadowscale::studio
