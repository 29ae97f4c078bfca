#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <string>

namespace shadowscale::live {

// Asks an instance whether it is ready: one GET of `path` on a fresh connection; `done(true)`
// when it answers 2xx within `timeout`, `done(false)` otherwise (refused, reset, slow, non-2xx).
void probeReadiness(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint,
                    const std::string& path, std::chrono::milliseconds timeout,
                    std::function<void(bool)> done);

}  // namespace shadowscale::live
