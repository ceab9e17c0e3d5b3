#include "tt/http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/multiple_exceptions.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/core/metrics.hpp"
#include "tt/http/gzip.hpp"
#include "tt/http/util.hpp"

namespace tt::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

// tt_http_request_duration_seconds{method, route, status}: route is the matched template, so the
// series stay bounded whatever paths clients send.
metrics::HistogramFamily& RequestDurations() {
    static auto& family = metrics::Global().Histograms(
        "tt_http_request_duration_seconds", "HTTP requests by method, route template and status class, seconds",
        {"method", "route", "status"});
    return family;
}

// Accepts a client's X-Request-Id when it is short and printable, otherwise makes one.
std::string RequestIdOf(const Request& request) {
    auto it = request.find("x-request-id");
    if (it != request.end()) {
        std::string_view value = it->value();
        bool sane = !value.empty() && value.size() <= 64;
        for (char c : value) sane = sane && c > 32 && c < 127 && c != '"' && c != '\\';
        if (sane) return std::string(value);
    }
    return NewUuid();
}

Error FirstError(const std::exception_ptr& first, const std::string& path, const std::string& request_id) {
    try {
        std::rethrow_exception(first);
    } catch (const Error& e) {
        return e;
    } catch (const std::exception& e) {
        log::Error("unhandled exception in HTTP handler",
                   {{"path", path}, {"error", e.what()}, {"requestId", request_id}});
    }
    return Error(ErrorCode::kInternal, "Internal server error");
}

}  // namespace

Server::Server(asio::io_context& io, ServerOptions options, Router router)
    : io_(io), options_(std::move(options)), router_(std::move(router)), acceptor_(io) {}

void Server::Start() {
    boost::system::error_code ec;
    tcp::endpoint endpoint(asio::ip::make_address(options_.address, ec), options_.port);
    if (ec) throw Error(ErrorCode::kInvalidArgument, "bad listen address " + options_.address);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        throw Error(ErrorCode::kUnavailable, "cannot listen on " + options_.address + ":" +
                                                 std::to_string(options_.port) + ": " + ec.message() +
                                                 " (is another process using the port?)");
    }
    bound_port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(io_, Accept(), asio::detached);
}

void Server::Stop() {
    stopping_ = true;
    asio::post(io_, [this] {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
    });
}

asio::awaitable<void> Server::Accept() {
    while (!stopping_) {
        auto [ec, socket] = co_await acceptor_.async_accept(kUseTuple);
        if (ec) {
            if (stopping_ || ec == asio::error::operation_aborted) break;
            log::Warn("accept failed", {{"error", ec.message()}});
            continue;
        }
        asio::co_spawn(acceptor_.get_executor(), Serve(std::move(socket)), asio::detached);
    }
}

