#include "live/http_rules.h"

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <string>
#include <vector>

namespace shadowscale::live {

unsigned statusForReadError(const boost::system::error_code& ec, bool got_some) {
  if (ec == boost::beast::error::timeout) {
    return got_some ? 408 : 0;
  }
  if (ec == http::error::header_limit) {
    return 431;
  }
  if (ec == http::error::body_limit) {
    return 413;
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) {
    return 0;  // the client closed the connection (mid-request or between requests)
  }
  if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
    return 400;
  }
  return 0;
}

void stripHopByHop(http::fields& fields) {
  // Headers named by Connection are hop-by-hop too (RFC 9110 7.6.1).
  std::vector<std::string> named;
  for (const auto& token : http::token_list(fields[http::field::connection])) {
    named.emplace_back(token);
  }
  for (const std::string& name : named) {
    fields.erase(name);
  }
  for (http::field f :
       {http::field::connection, http::field::keep_alive, http::field::proxy_connection,
        http::field::te, http::field::trailer, http::field::transfer_encoding, http::field::upgrade,
        http::field::proxy_authenticate, http::field::proxy_authorization}) {
    fields.erase(f);
  }
}

Request upstreamRequest(const Request& from_client, std::string_view client_address) {
  Request out = from_client;
  makeUpstreamRequest(out, client_address);
  return out;
}

void makeUpstreamRequest(Request& out, std::string_view client_address) {
  stripHopByHop(out.base());
  out.erase(http::field::expect);
  out.version(11);
  constexpr const char* kForwardedFor = "X-Forwarded-For";
  std::string forwarded(out[kForwardedFor]);
  if (!forwarded.empty()) {
    forwarded.append(", ");
  }
  forwarded.append(client_address);
  out.set(kForwardedFor, forwarded);
  out.keep_alive(true);
  out.prepare_payload();
}

void makeMirrorCopy(Request& copy, std::string_view host_suffix, const Redactor& redactor) {
  if (!host_suffix.empty()) {
    const auto host = copy.find(http::field::host);
    if (host != copy.end()) {
      // The suffix goes on the host name, before any port: "api:8080" -> "api-shadow:8080".
      std::string value(host->value());
      const std::size_t colon = value.rfind(':');
      const bool has_port =
          colon != std::string::npos && value.find(']', colon) == std::string::npos;
      value.insert(has_port ? colon : value.size(), host_suffix);
      copy.set(http::field::host, value);
    }
  }
  std::vector<std::string> sensitive;
  for (const auto& field : copy) {
    if (redactor.sensitiveHeader(toStd(field.name_string()))) {
      sensitive.emplace_back(field.name_string());
    }
  }
  for (const std::string& name : sensitive) {
    copy.set(name, std::string(kRedactedValue));
  }
  std::string target(copy.target());
  if (redactor.redactTarget(target)) {
    copy.target(target);
  }
}

void prepareClientResponse(Response& response, unsigned client_version, bool keep_alive,
                           bool head) {
  stripHopByHop(response.base());
  response.version(client_version);
  response.keep_alive(keep_alive);
  if (!head) {
    response.prepare_payload();
  }
}

namespace {

void appendFields(const http::fields& fields, std::string& out) {
  for (const auto& f : fields) {
    const auto name = f.name_string();
    const auto value = f.value();
    out.append(name.data(), name.size());
    out.append(": ", 2);
    out.append(value.data(), value.size());
    out.append("\r\n", 2);
  }
  out.append("\r\n", 2);
}

const char* versionText(unsigned version) {
  return version == 10 ? "HTTP/1.0" : "HTTP/1.1";
}

}  // namespace

void appendWire(const Request& request, std::string& out) {
  const auto method = request.method_string();
  const auto target = request.target();
  out.append(method.data(), method.size());
  out.push_back(' ');
  out.append(target.data(), target.size());
  out.push_back(' ');
  out.append(versionText(request.version()));
  out.append("\r\n", 2);
  appendFields(request.base(), out);
  out.append(request.body());
}

void appendWire(const Response& response, bool head, std::string& out) {
  out.append(versionText(response.version()));
  out.push_back(' ');
  char code[4] = {static_cast<char>('0' + response.result_int() / 100 % 10),
                  static_cast<char>('0' + response.result_int() / 10 % 10),
                  static_cast<char>('0' + response.result_int() % 10), ' '};
  out.append(code, 4);
  const auto reason = response.reason();
  out.append(reason.data(), reason.size());
  out.append("\r\n", 2);
  appendFields(response.base(), out);
  if (!head) {
    out.append(response.body());
  }
}

Response proxyResponse(http::status status, std::string_view text, unsigned version,
                       bool keep_alive) {
  Response r(status, version);
  r.set(http::field::server, "shadowscale");
  r.set(http::field::content_type, "text/plain");
  r.body().assign(text);
  r.body().push_back('\n');
  r.keep_alive(keep_alive);
  r.prepare_payload();
  return r;
}

}  // namespace shadowscale::live
