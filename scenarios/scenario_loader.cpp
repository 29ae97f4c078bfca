#include "scenarios/scenario_loader.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "core/input_error.h"
#include "core/policies/hpa.h"
#include "core/policies/predictive.h"
#include "core/policies/schedule.h"
#include "core/sampling.h"
#include "models/forecaster_factory.h"
#include "replay/count_csv_source.h"
#include "scenarios/scenario.pb.h"
#include "scenarios/units.h"

namespace shadowscale {
namespace {

namespace pb = google::protobuf;
namespace cfg = shadowscale::config;
using ParseInfoTree = pb::TextFormat::ParseInfoTree;

// The text between the double quotes that follow the first `lead` in `message` ("Message type
// " then "x.Y"); nullopt when there is none. Plain string search: the parser's messages quote
// what the user wrote, which may be tens of kilobytes long, and std::regex recurses per
// character (a fuzzed 33 KB field name overflowed the stack).
std::optional<std::string> quotedAfter(const std::string& message, std::string_view lead) {
  const std::size_t at = message.find(std::string(lead) + "\"");
  if (at == std::string::npos) {
    return std::nullopt;
  }
  const std::size_t begin = at + lead.size() + 1;
  const std::size_t end = message.find('"', begin);
  if (end == std::string::npos) {
    return std::nullopt;
  }
  return message.substr(begin, end - begin);
}

// As quotedAfter, when the quoted text is one identifier-like word (letters, digits, '_').
std::optional<std::string> wordInQuotesAfter(const std::string& message, std::string_view lead) {
  std::optional<std::string> word = quotedAfter(message, lead);
  const auto is_word = [](unsigned char c) { return std::isalnum(c) != 0 || c == '_'; };
  if (!word || word->empty() || !std::all_of(word->begin(), word->end(), is_word)) {
    return std::nullopt;
  }
  return word;
}

// A log-normal's p99 is at most exp(z99^2 / 2) (about 14.97) times its mean; a wider spread has
// no log-normal with that mean and p99, which is how instance_model.h models durations.
double maxLogNormalP99OverMean() {
  const double z99 = normalQuantile(0.99);
  return std::exp(0.5 * z99 * z99);
}

// Most parameters have no natural upper end, but a typo of a few zeros should not pass.
constexpr int kMaxCount = 1000000;

// Built by appending: GCC 12 warns falsely (-Wrestrict) about "\"" + std::string(s).
std::string inQuotes(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  out.append(s);
  out.push_back('"');
  return out;
}

// Shortest text that reads back as the same double ("0.6", not "0.600000").
std::string num(double v) {
  std::array<char, 32> buf{};
  const auto result = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), result.ptr);
}

// "a, b, c", for lists of allowed names in messages.
std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

// "parent.field", or "field" at the top level.
std::string joinPath(const std::string& parent, const std::string& field) {
  if (parent.empty()) {
    return field;
  }
  std::string out = parent;
  out.push_back('.');
  out.append(field);
  return out;
}

// Keeps the first error the text-format parser reports: later ones follow from it.
class FirstErrorCollector : public pb::io::ErrorCollector {
 public:
  void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
    if (!has_error_) {
      has_error_ = true;
      line_ = line;
      column_ = column;
      message_ = message;
    }
  }

  bool hasError() const { return has_error_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  bool has_error_ = false;
  int line_ = -1;
  int column_ = -1;
  std::string message_;
};

// Swallows tokenizer errors while re-reading text that is already known to be broken.
class IgnoreErrors : public pb::io::ErrorCollector {
 public:
  void AddError(int, pb::io::ColumnNumber, const std::string&) override {}
};

// Where a syntax error is: the dotted field path ("setup[1].policy[0].hpa.max_replicas") and its
// zero-based position.
struct SyntaxErrorPlace {
  std::string path;
  int line = -1;
  int column = -1;
  const pb::FieldDescriptor* field = nullptr;  // the field the error is about, when known
};

// Places the parser's error `message` at a zero-based position of scenario text. The parser's
// tree only covers what parsed, so this re-tokenizes the text and follows its braces.
SyntaxErrorPlace placeSyntaxError(const pb::Descriptor* root, const std::string& text, int line,
                                  int column, const std::string& message) {
  pb::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  IgnoreErrors ignore;
  pb::io::Tokenizer tokens(&input, &ignore);
  tokens.set_comment_style(pb::io::Tokenizer::SH_COMMENT_STYLE);

  struct Frame {
    std::string path;
    const pb::Descriptor* type = nullptr;  // null inside an unknown field
    std::map<std::string, int> seen;       // values of each repeated field so far
    bool in_list = false;                  // inside "field: [ ... ]"
    std::string list_name;                 // the field of that list
  };
  std::vector<Frame> stack(1);
  stack.back().type = root;
  enum class Expect { kName, kColonOrValue, kValue } expect = Expect::kName;
  std::string field_name;
  std::string field_path;
  const pb::FieldDescriptor* field = nullptr;

  auto nameField = [&](const std::string& name) {
    Frame& frame = stack.back();
    field_name = name;
    field = frame.type != nullptr ? frame.type->FindFieldByName(name) : nullptr;
    std::string entry = name;
    if (field != nullptr && field->is_repeated()) {
      entry += "[" + std::to_string(frame.seen[name]++) + "]";
    }
    field_path = joinPath(frame.path, entry);
  };
  auto push = [&]() {
    Frame frame;
    frame.path = field_path;
    frame.type = field != nullptr ? field->message_type() : nullptr;
    stack.push_back(std::move(frame));
    expect = Expect::kName;
  };

  // The parser reports a bad value (an unknown enum name, an integer out of range) at the token
  // after it, so the field whose value just ended is remembered.
  bool after_value = false;
  int value_line = -1;
  int value_column = -1;
  const std::optional<std::string> named = wordInQuotesAfter(message, "field ");
  const bool names_field = named.has_value();
  while (tokens.Next()) {
    const pb::io::Tokenizer::Token& t = tokens.current();
    if (t.line > line || (t.line == line && t.column >= column)) {
      const bool identifier = t.type == pb::io::Tokenizer::TYPE_IDENTIFIER;
      if (after_value &&
          ((names_field && *named == field_name) || expect != Expect::kName || !identifier)) {
        return {field_path, value_line, value_column, field};
      }
      if (expect == Expect::kName && identifier) {
        return {joinPath(stack.back().path, t.text), line, column, nullptr};
      }
      if (expect == Expect::kName) {
        return {stack.back().path, line, column, nullptr};
      }
      return {field_path, line, column, field};
    }
    after_value = false;
    const std::string& s = t.text;
    const bool open = s == "{" || s == "<";
    const bool close = s == "}" || s == ">";
    if (close) {
      if (stack.size() > 1) {
        stack.pop_back();
      }
      expect = stack.back().in_list ? Expect::kValue : Expect::kName;
      continue;
    }
    switch (expect) {
      case Expect::kName:
        if (t.type == pb::io::Tokenizer::TYPE_IDENTIFIER) {
          nameField(s);
          expect = Expect::kColonOrValue;
        }
        break;
      case Expect::kColonOrValue:
      case Expect::kValue:
        if (s == ":" && expect == Expect::kColonOrValue) {
          expect = Expect::kValue;
        } else if (open) {
          push();
        } else if (s == "[") {
          stack.back().in_list = true;
          stack.back().list_name = field_name;
          expect = Expect::kValue;
        } else if (s == "," && stack.back().in_list) {
          nameField(stack.back().list_name);
          expect = Expect::kValue;
        } else if (s == "]") {
          stack.back().in_list = false;
          expect = Expect::kName;
        } else if (s != "-" && !stack.back().in_list) {
          expect = Expect::kName;
          after_value = true;
          value_line = t.line;
          value_column = t.column;
        }
        break;
    }
  }
  return {expect == Expect::kName ? stack.back().path : field_path, line, column};
}