asio::awaitable<void> Server::Serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    boost::system::error_code ignored;
    std::string remote = stream.socket().remote_endpoint(ignored).address().to_string();
    bool open = true;
    while (open) {
        // Headers first: the route decides whether the server reads the body (JSON routes, up to the
        // body limit) or the handler streams it (uploads).
        beast_http::request_parser<beast_http::empty_body> header_parser;
        header_parser.body_limit(boost::none);
        stream.expires_after(options_.idle_timeout);
        auto [read_ec, bytes] = co_await beast_http::async_read_header(stream, buffer, header_parser, kUseTuple);
        (void)bytes;
        if (read_ec == beast_http::error::end_of_stream || read_ec == asio::error::eof ||
            read_ec == beast::error::timeout || read_ec == asio::error::connection_reset ||
            read_ec == asio::error::operation_aborted) {
            break;
        }
        Context context;
        if (read_ec) {
            context.path = std::string(header_parser.get().target());
            std::string message = "Malformed HTTP request: " + read_ec.message();
            co_await SendEarlyError(stream, 400, std::move(message), context);
            break;
        }
        auto started = std::chrono::steady_clock::now();
        context.request.base() = header_parser.get().base();
        std::string_view target = context.request.target();
        auto question = target.find('?');
        context.path = std::string(target.substr(0, question));
        if (question != std::string_view::npos) context.query = ParseQuery(target.substr(question + 1));
        context.request_id = RequestIdOf(context.request);
        context.remote_address = remote;
        std::string method(context.request.method_string());
        // The metrics label: a known verb, never a client-chosen token (bounded series).
        std::string method_label = context.request.method() == beast_http::verb::unknown
                                       ? "OTHER"
                                       : std::string(beast_http::to_string(context.request.method()));
        std::string path = context.path;
        std::string request_id = context.request_id;
        Request headers_only;  // what Decorate needs once the handler owns the request
        headers_only.base() = context.request.base();
        unsigned status = 0;

        auto match = router_.Find(context.request.method(), context.path);
        std::string route = match ? *match->pattern : "unmatched";
        if (match && match->raw != nullptr && !Preflight(headers_only)) {
            beast_http::request_parser<beast_http::buffer_body> body_parser(std::move(header_parser));
            body_parser.body_limit(boost::none);  // the handler enforces its own limit
            context.params = std::move(match->params);
            Exchange exchange(
                stream, buffer, body_parser, headers_only, options_.read_timeout,
                [this](const Request& request, beast_http::fields& fields) { DecorateHeaders(request, fields); },
                request_id);
            ++in_flight_;
            co_await DispatchRaw(std::move(context), *match->raw, exchange);
            --in_flight_;
            status = exchange.Status();
            open = exchange.Reusable() && headers_only.keep_alive() && !stopping_;
            if (!exchange.Reusable() && status != 101) co_await LingeringClose(stream);
            if (status == 101) {
                // Upgraded: the connection belongs to the WebSocket session now.
                log::Info("http request",
                          {{"method", method}, {"path", path}, {"status", status}, {"requestId", request_id}});
                co_return;
            }
        } else {
            beast_http::request_parser<beast_http::string_body> parser(std::move(header_parser));
            parser.body_limit(options_.body_limit);
            auto declared = parser.content_length();
            boost::system::error_code body_ec;
            if (declared && *declared > options_.body_limit) {
                body_ec = beast_http::error::body_limit;
            } else if (!parser.is_done()) {
                stream.expires_after(options_.read_timeout);
                auto [ec, n] = co_await beast_http::async_read(stream, buffer, parser, kUseTuple);
                (void)n;
                body_ec = ec;
            }
            if (body_ec) {
                // Too large a body or a broken one: answer once, then close.
                // Plain locals: temporaries in a co_await argument list trip g++ 12.
                bool too_large = body_ec == beast_http::error::body_limit;
                unsigned early_status = too_large ? 413 : 400;
                std::string message = "Request body too large";
                if (!too_large) message = "Malformed HTTP request: " + body_ec.message();
                co_await SendEarlyError(stream, early_status, std::move(message), context);
                if (too_large) co_await LingeringClose(stream);
                break;
            }
            context.request = parser.release();
            bool keep_alive = context.request.keep_alive() && !stopping_;
            auto preflight = Preflight(context.request);
            ++in_flight_;
            Response response;
            if (preflight) {
                response = std::move(*preflight);
            } else {
                response = co_await Dispatch(std::move(context), match);  // not inside ?: (g++ 12 coroutine bug)
            }
            --in_flight_;
            Decorate(headers_only, response);
            response.set("X-Request-Id", request_id);
            response.keep_alive(keep_alive);
            response.prepare_payload();
            if (headers_only.method() == beast_http::verb::head) response.body().clear();
            status = response.result_int();
            stream.expires_after(options_.read_timeout);
            auto [write_ec, written] = co_await beast_http::async_write(stream, response, kUseTuple);
            (void)written;
            open = !write_ec && keep_alive;
        }
        auto elapsed = std::chrono::steady_clock::now() - started;
        auto micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
        RequestDurations()
            .With({method_label, route, metrics::StatusClass(status)})
            .Observe(std::chrono::duration<double>(elapsed).count());
        log::Info("http request", {{"method", method},
                                   {"path", path},
                                   {"status", status},
                                   {"durationMs", static_cast<double>(micros) / 1000.0},
                                   {"requestId", request_id}});
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> Server::LingeringClose(beast::tcp_stream& stream) {
    // The answer went out before the client finished sending its body (413, 415, 401 on an upload).
    // Closing at once would reset the connection and many clients would lose the answer, so read and
    // drop what still comes, for a little while.
    constexpr std::size_t kDrainLimit = 16 << 20;
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(std::chrono::seconds(3));
    std::string sink(64 * 1024, '\0');
    std::size_t drained = 0;
    while (drained < kDrainLimit) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kUseTuple);
        if (ec) break;
        drained += n;
    }
}

asio::awaitable<void> Server::SendEarlyError(beast::tcp_stream& stream, unsigned status, std::string message,
                                             const Context& context) {
    auto response = ErrorResponse(status, message, context);
    response.keep_alive(false);
    response.prepare_payload();
    stream.expires_after(options_.read_timeout);
    co_await beast_http::async_write(stream, response, kUseTuple);
}

bool Server::OriginAllowed(std::string_view origin) const {
    for (const auto& allowed : options_.cors_origins) {
        if (allowed == "*" || allowed == origin) return true;
    }
    return false;
}

