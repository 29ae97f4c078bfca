#include "sim/html_summary.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <memory>

#include "core/input_error.h"

namespace shadowscale {

namespace {

// A parsed JSON value; numbers keep their text so integers of any size survive.
struct Json {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string text;  // a string's value or a number's digits
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;
  int line = 1;

  const Json* find(const std::string& key) const {
    for (const auto& [k, v] : members) {
      if (k == key) {
        return &v;
      }
    }
    return nullptr;
  }
};

// Deep nesting is not a summary; the limit keeps the recursion bounded on hostile input.
constexpr int kMaxDepth = 64;

// A recursive-descent JSON reader that counts lines for its messages.
class JsonParser {
 public:
  JsonParser(const std::string& text, const std::string& name) : s_(text), name_(name) {}

  Json parseDocument() {
    Json v = value(0);
    space();
    if (pos_ != s_.size()) {
      fail("unexpected text after the JSON value");
    }
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError::at(name_, line_, "", what);
  }

  void space() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '\n') {
        ++line_;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
      ++pos_;
    }
  }

  bool literal(const char* word) {
    const std::string_view w(word);
    if (s_.compare(pos_, w.size(), w) == 0) {
      pos_ += w.size();
      return true;
    }
    return false;
  }

  Json value(int depth) {
    if (depth > kMaxDepth) {
      fail("nested more than " + std::to_string(kMaxDepth) + " deep");
    }
    space();
    if (pos_ >= s_.size()) {
      fail("unexpected end of the text; expected a value");
    }
    Json v;
    v.line = line_;
    const char c = s_[pos_];
    if (c == '{') {
      ++pos_;
      v.kind = Json::Kind::kObject;
      space();
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return v;
      }
      while (true) {
        space();
        if (pos_ >= s_.size() || s_[pos_] != '"') {
          fail("expected a quoted member name");
        }
        std::string key = string();
        space();
        if (pos_ >= s_.size() || s_[pos_] != ':') {
          fail("expected ':' after member name \"" + key + "\"");
        }
        ++pos_;
        v.members.emplace_back(std::move(key), value(depth + 1));
        space();
        if (pos_ < s_.size() && s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < s_.size() && s_[pos_] == '}') {
          ++pos_;
          return v;
        }
        fail("expected ',' or '}' in an object");
      }
    }
    if (c == '[') {
      ++pos_;
      v.kind = Json::Kind::kArray;
      space();
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return v;
      }
      while (true) {
        v.items.push_back(value(depth + 1));
        space();
        if (pos_ < s_.size() && s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < s_.size() && s_[pos_] == ']') {
          ++pos_;
          return v;
        }
        fail("expected ',' or ']' in an array");
      }
    }
    if (c == '"') {
      v.kind = Json::Kind::kString;
      v.text = string();
      return v;
    }
    if (literal("true")) {
      v.kind = Json::Kind::kBool;
      v.boolean = true;
      return v;
    }
    if (literal("false")) {
      v.kind = Json::Kind::kBool;
      return v;
    }
    if (literal("null")) {
      return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      const std::size_t start = pos_;
      while (pos_ < s_.size() &&
             std::string_view("0123456789+-.eE").find(s_[pos_]) != std::string_view::npos) {
        ++pos_;
      }
      v.kind = Json::Kind::kNumber;
      v.text = s_.substr(start, pos_ - start);
      const auto [ptr, ec] =
          std::from_chars(v.text.data(), v.text.data() + v.text.size(), v.number);
      if (ptr != v.text.data() + v.text.size() ||
          (ec != std::errc() && ec != std::errc::result_out_of_range)) {
        fail("'" + v.text + "' is not a number");
      }
      return v;
    }
    fail(std::string("unexpected character '") + c + "'");
  }

  void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  unsigned hex4() {
    if (pos_ + 4 > s_.size()) {
      fail("a \\u escape needs four hex digits");
    }
    unsigned v = 0;
    const auto [ptr, ec] = std::from_chars(s_.data() + pos_, s_.data() + pos_ + 4, v, 16);
    if (ec != std::errc() || ptr != s_.data() + pos_ + 4) {
      fail("a \\u escape needs four hex digits");
    }
    pos_ += 4;
    return v;
  }

  std::string string() {
    ++pos_;  // the opening quote
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) {
        fail("a string is not closed");
      }
      const char c = s_[pos_++];
      if (c == '"') {
        return out;
      }
      if (c == '\n') {
        fail("a string is not closed on its line");
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) {
        fail("a string is not closed");
      }
      const char e = s_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && s_.compare(pos_, 2, "\\u") == 0) {
            pos_ += 2;
            const unsigned low = hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          appendUtf8(out, cp);
          break;
        }
        default:
          fail(std::string("unknown escape '\\") + e + "' in a string");
      }
    }
  }

  const std::string& s_;
  const std::string& name_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

// Typed access to the parsed tree; a wrong type is an error naming the field's path and line.
class Reader {
 public:
  explicit Reader(const std::string& name) : name_(name) {}