// Edit distance, to suggest the field a typo meant.
std::size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Rewrites the parser's message for an unknown field into one that lists what is allowed; empty
// when the message is about something else.
std::string explainUnknownField(const std::string& message) {
  const std::optional<std::string> type_name = quotedAfter(message, "Message type ");
  const std::optional<std::string> field_name =
      wordInQuotesAfter(message, "\" has no field named ");
  if (!type_name || !field_name) {
    return std::string();
  }
  const pb::Descriptor* type =
      pb::DescriptorPool::generated_pool()->FindMessageTypeByName(*type_name);
  if (type == nullptr) {
    return std::string();
  }
  const std::string unknown = *field_name;
  std::vector<std::string> names;
  std::string best;
  std::size_t best_distance = 3;  // suggest only close misspellings
  for (int i = 0; i < type->field_count(); ++i) {
    const std::string& name = type->field(i)->name();
    names.push_back(name);
    const std::size_t d = editDistance(unknown, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  std::string out = "unknown field " + inQuotes(unknown) + " in " + type->name();
  if (!best.empty()) {
    out += " (did you mean " + inQuotes(best) + "?)";
  }
  return out + "; its fields are: " + join(names);
}

// Rewrites the parser's message for an enum value that does not exist into one that lists the
// values allowed (and the one meant, when only its case was wrong); empty when the message is
// about something else.
std::string explainUnknownEnumValue(const std::string& message, const pb::FieldDescriptor* field) {
  const std::optional<std::string> value = quotedAfter(message, "Unknown enumeration value of ");
  if (field == nullptr || field->enum_type() == nullptr || !value) {
    return std::string();
  }
  const std::string given = *value;
  std::string upper = given;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::vector<std::string> names;
  std::string meant;
  const pb::EnumDescriptor* type = field->enum_type();
  for (int i = 0; i < type->value_count(); ++i) {
    const std::string& name = type->value(i)->name();
    if (type->value(i)->number() == 0) {
      continue;  // the *_UNSPECIFIED placeholder means "absent", never written
    }
    names.push_back(name);
    if (name == upper) {
      meant = name;
    }
  }
  std::string out = inQuotes(given) + " is not a value of " + field->name() + "; use one of " +
                    join(names) + " (without quotes)";
  if (!meant.empty()) {
    out += "; did you mean " + meant + "?";
  }
  return out;
}

// How to write a value that needs quotes, for the parser's "Expected string" message: quantities
// are strings with their unit (a rate "100/s", a duration "90s", a time of day "08:00").
std::string quotedExample(const pb::FieldDescriptor& field, const std::string& token) {
  const bool number =
      !token.empty() && token.find_first_not_of("0123456789.+-eE") == std::string::npos;
  const std::string& name = field.name();
  if (number && name.ends_with("rate")) {
    return name + ": " + inQuotes(token + "/s") + " (a rate: a number, '/', a unit of time)";
  }
  if (number && (name == "daily_peak" || name == "from" || name == "to")) {
    return name + ": \"08:00\" (a time of day, HH:MM)";
  }
  static const std::vector<std::string> kPlainStrings{"name",
                                                      "description",
                                                      "path",
                                                      "kind",
                                                      "command",
                                                      "ready_path",
                                                      "host",
                                                      "address",
                                                      "listen",
                                                      "admin_listen",
                                                      "shadow_host_suffix",
                                                      "capture",
                                                      "model_path",
                                                      "metric",
                                                      "setup",
                                                      "time_format",
                                                      "days"};
  if (number &&
      std::find(kPlainStrings.begin(), kPlainStrings.end(), name) == kPlainStrings.end()) {
    return name + ": \"90s\" (a duration: a number and a unit, as \"250ms\", \"1h30m\", \"7d\")";
  }
  return name + ": " + inQuotes(token);
}

// Adds to the parser's "Expected string, got: X" a hint to quote the value, as the duration
// messages show how to write one; empty when the message is about something else.
std::string explainExpectedString(const std::string& message, const pb::FieldDescriptor* field) {
  constexpr std::string_view kPrefix = "Expected string, got: ";
  const std::string_view got =
      std::string_view(message).substr(std::min(message.size(), kPrefix.size()));
  if (field == nullptr || field->type() != pb::FieldDescriptor::TYPE_STRING ||
      !message.starts_with(kPrefix) || got.empty() || got.find('\n') != std::string_view::npos) {
    return std::string();
  }
  return message + "; " + field->name() + " is written in double quotes, e.g. " +
         quotedExample(*field, std::string(got));
}

// The parser's message made helpful where it can be: unknown fields and enum values list what
// is allowed, a value that needs quotes shows how to write it.
std::string explainSyntaxError(const std::string& message, const pb::FieldDescriptor* field) {
  for (const std::string& better :
       {explainUnknownField(message), explainUnknownEnumValue(message, field),
        explainExpectedString(message, field)}) {
    if (!better.empty()) {
      return better;
    }
  }
  return message;
}

// Where a message sits in the file: puts a line and a field path on each error about it.
class Where {
 public:
  Where(const std::string& file, const ParseInfoTree* tree, const pb::Message& message,
        std::string path, int line)
      : file_(&file), tree_(tree), message_(&message), path_(std::move(path)), line_(line) {}

  // The nested message in `field` (value `index` of a repeated field).
  Where at(std::string_view field, const pb::Message& nested, int index = -1) const {
    const pb::FieldDescriptor* fd = descriptor(field);
    const ParseInfoTree* nested_tree =
        tree_ != nullptr ? tree_->GetTreeForNested(fd, index) : nullptr;
    return Where(*file_, nested_tree, nested, path(field, index), line(field, index));
  }

  // The 1-based line where `field` was written, or this message's own line when it was not.
  int line(std::string_view field, int index = -1) const {
    if (tree_ != nullptr) {
      const int l = tree_->GetLocation(descriptor(field), index).line;
      if (l >= 0) {
        return l + 1;
      }
    }
    return line_;
  }

  int line() const { return line_; }

  std::string path(std::string_view field, int index = -1) const {
    std::string entry(field);
    if (index >= 0) {
      entry.push_back('[');
      entry.append(std::to_string(index));
      entry.push_back(']');
    }
    return joinPath(path_, entry);
  }

  // Reports a problem with `field` of this message.
  [[noreturn]] void fail(std::string_view field, const std::string& what, int index = -1) const {
    throw InputError::at(*file_, line(field, index), path(field, index), what);
  }

  // Reports a problem with this message as a whole.
  [[noreturn]] void failHere(const std::string& what) const {
    throw InputError::at(*file_, line_, path_, what);
  }

 private:
  const pb::FieldDescriptor* descriptor(std::string_view field) const {
    const pb::FieldDescriptor* fd = message_->GetDescriptor()->FindFieldByName(std::string(field));
    if (fd == nullptr) {
      throw std::logic_error("scenario loader asks for unknown field " + std::string(field));
    }
    return fd;
  }

  const std::string* file_;
  const ParseInfoTree* tree_;
  const pb::Message* message_;
  std::string path_;
  int line_;
};

// Which durations a field accepts: offsets may be negative, lengths not, periods not even 0.
enum class Sign { kAny, kNonNegative, kPositive };

// Parses a duration field, reporting a bad or out-of-range value at its line.
TimeNs readDuration(const Where& w, std::string_view field, const std::string& text,
                    Sign sign = Sign::kNonNegative) {
  TimeNs d = 0;
  try {
    d = parseDuration(text);
  } catch (const InputError& e) {
    w.fail(field, e.problem());
  }
  if (sign == Sign::kPositive && d <= 0) {
    w.fail(field, "must be longer than 0, got " + inQuotes(text));
  }
  if (sign == Sign::kNonNegative && d < 0) {
    w.fail(field, "must not be negative, got " + inQuotes(text));
  }
  return d;
}

// Parses a time-of-day field, reporting a bad value at its line.
TimeNs readTimeOfDay(const Where& w, std::string_view field, const std::string& text) {
  try {
    return parseTimeOfDay(text);
  } catch (const InputError& e) {
    w.fail(field, e.problem());
  }
}

// A run-relative moment: an offset from the run start ("3d10h") or a timestamp, which is taken
// relative to the scenario's `start`.
TimeNs readMoment(const Where& w, std::string_view field, const std::string& text,
                  TimeNs start_unix) {
  const bool timestamp =
      text.size() >= 5 &&
      std::all_of(text.begin(), text.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
      text[4] == '-';
  if (!timestamp) {
    return readDuration(w, field, text);
  }
  TimeNs t = 0;
  try {
    t = parseUtcTimestamp(text);
  } catch (const InputError& e) {
    w.fail(field, e.problem());
  }
  if (t < start_unix) {
    w.fail(field, inQuotes(text) + " is before the scenario's start");
  }
  return t - start_unix;
}

// Checks `value` lies in a range; `lo_open`/`hi_open` exclude the ends.
double inRange(const Where& w, std::string_view field, double value, double lo, bool lo_open,
               double hi, bool hi_open) {
  const bool ok = std::isfinite(value) && (lo_open ? value > lo : value >= lo) &&
                  (hi_open ? value < hi : value <= hi);
  if (!ok) {
    const std::string upper = std::isinf(hi) ? "inf" : num(hi);
    // A percentage where a fraction belongs is the likeliest slip.
    const std::string hint =
        hi <= 1 && value > 1 && value <= 100 ? "; fractions are plain numbers (0.99, not 99)" : "";
    w.fail(field, "must be in " + std::string(lo_open ? "(" : "[") + num(lo) + ", " + upper +
                      (hi_open ? ")" : "]") + ", got " + num(value) + hint);
  }
  return value;
}

// Checks a number has no upper end but a lower one (`open` excludes `lo` itself).
double atLeast(const Where& w, std::string_view field, double value, double lo, bool open) {
  return inRange(w, field, value, lo, open, INFINITY, true);
}

// Checks a whole-number field is at least `lo` and not absurdly large.
int countAtLeast(const Where& w, std::string_view field, int value, int lo) {
  if (value < lo) {
    w.fail(field, "must be at least " + std::to_string(lo) + ", got " + std::to_string(value));
  }
  if (value > kMaxCount) {
    w.fail(field,
           "must be at most " + std::to_string(kMaxCount) + ", got " + std::to_string(value));
  }
  return value;
}

// LIVE or SHADOW; the proto's zero value is not a pool.
PoolId readPoolName(const Where& w, cfg::PoolName pool) {
  switch (pool) {
    case cfg::LIVE:
      return PoolId::kLive;
    case cfg::SHADOW:
      return PoolId::kShadow;
    default:
      w.fail("pool", "give LIVE or SHADOW");
  }
}

// Reads `mean`, `p99` and `exponential` over `base` and checks the sampler can draw from them.
DurationDistribution readDistribution(const Where& w, const cfg::Distribution& m,
                                      DurationDistribution base, bool positive_mean) {
  DurationDistribution d = base;
  if (m.has_mean()) {
    d.mean =
        readDuration(w, "mean", m.mean(), positive_mean ? Sign::kPositive : Sign::kNonNegative);
  }
  if (m.has_exponential()) {
    d.exponential = m.exponential();
  }
  if (d.exponential) {
    if (m.has_p99()) {
      w.fail("p99", "an exponential distribution is set by its mean alone; leave p99 out");
    }
    if (d.mean <= 0) {
      w.fail(m.has_mean() ? "mean" : "exponential", "an exponential needs a mean above 0");
    }
    return d;
  }
  if (m.has_p99()) {
    d.p99 = readDuration(w, "p99", m.p99());
  }
  const std::string_view field = m.has_p99() ? "p99" : "mean";
  const std::string whose = m.has_p99() ? "" : " (the default; set p99)";
  if (d.p99 < d.mean) {
    w.fail(field,
           "p99 " + formatDuration(d.p99) + whose + " is below the mean " + formatDuration(d.mean));
  }
  const double limit = maxLogNormalP99OverMean();
  if (static_cast<double>(d.p99) > limit * static_cast<double>(d.mean)) {
    w.fail(field, "p99 " + formatDuration(d.p99) + whose + " is more than " +
                      num(std::floor(limit * 100) / 100) + " times the mean " +
                      formatDuration(d.mean) +
                      "; no log-normal distribution has that shape (or set exponential: true)");
  }
  try {
    // The simulator's own check, so a distribution that loads is one it can sample.
    DurationSampler check(d);
  } catch (const InputError& e) {
    w.fail(field, e.problem());
  }
  return d;
}

// Reads an instance block over `base`; `live_routes` (the shadow pool only) are the routes
// the shadow pool's must match.
InstanceModel readInstance(const Where& w, const cfg::Instance& m, const InstanceModel& base,
                           const std::vector<RouteModel>* live_routes) {
  InstanceModel inst = base;
  inst.provisioning = readDistribution(w.at("provisioning", m.provisioning()), m.provisioning(),
                                       base.provisioning, false);
  inst.startup = readDistribution(w.at("startup", m.startup()), m.startup(), base.startup, false);
  inst.service = readDistribution(w.at("service", m.service()), m.service(), base.service, true);
  if (m.has_workers()) {
    inst.workers = countAtLeast(w, "workers", m.workers(), 1);
  }
  if (m.has_queue_capacity()) {
    inst.queue_capacity = countAtLeast(w, "queue_capacity", m.queue_capacity(), 0);
  }
  if (m.has_timeout()) {
    inst.timeout = readDuration(w, "timeout", m.timeout(), Sign::kPositive);
  }
  if (m.has_drain_timeout()) {
    inst.drain_timeout = readDuration(w, "drain_timeout", m.drain_timeout());
  }
  if (m.route_size() > 0) {
    inst.routes.clear();
    std::map<std::string, int> seen;
    for (int i = 0; i < m.route_size(); ++i) {
      const cfg::Route& r = m.route(i);
      const Where rw = w.at("route", r, i);
      if (!r.has_name() || r.name().empty()) {
        rw.fail("name", "missing; every route needs a name");
      }
      if (const auto it = seen.find(r.name()); it != seen.end()) {
        rw.fail("name",
                inQuotes(r.name()) + " is already route[" + std::to_string(it->second) + "]");
      }
      seen[r.name()] = i;
      if (live_routes != nullptr &&
          (static_cast<std::size_t>(i) >= live_routes->size() ||
           (*live_routes)[static_cast<std::size_t>(i)].name != r.name())) {
        rw.fail("name", "the shadow pool's routes must be the live pool's, in the same order (" +
                            std::to_string(live_routes->size()) + " routes)");
      }
      RouteModel route;
      route.name = r.name();
      route.service =
          readDistribution(rw.at("service", r.service()), r.service(), inst.service, true);
      inst.routes.push_back(std::move(route));
    }
    if (live_routes != nullptr && inst.routes.size() != live_routes->size()) {
      w.fail("route", "the shadow pool's routes must be the live pool's, in the same order (" +
                          std::to_string(live_routes->size()) + " routes)");
    }
  }
  return inst;
}

// Reads a "host:port" field (an element of a repeated one when `index` >= 0).
HostPort readHostPort(const Where& w, std::string_view field, const std::string& text,
                      bool port_zero_ok, int index = -1) {
  HostPort hp;
  try {
    hp = parseHostPort(text);
  } catch (const InputError& e) {
    w.fail(field, e.problem(), index);
  }
  if (hp.port == 0 && !port_zero_ok) {
    w.fail(field, inQuotes(text) + " needs a port above 0", index);
  }
  return hp;
}

// Reads a process block: the command template and how readiness and stopping work.
ProcessPoolSpec readProcess(const Where& w, const cfg::Process& m) {
  ProcessPoolSpec p;
  if (!m.has_command() || m.command().find_first_not_of(" \t") == std::string::npos) {
    w.fail("command", "missing; give the command that starts one instance, with {port}");
  }
  if (m.command().find("{port}") == std::string::npos) {
    w.fail("command", "has no {port}; each instance needs its own port");
  }
  p.command = m.command();
  if (m.has_ready_path()) {
    if (m.ready_path().empty() || m.ready_path().front() != '/') {
      w.fail("ready_path", "must start with '/', got " + inQuotes(m.ready_path()));
    }
    p.ready_path = m.ready_path();
  }
  if (m.has_ready_timeout()) {
    p.ready_timeout = readDuration(w, "ready_timeout", m.ready_timeout(), Sign::kPositive);
  }
  if (m.has_stop_timeout()) {
    p.stop_timeout = readDuration(w, "stop_timeout", m.stop_timeout(), Sign::kNonNegative);
  }
  if (m.has_host()) {
    readHostPort(w, "host", m.host() + ":0", true);
    p.host = m.host();
  }
  return p;
}

// Reads a static block: at least one address, each "host:port" once.
StaticPoolSpec readStatic(const Where& w, const cfg::Static& m) {
  if (m.address_size() == 0) {
    w.failHere("no address; give address: \"host:port\" once per server");
  }
  StaticPoolSpec st;
  for (int i = 0; i < m.address_size(); ++i) {
    readHostPort(w, "address", m.address(i), false, i);
    if (std::find(st.addresses.begin(), st.addresses.end(), m.address(i)) != st.addresses.end()) {
      w.fail("address", inQuotes(m.address(i)) + " is listed twice", i);
    }
    st.addresses.push_back(m.address(i));
  }
  return st;
}

// A static pool's size is its address list: counts written beside it would contradict it.
void readStaticSize(const Where& w, const cfg::Pool& m, PoolSpec& pool) {
  for (const char* field : {"initial_instances", "min_instances", "max_instances"}) {
    const pb::FieldDescriptor* fd = m.GetDescriptor()->FindFieldByName(field);
    if (m.GetReflection()->HasField(m, fd)) {
      w.fail(field,
             "a static pool's size is its address list; leave " + std::string(field) + " out");
    }
  }
  pool.process.reset();
  pool.fixed = readStatic(w.at("static", m.static_()), m.static_());
  const int n = static_cast<int>(pool.fixed->addresses.size());
  pool.initial_instances = pool.min_instances = pool.max_instances = n;
}

// Reads a pool block over `base` and checks its bounds hold together.
PoolSpec readPool(const Where& w, const cfg::Pool& m, PoolSpec base,
                  const std::vector<RouteModel>* live_routes) {
  PoolSpec pool = base;
  // The shadow pool copies the live pool's instance model, not whether it is real.
  pool.process.reset();
  pool.fixed.reset();
  if (m.has_static_()) {
    readStaticSize(w, m, pool);
  }
  if (m.has_initial_instances()) {
    pool.initial_instances = countAtLeast(w, "initial_instances", m.initial_instances(), 0);
  }
  if (m.has_min_instances()) {
    pool.min_instances = countAtLeast(w, "min_instances", m.min_instances(), 0);
  }
  if (m.has_max_instances()) {
    pool.max_instances = countAtLeast(w, "max_instances", m.max_instances(), 1);
  }
  if (m.has_cpu()) {
    pool.cpu_per_instance = inRange(w, "cpu", m.cpu(), 0, true, 1024, false);
  }
  if (pool.min_instances > pool.max_instances) {
    w.fail(m.has_min_instances() ? "min_instances" : "max_instances",
           "min_instances (" + std::to_string(pool.min_instances) + ") is above max_instances (" +
               std::to_string(pool.max_instances) + ")");
  }
  if (pool.initial_instances < pool.min_instances || pool.initial_instances > pool.max_instances) {
    w.fail(m.has_initial_instances() ? "initial_instances"
                                     : (m.has_min_instances() ? "min_instances" : "max_instances"),
           "initial_instances (" + std::to_string(pool.initial_instances) +
               ") must lie between min_instances (" + std::to_string(pool.min_instances) +
               ") and max_instances (" + std::to_string(pool.max_instances) + ")");
  }
  pool.instance =
      readInstance(w.at("instance", m.instance()), m.instance(), base.instance, live_routes);
  if (m.has_process()) {
    pool.process = readProcess(w.at("process", m.process()), m.process());
  }
  return pool;
}

// Reads synthetic traffic; events must start within `duration`.
SyntheticSpec readSynthetic(const Where& w, const cfg::Synthetic& m, TimeNs duration,
                            TimeNs start_unix) {
  SyntheticSpec s;
  if (m.has_base_rate()) {
    try {
      s.base_rate = parseRatePerSecond(m.base_rate());
    } catch (const InputError& e) {
      w.fail("base_rate", e.problem());
    }
    if (s.base_rate <= 0) {
      w.fail("base_rate", "must be above 0, got " + inQuotes(m.base_rate()));
    }
  }
  if (m.has_daily_amplitude()) {
    // Above 1 the rate would go negative at the daily trough.
    s.daily_amplitude = inRange(w, "daily_amplitude", m.daily_amplitude(), 0, false, 1, false);
  }
  if (m.has_daily_peak()) {
    s.daily_peak = readTimeOfDay(w, "daily_peak", m.daily_peak());
    if (s.daily_peak >= kDay) {
      w.fail("daily_peak", "must be before 24:00");
    }
  }
  if (m.has_weekend_factor()) {
    s.weekend_factor = atLeast(w, "weekend_factor", m.weekend_factor(), 0, false);
  }
  if (m.has_trend_per_week()) {
    s.trend_per_week = atLeast(w, "trend_per_week", m.trend_per_week(), -1, true);
  }
  if (m.has_noise()) {
    s.noise = atLeast(w, "noise", m.noise(), 0, false);
  }
  auto within = [&](const Where& ew, TimeNs start) {
    if (start >= duration) {
      ew.fail("start", "starts at " + formatDuration(start) + ", after the traffic ends (" +
                           formatDuration(duration) + ")");
    }
  };
  for (int i = 0; i < m.event_size(); ++i) {
    const cfg::SpecialEvent& e = m.event(i);
    const Where ew = w.at("event", e, i);
    SpecialEventSpec ev;
    ev.name = e.name();
    if (e.has_start()) {
      ev.start = readMoment(ew, "start", e.start(), start_unix);
    }
    within(ew, ev.start);
    if (e.has_ramp()) {
      ev.ramp = readDuration(ew, "ramp", e.ramp());
    }
    if (e.has_plateau()) {
      ev.plateau = readDuration(ew, "plateau", e.plateau());
    }
    if (e.has_decay()) {
      ev.decay = readDuration(ew, "decay", e.decay());
    }
    if (e.has_multiplier()) {
      ev.multiplier = atLeast(ew, "multiplier", e.multiplier(), 0, true);
    }
    s.events.push_back(std::move(ev));
  }
  for (int i = 0; i < m.flash_crowd_size(); ++i) {
    const cfg::FlashCrowd& f = m.flash_crowd(i);
    const Where fw = w.at("flash_crowd", f, i);
    FlashCrowdSpec fc;
    if (f.has_start()) {
      fc.start = readMoment(fw, "start", f.start(), start_unix);
    }
    within(fw, fc.start);
    if (f.has_rise()) {
      fc.rise = readDuration(fw, "rise", f.rise());
    }
    if (f.has_duration()) {
      fc.duration = readDuration(fw, "duration", f.duration(), Sign::kPositive);
    }
    if (f.has_multiplier()) {
      fc.multiplier = atLeast(fw, "multiplier", f.multiplier(), 0, true);
    }
    s.flash_crowds.push_back(fc);
  }
  return s;
}

// Reads a capture replay, resolving its path against `base_dir` and checking the file exists.
CaptureSpec readCapture(const Where& w, const cfg::Capture& m, const std::string& base_dir) {
  CaptureSpec c;
  if (!m.has_path() || m.path().empty()) {
    w.fail("path", "missing; give the capture file, relative to the scenario's folder");
  }
  namespace fs = std::filesystem;
  const fs::path base = base_dir.empty() ? fs::current_path() : fs::path(base_dir);
  const fs::path resolved = fs::absolute(base / fs::path(m.path())).lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(resolved, ec)) {
    w.fail("path", "no such file: " + resolved.string());
  }
  c.path = resolved.string();
  if (m.has_speed()) {
    c.speed = atLeast(w, "speed", m.speed(), 0, true);
  }
  if (m.has_rate_multiplier()) {
    c.rate_multiplier = atLeast(w, "rate_multiplier", m.rate_multiplier(), 0, true);
  }
  if (m.has_duplicate_jitter()) {
    c.duplicate_jitter = readDuration(w, "duplicate_jitter", m.duplicate_jitter());
  }
  if (m.has_loop()) {
    c.loop = atLeast(w, "loop", m.loop(), 1, false);
  }
  if (m.has_reorder_window()) {
    c.reorder_window = readDuration(w, "reorder_window", m.reorder_window());
  }
  if (m.has_min_gap()) {
    c.min_gap = readDuration(w, "min_gap", m.min_gap());
  }
  c.include_mirror_copies = m.include_mirror_copies();
  return c;
}

// Reads a count series, resolving its path against `base_dir` and checking the file exists.
CountCsvSpec readCountCsv(const Where& w, const cfg::CountCsv& m, const std::string& base_dir) {
  CountCsvSpec c;
  if (!m.has_path() || m.path().empty()) {
    w.fail("path", "missing; give the CSV file of counts, relative to the scenario's folder");
  }
  namespace fs = std::filesystem;
  const fs::path base = base_dir.empty() ? fs::current_path() : fs::path(base_dir);
  const fs::path resolved = fs::absolute(base / fs::path(m.path())).lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(resolved, ec)) {
    w.fail("path", "no such file: " + resolved.string() +
                       (fs::path(m.path()).is_relative() ? " (relative to " + base.string() + ")"
                                                         : std::string()));
  }
  c.path = resolved.string();
  c.time_format = m.time_format();
  if (!c.time_format.empty()) {
    try {
      checkTimeFormat(c.time_format);
    } catch (const InputError& e) {
      w.fail("time_format", e.problem());
    }
  }
  if (m.has_header()) {
    c.has_header = m.header() ? 1 : 0;
  }
  if (m.has_rate_multiplier()) {
    c.rate_multiplier = atLeast(w, "rate_multiplier", m.rate_multiplier(), 0, true);
  }
  if (m.has_time_offset()) {
    c.time_offset = readDuration(w, "time_offset", m.time_offset(), Sign::kAny);
  }
  if (m.has_utc_offset()) {
    c.utc_offset = readDuration(w, "utc_offset", m.utc_offset(), Sign::kAny);
    if (c.utc_offset < -18 * kHour || c.utc_offset > 18 * kHour) {
      w.fail("utc_offset", "must be within -18h and 18h, got " + inQuotes(m.utc_offset()));
    }
  }
  if (m.has_interval()) {
    c.interval = readDuration(w, "interval", m.interval());
  }
  if (m.has_loop()) {
    c.loop = atLeast(w, "loop", m.loop(), 1, false);
  }
  return c;
}

// Reads `start` and the traffic block, which needs it for events given as timestamps.
TrafficSpec readTraffic(const Where& root, const cfg::Scenario& sm, const std::string& base_dir) {
  TrafficSpec t;
  const cfg::Traffic& m = sm.traffic();
  const Where w = root.at("traffic", m);
  if (sm.has_start()) {
    try {
      t.start_unix = parseUtcTimestamp(sm.start());
    } catch (const InputError& e) {
      root.fail("start", e.problem());
    }
  }
  if (m.has_duration()) {
    t.duration = readDuration(w, "duration", m.duration());
  }
  if (m.has_count_csv()) {
    if (sm.has_start()) {
      root.fail("start",
                "only synthetic traffic uses start; a count_csv trace's own timestamps "
                "set the calendar");
    }
    t.source = readCountCsv(w.at("count_csv", m.count_csv()), m.count_csv(), base_dir);
  } else if (m.has_capture()) {
    if (sm.has_start()) {
      root.fail("start",
                "only synthetic traffic uses start; a capture's own timestamps set the calendar");
    }
    t.source = readCapture(w.at("capture", m.capture()), m.capture(), base_dir);
  } else {
    if (t.duration == 0) {
      w.fail("duration",
             "synthetic traffic needs a duration above 0 (\"0\" means the source's "
             "own length, which only a count_csv trace has)");
    }
    t.source =
        readSynthetic(w.at("synthetic", m.synthetic()), m.synthetic(), t.duration, t.start_unix);
  }
  return t;
}

// Reads the cost block.
CostModel readCost(const Where& w, const cfg::Cost& m) {
  CostModel c;
  if (m.has_price_per_cpu_hour()) {
    c.price_per_cpu_hour = atLeast(w, "price_per_cpu_hour", m.price_per_cpu_hour(), 0, false);
  }
  if (m.has_billing()) {
    switch (m.billing()) {
      case cfg::Cost::PER_SECOND:
        c.granularity = CostModel::Granularity::kPerSecond;
        break;
      case cfg::Cost::PER_HOUR:
        c.granularity = CostModel::Granularity::kPerHour;
        break;
      default:
        w.fail("billing", "give PER_SECOND or PER_HOUR");
    }
  }
  if (m.has_minimum()) {
    c.minimum = readDuration(w, "minimum", m.minimum());
  }
  return c;
}

// Reads the SLO block.
SloSpec readSlo(const Where& w, const cfg::Slo& m) {
  SloSpec s;
  if (m.has_latency_target()) {
    s.latency_target = readDuration(w, "latency_target", m.latency_target(), Sign::kPositive);
  }
  if (m.has_percentile()) {
    s.percentile = inRange(w, "percentile", m.percentile(), 0, true, 1, true);
  }
  if (m.has_error_budget()) {
    s.error_budget = inRange(w, "error_budget", m.error_budget(), 0, false, 1, true);
  }
  if (m.has_utilization_at_slo()) {
    s.utilization_at_slo =
        inRange(w, "utilization_at_slo", m.utilization_at_slo(), 0, true, 1, false);
  }
  return s;
}

// Reads one HPA direction over Kubernetes' defaults; written rate policies replace them all.
HpaScalingRules readBehavior(const Where& w, const cfg::HpaBehavior& m, HpaScalingRules rules) {
  if (m.has_stabilization_window()) {
    rules.stabilization_window = readDuration(w, "stabilization_window", m.stabilization_window());
    if (rules.stabilization_window > kHour) {
      w.fail("stabilization_window",
             "must be at most 1h (Kubernetes' limit), got " + inQuotes(m.stabilization_window()));
    }
  }
  if (m.has_select()) {
    switch (m.select()) {
      case cfg::HpaBehavior::MAX:
        rules.select = HpaScalingRules::Select::kMax;
        break;
      case cfg::HpaBehavior::MIN:
        rules.select = HpaScalingRules::Select::kMin;
        break;
      case cfg::HpaBehavior::DISABLED:
        rules.select = HpaScalingRules::Select::kDisabled;
        break;
      default:
        w.fail("select", "give MAX, MIN or DISABLED");
    }
  }
  if (m.policy_size() > 0) {
    rules.policies.clear();
    for (int i = 0; i < m.policy_size(); ++i) {
      const cfg::HpaRatePolicy& p = m.policy(i);
      const Where pw = w.at("policy", p, i);
      HpaRatePolicy policy;
      if (!p.has_type()) {
        pw.fail("type", "missing; give PODS or PERCENT");
      }
      if (p.type() == cfg::HpaRatePolicy::PODS) {
        policy.type = HpaRatePolicy::Type::kPods;
      } else if (p.type() == cfg::HpaRatePolicy::PERCENT) {
        policy.type = HpaRatePolicy::Type::kPercent;
      } else {
        pw.fail("type", "give PODS or PERCENT");
      }
      if (!p.has_value()) {
        pw.fail("value", "missing; give the pods or percent allowed per period");
      }
      policy.value = countAtLeast(pw, "value", p.value(), 1);
      if (!p.has_period()) {
        pw.fail("period", "missing; give the period, e.g. \"15s\"");
      }
      policy.period = readDuration(pw, "period", p.period(), Sign::kPositive);
      if (policy.period > 30 * kMinute) {
        pw.fail("period", "must be at most 30m (Kubernetes' limit), got " + inQuotes(p.period()));
      }
      rules.policies.push_back(policy);
    }
  }
  return rules;
}

// Reports the first problem a core check found (fields named like "scale_down.policy[2].period",
// counting from 1) at the line of that field. The loader checks everything itself first; this
// keeps a config that loads one the policy constructors accept, should the core's rules grow.
void failOnProblems(const Where& where, const pb::Message& message,
                    const std::vector<ConfigProblem>& problems) {
  if (problems.empty()) {
    return;
  }
  const ConfigProblem& problem = problems.front();
  Where w = where;
  const pb::Message* m = &message;
  std::string_view rest = problem.field;
  while (!rest.empty()) {
    const std::size_t dot = rest.find('.');
    std::string_view part = rest.substr(0, dot);
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    int index = -1;
    if (const std::size_t bracket = part.find('['); bracket != std::string_view::npos) {
      int from_one = 0;
      std::from_chars(part.data() + bracket + 1, part.data() + part.size(), from_one);
      index = from_one - 1;
      part = part.substr(0, bracket);
    }
    const std::string name(part);
    const pb::FieldDescriptor* fd = m->GetDescriptor()->FindFieldByName(name);
    if (fd == nullptr) {
      break;
    }
    const pb::Reflection* reflection = m->GetReflection();
    if (fd->is_repeated() && (index < 0 || index >= reflection->FieldSize(*m, fd))) {
      // A default the file did not write (e.g. Kubernetes' default rate policies).
      w.fail(name, problem.problem);
    }
    const int at = fd->is_repeated() ? index : -1;
    if (rest.empty() || fd->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      w.fail(name, problem.problem, at);
    }
    const pb::Message& nested = fd->is_repeated() ? reflection->GetRepeatedMessage(*m, fd, index)
                                                  : reflection->GetMessage(*m, fd);
    w = w.at(name, nested, at);
    m = &nested;
  }
  w.failHere(problem.field + ": " + problem.problem);
}

// The pools a setup has, with their bounds, for checking what its policies ask for.
struct PoolBounds {
  bool has_shadow = false;
  const PoolSpec* live = nullptr;
  const PoolSpec* shadow = nullptr;
  const PoolSpec& of(PoolId p) const { return p == PoolId::kLive ? *live : *shadow; }
};

// The pool a policy scales (default LIVE); the setup must have it.
PoolId readPolicyPool(const Where& w, bool has_pool, cfg::PoolName pool, const PoolBounds& bounds,
                      const std::string& setup_name) {
  const PoolId id = has_pool ? readPoolName(w, pool) : PoolId::kLive;
  if (id == PoolId::kShadow && !bounds.has_shadow) {
    w.fail("pool", "setup " + inQuotes(setup_name) +
                       " has no shadow pool; add shadow_pool: true to the setup");
  }
  if (bounds.of(id).fixed) {
    w.fail("pool", std::string("the ") + poolName(id) +
                       " pool is static (fixed addresses); no policy can scale it");
  }
  return id;
}

// Checks a policy asks for no more instances than its pool may have; `is_default` says the
// count was not written, so the message can say which field to set.
void checkFitsPool(const Where& w, std::string_view field, int instances, bool is_default,
                   PoolId pool, const PoolBounds& bounds) {
  const int max = bounds.of(pool).max_instances;
  if (instances > max) {
    w.fail(field, std::to_string(instances) +
                      (is_default ? " (the default; set " + std::string(field) + ")" : "") +
                      " is above " + poolName(pool) + "_pool.max_instances (" +
                      std::to_string(max) + ")");
  }
}

// Reads an HPA block and runs the HPA's own configuration check on the result.
HpaConfig readHpa(const Where& w, const cfg::Hpa& m, const PoolBounds& bounds,
                  const std::string& setup_name) {
  HpaConfig h;
  h.target = readPolicyPool(w, m.has_pool(), m.pool(), bounds, setup_name);
  if (m.has_min_replicas()) {
    if (m.min_replicas() < 1) {
      w.fail("min_replicas", "must be at least 1, got " + std::to_string(m.min_replicas()) +
                                 " (a CPU-based HPA cannot scale up from 0 instances)");
    }
    h.min_replicas = countAtLeast(w, "min_replicas", m.min_replicas(), 1);
  }
  if (m.has_max_replicas()) {
    h.max_replicas = countAtLeast(w, "max_replicas", m.max_replicas(), 1);
  }
  if (h.min_replicas > h.max_replicas) {
    w.fail(m.has_min_replicas() ? "min_replicas" : "max_replicas",
           "min_replicas (" + std::to_string(h.min_replicas) + ") is above max_replicas (" +
               std::to_string(h.max_replicas) + ")");
  }
  checkFitsPool(w, "max_replicas", h.max_replicas, !m.has_max_replicas(), h.target, bounds);
  if (m.has_target_utilization()) {
    h.target_utilization =
        inRange(w, "target_utilization", m.target_utilization(), 0, true, 1, false);
  }
  if (m.has_tolerance()) {
    h.tolerance = inRange(w, "tolerance", m.tolerance(), 0, false, 1, true);
  }
  if (m.has_sync_period()) {
    h.sync_period = readDuration(w, "sync_period", m.sync_period(), Sign::kPositive);
  }
  if (m.has_cpu_initialization_period()) {
    h.cpu_initialization_period =
        readDuration(w, "cpu_initialization_period", m.cpu_initialization_period());
  }
  if (m.has_initial_readiness_delay()) {
    h.initial_readiness_delay =
        readDuration(w, "initial_readiness_delay", m.initial_readiness_delay());
  }
  h.scale_up = readBehavior(w.at("scale_up", m.scale_up()), m.scale_up(), h.scale_up);
  h.scale_down = readBehavior(w.at("scale_down", m.scale_down()), m.scale_down(), h.scale_down);
  failOnProblems(w, m, checkHpaConfig(h));
  return h;
}

// Reads a schedule block and runs the schedule's own configuration check on the result.
ScheduleConfig readSchedule(const Where& w, const cfg::Schedule& m, const PoolBounds& bounds,
                            const std::string& setup_name) {
  ScheduleConfig s;
  s.target = readPolicyPool(w, m.has_pool(), m.pool(), bounds, setup_name);
  if (m.has_period()) {
    s.period = readDuration(w, "period", m.period(), Sign::kPositive);
  }
  if (m.has_default_instances()) {
    s.default_instances = countAtLeast(w, "default_instances", m.default_instances(), 0);
  }
  checkFitsPool(w, "default_instances", s.default_instances, !m.has_default_instances(), s.target,
                bounds);
  for (int i = 0; i < m.rule_size(); ++i) {
    const cfg::ScheduleRule& r = m.rule(i);
    const Where rw = w.at("rule", r, i);
    ScheduleRule rule;
    if (r.has_days()) {
      try {
        rule.days = parseDays(r.days());
      } catch (const InputError& e) {
        rw.fail("days", e.problem());
      }
    }
    if (r.has_from()) {
      rule.from = readTimeOfDay(rw, "from", r.from());
      if (rule.from >= kDay) {
        rw.fail("from", "must be before 24:00");
      }
    }
    if (r.has_to()) {
      rule.to = readTimeOfDay(rw, "to", r.to());
    }
    if (rule.from == rule.to) {
      rw.fail(r.has_to() ? "to" : "from",
              "from and to are equal; for the whole day write from \"00:00\" to \"24:00\"");
    }
    if (!r.has_instances()) {
      rw.fail("instances", "missing; give the instance count for this rule");
    }
    rule.instances = countAtLeast(rw, "instances", r.instances(), 0);
    checkFitsPool(rw, "instances", rule.instances, false, s.target, bounds);
    s.rules.push_back(rule);
  }
  failOnProblems(w, m, checkScheduleConfig(s));
  return s;
}

// A number as a person writes it: 0.9, not 0.900000.
std::string formatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Reads a forecaster block; a model path resolves against the scenario's folder.
ForecasterSpec readForecaster(const Where& w, const cfg::Forecaster& m,
                              const std::string& base_dir) {
  ForecasterSpec f;
  if (m.has_kind()) {
    const auto& kinds = forecasterKinds();
    if (std::find(kinds.begin(), kinds.end(), m.kind()) == kinds.end()) {
      std::string list;
      for (const auto& k : kinds) {
        list += (list.empty() ? "" : ", ") + k;
      }
      w.fail("kind", inQuotes(m.kind()) + " is not a forecaster; use one of " + list);
    }
    f.kind = m.kind();
  }
  if (m.quantiles_size() > 0) {
    f.quantiles.assign(m.quantiles().begin(), m.quantiles().end());
    for (int i = 0; i < m.quantiles_size(); ++i) {
      inRange(w, "quantiles", m.quantiles(i), 0, true, 1, true);
      if (i > 0 && m.quantiles(i) <= m.quantiles(i - 1)) {
        w.fail("quantiles", "must ascend");
      }
    }
    if (std::find(f.quantiles.begin(), f.quantiles.end(), 0.5) == f.quantiles.end()) {
      w.fail("quantiles", "must include 0.5 (the median)");
    }
  }
  if (m.has_horizon()) {
    f.horizon = countAtLeast(w, "horizon", m.horizon(), 1);
  }
  if (m.has_lstm_epochs()) {
    f.lstm_epochs = countAtLeast(w, "lstm_epochs", m.lstm_epochs(), 1);
  }
  if (m.has_lstm_seed()) {
    f.lstm_seed = m.lstm_seed();
  }
  if (m.has_model_path()) {
    namespace fs = std::filesystem;
    const fs::path base = base_dir.empty() ? fs::current_path() : fs::path(base_dir);
    const fs::path resolved = fs::absolute(base / fs::path(m.model_path())).lexically_normal();
    std::error_code ec;
    if (!fs::is_regular_file(resolved, ec)) {
      w.fail("model_path", "no such file: " + resolved.string());
    }
    if (f.kind != "lstm") {
      w.fail("model_path", "only an lstm forecaster loads a saved model");
    }
    f.model_path = resolved.string();
  }
  return f;
}

// Reads a predictive block: the pool it sizes, its lead time, forecaster and modes.
PredictiveConfig readPredictive(const Where& w, const cfg::Predictive& m, const PoolBounds& bounds,
                                const std::string& setup_name, const std::string& base_dir) {
  PredictiveConfig c;
  c.target = m.has_pool() ? readPolicyPool(w, true, m.pool(), bounds, setup_name)
                          : readPolicyPool(w, true, cfg::SHADOW, bounds, setup_name);
  const PoolSpec& pool = bounds.of(c.target);
  c.startup_delay = startupDelayOf(pool.instance);
  c.max_instances = pool.max_instances;
  c.min_instances = std::max(pool.min_instances, c.target == PoolId::kLive ? 1 : 0);
  switch (m.mode()) {
    case cfg::Predictive::FORECAST_ONLY:
      c.mode = PredictiveMode::kForecastOnly;
      break;
    case cfg::Predictive::HYBRID:
      c.mode = PredictiveMode::kHybrid;
      break;
    default:
      c.mode = PredictiveMode::kForecastAndScale;
  }
  auto duration = [&](bool has, std::string_view field, const std::string& text, TimeNs& out,
                      Sign sign) {
    if (has) {
      out = readDuration(w, field, text, sign);
    }
  };
  duration(m.has_period(), "period", m.period(), c.period, Sign::kPositive);
  duration(m.has_forecast_interval(), "forecast_interval", m.forecast_interval(),
           c.forecast_interval, Sign::kPositive);
  duration(m.has_scheduling_buffer(), "scheduling_buffer", m.scheduling_buffer(),
           c.scheduling_buffer, Sign::kNonNegative);
  duration(m.has_startup_delay(), "startup_delay", m.startup_delay(), c.startup_delay,
           Sign::kNonNegative);
  duration(m.has_scale_in_window(), "scale_in_window", m.scale_in_window(), c.scale_in_window,
           Sign::kNonNegative);
  duration(m.has_min_history(), "min_history", m.min_history(), c.min_history, Sign::kNonNegative);
  duration(m.has_refit_period(), "refit_period", m.refit_period(), c.refit_period,
           Sign::kNonNegative);
  duration(m.has_refit_validation(), "refit_validation", m.refit_validation(), c.refit_validation,
           Sign::kPositive);
  duration(m.has_history_kept(), "history_kept", m.history_kept(), c.history_kept, Sign::kPositive);
  duration(m.has_zero_run_missing(), "zero_run_missing", m.zero_run_missing(), c.zero_run_missing,
           Sign::kNonNegative);
  if (m.has_upper_quantile()) {
    c.upper_quantile = inRange(w, "upper_quantile", m.upper_quantile(), 0, true, 1, true);
  }
  if (m.has_target_utilization()) {
    c.target_utilization =
        inRange(w, "target_utilization", m.target_utilization(), 0, true, 1, false);
  }
  if (m.has_min_instances()) {
    c.min_instances = countAtLeast(w, "min_instances", m.min_instances(), 0);
  }
  if (m.has_max_instances()) {
    c.max_instances = countAtLeast(w, "max_instances", m.max_instances(), 1);
  }
  if (c.min_instances > c.max_instances) {
    w.fail("min_instances", "min_instances (" + std::to_string(c.min_instances) +
                                ") is above max_instances (" + std::to_string(c.max_instances) +
                                ")");
  }
  checkFitsPool(w, "max_instances", c.max_instances, !m.has_max_instances(), c.target, bounds);
  if (m.has_shift_traffic()) {
    c.shift_traffic = m.shift_traffic();
  }
  if (c.target != PoolId::kShadow) {
    c.shift_traffic = false;
  }
  if (m.route_share() == cfg::Predictive::OVERFLOW) {
    c.route_share = RouteShare::kOverflow;
  }
  if (m.has_capacity_utilization_floor()) {
    c.capacity_utilization_floor =
        inRange(w, "capacity_utilization_floor", m.capacity_utilization_floor(), 0, false, 1, true);
  }
  if (m.has_capacity_smoothing()) {
    c.capacity_smoothing =
        inRange(w, "capacity_smoothing", m.capacity_smoothing(), 0, true, 1, false);
  }
  if (m.has_latency_limit_ms()) {
    c.latency_limit_ms = atLeast(w, "latency_limit_ms", m.latency_limit_ms(), 0, false);
  }
  if (m.has_hpa()) {
    c.hpa = readHpa(w.at("hpa", m.hpa()), m.hpa(), bounds, setup_name);
  } else {
    c.hpa.min_replicas = std::max(1, c.min_instances);
    c.hpa.max_replicas = c.max_instances;
  }
  c.hpa.target = c.target;
  c.forecaster = readForecaster(w.at("forecaster", m.forecaster()), m.forecaster(), base_dir);
  c.forecaster.interval = c.forecast_interval;
  const auto& qs = c.forecaster.quantiles;
  if (std::none_of(qs.begin(), qs.end(),
                   [&](double q) { return std::fabs(q - c.upper_quantile) < 1e-9; })) {
    std::string list;
    for (double q : qs) {
      list += (list.empty() ? "" : ", ") + formatNumber(q);
    }
    w.fail(m.has_upper_quantile() ? "upper_quantile" : "forecaster",
           formatNumber(c.upper_quantile) + " is not among the forecaster's quantiles (" + list +
               "); add it to forecaster.quantiles");
  }
  failOnProblems(w, m, checkPredictiveConfig(c));
  return c;
}

// Setup names become report columns and parts of file names.
bool isSetupNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// Reads one setup's routing and policies (not its name): routing that fits its pools, one
// policy per pool.
void readSetupBody(const Where& w, const cfg::Setup& sm, const PoolSpec& live,
                   const PoolSpec& shadow, const std::string& base_dir, SetupSpec& setup) {
  setup.shadow_pool = sm.shadow_pool();
  if (sm.has_mirror_fraction()) {
    setup.proxy.mirror_fraction =
        inRange(w, "mirror_fraction", sm.mirror_fraction(), 0, false, 1, false);
  }
  if (sm.has_transition_ramp()) {
    setup.proxy.transition_ramp = readDuration(w, "transition_ramp", sm.transition_ramp());
  }
  if (sm.has_initial_shadow_weight()) {
    setup.proxy.initial_shadow_weight =
        inRange(w, "initial_shadow_weight", sm.initial_shadow_weight(), 0, false, 1, false);
  }
  if (!setup.shadow_pool) {
    if (setup.proxy.mirror_fraction > 0) {
      w.fail("mirror_fraction", "mirroring needs a shadow pool; add shadow_pool: true");
    }
    if (setup.proxy.initial_shadow_weight > 0) {
      w.fail("initial_shadow_weight",
             "routing to the shadow pool needs one; add shadow_pool: true");
    }
  }
  const PoolBounds bounds{setup.shadow_pool, &live, &shadow};
  std::array<int, kPoolCount> policy_of{-1, -1};
  for (int j = 0; j < sm.policy_size(); ++j) {
    const cfg::Policy& pm = sm.policy(j);
    const Where pw = w.at("policy", pm, j);
    PoolId target = PoolId::kLive;
    if (pm.has_hpa()) {
      HpaConfig h = readHpa(pw.at("hpa", pm.hpa()), pm.hpa(), bounds, setup.name);
      target = h.target;
      setup.policies.emplace_back(std::move(h));
    } else if (pm.has_schedule()) {
      ScheduleConfig s =
          readSchedule(pw.at("schedule", pm.schedule()), pm.schedule(), bounds, setup.name);
      target = s.target;
      setup.policies.emplace_back(std::move(s));
    } else if (pm.has_predictive()) {
      PredictiveConfig p = readPredictive(pw.at("predictive", pm.predictive()), pm.predictive(),
                                          bounds, setup.name, base_dir);
      target = p.target;
      setup.policies.emplace_back(std::move(p));
    } else {
      pw.failHere("empty policy; give hpa { ... }, schedule { ... } or predictive { ... }");
    }
    int& first = policy_of[static_cast<std::size_t>(index(target))];
    if (first >= 0) {
      pw.failHere("a second policy for the " + std::string(poolName(target)) + " pool (policy[" +
                  std::to_string(first) +
                  "] scales it already); give each pool at most one policy");
    }
    first = j;
  }
}

// Reads every setup: unique names, routing that fits its pools, one policy per pool.
std::vector<SetupSpec> readSetups(const Where& root, const cfg::Scenario& m, const PoolSpec& live,
                                  const PoolSpec& shadow, const std::string& base_dir) {
  if (m.setup_size() == 0) {
    root.failHere("no setup; add at least one setup { name: \"...\" policy { ... } }");
  }
  std::vector<SetupSpec> setups;
  std::map<std::string, int> seen;
  for (int i = 0; i < m.setup_size(); ++i) {
    const cfg::Setup& sm = m.setup(i);
    const Where w = root.at("setup", sm, i);
    SetupSpec setup;
    if (!sm.has_name() || sm.name().empty()) {
      w.fail("name", "missing; every setup needs a name");
    }
    setup.name = sm.name();
    if (!std::all_of(setup.name.begin(), setup.name.end(), isSetupNameChar)) {
      // Names become parts of output file names and report columns.
      w.fail("name", inQuotes(setup.name) + " may hold only letters, digits, '-', '_' and '.'");
    }
    if (const auto it = seen.find(setup.name); it != seen.end()) {
      w.fail("name", inQuotes(setup.name) + " is already the name of setup[" +
                         std::to_string(it->second) + "] (line " +
                         std::to_string(root.line("setup", it->second)) + ")");
    }
    seen[setup.name] = i;
    readSetupBody(w, sm, live, shadow, base_dir, setup);
    setups.push_back(std::move(setup));
  }
  return setups;
}

// Reads every threshold: a known metric, one bound, an existing setup.
std::vector<ThresholdSpec> readThresholds(const Where& root, const cfg::Scenario& m,
                                          const std::vector<SetupSpec>& setups) {
  std::vector<ThresholdSpec> thresholds;
  const std::vector<std::string>& metrics = knownThresholdMetrics();
  for (int i = 0; i < m.threshold_size(); ++i) {
    const cfg::Threshold& tm = m.threshold(i);
    const Where w = root.at("threshold", tm, i);
    ThresholdSpec t;
    t.line = w.line();
    if (!tm.has_metric() || tm.metric().empty()) {
      w.fail("metric", "missing; give one of: " + join(metrics));
    }
    if (std::find(metrics.begin(), metrics.end(), tm.metric()) == metrics.end()) {
      w.fail("metric", "unknown metric " + inQuotes(tm.metric()) + "; known: " + join(metrics));
    }
    t.metric = tm.metric();
    std::string_view bound_field;
    switch (tm.bound_case()) {
      case cfg::Threshold::kBelow:
        t.op = ThresholdSpec::Op::kLess;
        t.value = tm.below();
        bound_field = "below";
        break;
      case cfg::Threshold::kAtMost:
        t.op = ThresholdSpec::Op::kLessEqual;
        t.value = tm.at_most();
        bound_field = "at_most";
        break;
      case cfg::Threshold::kAbove:
        t.op = ThresholdSpec::Op::kGreater;
        t.value = tm.above();
        bound_field = "above";
        break;
      case cfg::Threshold::kAtLeast:
        t.op = ThresholdSpec::Op::kGreaterEqual;
        t.value = tm.at_least();
        bound_field = "at_least";
        break;
      default:
        w.failHere("missing bound; give one of below, at_most, above, at_least");
    }
    if (!std::isfinite(t.value)) {
      w.fail(bound_field, "must be a finite number");
    }
    if (tm.has_setup()) {
      const bool exists = std::any_of(setups.begin(), setups.end(),
                                      [&](const SetupSpec& s) { return s.name == tm.setup(); });
      if (!exists) {
        std::vector<std::string> names;
        for (const SetupSpec& s : setups) {
          names.push_back(s.name);
        }
        w.fail("setup", "no setup named " + inQuotes(tm.setup()) + "; setups: " + join(names));
      }
      t.setup = tm.setup();
    }
    thresholds.push_back(std::move(t));
  }
  return thresholds;
}

// Reads a byte count that must be positive and below a sane bound.
std::uint64_t readBytes(const Where& w, std::string_view field, std::int64_t value) {
  constexpr std::int64_t kMaxBytes = std::int64_t{1} << 40;
  if (value <= 0 || value > kMaxBytes) {
    w.fail(field,
           "must be in [1, " + std::to_string(kMaxBytes) + "] bytes, got " + std::to_string(value));
  }
  return static_cast<std::uint64_t>(value);
}

// Reads the live proxy's listen and admin addresses.
void readServerAddresses(const Where& w, const cfg::Server& m, ServerSpec& s) {
  if (m.has_listen()) {
    const HostPort hp = readHostPort(w, "listen", m.listen(), true);
    s.listen_host = hp.host;
    s.listen_port = hp.port;
  }
  if (m.has_admin_listen()) {
    if (m.admin_listen() == "off") {
      s.admin = false;
    } else {
      const HostPort hp = readHostPort(w, "admin_listen", m.admin_listen(), true);
      s.admin_host = hp.host;
      s.admin_port = hp.port;
    }
  }
}

// Reads the live proxy's own settings over `base`; a relative capture path is taken from
// `base_dir`.
ServerSpec readServer(const Where& w, const cfg::Server& m, ServerSpec s,
                      const std::string& base_dir) {
  readServerAddresses(w, m, s);
  if (m.has_io_threads()) {
    s.io_threads = countAtLeast(w, "io_threads", m.io_threads(), 1);
  }
  if (m.has_mirror_budget()) {
    s.mirror_budget = countAtLeast(w, "mirror_budget", m.mirror_budget(), 0);
  }
  if (m.has_shadow_host_suffix()) {
    s.shadow_host_suffix = m.shadow_host_suffix();
  }
  if (m.has_max_header_bytes()) {
    s.max_header_bytes = countAtLeast(w, "max_header_bytes", m.max_header_bytes(), 256);
  }
  if (m.has_max_body_bytes()) {
    s.max_body_bytes = readBytes(w, "max_body_bytes", m.max_body_bytes());
  }
  if (m.has_client_timeout()) {
    s.client_timeout = readDuration(w, "client_timeout", m.client_timeout(), Sign::kPositive);
  }
  if (m.has_idle_timeout()) {
    s.idle_timeout = readDuration(w, "idle_timeout", m.idle_timeout(), Sign::kPositive);
  }
  if (m.has_connect_timeout()) {
    s.connect_timeout = readDuration(w, "connect_timeout", m.connect_timeout(), Sign::kPositive);
  }
  if (m.has_drain_timeout()) {
    s.drain_timeout = readDuration(w, "drain_timeout", m.drain_timeout(), Sign::kNonNegative);
  }
  if (m.has_capture()) {
    if (m.capture().empty()) {
      w.fail("capture", "empty; leave it out to capture nothing");
    }
    s.capture_path = (std::filesystem::path(base_dir) / m.capture()).string();
  }
  s.capture_mirror = m.capture_mirror();
  if (s.capture_mirror && s.capture_path.empty()) {
    w.fail("capture_mirror", "needs capture: \"FILE\" to write to");
  }
  return s;
}

// Turns the parsed message into the validated plain Scenario.
Scenario readScenario(const cfg::Scenario& m, const ParseInfoTree& tree, const std::string& file,
                      const std::string& base_dir) {
  const Where w(file, &tree, m, "", 0);
  Scenario s;
  s.source_path = file;
  if (m.has_name()) {
    if (m.name().empty()) {
      w.fail("name", "empty; leave it out to use the file name");
    }
    s.name = m.name();
  } else {
    s.name = std::filesystem::path(file).stem().string();
  }
  s.description = m.description();
  if (m.has_seed()) {
    s.seed = m.seed();
  }
  if (m.has_interval()) {
    s.interval = readDuration(w, "interval", m.interval(), Sign::kPositive);
  }
  s.traffic = readTraffic(w, m, base_dir);
  if (m.has_warmup()) {
    s.warmup = readDuration(w, "warmup", m.warmup(), Sign::kNonNegative);
    if (s.traffic.duration > 0 && s.warmup >= s.traffic.duration) {
      w.fail("warmup", "must be shorter than traffic.duration");
    }
  }
  s.live = readPool(w.at("live_pool", m.live_pool()), m.live_pool(), PoolSpec{}, nullptr);
  // A shadow pool usually runs the same service, so it starts as a copy of the live one.
  PoolSpec shadow_base;
  shadow_base.instance = s.live.instance;
  shadow_base.cpu_per_instance = s.live.cpu_per_instance;
  s.shadow = readPool(w.at("shadow_pool", m.shadow_pool()), m.shadow_pool(), shadow_base,
                      &s.live.instance.routes);
  s.cost = readCost(w.at("cost", m.cost()), m.cost());
  s.slo = readSlo(w.at("slo", m.slo()), m.slo());
  if (m.has_db_pool_size()) {
    s.db_pool_size = countAtLeast(w, "db_pool_size", m.db_pool_size(), 0);
  }
  s.setups = readSetups(w, m, s.live, s.shadow, base_dir);
  s.thresholds = readThresholds(w, m, s.setups);
  ServerSpec run_server;
  run_server.listen_port = 0;  // a run's proxy takes any free port unless told otherwise
  s.server = readServer(w.at("server", m.server()), m.server(), run_server, base_dir);
  return s;
}

// Turns a parsed live proxy configuration into its validated plain form.
ProxyFileSpec readProxyFile(const cfg::ProxyFile& m, const ParseInfoTree& tree,
                            const std::string& file, const std::string& base_dir) {
  const Where w(file, &tree, m, "", 0);
  ProxyFileSpec p;
  p.source_path = file;
  if (m.has_seed()) {
    p.seed = m.seed();
  }
  p.server = readServer(w.at("server", m.server()), m.server(), ServerSpec{}, base_dir);
  p.live = readPool(w.at("live_pool", m.live_pool()), m.live_pool(), PoolSpec{}, nullptr);
  PoolSpec shadow_base;
  shadow_base.instance = p.live.instance;
  shadow_base.cpu_per_instance = p.live.cpu_per_instance;
  p.shadow = readPool(w.at("shadow_pool", m.shadow_pool()), m.shadow_pool(), shadow_base,
                      &p.live.instance.routes);
  const Where sw = w.at("setup", m.setup());
  p.setup.name = "proxy";
  if (m.setup().has_name()) {
    p.setup.name = m.setup().name();
    if (p.setup.name.empty() ||
        !std::all_of(p.setup.name.begin(), p.setup.name.end(), isSetupNameChar)) {
      sw.fail("name", inQuotes(p.setup.name) + " may hold only letters, digits, '-', '_' and '.'");
    }
  }
  readSetupBody(sw, m.setup(), p.live, p.shadow, base_dir, p.setup);
  for (const auto& [pool, name] : {std::pair{&p.live, "live_pool"}, {&p.shadow, "shadow_pool"}}) {
    if (pool == &p.shadow && !p.setup.shadow_pool) {
      continue;
    }
    if (!pool->real()) {
      w.at(name, pool == &p.live ? m.live_pool() : m.shadow_pool())
          .failHere("the proxy needs real instances; give process { ... } or static { ... }");
    }
  }
  p.slo = readSlo(w.at("slo", m.slo()), m.slo());
  return p;
}

// Parses text-format `text` into `message`, recording field locations in `tree`; throws
// InputError at the first syntax error, placed at its field.
void parseText(const std::string& text, const std::string& file, pb::Message& message,
               ParseInfoTree& tree) {
  FirstErrorCollector errors;
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  if (parser.ParseFromString(text, &message)) {
    return;
  }
  if (!errors.hasError()) {
    throw InputError::at(file, 0, "", "cannot parse the file");
  }
  SyntaxErrorPlace place;
  if (errors.line() >= 0) {
    place = placeSyntaxError(message.GetDescriptor(), text, errors.line(), errors.column(),
                             errors.message());
  }
  std::string what = explainSyntaxError(errors.message(), place.field);
  if (what.ends_with("got: ")) {
    what += "the end of the file (is a '}' missing?)";
  }
  if (place.column >= 0) {
    what += " (column " + std::to_string(place.column + 1) + ")";
  }
  throw InputError::at(file, place.line + 1, place.path, what);
}

// Reads a whole file into a string; throws InputError naming it when it cannot be read, is a
// folder or holds nothing (`doc` tells what belongs in it).
std::string readWholeFile(const std::string& path, const std::string& what,
                          const std::string& doc) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError::at(path, 0, "", "is a folder, not a " + what);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError::at(path, 0, "", "cannot open the " + what);
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw InputError::at(path, 0, "", "cannot read the " + what);
  }
  if (text.str().find_first_not_of(" \t\r\n") == std::string::npos) {
    throw InputError::at(path, 0, "",
                         "the " + what + " is empty; see " + doc + " for what it holds");
  }
  return text.str();
}

}  // namespace

