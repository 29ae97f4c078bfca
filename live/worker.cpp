#include "live/worker.h"

#include "live/session.h"

namespace shadowscale::live {

Worker::Worker(TimeNs connect_timeout)
    : work_(boost::asio::make_work_guard(ioc_)), upstream_(ioc_, connect_timeout) {}

Worker::~Worker() {
  stop();
}

void Worker::start() {
  thread_ = std::thread([this] { ioc_.run(); });
}

void Worker::stop() {
  work_.reset();
  ioc_.stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Worker::add(const std::shared_ptr<Session>& session) {
  // Forget sessions that ended, now and then, so the list stays as long as the live ones.
  if (sessions_.size() >= 64 && (sessions_.size() & (sessions_.size() - 1)) == 0) {
    std::erase_if(sessions_, [](const auto& w) { return w.expired(); });
  }
  sessions_.push_back(session);
}

void Worker::closeIdleSessions() {
  for (const auto& weak : sessions_) {
    if (auto s = weak.lock()) {
      s->closeIfIdle();
    }
  }
}

}  // namespace shadowscale::live