  [[noreturn]] void fail(const Json& v, const std::string& field, const std::string& what) const {
    throw InputError::at(name_, v.line, field, what);
  }

  std::string str(const Json& obj, const char* key, const std::string& path) const {
    const Json* v = obj.find(key);
    if (v == nullptr || v->kind == Json::Kind::kNull) {
      return "";
    }
    if (v->kind != Json::Kind::kString) {
      fail(*v, path + key, "expected a string");
    }
    return v->text;
  }

  std::optional<double> num(const Json& obj, const char* key, const std::string& path) const {
    const Json* v = obj.find(key);
    if (v == nullptr || v->kind == Json::Kind::kNull) {
      return std::nullopt;
    }
    if (v->kind != Json::Kind::kNumber) {
      fail(*v, path + key, "expected a number");
    }
    return v->number;
  }

  const Json* array(const Json& obj, const char* key, const std::string& path) const {
    const Json* v = obj.find(key);
    if (v == nullptr || v->kind == Json::Kind::kNull) {
      return nullptr;
    }
    if (v->kind != Json::Kind::kArray) {
      fail(*v, path + key, "expected an array");
    }
    return v;
  }

  void object(const Json& v, const std::string& path) const {
    if (v.kind != Json::Kind::kObject) {
      fail(v, path, "expected an object");
    }
  }

 private:
  const std::string& name_;
};

}  // namespace

double RunSummary::Setup::metric(const std::string& key) const {
  for (const auto& [k, v] : metrics) {
    if (k == key) {
      return v;
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

RunSummary parseRunSummary(const std::string& json_text, const std::string& name_for_messages) {
  const Json root = JsonParser(json_text, name_for_messages).parseDocument();
  const Reader r(name_for_messages);
  r.object(root, "");
  RunSummary out;
  out.scenario = r.str(root, "scenario", "");
  out.scenario_file = r.str(root, "scenario_file", "");
  out.version = r.str(root, "version", "");
  if (const Json* seed = root.find("seed"); seed != nullptr) {
    if (seed->kind == Json::Kind::kNumber || seed->kind == Json::Kind::kString) {
      out.seed = seed->text;
    } else if (seed->kind != Json::Kind::kNull) {
      r.fail(*seed, "seed", "expected a number");
    }
  }
  out.duration_s = r.num(root, "duration_s", "");
  out.interval_s = r.num(root, "interval_s", "");
  if (const Json* slo = root.find("slo"); slo != nullptr && slo->kind != Json::Kind::kNull) {
    r.object(*slo, "slo");
    out.slo_latency_ms = r.num(*slo, "latency_target_ms", "slo.");
    out.slo_percentile = r.num(*slo, "percentile", "slo.");
  }
  if (const Json* setups = r.array(root, "setups", "")) {
    for (std::size_t i = 0; i < setups->items.size(); ++i) {
      const Json& s = setups->items[i];
      const std::string path = "setups[" + std::to_string(i) + "].";
      r.object(s, path.substr(0, path.size() - 1));
      RunSummary::Setup setup;
      setup.name = r.str(s, "name", path);
      if (const Json* metrics = s.find("metrics");
          metrics != nullptr && metrics->kind != Json::Kind::kNull) {
        r.object(*metrics, path + "metrics");
        for (const auto& [key, v] : metrics->members) {
          if (v.kind == Json::Kind::kNull) {
            setup.metrics.emplace_back(key, std::numeric_limits<double>::quiet_NaN());
          } else if (v.kind == Json::Kind::kNumber) {
            setup.metrics.emplace_back(key, v.number);
          } else {
            r.fail(v, path + "metrics." + key, "expected a number or null");
          }
        }
      }
      if (const Json* notes = r.array(s, "notes", path)) {
        for (const Json& n : notes->items) {
          if (n.kind != Json::Kind::kString) {
            r.fail(n, path + "notes", "expected strings");
          }
          setup.notes.push_back(n.text);
        }
      }
      out.setups.push_back(std::move(setup));
    }
  }
  if (const Json* thresholds = r.array(root, "thresholds", "")) {
    for (std::size_t i = 0; i < thresholds->items.size(); ++i) {
      const Json& t = thresholds->items[i];
      const std::string path = "thresholds[" + std::to_string(i) + "].";
      r.object(t, path.substr(0, path.size() - 1));
      RunSummary::Threshold th;
      th.setup = r.str(t, "setup", path);
      th.metric = r.str(t, "metric", path);
      th.op = r.str(t, "op", path);
      th.limit = r.num(t, "limit", path).value_or(std::numeric_limits<double>::quiet_NaN());
      th.actual = r.num(t, "actual", path).value_or(std::numeric_limits<double>::quiet_NaN());
      if (const Json* passed = t.find("passed"); passed != nullptr) {
        if (passed->kind != Json::Kind::kBool) {
          r.fail(*passed, path + "passed", "expected true or false");
        }
        th.passed = passed->boolean;
      }
      out.thresholds.push_back(std::move(th));
    }
  }
  return out;
}

}  // namespace shadowscale
