#include "live/live_capture.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <stdexcept>

#include "replay/capture_format.h"
#include "shadowscale/version.h"

namespace shadowscale::live {
namespace {

// The request headers kept in a capture: the ones replays and route rules look at.
bool keptHeader(std::string_view name) {
  for (std::string_view kept : {"host", "user-agent", "content-type", "accept", "referer",
                                "authorization", "cookie", "x-request-id"}) {
    if (name.size() == kept.size() &&
        std::equal(name.begin(), name.end(), kept.begin(),
                   [](char a, char b) { return std::tolower(a) == b; })) {
      return true;
    }
  }
  return false;
}

}  // namespace

LiveCapture::LiveCapture(const std::string& path, TimeNs start_unix_ns) : path_(path) {
  capture::CaptureHeader header;
  header.set_start_unix_ns(start_unix_ns);
  header.set_source("live traffic of shadowscale proxy");
  header.set_source_format("proxy");
  header.set_created_by(std::string("shadowscale ") + kVersion);
  writer_ = std::make_unique<CaptureWriter>(path + ".part", std::move(header));
}

void LiveCapture::record(const CapturedExchange& e) {
  capture::CaptureRecord r;
  r.set_arrival_ns(e.arrival);
  const Request& req = *e.request;
  r.set_method(std::string(req.method_string()));
  r.set_path(std::string(req.target()));
  r.set_protocol(req.version() == 10 ? "HTTP/1.0" : "HTTP/1.1");
  for (const auto& field : req) {
    if (keptHeader(toStd(field.name_string()))) {
      auto* h = r.add_headers();
      h->set_name(std::string(field.name_string()));
      h->set_value(std::string(field.value()));
    }
  }
  r.set_body_size(req.body().size());
  r.set_body_hash(captureBodyHash(req.body()));
  r.set_status(e.status);
  r.set_latency_ns(e.latency);
  if (e.response != nullptr) {
    r.set_response_bytes(e.response->body().size());
    const auto type = e.response->find(http::field::content_type);
    if (type != e.response->end()) {
      auto* h = r.add_response_headers();
      h->set_name("content-type");
      h->set_value(std::string(type->value()));
    }
  }
  r.set_pool(e.upstream.empty() ? std::string(poolName(e.pool))
                                : std::string(poolName(e.pool)) + " " + e.upstream);
  r.set_mirror(e.mirror);
  std::lock_guard lock(mu_);
  if (writer_) {
    writer_->write(r);
  }
}

void LiveCapture::flush() {
  std::lock_guard lock(mu_);
  if (writer_) {
    writer_->flush();
  }
}

void LiveCapture::close() {
  std::lock_guard lock(mu_);
  if (!writer_) {
    return;
  }
  writer_->close();
  writer_.reset();
  std::error_code ec;
  std::filesystem::rename(path_ + ".part", path_, ec);
  if (ec) {
    throw std::runtime_error(path_ + ": cannot move the capture into place: " + ec.message());
  }
}

std::uint64_t LiveCapture::records() const {
  std::lock_guard lock(mu_);
  return writer_ ? writer_->records() : 0;
}

}  // namespace shadowscale::live