std::optional<Response> Server::Preflight(const Request& request) const {
    if (request.method() != beast_http::verb::options) return std::nullopt;
    auto origin = request.find(beast_http::field::origin);
    if (origin == request.end() || request.find("access-control-request-method") == request.end()) return std::nullopt;
    Response response{beast_http::status::no_content, request.version()};
    if (OriginAllowed(origin->value())) {
        response.set(beast_http::field::access_control_allow_methods, "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        response.set(beast_http::field::access_control_allow_headers,
                     "Content-Type, Authorization, X-Request-Id, X-Session-Id");
        response.set(beast_http::field::access_control_max_age, "600");
    }
    return response;
}

void Server::Decorate(const Request& request, Response& response) const {
    DecorateHeaders(request, response.base());
    // JSON and HTML of 1 KiB or more go gzip-compressed to clients that accept it.
    auto type = response[beast_http::field::content_type];
    bool compressible = type.starts_with("application/json") || type.starts_with("text/");
    if (!compressible) return;
    auto vary = response[beast_http::field::vary];
    response.set(beast_http::field::vary,
                 vary.empty() ? std::string("Accept-Encoding") : std::string(vary) + ", Accept-Encoding");
    auto accept = request.find(beast_http::field::accept_encoding);
    if (response.body().size() >= 1024 && accept != request.end() && AcceptsGzip(accept->value()) &&
        response.find(beast_http::field::content_encoding) == response.end()) {
        response.body() = Gzip(response.body());
        response.set(beast_http::field::content_encoding, "gzip");
        response.prepare_payload();
    }
}

void Server::DecorateHeaders(const Request& request, beast_http::fields& response) const {
    response.set("X-Content-Type-Options", "nosniff");
    response.set("X-Frame-Options", "DENY");
    response.set("Referrer-Policy", "no-referrer");
    if (response[beast_http::field::content_type].starts_with("application/json")) {
        response.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    }
    auto origin = request.find(beast_http::field::origin);
    if (origin != request.end() && OriginAllowed(origin->value())) {
        response.set(beast_http::field::access_control_allow_origin, origin->value());
        response.set(beast_http::field::access_control_allow_credentials, "true");
        response.set(beast_http::field::access_control_expose_headers,
                     "X-Request-Id, Retry-After, Content-Range, Accept-Ranges, Content-Length, ETag");
        response.set(beast_http::field::vary, "Origin");
    }
}

asio::awaitable<Response> Server::Dispatch(Context context, std::optional<Router::Match> match) {
    if (!match) {
        co_return ErrorResponse(404, "Cannot " + std::string(context.request.method_string()) + " " + context.path,
                                context);
    }
    context.params = std::move(match->params);
    if (options_.admission) {
        auto rejected = co_await options_.admission(context);
        if (rejected) co_return std::move(*rejected);
    }
    auto error_context = ErrorContextOf(context);
    std::exception_ptr failure;
    try {
        co_return co_await (*match->handler)(std::move(context));
    } catch (...) {
        failure = std::current_exception();
    }
    co_return FailureResponse(failure, error_context);
}

asio::awaitable<void> Server::DispatchRaw(Context context, const RawHandler& handler, Exchange& exchange) {
    auto error_context = ErrorContextOf(context);
    if (options_.admission) {
        auto rejected = co_await options_.admission(context);
        if (rejected) {
            co_await exchange.Send(std::move(*rejected));
            co_return;
        }
    }
    std::exception_ptr failure;
    try {
        co_await handler(std::move(context), &exchange);
    } catch (...) {
        failure = std::current_exception();
    }
    if (failure && !exchange.Sent()) co_await exchange.Send(FailureResponse(failure, error_context));
}

Context Server::ErrorContextOf(const Context& context) {
    // What the error envelope needs, kept because the handler takes the context.
    Context error_context;
    error_context.path = context.path;
    error_context.request_id = context.request_id;
    error_context.request.method(context.request.method());
    error_context.request.version(context.request.version());
    return error_context;
}

Response Server::FailureResponse(const std::exception_ptr& failure, const Context& context) {
    Error error(ErrorCode::kInternal, "Internal server error");
    try {
        std::rethrow_exception(failure);
    } catch (const Error& e) {
        error = e;
    } catch (const asio::multiple_exceptions& e) {
        // Concurrent sub-requests (awaitable operator &&) that all failed: report the first one.
        error = FirstError(e.first_exception(), context.path, context.request_id);
    } catch (const std::exception& e) {
        log::Error("unhandled exception in HTTP handler",
                   {{"path", context.path}, {"error", e.what()}, {"requestId", context.request_id}});
    }
    int status = ToHttpStatus(error.Code());
    if (status >= 500 && error.Code() != ErrorCode::kInternal) {
        log::Warn("request failed: dependency unavailable",
                  {{"path", context.path}, {"error", error.what()}, {"requestId", context.request_id}});
    }
    return ErrorResponse(static_cast<unsigned>(status), error.what(), context);
}

}  // namespace tt::http