const std::vector<std::string>& knownThresholdMetrics() {
  static const std::vector<std::string> kMetrics{
      "p50_ms",
      "p90_ms",
      "p99_ms",
      "p999_ms",
      "error_rate",
      "slo_violation_minutes",
      "slo_over_target_share",
      "cost_total",
      "cost_live",
      "cost_shadow",
      "instance_hours",
      "scaling_lag_p90_s",
      "scaling_lag_max_s",
      "theta_u",
      "theta_o",
      "tau_u",
      "tau_o",
      "requests",
      "mirrored",
  };
  return kMetrics;
}

Scenario parseScenarioText(const std::string& text, const std::string& file_for_messages,
                           const std::string& base_dir) {
  cfg::Scenario message;
  ParseInfoTree tree;
  parseText(text, file_for_messages, message, tree);
  return readScenario(message, tree, file_for_messages, base_dir);
}

Scenario loadScenarioFile(const std::string& path) {
  const std::string text = readWholeFile(path, "scenario file", "docs/scenario-reference.md");
  const std::filesystem::path folder = std::filesystem::absolute(path).parent_path();
  return parseScenarioText(text, path, folder.string());
}

ProxyFileSpec parseProxyFileText(const std::string& text, const std::string& file_for_messages,
                                 const std::string& base_dir) {
  cfg::ProxyFile message;
  ParseInfoTree tree;
  parseText(text, file_for_messages, message, tree);
  return readProxyFile(message, tree, file_for_messages, base_dir);
}

ProxyFileSpec loadProxyFile(const std::string& path) {
  const std::string text = readWholeFile(path, "proxy configuration file", "docs/live-proxy.md");
  const std::filesystem::path folder = std::filesystem::absolute(path).parent_path();
  return parseProxyFileText(text, path, folder.string());
}

}  // namespace shadowscale
