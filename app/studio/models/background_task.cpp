#include "app/studio/models/background_task.h"

#include <QThread>

#include <exception>

#include "app/studio/models/cancelled.h"
#include "core/input_error.h"

namespace shadowscale::studio {

BackgroundTask::BackgroundTask(QObject* parent) : QObject(parent) {}

BackgroundTask::~BackgroundTask() {
  if (thread_ != nullptr) {
    cancel();
    thread_->wait();
    delete thread_;
  }
}

bool BackgroundTask::start(Work work) {
  if (thread_ != nullptr) {
    return false;
  }
  cancelled_ = false;
  outcome_ = Outcome::kOk;
  message_.clear();
  // The outcome is written by the worker and read after QThread::finished, which orders them.
  thread_ = QThread::create([this, work = std::move(work)] {
    try {
      work(cancelled_);
    } catch (const Cancelled&) {
      outcome_ = Outcome::kCancelled;
    } catch (const InputError& e) {
      outcome_ = Outcome::kBadInput;
      message_ = QString::fromStdString(e.what());
    } catch (const std::exception& e) {
      outcome_ = cancelled_ ? Outcome::kCancelled : Outcome::kFailed;
      message_ = QString::fromStdString(e.what());
    }
  });
  connect(thread_, &QThread::finished, this, &BackgroundTask::onThreadFinished,
          Qt::QueuedConnection);
  thread_->start();
  return true;
}

void BackgroundTask::cancel() {
  cancelled_ = true;
}

void BackgroundTask::post(std::function<void()> f) {
  QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection);
}

void BackgroundTask::onThreadFinished() {
  if (thread_ == nullptr) {
    return;
  }
  thread_->wait();
  thread_->deleteLater();
  thread_ = nullptr;
  emit finished(outcome_, message_);
}

}  // namespace shadowscale::studio
