#pragma once

#include <QString>
#include <QWidget>

#include "app/studio/models/background_task.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QMimeData;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;

namespace shadowscale::studio {

class BadLineModel;
struct ImportOutcome;

// The Import page: an access log or a .gor file dropped on it (or picked) is converted to a
// capture with the same pipeline as `shadowscale import`, off the UI thread with progress and
// Cancel; the bad-line report is listed, and nothing is written when the budget is exceeded.
class ImportPage : public QWidget {
  Q_OBJECT

 public:
  explicit ImportPage(QWidget* parent = nullptr);

  // The local file a drag carries, or an empty string: the main window forwards drops with it.
  static QString droppedFile(const QMimeData* mime);

  BadLineModel* badLines() const { return bad_lines_; }
  // The last outcome shown to the user (summary or error).
  QString message() const;
  bool busy() const;

 public slots:
  // Takes `path` as the input, proposes the capture beside it, and starts the import.
  void importFile(const QString& path);
  // Starts the import with the page's settings; false when one runs or no input is set.
  bool startImport();
  void cancelImport();
  // Asks for an input file.
  void pickInput();

 signals:
  // An import ended: `ok` with the capture written at `output`, or not (nothing written).
  void importFinished(bool ok, const QString& output, const QString& message);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildUi();
  void finishImport(BackgroundTask::Outcome how, const QString& text, const ImportOutcome& outcome);
  void setBusy(bool busy);
  void showMessage(const QString& text, bool error);
  QString summary(const ImportOutcome& outcome) const;

  BackgroundTask* task_;
  BadLineModel* bad_lines_;
  QLabel* drop_zone_ = nullptr;
  QLineEdit* input_ = nullptr;
  QComboBox* format_ = nullptr;
  QLineEdit* nginx_format_ = nullptr;
  QSpinBox* max_bad_ = nullptr;
  QLineEdit* output_ = nullptr;
  QPushButton* import_button_ = nullptr;
  QPushButton* cancel_button_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* message_ = nullptr;
  QTableView* table_ = nullptr;
};

}  // namespace shadowscale::studio
