#pragma once

#include <cstddef>
#include <stdexcept>
#include <vector>

namespace shadowscale {

// The last `capacity` values of a series, so a forecaster's memory does not grow with the
// length of the run.
class HistoryRing {
 public:
  explicit HistoryRing(std::size_t capacity = 1) : data_(capacity == 0 ? 1 : capacity) {}

  // Appends the newest value, dropping the oldest when full.
  void push(double v) {
    data_[head_] = v;
    head_ = (head_ + 1) % data_.size();
    if (size_ < data_.size()) {
      ++size_;
    }
  }

  // The value `back` steps before the newest (0 = newest).
  double fromBack(std::size_t back) const {
    if (back >= size_) {
      throw std::out_of_range("HistoryRing: not that much history");
    }
    return data_[(head_ + data_.size() - 1 - back) % data_.size()];
  }

  // Values held, and the most it holds.
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return data_.size(); }
  // Forgets every value.
  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  std::vector<double> data_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace shadowscale
