#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tt/http/exchange.hpp"
#include "tt/http/router.hpp"

namespace tt::http {

struct ServerOptions {
    std::string address = "0.0.0.0";
    std::uint16_t port = 0;  // 0 = any free port; BoundPort() tells which
    std::size_t body_limit = 1 << 20;
    std::chrono::seconds read_timeout{30};
    std::chrono::seconds idle_timeout{60};
    // Origins allowed to call with credentials (CORS); "*" reflects any origin. Empty: no CORS headers.
    std::vector<std::string> cors_origins;
    // Runs before the handler of a matched route; a response it returns is sent instead (rate limits).
    // It must copy what it needs from the context before suspending.
    std::function<boost::asio::awaitable<std::optional<Response>>(const Context&)> admission;
};

// HTTP/1.1 server: one coroutine per connection (Boost.Beast), keep-alive, timeouts on every read
// and write, a body limit, an access log line per request, X-Request-Id in and out. Handler errors
// become JSON error responses; nothing a client sends can crash it.
class Server {
public:
    Server(boost::asio::io_context& io, ServerOptions options, Router router);
    // Binds and starts accepting on `io`. Throws tt::Error(kUnavailable) if the port is taken.
    void Start();
    // Stops accepting; connections finish their current request and close.
    void Stop();
    std::uint16_t BoundPort() const { return bound_port_; }
    // Requests being handled right now (for draining on shutdown).
    int InFlight() const { return in_flight_; }

private:
    boost::asio::awaitable<void> Accept();
    boost::asio::awaitable<void> Serve(boost::asio::ip::tcp::socket socket);
    boost::asio::awaitable<Response> Dispatch(Context context, std::optional<Router::Match> match);
    boost::asio::awaitable<void> DispatchRaw(Context context, const RawHandler& handler, Exchange& exchange);
    boost::asio::awaitable<void> SendEarlyError(boost::beast::tcp_stream& stream, unsigned status, std::string message,
                                                const Context& context);
    boost::asio::awaitable<void> LingeringClose(boost::beast::tcp_stream& stream);
    static Context ErrorContextOf(const Context& context);
    // The JSON error envelope for an exception thrown by a handler (tt::Error keeps its status).
    static Response FailureResponse(const std::exception_ptr& failure, const Context& context);
    // CORS preflight answer, or nullopt when `request` is not one.
    std::optional<Response> Preflight(const Request& request) const;
    // Security and CORS headers, then gzip for large JSON and text bodies.
    void Decorate(const Request& request, Response& response) const;
    // Security headers on every response; CORS headers when the origin is allowed.
    void DecorateHeaders(const Request& request, boost::beast::http::fields& response) const;
    bool OriginAllowed(std::string_view origin) const;

    boost::asio::io_context& io_;
    ServerOptions options_;
    Router router_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::uint16_t bound_port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> in_flight_{0};
};

}  // namespace tt::http
