#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>

class QThread;

namespace shadowscale::studio {

// Runs one piece of long work (an import, a backtest) on its own thread so the window keeps
// drawing, and reports its end on the thread that owns the task. The work checks the cancel flag
// through throwIfCancelled() in its progress callbacks.
class BackgroundTask : public QObject {
  Q_OBJECT

 public:
  // How the work ended.
  enum class Outcome { kOk, kCancelled, kBadInput, kFailed };
  Q_ENUM(Outcome)

  using Work = std::function<void(const std::atomic<bool>& cancelled)>;

  explicit BackgroundTask(QObject* parent = nullptr);
  // Cancels running work and waits for it: no thread outlives its page.
  ~BackgroundTask() override;

  // Starts `work` on a new thread; false (and nothing started) while other work runs.
  bool start(Work work);
  // Asks the running work to stop at its next progress report.
  void cancel();
  bool running() const { return thread_ != nullptr; }

  // Runs `f` on the task owner's thread (for progress reports from inside the work).
  void post(std::function<void()> f);

 signals:
  // The work returned (kOk), was cancelled, or threw: InputError is bad input (its message
  // names the file and line), anything else a failure.
  void finished(shadowscale::studio::BackgroundTask::Outcome outcome, const QString& message);

 private:
  void onThreadFinished();

  QThread* thread_ = nullptr;
  std::atomic<bool> cancelled_{false};
  Outcome outcome_ = Outcome::kOk;
  QString message_;
};

}  // namespace shadowscale::studio
