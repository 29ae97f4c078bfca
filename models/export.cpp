// TorchScript export of the LSTM forecaster. One of the two translation units that include
// torch (the other is lstm_forecaster.cpp).
//
// C++ frontend modules cannot be scripted, so the exported module is built directly: the
// trained tensors are registered as parameters of a torch::jit::Module and its forward is
// defined in TorchScript source that runs the same ATen ops, in the same order, as
// torchnet::LstmForecasterImpl::forward.
#include "models/export.h"

#include <torch/script.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>

#include "core/input_error.h"
#include "core/json.h"
#include "io/atomic_file.h"
#include "shadowscale/version.h"

namespace shadowscale {

namespace {

int medianOf(const std::vector<double>& q) {
  for (std::size_t i = 0; i < q.size(); ++i) {
    if (std::abs(q[i] - 0.5) < 1e-9) {
      return static_cast<int>(i);
    }
  }
  throw std::invalid_argument("export: quantiles lack 0.5");
}

// Parameter names of the C++ module -> attribute names of the TorchScript module.
const std::map<std::string, std::string>& parameterNames() {
  static const std::map<std::string, std::string> names = {{"lstm.weight_ih_l0", "lstm_weight_ih"},
                                                           {"lstm.weight_hh_l0", "lstm_weight_hh"},
                                                           {"lstm.bias_ih_l0", "lstm_bias_ih"},
                                                           {"lstm.bias_hh_l0", "lstm_bias_hh"},
                                                           {"fc1.weight", "fc1_weight"},
                                                           {"fc1.bias", "fc1_bias"},
                                                           {"fc2.weight", "fc2_weight"},
                                                           {"fc2.bias", "fc2_bias"}};
  return names;
}

torch::Tensor toTensor(const NamedArray& a) {
  return torch::from_blob(const_cast<float*>(a.data.data()), a.shape, torch::kFloat32).clone();
}

std::vector<std::vector<double>> toRows(const torch::Tensor& out, int horizon, std::size_t q) {
  const torch::Tensor c = out.contiguous().to(torch::kFloat32);
  if (c.dim() != 3 || c.size(0) != 1 || c.size(1) != horizon ||
      c.size(2) != static_cast<std::int64_t>(q)) {
    throw std::runtime_error("exported model returned an unexpected shape");
  }
  const float* p = c.data_ptr<float>();
  std::vector<std::vector<double>> rows(static_cast<std::size_t>(horizon), std::vector<double>(q));
  for (std::size_t h = 0; h < rows.size(); ++h) {
    for (std::size_t j = 0; j < q; ++j) {
      rows[h][j] = p[h * q + j];
    }
  }
  return rows;
}

std::vector<std::vector<double>> runModule(torch::jit::Module& m, const LstmInputs& in,
                                           std::size_t quantiles) {
  torch::NoGradGuard no_grad;
  const torch::Tensor past =
      torch::from_blob(const_cast<float*>(in.past.data()), {1, in.window, kPastFeatureCount});
  const torch::Tensor future =
      torch::from_blob(const_cast<float*>(in.future.data()), {1, in.horizon, kFutureFeatureCount});
  return toRows(m.forward({past, future}).toTensor(), in.horizon, quantiles);
}

// A TorchScript list literal of 0/1 flags as floats: [1., 0., ...].
template <std::size_t N>
std::string flagList(const std::array<float, N>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < N; ++i) {
    out += (i > 0 ? ", " : "") + std::to_string(static_cast<int>(values[i])) + ".";
  }
  return out + "]";
}

}  // namespace

