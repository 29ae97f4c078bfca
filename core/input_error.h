#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace shadowscale {

// Bad input from a user's file or peer: the one error type every reader throws. It carries the
// problem and where it is (file, line, field, or byte offset), and its message
// "file:line: field: problem" can be shown as it is. A value parser that does not know where its
// text came from throws it with the problem alone; the caller that knows adds the place with
// `in`. Front ends map it to a distinct exit code.
class InputError : public std::runtime_error {
 public:
  // A problem with no location (yet), or a message already naming its place.
  explicit InputError(const std::string& problem) : InputError({}, 0, {}, {}, problem) {}

  // "file:line: field: what" (line and field left out when unknown).
  static InputError at(const std::string& file, std::int64_t line, const std::string& field,
                       const std::string& what) {
    return InputError(file, line, field, std::nullopt, what);
  }

  // "file: byte N: field: what", for binary inputs (captures, .gor files).
  static InputError atOffset(const std::string& file, std::uint64_t byte_offset,
                             const std::string& field, const std::string& what) {
    return InputError(file, 0, field, byte_offset, what);
  }

  // This problem at a place: what it already knows is kept, the rest taken from the arguments.
  InputError in(const std::string& file, std::int64_t line = 0,
                const std::string& field = {}) const {
    return InputError(file_.empty() ? file : file_, line_ > 0 ? line_ : line,
                      field_.empty() ? field : field_, offset_, problem_);
  }

  const std::string& file() const { return file_; }
  std::int64_t line() const { return line_; }  // 0 when unknown (a log may have billions)
  const std::string& field() const { return field_; }
  std::optional<std::uint64_t> byteOffset() const { return offset_; }
  // The problem alone, without the place.
  const std::string& problem() const { return problem_; }
  // "field: problem", for a caller that names the file and line itself.
  std::string detail() const { return format({}, 0, field_, std::nullopt, problem_); }

 private:
  InputError(std::string file, std::int64_t line, std::string field,
             std::optional<std::uint64_t> offset, std::string problem)
      : std::runtime_error(format(file, line, field, offset, problem)),
        file_(std::move(file)),
        line_(line),
        field_(std::move(field)),
        offset_(offset),
        problem_(std::move(problem)) {}

  static std::string format(const std::string& file, std::int64_t line, const std::string& field,
                            std::optional<std::uint64_t> offset, const std::string& problem) {
    std::string m;
    m.reserve(file.size() + field.size() + problem.size() + 24);
    if (!file.empty()) {
      m.append(file);
      if (line > 0) {
        m.append(":").append(std::to_string(line));
      }
      if (offset) {
        m.append(": byte ").append(std::to_string(*offset));
      }
      m.append(": ");
    }
    if (!field.empty()) {
      m.append(field).append(": ");
    }
    m.append(problem);
    return m;
  }

  std::string file_;
  std::int64_t line_ = 0;
  std::string field_;
  std::optional<std::uint64_t> offset_;
  std::string problem_;
};

}  // namespace shadowscale
