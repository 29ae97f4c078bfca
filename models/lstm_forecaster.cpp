// The LSTM forecaster: network, training and persistence. One of the two translation units
// that include torch (the other is export.cpp).
#include "models/lstm_forecaster.h"

#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <deque>
#include <filesystem>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "core/input_error.h"
#include "core/rng.h"
#include "models/baselines.h"
#include "models/series.h"

namespace shadowscale {

namespace torchnet {

// The network: an LSTM encoder over the past window and a direct head that maps the final
// state plus the future steps' features to every quantile of every step. It is scale-free: the
// value features (the window and the daily and weekly lags) enter relative to the last value,
// a log ratio, so traffic ten times larger than any seen in training looks the same to it.
// Outputs are in normalised log1p space; the median is a correction on the last value and the
// other quantiles are softplus steps away from it, so they never cross.
struct LstmForecasterImpl : torch::nn::Module {
  LstmForecasterImpl(const LstmShape& shape, int hidden, int head_hidden, int quantiles, int median)
      : lstm(register_module(
            "lstm",
            torch::nn::LSTM(torch::nn::LSTMOptions(kPastFeatureCount, hidden).batch_first(true)))),
        fc1(register_module(
            "fc1", torch::nn::Linear(hidden + shape.horizon * kFutureFeatureCount, head_hidden))),
        fc2(register_module("fc2", torch::nn::Linear(head_hidden, shape.horizon * quantiles))),
        horizon_(shape.horizon),
        quantiles_(quantiles),
        median_(median) {}

  // past [B, window, kPastFeatureCount], future [B, horizon, kFutureFeatureCount] ->
  // [B, horizon, quantiles].
  torch::Tensor forward(const torch::Tensor& past_in, const torch::Tensor& future_in) {
    const torch::Tensor base = past_in.select(2, 0).select(1, past_in.size(1) - 1).unsqueeze(1);
    const torch::Tensor past = past_in - base.unsqueeze(2) * pastLevelMask();
    const torch::Tensor future = future_in - base.unsqueeze(2) * futureLevelMask();
    auto encoded = lstm->forward(past);
    const torch::Tensor h = std::get<0>(std::get<1>(encoded)).select(0, 0);
    const torch::Tensor z = torch::cat({h, future.flatten(1)}, 1);
    const torch::Tensor a = torch::relu(fc1->forward(z));
    const torch::Tensor raw = fc2->forward(a).view({-1, horizon_, quantiles_});
    std::vector<torch::Tensor> cols(static_cast<std::size_t>(quantiles_));
    const auto m = static_cast<std::size_t>(median_);
    cols[m] = base + raw.select(2, median_);
    for (int j = median_ + 1; j < quantiles_; ++j) {
      cols[static_cast<std::size_t>(j)] =
          cols[static_cast<std::size_t>(j - 1)] + softplus(raw.select(2, j));
    }
    for (int j = median_ - 1; j >= 0; --j) {
      cols[static_cast<std::size_t>(j)] =
          cols[static_cast<std::size_t>(j + 1)] - softplus(raw.select(2, j));
    }
    return torch::stack(cols, 2);
  }

  // kPastLevelFeatures and kFutureLevelFeatures as tensors.
  static torch::Tensor pastLevelMask() {
    static const torch::Tensor m = levelMask(kPastLevelFeatures);
    return m;
  }
  static torch::Tensor futureLevelMask() {
    static const torch::Tensor m = levelMask(kFutureLevelFeatures);
    return m;
  }
  template <std::size_t N>
  static torch::Tensor levelMask(const std::array<float, N>& flags) {
    return torch::tensor(std::vector<float>(flags.begin(), flags.end()));
  }

  // Written out (not torch::softplus) so the exported TorchScript runs the very same ops.
  static torch::Tensor softplus(const torch::Tensor& x) {
    return torch::log1p(torch::exp(-x.abs())) + x.clamp_min(0.0);
  }

  torch::nn::LSTM lstm;
  torch::nn::Linear fc1, fc2;
  int horizon_, quantiles_, median_;
};
TORCH_MODULE(LstmForecaster);

}  // namespace torchnet

namespace {

// Fewest training windows worth fitting on: below this the network memorises a few hours.
// With a week of context this puts the shortest usable history near 8.5 days of 5-minute data.
constexpr long kMinTrainingWindows = 64;

// First interval of the validation split of a history of `length` intervals.
long validationStart(const LstmOptions& o, long length) {
  return length -
         static_cast<long>(std::lround(o.validation_fraction * static_cast<double>(length)));
}

// Restores torch's intra-op thread count when training ends.
class ThreadCountGuard {
 public:
  explicit ThreadCountGuard(int threads) : previous_(torch::get_num_threads()) {
    torch::set_num_threads(std::max(1, threads));
  }
  ~ThreadCountGuard() { torch::set_num_threads(previous_); }
  ThreadCountGuard(const ThreadCountGuard&) = delete;
  ThreadCountGuard& operator=(const ThreadCountGuard&) = delete;

