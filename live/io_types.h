#pragma once

#include <boost/asio/basic_stream_socket.hpp>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>

namespace shadowscale::live {

// Sockets and timers of the proxy's I/O threads, bound to their io_context's own executor type:
// the type-erased default (any_io_executor) costs a copy and a destroy of the erased executor in
// every operation, which on the proxy's hot path added up to several percent of its CPU time.
using IoExecutor = boost::asio::io_context::executor_type;
using Socket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, IoExecutor>;
using SteadyTimer = boost::asio::basic_waitable_timer<
    std::chrono::steady_clock, boost::asio::wait_traits<std::chrono::steady_clock>, IoExecutor>;

}  // namespace shadowscale::live
