#include "app/studio/runs/charts_page.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include "app/studio/charts/run_charts.h"
#include "app/studio/runs/run_page.h"

namespace shadowscale::studio {

ChartsPage::ChartsPage(RunPage* run_page, QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  caption_ = new QLabel(tr("Run a scenario (F5) to see its charts here."));
  caption_->setWordWrap(true);
  layout->addWidget(caption_);
  charts_ = new RunCharts();
  // Four rows of two charts fit a 1000-pixel window; a smaller one scrolls.
  charts_->setMinimumHeight(4 * 215);
  auto* scroll = new QScrollArea();
  scroll->setWidget(charts_);
  scroll->setWidgetResizable(true);
  layout->addWidget(scroll, 1);
  run_page->addChartsView(charts_);
  connect(run_page, &RunPage::runFinished, this, [this, run_page](int status, const QString&) {
    if (status >= 0) {
      caption_->setText(
          tr("%1. Wheel or +/- zooms the time axis of every chart, dragging pans, a double "
             "click shows the whole run; right-click a chart to save it.")
              .arg(run_page->statusText()));
    }
  });
}

}  // namespace shadowscale::studio
