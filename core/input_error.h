#pragma once

#include <stdexcept>
#include <string>

namespace shadowscale {

// Bad input from a user's file or peer: the message names where (file:line: field: problem),
// so it can be shown as it is. Front ends map it to a distinct exit code.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}

  // "file:line: field: what" (line and field left out when unknown).
  static InputError at(const std::string& file, int line, const std::string& field,
                       const std::string& what) {
    std::string m;
    m.reserve(file.size() + field.size() + what.size() + 16);
    m.append(file);
    if (line > 0) {
      m.append(":").append(std::to_string(line));
    }
    m.append(": ");
    if (!field.empty()) {
      m.append(field).append(": ");
    }
    m.append(what);
    return InputError(m);
  }
};

}  // namespace shadowscale
