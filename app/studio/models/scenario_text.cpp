#include "app/studio/models/scenario_text.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <cstdio>
#include <stdexcept>

#include "scenarios/scenario.pb.h"

namespace shadowscale::studio {

namespace {

namespace pb = google::protobuf;
using Tree = pb::TextFormat::ParseInfoTree;
using Range = pb::TextFormat::ParseLocationRange;

// One part of a field path: a field name and, for a repeated field, the value's index.
struct Step {
  std::string name;
  int index = -1;
};

std::vector<Step> splitPath(const std::string& path) {
  std::vector<Step> steps;
  std::size_t begin = 0;
  while (begin <= path.size()) {
    std::size_t end = path.find('.', begin);
    if (end == std::string::npos) {
      end = path.size();
    }
    std::string part = path.substr(begin, end - begin);
    Step step;
    const std::size_t bracket = part.find('[');
    if (bracket != std::string::npos && part.back() == ']') {
      step.index = std::stoi(part.substr(bracket + 1, part.size() - bracket - 2));
      part.resize(bracket);
    }
    if (part.empty()) {
      throw std::invalid_argument("bad field path \"" + path + "\"");
    }
    step.name = part;
    steps.push_back(step);
    begin = end + 1;
  }
  return steps;
}

// The silent collector: a broken text just leaves ok() false; the loader explains it.
class Quiet : public pb::io::ErrorCollector {
 public:
  void AddError(int, pb::io::ColumnNumber, const std::string&) override {}
};

// Leading blanks of the line that holds `pos`.
std::string indentAt(const std::string& text, std::size_t pos) {
  const std::size_t line_start = text.rfind('\n', pos == 0 ? 0 : pos - 1);
  const std::size_t begin = line_start == std::string::npos || pos == 0 ? 0 : line_start + 1;
  std::size_t end = begin;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) {
    ++end;
  }
  return text.substr(begin, end - begin);
}

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

}  // namespace

struct ScenarioText::Parsed {
  config::Scenario message;
  Tree tree;
  bool ok = false;
  std::vector<std::size_t> line_starts;

  // Byte offset of a (line, column) the tokenizer reported; it counts a tab to the next
  // multiple of 8.
  std::size_t offset(const std::string& text, int line, int column) const {
    std::size_t pos = line_starts.at(static_cast<std::size_t>(line));
    int col = 0;
    while (col < column && pos < text.size() && text[pos] != '\n') {
      col = text[pos] == '\t' ? (col / 8 + 1) * 8 : col + 1;
      ++pos;
    }
    return pos;
  }
};

namespace {

// Where a path leads: the deepest message written in the text on the way, and the leaf.
struct Resolved {
  const Tree* tree = nullptr;  // of the deepest written message (root: the whole text)
  const pb::Message* message = nullptr;
  bool root = true;               // the deepest written message is the scenario itself
  Range range;                    // of that message, when not the root
  std::size_t first_missing = 0;  // first step not written in the text
  std::vector<const pb::FieldDescriptor*> fields;  // one per step
};

Resolved resolve(const config::Scenario& scenario, const Tree& tree, const std::vector<Step>& steps,
                 const std::string& path) {
  Resolved r;
  r.tree = &tree;
  r.message = &scenario;
  const pb::Descriptor* type = scenario.GetDescriptor();
  bool written = true;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const pb::FieldDescriptor* fd = type != nullptr ? type->FindFieldByName(step.name) : nullptr;
    const bool last = i + 1 == steps.size();
    if (fd == nullptr || fd->is_repeated() != (step.index >= 0) ||
        (last && fd->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) ||
        (!last && fd->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) ||
        (last && fd->is_repeated())) {
      throw std::invalid_argument("no scalar field \"" + path + "\" in a scenario");
    }
    r.fields.push_back(fd);
    if (last) {
      break;
    }
    type = fd->message_type();
    if (!written) {
      continue;
    }
    const pb::Reflection* reflection = r.message->GetReflection();
    const bool present = fd->is_repeated() ? step.index < reflection->FieldSize(*r.message, fd)
                                           : reflection->HasField(*r.message, fd);
    const Range range = r.tree != nullptr ? r.tree->GetLocationRange(fd, step.index) : Range();
    if (!present || range.start.line < 0) {
      if (fd->is_repeated()) {
        throw std::invalid_argument("\"" + path + "\": there is no " + step.name + "[" +
                                    std::to_string(step.index) + "]");
      }
      written = false;
      r.first_missing = i;
      continue;
    }
    r.range = range;
    r.root = false;
    r.tree = r.tree->GetTreeForNested(fd, step.index);
    r.message = fd->is_repeated() ? &reflection->GetRepeatedMessage(*r.message, fd, step.index)
                                  : &reflection->GetMessage(*r.message, fd);
    r.first_missing = i + 1;
  }
  if (written) {
    r.first_missing = steps.size() - 1;
  }
  return r;
}

}  // namespace

