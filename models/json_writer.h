#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shadowscale {

// Builds indented JSON text: backtest reports and export sidecars. Keys and values are written
// in call order; non-finite numbers become null (JSON has no NaN).
class JsonWriter {
 public:
  // Open and close containers; each call returns *this so calls chain.
  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  // The key of the next value inside an object.
  JsonWriter& key(std::string_view name);
  // One value (an array element, or the value of the last key).
  JsonWriter& value(double v);
  JsonWriter& value(std::int64_t v);
  JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
  JsonWriter& value(std::size_t v) { return value(static_cast<std::int64_t>(v)); }
  JsonWriter& value(bool v);
  JsonWriter& value(std::string_view v);
  JsonWriter& value(const char* v) { return value(std::string_view(v)); }
  JsonWriter& null();
  // Inserts already-rendered JSON (e.g. a stored report) as one value.
  JsonWriter& raw(std::string_view json);
  // An array of numbers on one line.
  JsonWriter& numbers(const std::vector<double>& values);

  // The text so far.
  const std::string& str() const { return out_; }

  // `text` as a quoted JSON string.
  static std::string quote(std::string_view text);

 private:
  void beforeValue();
  void newline();
  JsonWriter& replaceLast(char c);

  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written into it yet
  bool after_key_ = false;
};

// Writes `content` to `path` through a temporary file in the same folder and a rename, so a
// reader never sees half a file. Throws std::runtime_error naming the path.
void writeFileAtomically(const std::string& path, std::string_view content);

}  // namespace shadowscale