std::string torchScriptSource(const LstmOptions& o) {
  const int Q = static_cast<int>(o.quantiles.size());
  const int m = medianOf(o.quantiles);
  std::ostringstream s;
  s << "def forward(self, past: Tensor, future: Tensor) -> Tensor:\n"
    << "    base = past.select(2, 0).select(1, past.size(1) - 1).unsqueeze(1)\n"
    << "    past = past - base.unsqueeze(2) * torch.tensor(" << flagList(kPastLevelFeatures)
    << ", dtype=past.dtype)\n"
    << "    future = future - base.unsqueeze(2) * torch.tensor(" << flagList(kFutureLevelFeatures)
    << ", dtype=future.dtype)\n"
    << "    batch = past.size(0)\n"
    << "    h0 = torch.zeros([1, batch, " << o.hidden << "], dtype=past.dtype)\n"
    << "    c0 = torch.zeros([1, batch, " << o.hidden << "], dtype=past.dtype)\n"
    << "    out, hn, cn = torch.lstm(past, [h0, c0], [self.lstm_weight_ih, self.lstm_weight_hh, "
       "self.lstm_bias_ih, self.lstm_bias_hh], True, 1, 0.0, False, False, True)\n"
    << "    z = torch.cat([hn.select(0, 0), future.flatten(1)], 1)\n"
    << "    a = torch.relu(torch.addmm(self.fc1_bias, z, self.fc1_weight.t()))\n"
    << "    raw = torch.addmm(self.fc2_bias, a, self.fc2_weight.t()).view([-1, " << o.horizon
    << ", " << Q << "])\n"
    << "    q" << m << " = base + raw.select(2, " << m << ")\n";
  auto softplus = [&](int j) {
    std::ostringstream x;
    x << "(torch.log1p(torch.exp(-raw.select(2, " << j << ").abs())) + raw.select(2, " << j
      << ").clamp_min(0.0))";
    return x.str();
  };
  for (int j = m + 1; j < Q; ++j) {
    s << "    q" << j << " = q" << j - 1 << " + " << softplus(j) << "\n";
  }
  for (int j = m - 1; j >= 0; --j) {
    s << "    q" << j << " = q" << j + 1 << " - " << softplus(j) << "\n";
  }
  s << "    q = torch.stack([";
  for (int j = 0; j < Q; ++j) {
    s << (j > 0 ? ", " : "") << "q" << j;
  }
  s << "], 2)\n"
    << "    return torch.expm1(q * self.norm_std + self.norm_mean).clamp_min(0.0)\n"
    << "\n"
    << "def normalize(self, values: Tensor) -> Tensor:\n"
    << "    return (torch.log1p(values.clamp_min(0.0)) - self.norm_mean) / self.norm_std\n";
  return s.str();
}

namespace {

// The "inputs" part of the sidecar: shapes, feature names and what each feature means.
Json sidecarInputs(const LstmOptions& o) {
  Json past;
  past["shape"] = Json::array({"batch", o.window, kPastFeatureCount});
  past["dtype"] = "float32";
  past["features"] = pastFeatureNames();
  past["order"] = "oldest step first; the last step is the latest observed interval";
  Json future;
  future["shape"] = Json::array({"batch", o.horizon, kFutureFeatureCount});
  future["dtype"] = "float32";
  future["features"] = futureFeatureNames();
  future["order"] = "step 1 (the next interval) first";
  Json d;
  d["value"] = "normalised value: (log1p(v) - mean) / std, module.normalize(v)";
  d["missing"] =
      "1 where the interval had no data and value is a stand-in (the value a day earlier)";
  d["value_lag_day"] =
      "normalised value daily_period intervals before the step (whole days back until inside "
      "the history)";
  d["value_lag_week"] = "normalised value weekly_period intervals before the step";
  d["tod_sin"] = "sin(2*pi*seconds_since_local_midnight/86400)";
  d["tod_cos"] = "cos(2*pi*seconds_since_local_midnight/86400)";
  d["dow_sin"] = "sin(2*pi*(day_of_week + seconds_since_local_midnight/86400)/7), Monday = 0";
  d["dow_cos"] = "cos(2*pi*(day_of_week + seconds_since_local_midnight/86400)/7), Monday = 0";
  d["event"] = "1 when a special event covers the interval, else 0";
  Json inputs;
  inputs["past"] = std::move(past);
  inputs["future"] = std::move(future);
  inputs["definitions"] = std::move(d);
  return inputs;
}

// The "training" part of the sidecar: what the model was trained on.
Json sidecarTraining(const LstmForecaster& model) {
  const LstmModelInfo& info = model.info();
  Json t;
  t["source"] = info.source;
  t["first"] = info.train_first_civil;
  t["last"] = info.train_last_civil;
  t["first_unix_seconds"] = info.train_first / kSecond;
  t["last_unix_seconds"] = info.train_last / kSecond;
  t["intervals"] = info.train_intervals;
  t["missing_intervals"] = info.missing_intervals;
  t["seed"] = model.options().seed;
  t["best_epoch"] = model.lastTraining().best_epoch;
  t["best_validation_pinball"] = jsonNumber(model.lastTraining().best_validation_loss);
  return t;
}

// The backtest figures stored in the model, or null.
Json storedBacktest(const LstmModelInfo& info) {
  if (info.backtest_json.empty()) {
    return nullptr;
  }
  Json figures = Json::parse(info.backtest_json, nullptr, false);
  if (figures.is_discarded()) {
    throw InputError::at(info.source, 0, "meta.backtest_json",
                         "the model's stored backtest figures are not JSON");
  }
  return figures;
}

}  // namespace