ScenarioText::ScenarioText(std::string text)
    : text_(std::move(text)), parsed_(std::make_unique<Parsed>()) {
  parsed_->line_starts.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      parsed_->line_starts.push_back(i + 1);
    }
  }
  Quiet quiet;
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&quiet);
  parser.WriteLocationsTo(&parsed_->tree);
  parsed_->ok = parser.ParseFromString(text_, &parsed_->message);
  if (!parsed_->ok) {
    parsed_->message.Clear();
  }
}

ScenarioText::~ScenarioText() = default;
ScenarioText::ScenarioText(ScenarioText&&) noexcept = default;
ScenarioText& ScenarioText::operator=(ScenarioText&&) noexcept = default;

bool ScenarioText::ok() const {
  return parsed_->ok;
}

const config::Scenario& ScenarioText::message() const {
  return parsed_->message;
}

std::optional<std::string> ScenarioText::value(const std::string& path) const {
  const std::vector<Step> steps = splitPath(path);
  const Resolved r = resolve(parsed_->message, parsed_->tree, steps, path);
  if (r.first_missing != steps.size() - 1) {
    return std::nullopt;
  }
  const pb::FieldDescriptor* fd = r.fields.back();
  if (!r.message->GetReflection()->HasField(*r.message, fd)) {
    return std::nullopt;
  }
  if (fd->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING) {
    return r.message->GetReflection()->GetString(*r.message, fd);
  }
  std::string out;
  pb::TextFormat::PrintFieldValueToString(*r.message, fd, -1, &out);
  return out;
}

std::string ScenarioText::withValue(const std::string& path, const std::string& value) const {
  if (!parsed_->ok) {
    throw std::invalid_argument("the scenario text does not parse; fix it in the editor first");
  }
  const std::vector<Step> steps = splitPath(path);
  const Resolved r = resolve(parsed_->message, parsed_->tree, steps, path);
  const pb::FieldDescriptor* leaf = r.fields.back();
  const std::string literal =
      leaf->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING ? quoteTextFormat(value) : value;
  std::string text = text_;

  // Written already: replace the value between the ':' and the end of the field.
  if (r.first_missing == steps.size() - 1) {
    const Range range = r.tree->GetLocationRange(leaf, -1);
    if (range.start.line >= 0) {
      const std::size_t start = parsed_->offset(text, range.start.line, range.start.column);
      std::size_t end = parsed_->offset(text, range.end.line, range.end.column);
      while (end > start &&
             (text[end - 1] == ',' || text[end - 1] == ';' || blank(text[end - 1]))) {
        --end;
      }
      std::size_t begin = start + leaf->name().size();
      while (begin < end && (blank(text[begin]) || text[begin] == ':')) {
        ++begin;
      }
      return text.replace(begin, end - begin, literal);
    }
  }

  // Not written: "a { b { leaf: value } }" for the missing part of the path.
  std::string snippet = leaf->name() + ": " + literal;
  for (std::size_t i = steps.size() - 1; i-- > r.first_missing;) {
    snippet = steps[i].name + " { " + snippet + " }";
  }
  if (r.root) {
    if (!text.empty() && text.back() != '\n') {
      text.push_back('\n');
    }
    return text + snippet + "\n";
  }
  std::size_t close = parsed_->offset(text, r.range.end.line, r.range.end.column);
  while (close > 0 && text[close - 1] != '}' && text[close - 1] != '>') {
    --close;
  }
  --close;  // at the closing brace
  std::size_t line_begin = close;
  while (line_begin > 0 && blank(text[line_begin - 1])) {
    --line_begin;
  }
  if (line_begin == 0 || text[line_begin - 1] == '\n') {
    // The brace stands on its own line: a new line above it, one level deeper.
    return text.insert(line_begin, indentAt(text, close) + "  " + snippet + "\n");
  }
  return text.insert(close, blank(text[close - 1]) ? snippet + " " : " " + snippet + " ");
}

std::string ScenarioText::withoutValue(const std::string& path) const {
  if (!parsed_->ok || !value(path)) {
    return text_;
  }
  const std::vector<Step> steps = splitPath(path);
  const Resolved r = resolve(parsed_->message, parsed_->tree, steps, path);
  const Range range = r.tree->GetLocationRange(r.fields.back(), -1);
  std::string text = text_;
  std::size_t start = parsed_->offset(text, range.start.line, range.start.column);
  std::size_t end = parsed_->offset(text, range.end.line, range.end.column);
  std::size_t before = start;
  while (before > 0 && blank(text[before - 1])) {
    --before;
  }
  std::size_t after = end;
  while (after < text.size() && blank(text[after])) {
    ++after;
  }
  const bool alone_on_line = (before == 0 || text[before - 1] == '\n') &&
                             (after == text.size() || text[after] == '\n' || text[after] == '#');
  if (alone_on_line) {
    // The whole line goes, with a comment that spoke of the value.
    start = before;
    end = text.find('\n', after);
    end = end == std::string::npos ? text.size() : end + 1;
  } else {
    end = after;
  }
  return text.erase(start, end - start);
}

std::string quoteTextFormat(const std::string& value) {
  std::string out = "\"";
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20 || u == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\%03o", u);
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace shadowscale::studio
