#include "live/worker_pool.h"

#include <stdexcept>

namespace shadowscale {

WorkerPool::WorkerPool(int workers, std::size_t queue_capacity)
    : workers_(workers), queue_capacity_(queue_capacity) {
  if (workers < 1) {
    throw std::invalid_argument("a worker pool needs at least one worker");
  }
  threads_.reserve(static_cast<std::size_t>(workers));
  try {
    for (int i = 0; i < workers; ++i) {
      threads_.emplace_back([this, i] { work(i); });
    }
  } catch (...) {
    // The threads started so far are joined, not left to terminate the process.
    stopAndJoin();
    throw;
  }
}

WorkerPool::~WorkerPool() {
  stopAndJoin();
}

void WorkerPool::stopAndJoin() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) {
      t.join();
    }
  }
}

bool WorkerPool::offer(Job job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Idle workers take jobs straight away; only jobs beyond the workers count as queued.
    const std::size_t idle = static_cast<std::size_t>(workers_ - running_);
    if (stopping_ || queue_.size() >= queue_capacity_ + idle) {
      return false;
    }
    queue_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

std::size_t WorkerPool::outstanding() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size() + static_cast<std::size_t>(running_);
}

void WorkerPool::waitIdle() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

void WorkerPool::work(int index) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) {
      return;  // stopping, and every accepted job is done
    }
    Job job = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    lock.unlock();
    job(index);
    lock.lock();
    --running_;
    if (queue_.empty() && running_ == 0) {
      idle_.notify_all();
    }
  }
}

}  // namespace shadowscale