std::string exportSidecarJson(const LstmForecaster& model, const std::string& model_file,
                              double max_abs_difference) {
  const LstmOptions& o = model.options();
  const LstmModelInfo& info = model.info();
  const LstmShape shape = o.shape();
  Json j;
  j["format"] = "shadowscale-lstm-torchscript";
  j["format_version"] = 1;
  j["shadowscale_version"] = kVersion;
  j["model_file"] = model_file;
  j["call"] = "quantiles = module.forward(past, future)";
  j["interval_seconds"] = o.interval / kSecond;
  j["window"] = o.window;
  j["horizon"] = o.horizon;
  j["context_intervals"] = shape.context();
  j["daily_period"] = shape.daily_period;
  j["weekly_period"] = shape.weekly_period;
  j["quantiles"] = Json::array();
  for (double q : o.quantiles) {
    j["quantiles"].push_back(jsonNumber(q));
  }
  j["inputs"] = sidecarInputs(o);
  j["output"]["shape"] = Json::array({"batch", o.horizon, o.quantiles.size()});
  j["output"]["units"] =
      "per-interval value in the units of the training series (expm1 of the denormalised log "
      "forecast, clamped at 0)";
  j["normalisation"]["transform"] = "log1p";
  j["normalisation"]["mean"] = jsonNumber(info.norm_mean);
  j["normalisation"]["std"] = jsonNumber(info.norm_std);
  j["training"] = sidecarTraining(model);
  j["backtest"] = storedBacktest(info);
  j["export_check_max_abs_difference"] = jsonNumber(max_abs_difference);
  return jsonText(j);
}

ExportReport exportForecaster(const LstmForecaster& model, const std::string& dir) {
  if (!model.trained()) {
    throw std::logic_error("export: the model is not trained");
  }
  const LstmOptions& o = model.options();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw std::runtime_error(dir + ": cannot create the folder: " + ec.message());
  }
  ExportReport report;
  report.model_path = (std::filesystem::path(dir) / kExportModelFile).string();
  report.sidecar_path = (std::filesystem::path(dir) / kExportSidecarFile).string();
  const std::string tmp = report.model_path + ".tmp";

  try {
    torch::jit::Module m(c10::QualifiedName("__torch__.shadowscale.LstmForecaster"));
    const auto& names = parameterNames();
    for (const NamedArray& a : model.weights()) {
      const auto it = names.find(a.name);
      if (it == names.end()) {
        throw std::logic_error("export: unexpected parameter " + a.name);
      }
      m.register_parameter(it->second, toTensor(a), false);
    }
    m.register_buffer("norm_mean", torch::tensor(static_cast<float>(model.info().norm_mean)));
    m.register_buffer("norm_std", torch::tensor(static_cast<float>(model.info().norm_std)));
    m.register_attribute("window", c10::IntType::get(),
                         c10::IValue(static_cast<std::int64_t>(o.window)));
    m.register_attribute("horizon", c10::IntType::get(),
                         c10::IValue(static_cast<std::int64_t>(o.horizon)));
    m.register_attribute("interval_seconds", c10::IntType::get(),
                         c10::IValue(static_cast<std::int64_t>(o.interval / kSecond)));
    m.register_attribute("quantiles", c10::ListType::ofFloats(),
                         c10::IValue(c10::List<double>(o.quantiles)));
    m.define(torchScriptSource(o));
    m.eval();

    // Check on the model's own latest inputs before anything is renamed into place.
    const LstmInputs inputs = model.currentInputs({});
    const auto expected = model.run(inputs);
    m.save(tmp);
    const auto got = runExportedModel(tmp, inputs);
    double worst = 0;
    for (std::size_t h = 0; h < expected.size(); ++h) {
      for (std::size_t j = 0; j < expected[h].size(); ++j) {
        const double d = std::abs(expected[h][j] - got[h][j]);
        worst = std::max(worst, d);
        if (d > 1e-5 * std::max(1.0, std::abs(expected[h][j]))) {
          throw std::runtime_error("export check failed: the TorchScript module forecasts " +
                                   std::to_string(got[h][j]) + " where the model forecasts " +
                                   std::to_string(expected[h][j]));
        }
      }
    }
    report.max_abs_difference = worst;
    writeFileAtomically(report.sidecar_path,
                        exportSidecarJson(model, kExportModelFile, report.max_abs_difference));
    std::filesystem::rename(tmp, report.model_path);
  } catch (const c10::Error& e) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error(std::string("export: ") + e.what_without_backtrace());
  } catch (...) {
    std::filesystem::remove(tmp, ec);
    throw;
  }
  return report;
}

std::vector<std::vector<double>> runExportedModel(const std::string& path,
                                                  const LstmInputs& inputs) {
  torch::jit::Module m;
  try {
    m = torch::jit::load(path);
  } catch (const c10::Error& e) {
    throw std::runtime_error(path +
                             ": cannot load the TorchScript file: " + e.what_without_backtrace());
  }
  m.eval();
  const auto q = m.attr("quantiles").toDoubleList();
  return runModule(m, inputs, q.size());
}

}  // namespace shadowscale