 private:
  int previous_;
};

int medianIndex(const std::vector<double>& q) {
  for (std::size_t i = 0; i < q.size(); ++i) {
    if (std::abs(q[i] - 0.5) < 1e-9) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

torchnet::LstmForecaster makeNet(const LstmOptions& o) {
  return torchnet::LstmForecaster(o.shape(), o.hidden, o.head_hidden,
                                  static_cast<int>(o.quantiles.size()), medianIndex(o.quantiles));
}

void copyNet(const torchnet::LstmForecaster& from, torchnet::LstmForecaster& to) {
  torch::NoGradGuard no_grad;
  auto src = from->parameters();
  auto dst = to->parameters();
  for (std::size_t i = 0; i < src.size(); ++i) {
    dst[i].copy_(src[i]);
  }
}

void checkOptions(const LstmOptions& o) {
  checkQuantileLevels(o.quantiles);
  if (o.interval <= 0 || kDay % o.interval != 0) {
    throw std::invalid_argument("lstm: the interval must divide a day");
  }
  if (o.window < 1 || o.horizon < 1 || o.hidden < 1 || o.head_hidden < 1 || o.batch_size < 1 ||
      o.max_epochs < 1 || o.patience < 1) {
    throw std::invalid_argument("lstm: window, horizon, sizes, batch and epochs must be >= 1");
  }
  if (!(o.validation_fraction > 0 && o.validation_fraction < 0.5)) {
    throw std::invalid_argument("lstm: validation_fraction must lie in (0, 0.5)");
  }
  if (!(o.learning_rate > 0)) {
    throw std::invalid_argument("lstm: learning_rate must be positive");
  }
}

// Pinball loss averaged over the observed targets: pred [B, H, Q], target and mask [B, H].
torch::Tensor pinballLoss(const torch::Tensor& pred, const torch::Tensor& target,
                          const torch::Tensor& mask, const torch::Tensor& levels) {
  const torch::Tensor diff = target.unsqueeze(2) - pred;
  const torch::Tensor loss = torch::max(levels * diff, (levels - 1.0) * diff);
  const torch::Tensor weight = mask.unsqueeze(2);
  return (loss * weight).sum() /
         (weight.sum() * static_cast<double>(levels.size(0))).clamp_min(1.0);
}

}  // namespace

LstmShape LstmOptions::shape() const {
  LstmShape s;
  s.window = window;
  s.horizon = horizon;
  s.daily_period = interval > 0 ? static_cast<int>(kDay / interval) : 0;
  s.weekly_period = interval > 0 ? static_cast<int>(kWeek / interval) : 0;
  return s;
}

struct LstmForecaster::State {
  LstmOptions options;
  LstmShape shape;
  LstmModelInfo info;
  TrainingReport report;
  torchnet::LstmForecaster net{nullptr};
  // Rolling history: normalised values (stand-ins where missing), their flags, and the
  // calendars of the last `window` intervals. Bounded by the context length.
  std::deque<float> values;
  std::deque<std::uint8_t> missing;
  std::deque<CalendarFeatures> calendar;
  SeriesPoint last;
  bool has_last = false;

  float normalise(double v) const {
    return static_cast<float>((std::log1p(std::max(v, 0.0)) - info.norm_mean) / info.norm_std);
  }

  void push(const SeriesPoint& p) {
    const bool miss = p.missing || !std::isfinite(p.value);
    float v = 0.0f;  // the training mean, when there is nothing better
    if (!miss) {
      v = normalise(p.value);
    } else if (values.size() >= static_cast<std::size_t>(shape.daily_period)) {
      v = values[values.size() - static_cast<std::size_t>(shape.daily_period)];
    } else if (!values.empty()) {
      v = values.back();
    }
    values.push_back(v);
    missing.push_back(miss ? 1 : 0);
    calendar.push_back(calendarFeatures(p));
    const auto context = static_cast<std::size_t>(shape.context());
    while (values.size() > context) {
      values.pop_front();
      missing.pop_front();
    }
    while (calendar.size() > static_cast<std::size_t>(shape.window)) {
      calendar.pop_front();
    }
    last = p;
    has_last = true;
  }

  void clearHistory() {
    values.clear();
    missing.clear();
    calendar.clear();
    has_last = false;
  }
};

LstmForecaster::LstmForecaster(LstmOptions options) : state_(std::make_unique<State>()) {
  checkOptions(options);
  state_->options = std::move(options);
  state_->shape = state_->options.shape();
}

LstmForecaster::LstmForecaster(const LstmForecaster& other)
    : state_(std::make_unique<State>(*other.state_)) {
  if (other.state_->net) {
    state_->net = makeNet(state_->options);
    copyNet(other.state_->net, state_->net);
    state_->net->eval();
  }
}

LstmForecaster& LstmForecaster::operator=(const LstmForecaster& other) {
  if (this != &other) {
    LstmForecaster copy(other);
    state_ = std::move(copy.state_);
  }
  return *this;
}

LstmForecaster::LstmForecaster(LstmForecaster&&) noexcept = default;
LstmForecaster& LstmForecaster::operator=(LstmForecaster&&) noexcept = default;
LstmForecaster::~LstmForecaster() = default;

TimeNs LstmForecaster::interval() const {
  return state_->options.interval;
}
std::vector<double> LstmForecaster::quantileLevels() const {
  return state_->options.quantiles;
}
int LstmForecaster::maxHorizon() const {
  return state_->options.horizon;
}
std::size_t LstmForecaster::minHistory() const {
  const LstmOptions& o = state_->options;
  const long context = state_->shape.context();
  const long H = state_->shape.horizon;
  // Enough for the context, kMinTrainingWindows training windows and a validation split.
  auto longEnough = [&](long length) {
    const long v = validationStart(o, length);
    return v - context - H >= kMinTrainingWindows && length - v >= H + 1;
  };
  long needed = context + H + kMinTrainingWindows;
  while (!longEnough(needed)) {
    ++needed;
  }
  return static_cast<std::size_t>(needed);
}
const LstmOptions& LstmForecaster::options() const {
  return state_->options;
}
const LstmModelInfo& LstmForecaster::info() const {
  return state_->info;
}
const TrainingReport& LstmForecaster::lastTraining() const {
  return state_->report;
}
void LstmForecaster::setSource(std::string source) {
  state_->info.source = std::move(source);
}
void LstmForecaster::setBacktestJson(std::string json) {
  state_->info.backtest_json = std::move(json);
}
bool LstmForecaster::trained() const {
  return static_cast<bool>(state_->net);
}

void LstmForecaster::fit(std::span<const SeriesPoint> history) {
  train(history, state_->options.on_epoch);
}

namespace {

// Training inputs for one window origin each: past [S, window, F], future [S, H, F'], targets and
// their observed-mask [S, H].
struct TensorSet {
  torch::Tensor past, future, target, mask;
};

// The fit history as the online path sees it: normalised values with the same stand-ins for
// missing intervals, their flags, calendars and the training targets.
struct PreparedSeries {
  std::vector<float> values;
  std::vector<std::uint8_t> missing;
  std::vector<CalendarFeatures> calendar;
  std::vector<float> targets;
};

// Mean and standard deviation of log1p(value) over the training split only, so the validation
// split stays unseen; the range and missing count of the whole history.
LstmModelInfo describeHistory(std::span<const SeriesPoint> history, long val_start,
                              const std::string& source) {
  LstmModelInfo info;
  info.source = source;
  double sum = 0, sum2 = 0;
  std::size_t count = 0;
  for (long t = 0; t < val_start; ++t) {
    const SeriesPoint& p = history[static_cast<std::size_t>(t)];
    if (!p.missing && std::isfinite(p.value)) {
      const double x = std::log1p(std::max(p.value, 0.0));
      sum += x;
      sum2 += x * x;
      ++count;
    }
  }
  if (count < 2) {
    throw std::invalid_argument("lstm: the training split has fewer than two observed values");
  }
  info.norm_mean = sum / static_cast<double>(count);
  const double var = sum2 / static_cast<double>(count) - info.norm_mean * info.norm_mean;
  info.norm_std = var > 1e-12 ? std::sqrt(var) : 1.0;
  info.train_first = history.front().t;
  info.train_last = history.back().t;
  info.train_first_civil = formatCivil(history.front().civil);
  info.train_last_civil = formatCivil(history.back().civil);
  info.train_intervals = history.size();
  for (const auto& p : history) {
    info.missing_intervals += p.missing ? 1 : 0;
  }
  return info;
}

PreparedSeries prepareSeries(std::span<const SeriesPoint> history, const LstmModelInfo& info,
                             const LstmShape& shape) {
  const std::size_t n = history.size();
  PreparedSeries s;
  s.values.resize(n);
  s.missing.resize(n);
  s.calendar.resize(n);
  s.targets.resize(n);
  const auto day = static_cast<std::size_t>(shape.daily_period);
  for (std::size_t i = 0; i < n; ++i) {
    const SeriesPoint& p = history[i];
    const bool miss = p.missing || !std::isfinite(p.value);
    float v = 0.0f;  // the training mean, when there is nothing better
    if (!miss) {
      v = static_cast<float>((std::log1p(std::max(p.value, 0.0)) - info.norm_mean) / info.norm_std);
    } else if (i >= day) {
      v = s.values[i - day];
    } else if (i > 0) {
      v = s.values[i - 1];
    }
    s.values[i] = v;
    s.missing[i] = miss ? 1 : 0;
    s.calendar[i] = calendarFeatures(p);
    s.targets[i] = miss ? 0.0f : v;
  }
  return s;
}

// Origin k forecasts intervals k .. k+H-1 from the `context` intervals before it. Training
// origins have all their targets before the validation split; validation origins start inside
// it; origins straddling the boundary, or with no observed target, are dropped.
std::pair<std::vector<long>, std::vector<long>> chooseOrigins(const PreparedSeries& s, long context,
                                                              long H, long val_start) {
  std::vector<long> train, validation;
  const auto n = static_cast<long>(s.values.size());
  for (long k = context; k + H <= n; ++k) {
    bool any = false;
    for (long h = 0; h < H; ++h) {
      any = any || !s.missing[static_cast<std::size_t>(k + h)];
    }
    if (!any) {
      continue;
    }
    if (k + H <= val_start) {
      train.push_back(k);
    } else if (k >= val_start) {
      validation.push_back(k);
    }
  }
  if (train.empty() || validation.empty()) {
    throw std::invalid_argument("the LSTM found no observed targets in its " +
                                std::string(train.empty() ? "training" : "validation") +
                                " split: too much of the history is missing");
  }
  return {train, validation};
}

TensorSet buildSet(const PreparedSeries& s, const LstmShape& shape,
                   const std::vector<long>& origins) {
  const auto S = static_cast<long>(origins.size());
  const long H = shape.horizon;
  const long context = shape.context();
  TensorSet set{torch::empty({S, shape.window, kPastFeatureCount}),
                torch::empty({S, H, kFutureFeatureCount}), torch::empty({S, H}),
                torch::empty({S, H})};
  float* pp = set.past.data_ptr<float>();
  float* fp = set.future.data_ptr<float>();
  float* tp = set.target.data_ptr<float>();
  float* mp = set.mask.data_ptr<float>();
  const std::span<const CalendarFeatures> calendar(s.calendar);
  for (long i = 0; i < S; ++i) {
    const long k = origins[static_cast<std::size_t>(i)];
    const auto begin = static_cast<std::size_t>(k - context);
    const auto len = static_cast<std::size_t>(context);
    buildLstmInputs(shape, std::span<const float>(s.values).subspan(begin, len),
                    std::span<const std::uint8_t>(s.missing).subspan(begin, len),
                    calendar.subspan(static_cast<std::size_t>(k - shape.window),
                                     static_cast<std::size_t>(shape.window)),
                    calendar.subspan(static_cast<std::size_t>(k), static_cast<std::size_t>(H)),
                    pp + i * shape.window * kPastFeatureCount, fp + i * H * kFutureFeatureCount);
    for (long h = 0; h < H; ++h) {
      const auto j = static_cast<std::size_t>(k + h);
      tp[i * H + h] = s.targets[j];
      mp[i * H + h] = s.missing[j] ? 0.0f : 1.0f;
    }
  }
  return set;
}

// Mean pinball loss of the network over a set, weighted by observed targets.
double evaluateLoss(torchnet::LstmForecaster& net, const TensorSet& set,
                    const torch::Tensor& levels) {
  torch::NoGradGuard no_grad;
  net->eval();
  const long S = set.past.size(0);
  double total = 0, weight = 0;
  for (long b = 0; b < S; b += 1024) {
    const long e = std::min(S, b + 1024);
    const torch::Tensor pred = net->forward(set.past.slice(0, b, e), set.future.slice(0, b, e));
    const double w = set.mask.slice(0, b, e).sum().item<double>();
    total += pinballLoss(pred, set.target.slice(0, b, e), set.mask.slice(0, b, e), levels)
                 .item<double>() *
             w;
    weight += w;
  }
  return weight > 0 ? total / weight : 0.0;
}

// One pass over the training set in the order `order` (shuffled by the caller); the mean of the
// batch losses.
double trainEpoch(torchnet::LstmForecaster& net, torch::optim::Adam& optimizer,
                  const TensorSet& set, const std::vector<std::int64_t>& order,
                  const LstmOptions& o, const torch::Tensor& levels) {
  const torch::Tensor perm = torch::tensor(order, torch::kInt64);
  net->train();
  double loss_sum = 0;
  long batches = 0;
  const auto S = static_cast<long>(order.size());
  for (long b = 0; b < S; b += o.batch_size) {
    const torch::Tensor idx = perm.slice(0, b, std::min(S, b + o.batch_size));
    optimizer.zero_grad();
    const torch::Tensor pred =
        net->forward(set.past.index_select(0, idx), set.future.index_select(0, idx));
    const torch::Tensor loss =
        pinballLoss(pred, set.target.index_select(0, idx), set.mask.index_select(0, idx), levels);
    loss.backward();
    torch::nn::utils::clip_grad_norm_(net->parameters(), o.grad_clip);
    optimizer.step();
    loss_sum += loss.item<double>();
    ++batches;
  }
  return batches > 0 ? loss_sum / static_cast<double>(batches) : 0.0;
}

// Throws "needs more history" when `n` intervals are fewer than the `needed` ones.
void requireHistory(long n, long needed, TimeNs interval) {
  if (n >= needed) {
    return;
  }
  char days[32];
  std::snprintf(
      days, sizeof days, "%.1f",
      static_cast<double>(static_cast<TimeNs>(needed) * interval) / static_cast<double>(kDay));
  throw std::invalid_argument("the LSTM needs at least " + std::to_string(needed) + " intervals (" +
                              days + " days) of history, got " + std::to_string(n));
}

// Trains a fresh network (after the caller seeded torch) epoch by epoch until `max_epochs` or
// `patience` epochs without a better validation loss; leaves the best epoch's network in
// `best_out`, ready for inference, and reports every epoch to `progress` as it ends.
TrainingReport runEpochs(const LstmOptions& o, const TensorSet& train_set, const TensorSet& val_set,
                         const torch::Tensor& levels, torchnet::LstmForecaster& best_out,
                         const EpochCallback& progress) {
  using Clock = std::chrono::steady_clock;
  // Made in this order, the network then its copy, so the seed gives the same initial weights.
  torchnet::LstmForecaster net = makeNet(o);
  torchnet::LstmForecaster best = makeNet(o);
  torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(o.learning_rate));
  Rng shuffle_rng = Rng::stream(o.seed, "lstm-shuffle");
  TrainingReport report;
  report.train_samples = static_cast<std::size_t>(train_set.target.size(0));
  report.validation_samples = static_cast<std::size_t>(val_set.target.size(0));
  report.best_validation_loss = HUGE_VAL;
  std::vector<std::int64_t> order(report.train_samples);
  std::iota(order.begin(), order.end(), 0);
  int since_best = 0;
  for (int epoch = 1; epoch <= o.max_epochs && since_best < o.patience; ++epoch) {
    const auto epoch_start = Clock::now();
    // Fisher-Yates with the run's own stream: the order depends only on the seed.
    for (std::size_t i = order.size(); i > 1; --i) {
      const auto j = static_cast<std::size_t>(shuffle_rng.next() % i);
      std::swap(order[i - 1], order[j]);
    }
    EpochReport er;
    er.epoch = epoch;
    er.train_loss = trainEpoch(net, optimizer, train_set, order, o, levels);
    er.validation_loss = evaluateLoss(net, val_set, levels);
    er.seconds = std::chrono::duration<double>(Clock::now() - epoch_start).count();
    er.improved = er.validation_loss < report.best_validation_loss;
    if (er.improved) {
      report.best_validation_loss = er.validation_loss;
      report.best_epoch = epoch;
      copyNet(net, best);
      since_best = 0;
    } else {
      ++since_best;
    }
    report.epochs.push_back(er);
    if (progress) {
      progress(er);
    }
  }
  best->eval();
  best_out = best;
  return report;
}

}  // namespace

TrainingReport LstmForecaster::train(std::span<const SeriesPoint> history,
                                     const EpochCallback& progress) {
  // Training sets torch's global seed and thread count; setups run in parallel threads, so one
  // training at a time keeps each deterministic.
  static std::mutex training;
  const std::lock_guard<std::mutex> lock(training);
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  const std::clock_t cpu_started = std::clock();
  const LstmOptions& o = state_->options;
  const LstmShape& shape = state_->shape;
  const auto n = static_cast<long>(history.size());
  const long val_start = validationStart(o, n);
  requireHistory(n, static_cast<long>(minHistory()), o.interval);
  ThreadCountGuard threads(o.threads);
  // The model's state changes only once training has succeeded (a failed refit of a copy leaves
  // that copy as it was, too).
  const LstmModelInfo info = describeHistory(history, val_start, state_->info.source);
  const PreparedSeries series = prepareSeries(history, info, shape);
  const auto [train_origins, val_origins] =
      chooseOrigins(series, shape.context(), shape.horizon, val_start);
  const TensorSet train_set = buildSet(series, shape, train_origins);
  const TensorSet val_set = buildSet(series, shape, val_origins);
  const torch::Tensor levels =
      torch::tensor(std::vector<float>(o.quantiles.begin(), o.quantiles.end()), torch::kFloat32);

  torch::manual_seed(o.seed);
  torchnet::LstmForecaster best{nullptr};
  TrainingReport report = runEpochs(o, train_set, val_set, levels, best, progress);
  report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  report.cpu_seconds = static_cast<double>(std::clock() - cpu_started) / CLOCKS_PER_SEC;
  state_->info = info;
  state_->net = best;
  state_->report = report;
  state_->clearHistory();
  for (const SeriesPoint& p : history) {
    state_->push(p);
  }
  return report;
}

void LstmForecaster::observe(const SeriesPoint& point) {
  if (!state_->net) {
    throw std::logic_error("lstm: observe before the model is trained or loaded");
  }
  state_->push(point);
}

LstmInputs LstmForecaster::currentInputs(std::span<const SeriesPoint> future_calendar) const {
  const State& s = *state_;
  if (!s.has_last) {
    throw std::logic_error("lstm: forecast before any observed interval");
  }
  const int H = s.shape.horizon;
  std::vector<CalendarFeatures> future(static_cast<std::size_t>(H));
  SeriesPoint anchor = s.last;
  int steps = 0;
  for (int h = 0; h < H; ++h) {
    if (static_cast<std::size_t>(h) < future_calendar.size()) {
      anchor = future_calendar[static_cast<std::size_t>(h)];
      steps = 0;
      future[static_cast<std::size_t>(h)] = calendarFeatures(anchor);
    } else {
      ++steps;
      future[static_cast<std::size_t>(h)] =
          calendarFeatures(stepCalendar(anchor, s.options.interval, steps));
    }
  }
  const std::vector<float> values(s.values.begin(), s.values.end());
  const std::vector<std::uint8_t> missing(s.missing.begin(), s.missing.end());
  const std::vector<CalendarFeatures> past(s.calendar.begin(), s.calendar.end());
  LstmInputs in;
  in.window = s.shape.window;
  in.horizon = H;
  in.past.resize(static_cast<std::size_t>(in.window * kPastFeatureCount));
  in.future.resize(static_cast<std::size_t>(H * kFutureFeatureCount));
  buildLstmInputs(s.shape, values, missing, past, future, in.past.data(), in.future.data());
  return in;
}

std::vector<std::vector<double>> LstmForecaster::run(const LstmInputs& inputs) const {
  // Inference changes no weights; the holder only lacks a const forward.
  State& s = *state_;
  if (!s.net) {
    throw std::logic_error("lstm: run before the model is trained or loaded");
  }
  if (inputs.window != s.shape.window || inputs.horizon != s.shape.horizon ||
      inputs.past.size() != static_cast<std::size_t>(inputs.window * kPastFeatureCount) ||
      inputs.future.size() != static_cast<std::size_t>(inputs.horizon * kFutureFeatureCount)) {
    throw std::invalid_argument("lstm: inputs do not match the model's window and horizon");
  }
  // Inference mode skips autograd bookkeeping: most of the cost of this small network is
  // per-op overhead, not arithmetic.
  c10::InferenceMode inference;
  // from_blob does not copy; the inputs outlive the call.
  const torch::Tensor past = torch::from_blob(const_cast<float*>(inputs.past.data()),
                                              {1, inputs.window, kPastFeatureCount});
  const torch::Tensor future = torch::from_blob(const_cast<float*>(inputs.future.data()),
                                                {1, inputs.horizon, kFutureFeatureCount});
  const torch::Tensor q = s.net->forward(past, future);
  const torch::Tensor mean = torch::tensor(static_cast<float>(s.info.norm_mean));
  const torch::Tensor stdev = torch::tensor(static_cast<float>(s.info.norm_std));
  const torch::Tensor raw = torch::expm1(q * stdev + mean).clamp_min(0.0).contiguous();
  const float* p = raw.data_ptr<float>();
  const std::size_t Q = s.options.quantiles.size();
  std::vector<std::vector<double>> out(static_cast<std::size_t>(inputs.horizon),
                                       std::vector<double>(Q));
  for (std::size_t h = 0; h < out.size(); ++h) {
    for (std::size_t j = 0; j < Q; ++j) {
      out[h][j] = p[h * Q + j];
    }
  }
  return out;
}

QuantileForecast LstmForecaster::forecast(int horizon,
                                          std::span<const SeriesPoint> future_calendar) {
  if (horizon < 1 || horizon > state_->shape.horizon) {
    throw std::invalid_argument("lstm: horizon " + std::to_string(horizon) + " outside 1.." +
                                std::to_string(state_->shape.horizon));
  }
  QuantileForecast f;
  f.quantiles = state_->options.quantiles;
  f.values = run(currentInputs(future_calendar));
  f.values.resize(static_cast<std::size_t>(horizon));
  return f;
}

std::unique_ptr<Forecaster> LstmForecaster::clone() const {
  return std::make_unique<LstmForecaster>(*this);
}

std::vector<NamedArray> LstmForecaster::weights() const {
  if (!state_->net) {
    throw std::logic_error("lstm: no trained weights");
  }
  std::vector<NamedArray> out;
  for (const auto& item : state_->net->named_parameters()) {
    const torch::Tensor t = item.value().detach().contiguous().to(torch::kFloat32);
    NamedArray a;
    a.name = item.key();
    a.shape = t.sizes().vec();
    a.data.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    out.push_back(std::move(a));
  }
  return out;
}

namespace {

// Bump when the stored layout or the network's arithmetic changes. 2: value features relative to
// the last value (format 1 read absolute levels; its weights mean nothing to this network).
constexpr std::int64_t kModelFormat = 2;

}  // namespace

void LstmForecaster::save(const std::string& path) const {
  const State& s = *state_;
  if (!s.net) {
    throw std::logic_error("lstm: nothing to save, the model is not trained");
  }
  torch::serialize::OutputArchive archive;
  s.net->save(archive);
  const LstmOptions& o = s.options;
  archive.write("meta.format", c10::IValue(kModelFormat));
  archive.write("meta.interval_ns", c10::IValue(static_cast<std::int64_t>(o.interval)));
  archive.write("meta.window", c10::IValue(static_cast<std::int64_t>(o.window)));
  archive.write("meta.horizon", c10::IValue(static_cast<std::int64_t>(o.horizon)));
  archive.write("meta.hidden", c10::IValue(static_cast<std::int64_t>(o.hidden)));
  archive.write("meta.head_hidden", c10::IValue(static_cast<std::int64_t>(o.head_hidden)));
  archive.write("meta.quantiles", torch::tensor(o.quantiles, torch::kFloat64));
  archive.write("meta.seed", c10::IValue(static_cast<std::int64_t>(o.seed)));
  archive.write("meta.norm_mean", c10::IValue(s.info.norm_mean));
  archive.write("meta.norm_std", c10::IValue(s.info.norm_std));
  archive.write("meta.train_first", c10::IValue(static_cast<std::int64_t>(s.info.train_first)));
  archive.write("meta.train_last", c10::IValue(static_cast<std::int64_t>(s.info.train_last)));
  archive.write("meta.train_first_civil", c10::IValue(s.info.train_first_civil));
  archive.write("meta.train_last_civil", c10::IValue(s.info.train_last_civil));
  archive.write("meta.train_intervals",
                c10::IValue(static_cast<std::int64_t>(s.info.train_intervals)));
  archive.write("meta.missing_intervals",
                c10::IValue(static_cast<std::int64_t>(s.info.missing_intervals)));
  archive.write("meta.source", c10::IValue(s.info.source));
  archive.write("meta.backtest_json", c10::IValue(s.info.backtest_json));
  archive.write("meta.best_epoch", c10::IValue(static_cast<std::int64_t>(s.report.best_epoch)));
  archive.write("meta.best_validation_loss", c10::IValue(s.report.best_validation_loss));
  // The recent history, so a loaded model forecasts right away from where training ended.
  archive.write("state.values",
                torch::tensor(std::vector<float>(s.values.begin(), s.values.end())));
  archive.write("state.missing",
                torch::tensor(std::vector<std::int64_t>(s.missing.begin(), s.missing.end())));
  archive.write("state.last_t", c10::IValue(static_cast<std::int64_t>(s.last.t)));
  archive.write(
      "state.last_local_days",
      c10::IValue(daysFromCivil(s.last.civil.year, s.last.civil.month, s.last.civil.day)));
  archive.write("state.last_tod", c10::IValue(static_cast<std::int64_t>(s.last.civil.time_of_day)));
  std::vector<float> cal;
  for (const auto& c : s.calendar) {
    cal.insert(cal.end(), {c.tod_sin, c.tod_cos, c.dow_sin, c.dow_cos, c.event});
  }
  archive.write("state.calendar", torch::tensor(cal));

  const std::string tmp = path + ".tmp";
  try {
    archive.save_to(tmp);
  } catch (const c10::Error& e) {
    std::filesystem::remove(tmp);
    throw std::runtime_error(path + ": cannot write the model: " + e.what_without_backtrace());
  }
  std::filesystem::rename(tmp, path);
}

LstmForecaster LstmForecaster::load(const std::string& path) {
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
  } catch (const c10::Error& e) {
    throw InputError::at(path, 0, "",
                         std::string("not a model file written by shadowscale train (") +
                             e.what_without_backtrace() + ")");
  }
  auto get = [&](const std::string& key) {
    c10::IValue v;
    if (!archive.try_read(key, v)) {
      throw InputError::at(path, 0, key, "missing: not a shadowscale LSTM model");
    }
    return v;
  };
  auto tensor = [&](const std::string& key) {
    torch::Tensor t;
    if (!archive.try_read(key, t)) {
      throw InputError::at(path, 0, key, "missing: not a shadowscale LSTM model");
    }
    return t;
  };
  if (const std::int64_t format = get("meta.format").toInt(); format != kModelFormat) {
    throw InputError::at(
        path, 0, "meta.format",
        "model format " + std::to_string(format) + ", this shadowscale reads " +
            std::to_string(kModelFormat) +
            (format < kModelFormat ? ": train the model again with `shadowscale train`"
                                   : ": written by a newer shadowscale"));
  }
  LstmOptions o;
  o.interval = get("meta.interval_ns").toInt();
  o.window = static_cast<int>(get("meta.window").toInt());
  o.horizon = static_cast<int>(get("meta.horizon").toInt());
  o.hidden = static_cast<int>(get("meta.hidden").toInt());
  o.head_hidden = static_cast<int>(get("meta.head_hidden").toInt());
  const torch::Tensor q = tensor("meta.quantiles").to(torch::kFloat64).contiguous();
  o.quantiles.assign(q.data_ptr<double>(), q.data_ptr<double>() + q.numel());
  o.seed = static_cast<std::uint64_t>(get("meta.seed").toInt());
  LstmForecaster f(o);
  State& s = *f.state_;
  s.info.norm_mean = get("meta.norm_mean").toDouble();
  s.info.norm_std = get("meta.norm_std").toDouble();
  s.info.train_first = get("meta.train_first").toInt();
  s.info.train_last = get("meta.train_last").toInt();
  s.info.train_first_civil = get("meta.train_first_civil").toStringRef();
  s.info.train_last_civil = get("meta.train_last_civil").toStringRef();
  s.info.train_intervals = static_cast<std::size_t>(get("meta.train_intervals").toInt());
  s.info.missing_intervals = static_cast<std::size_t>(get("meta.missing_intervals").toInt());
  s.info.source = get("meta.source").toStringRef();
  s.info.backtest_json = get("meta.backtest_json").toStringRef();
  s.report.best_epoch = static_cast<int>(get("meta.best_epoch").toInt());
  s.report.best_validation_loss = get("meta.best_validation_loss").toDouble();
  s.net = makeNet(o);
  try {
    s.net->load(archive);
  } catch (const c10::Error& e) {
    throw InputError::at(
        path, 0, "weights",
        std::string("do not match the stored architecture: ") + e.what_without_backtrace());
  }
  s.net->eval();

  const torch::Tensor values = tensor("state.values").contiguous();
  const torch::Tensor missing = tensor("state.missing").to(torch::kInt64).contiguous();
  const torch::Tensor cal = tensor("state.calendar").contiguous();
  if (values.numel() != missing.numel() || cal.numel() % 5 != 0) {
    throw InputError::at(path, 0, "state", "inconsistent stored history");
  }
  for (std::int64_t i = 0; i < values.numel(); ++i) {
    s.values.push_back(values.data_ptr<float>()[i]);
    s.missing.push_back(static_cast<std::uint8_t>(missing.data_ptr<std::int64_t>()[i]));
  }
  const float* c = cal.data_ptr<float>();
  for (std::int64_t i = 0; i + 5 <= cal.numel(); i += 5) {
    s.calendar.push_back({c[i], c[i + 1], c[i + 2], c[i + 3], c[i + 4]});
  }
  if (!s.values.empty()) {
    s.last.t = get("state.last_t").toInt();
    s.last.civil = Calendar(0, 0).civil(get("state.last_local_days").toInt() * kDay +
                                        get("state.last_tod").toInt());
    s.has_last = true;
  }
  return f;
}

}  // namespace shadowscale
