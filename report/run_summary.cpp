#include "report/run_summary.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/input_error.h"

namespace shadowscale {

namespace {

// Ordered, so metrics keep the order the run wrote them in (report order).
using Json = nlohmann::ordered_json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// nlohmann's parse error as "name:line: column C: what", the line and column counted from the
// byte offset it reports (its own text repeats them in a longer form).
InputError parseError(const nlohmann::json::parse_error& e, const std::string& text,
                      const std::string& name) {
  const std::size_t byte = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < byte; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::string what = e.what();
  // "[json.exception.parse_error.101] parse error at line 3, column 14: syntax error ..."
  const std::size_t column_at = what.find("column ");
  const std::size_t colon =
      column_at == std::string::npos ? what.find("] ") : what.find(": ", column_at);
  if (colon != std::string::npos) {
    what = what.substr(colon + 2);
  }
  return InputError::at(name, line, "column " + std::to_string(byte - line_start + 1),
                        "not valid JSON: " + what);
}

// Typed access to the parsed tree; a wrong type is an error naming the field's path.
class Reader {
 public:
  explicit Reader(const std::string& name) : name_(name) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw InputError::at(name_, 0, field, what);
  }

  // The member, or null when absent or null.
  const Json* member(const Json& obj, const char* key) const {
    const auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
  }

  std::string str(const Json& obj, const char* key, const std::string& path) const {
    const Json* v = member(obj, key);
    if (v == nullptr) {
      return "";
    }
    if (!v->is_string()) {
      fail(path + key, "expected a string");
    }
    return v->get<std::string>();
  }

  std::optional<double> num(const Json& obj, const char* key, const std::string& path) const {
    const Json* v = member(obj, key);
    if (v == nullptr) {
      return std::nullopt;
    }
    if (!v->is_number()) {
      fail(path + key, "expected a number");
    }
    return v->get<double>();
  }

  const Json* array(const Json& obj, const char* key, const std::string& path) const {
    const Json* v = member(obj, key);
    if (v != nullptr && !v->is_array()) {
      fail(path + key, "expected an array");
    }
    return v;
  }

  void object(const Json& v, const std::string& path) const {
    if (!v.is_object()) {
      fail(path, "expected an object");
    }
  }

 private:
  const std::string& name_;
};

// The "notes" array of `obj` (the run's or one setup's): strings.
std::vector<std::string> readNotes(const Reader& r, const Json& obj, const std::string& path) {
  std::vector<std::string> notes;
  if (const Json* array = r.array(obj, "notes", path)) {
    for (const Json& n : *array) {
      if (!n.is_string()) {
        r.fail(path + "notes", "expected strings");
      }
      notes.push_back(n.get<std::string>());
    }
  }
  return notes;
}

// One entry of "setups": its name, metrics (null as NaN) and notes.
RunSummary::Setup readSetup(const Reader& r, const Json& s, const std::string& path) {
  r.object(s, path.substr(0, path.size() - 1));
  RunSummary::Setup setup;
  setup.name = r.str(s, "name", path);
  if (const Json* metrics = r.member(s, "metrics")) {
    r.object(*metrics, path + "metrics");
    for (const auto& [key, v] : metrics->items()) {
      if (v.is_null()) {
        setup.metrics.emplace_back(key, kNaN);
      } else if (v.is_number()) {
        setup.metrics.emplace_back(key, v.get<double>());
      } else {
        r.fail(path + "metrics." + key, "expected a number or null");
      }
    }
  }
  setup.notes = readNotes(r, s, path);
  return setup;
}

// One entry of "thresholds" as the run judged it.
RunSummary::Threshold readThreshold(const Reader& r, const Json& t, const std::string& path) {
  r.object(t, path.substr(0, path.size() - 1));
  RunSummary::Threshold th;
  th.setup = r.str(t, "setup", path);
  th.metric = r.str(t, "metric", path);
  th.op = r.str(t, "op", path);
  th.limit = r.num(t, "limit", path).value_or(kNaN);
  th.actual = r.num(t, "actual", path).value_or(kNaN);
  if (const Json* passed = r.member(t, "passed")) {
    if (!passed->is_boolean()) {
      r.fail(path + "passed", "expected true or false");
    }
    th.passed = passed->get<bool>();
  }
  return th;
}

}  // namespace

double RunSummary::Setup::metric(const std::string& key) const {
  for (const auto& [k, v] : metrics) {
    if (k == key) {
      return v;
    }
  }
  return kNaN;
}

RunSummary parseRunSummary(const std::string& json_text, const std::string& name_for_messages) {
  Json root;
  try {
    root = Json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    throw parseError(e, json_text, name_for_messages);
  }
  const Reader r(name_for_messages);
  r.object(root, "the top level");
  RunSummary out;
  out.scenario = r.str(root, "scenario", "");
  out.scenario_file = r.str(root, "scenario_file", "");
  out.version = r.str(root, "version", "");
  if (const Json* seed = r.member(root, "seed")) {
    if (seed->is_number()) {
      out.seed = seed->dump();  // the digits as written: a 64-bit seed does not survive a double
    } else if (seed->is_string()) {
      out.seed = seed->get<std::string>();
    } else {
      r.fail("seed", "expected a number");
    }
  }
  out.duration_s = r.num(root, "duration_s", "");
  out.interval_s = r.num(root, "interval_s", "");
  out.warmup_s = r.num(root, "warmup_s", "");
  if (const Json* slo = r.member(root, "slo")) {
    r.object(*slo, "slo");
    out.slo_latency_ms = r.num(*slo, "latency_target_ms", "slo.");
    out.slo_percentile = r.num(*slo, "percentile", "slo.");
  }
  out.notes = readNotes(r, root, "");
  if (const Json* setups = r.array(root, "setups", "")) {
    for (std::size_t i = 0; i < setups->size(); ++i) {
      out.setups.push_back(readSetup(r, (*setups)[i], "setups[" + std::to_string(i) + "]."));
    }
  }
  if (const Json* thresholds = r.array(root, "thresholds", "")) {
    for (std::size_t i = 0; i < thresholds->size(); ++i) {
      out.thresholds.push_back(
          readThreshold(r, (*thresholds)[i], "thresholds[" + std::to_string(i) + "]."));
    }
  }
  return out;
}

}  // namespace shadowscale
