#pragma once

#include <QWidget>

class QLabel;

namespace shadowscale::studio {

class RunCharts;
class RunPage;

// The Charts page: the Run page's run drawn large, every chart of it without the run controls
// beside them. It follows the Run page as rows arrive (redrawing only while it is shown), so a
// planner can watch the run unfold here or look at a finished run at full size.
class ChartsPage : public QWidget {
  Q_OBJECT

 public:
  explicit ChartsPage(RunPage* run_page, QWidget* parent = nullptr);

  RunCharts* charts() const { return charts_; }

 private:
  RunCharts* charts_ = nullptr;
  QLabel* caption_ = nullptr;
};

}  // namespace shadowscale::studio
