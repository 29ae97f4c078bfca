#include "replay/redaction.h"

#include <algorithm>
#include <cstring>

namespace shadowscale {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = lower(c);
  }
  return out;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = lower(c);
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

// Query names are compared decoded, so "acc%65ss_token" cannot slip a token past the rules.
std::string percentDecoded(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hexValue(s[i + 1]);
      const int lo = hexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i] == '+' ? ' ' : s[i]);
  }
  return out;
}

void addUnique(std::vector<std::string>& names, std::string_view name) {
  std::string l = lowered(name);
  if (!l.empty() && std::find(names.begin(), names.end(), l) == names.end()) {
    names.push_back(std::move(l));
  }
}

}  // namespace

Redactor::Redactor(const RedactionRules& rules) {
  for (std::string_view h : kAlwaysRedactedHeaders) {
    addUnique(headers_, h);
  }
  for (const std::string& h : rules.headers) {
    addUnique(headers_, h);
  }
  for (const std::string& h : headers_) {
    header_lengths_ |= h.size() < 64 ? std::uint64_t{1} << h.size() : 0;
  }
  for (std::string_view q : kAlwaysRedactedQueryParams) {
    addUnique(query_params_, q);
  }
  for (const std::string& q : rules.query_params) {
    addUnique(query_params_, percentDecoded(q));
  }
}

bool Redactor::sensitiveHeader(std::string_view name) const {
  return std::any_of(headers_.begin(), headers_.end(),
                     [&](const std::string& h) { return equalsIgnoreCase(name, h); });
}

bool Redactor::sensitiveQueryParam(std::string_view name) const {
  std::string decoded;
  if (name.find_first_of("%+") != std::string_view::npos) {
    decoded = percentDecoded(name);
    name = decoded;
  }
  return std::any_of(query_params_.begin(), query_params_.end(),
                     [&](const std::string& q) { return equalsIgnoreCase(name, q); });
}

bool Redactor::redactTarget(std::string& target) const {
  const std::size_t q = target.find('?');
  if (q == std::string::npos) {
    return false;
  }
  std::size_t end = target.find('#', q + 1);
  if (end == std::string::npos) {
    end = target.size();
  }
  bool changed = false;
  std::size_t pos = q + 1;
  while (pos <= end) {
    std::size_t amp = target.find_first_of("&;", pos);
    if (amp == std::string::npos || amp > end) {
      amp = end;
    }
    const std::size_t eq = target.find('=', pos);
    if (eq != std::string::npos && eq < amp) {
      const std::string_view name(target.data() + pos, eq - pos);
      const std::string_view value(target.data() + eq + 1, amp - eq - 1);
      if (value != kRedactedValue && sensitiveQueryParam(name)) {
        target.replace(eq + 1, amp - eq - 1, kRedactedValue);
        const std::ptrdiff_t delta = static_cast<std::ptrdiff_t>(kRedactedValue.size()) -
                                     static_cast<std::ptrdiff_t>(amp - eq - 1);
        amp = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(amp) + delta);
        end = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(end) + delta);
        changed = true;
      }
    }
    pos = amp + 1;
  }
  return changed;
}

void Redactor::applyToHeaders(
    google::protobuf::RepeatedPtrField<capture::HeaderField>& headers) const {
  for (capture::HeaderField& h : headers) {
    // Names are stored in lower case (the schema says so), which also lets the checks below
    // compare exactly.
    bool upper = false;
    for (char c : h.name()) {
      upper = upper || (c >= 'A' && c <= 'Z');
    }
    if (upper) {
      for (char& c : *h.mutable_name()) {
        c = lower(c);
      }
    }
    const std::string& name = h.name();
    const bool maybe_sensitive = name.size() >= 64 || (header_lengths_ >> name.size() & 1) != 0;
    if (maybe_sensitive && std::find(headers_.begin(), headers_.end(), name) != headers_.end()) {
      if (h.value() != kRedactedValue) {
        h.set_value(kRedactedValue.data(), kRedactedValue.size());
      }
    } else if (name == "referer" || name == "location" || name == "content-location") {
      if (h.value().find('?') != std::string::npos) {
        redactTarget(*h.mutable_value());
      }
    }
  }
}

void Redactor::apply(capture::CaptureRecord& record) const {
  if (std::memchr(record.path().data(), '?', record.path().size()) != nullptr) {
    redactTarget(*record.mutable_path());
  }
  applyToHeaders(*record.mutable_headers());
  applyToHeaders(*record.mutable_response_headers());
}

}  // namespace shadowscale
