#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "replay/capture.pb.h"

namespace shadowscale {

// What replaces a redacted value in a capture.
inline constexpr std::string_view kRedactedValue = "REDACTED";

// Headers whose values never reach a capture, whatever the user configures: they carry
// credentials and session identifiers.
inline constexpr std::string_view kAlwaysRedactedHeaders[] = {
    "authorization", "proxy-authorization", "cookie", "set-cookie"};

// Query parameters redacted by default: OAuth 2 bearer tokens sent in the URI (RFC 6750 2.3).
inline constexpr std::string_view kAlwaysRedactedQueryParams[] = {"access_token"};

// Values to keep out of a capture beyond the defaults, as the user configures them.
struct RedactionRules {
  std::vector<std::string> headers;       // header names, any case
  std::vector<std::string> query_params;  // query parameter names, any case
};

// Replaces sensitive header and query values with kRedactedValue. The capture writer applies it
// to every record, so no importer or recorder can forget to.
class Redactor {
 public:
  explicit Redactor(const RedactionRules& rules = {});

  // Whether the value of header `name` (any case) is replaced.
  bool sensitiveHeader(std::string_view name) const;
  // Whether the value of query parameter `name` (any case, percent-encoded or not) is replaced.
  bool sensitiveQueryParam(std::string_view name) const;
  // Replaces the values of sensitive query parameters in a request target or URL; returns
  // whether anything changed.
  bool redactTarget(std::string& target) const;
  // Redacts a record in place: sensitive headers, the query of its path, and URLs in the
  // headers that carry them (Referer, Location). Header names are lower-cased on the way.
  void apply(capture::CaptureRecord& record) const;

  // The redacted names (lower case), recorded in the capture header.
  const std::vector<std::string>& headerNames() const { return headers_; }
  const std::vector<std::string>& queryParams() const { return query_params_; }

 private:
  void applyToHeaders(google::protobuf::RepeatedPtrField<capture::HeaderField>& headers) const;

  std::vector<std::string> headers_;
  std::vector<std::string> query_params_;
  // Bit n is set when some redacted header name has n characters (n < 64): most headers differ
  // in length from every sensitive name and are passed over without a string comparison.
  std::uint64_t header_lengths_ = 0;
};

}  // namespace shadowscale
