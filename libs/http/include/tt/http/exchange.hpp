#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstdint>
#include <functional>
#include <optional>

#include "tt/http/types.hpp"

namespace tt::http {

// A request whose body the handler reads itself, as it arrives, and whose response it may write
// itself (uploads, media files, WebSocket upgrades). The server hands one to a raw route's handler
// after reading the headers; it stays valid until the handler's coroutine finishes.
class Exchange {
public:
    using Decorator = std::function<void(const Request&, beast_http::fields&)>;

    Exchange(boost::beast::tcp_stream& stream, boost::beast::flat_buffer& buffer,
             beast_http::request_parser<beast_http::buffer_body>& parser, const Request& head,
             std::chrono::seconds io_timeout, Decorator decorate, std::string request_id);

    // The declared body size, when the client sent Content-Length.
    std::optional<std::uint64_t> ContentLength() const;
    // Reads the next bytes of the body into `out`; 0 once the body is complete. Throws
    // tt::Error(kInvalidArgument) when the connection breaks or the body is malformed.
    boost::asio::awaitable<std::size_t> ReadBody(char* out, std::size_t size);
    bool BodyDone() const { return parser_.is_done(); }

    // Writes a complete response (decorated like every other: security headers, CORS, request id).
    boost::asio::awaitable<void> Send(Response response);
    // Writes `head` (status and headers; Content-Length is set here) then `length` bytes produced by
    // `read_at(offset, out, size)` (returns bytes read, 0 = source ended early). No body for HEAD.
    boost::asio::awaitable<void> SendStream(
        beast_http::response<beast_http::empty_body> head, std::uint64_t length,
        const std::function<std::size_t(std::uint64_t offset, char* out, std::size_t size)>& read_at);
    // Gives the connection away (WebSocket upgrade; Status() becomes 101). The server forgets the
    // connection when the handler returns, so a long session should run in its own coroutine.
    boost::beast::tcp_stream TakeStream();

    bool Sent() const { return status_ != 0; }
    unsigned Status() const { return status_; }
    // The connection can serve another request: the body was fully read and the stream is still ours.
    bool Reusable() const { return parser_.is_done() && !taken_ && !broken_; }

private:
    boost::beast::tcp_stream& stream_;
    boost::beast::flat_buffer& buffer_;
    beast_http::request_parser<beast_http::buffer_body>& parser_;
    const Request& head_;
    std::chrono::seconds io_timeout_;
    Decorator decorate_;
    std::string request_id_;
    bool continue_sent_ = false;
    bool taken_ = false;
    bool broken_ = false;
    unsigned status_ = 0;
};

// Raw handlers get the context (headers only; empty body) and the exchange. They either write the
// response through the exchange or throw tt::Error before writing, which the server renders.
using RawHandler = std::function<boost::asio::awaitable<void>(Context, Exchange*)>;

}  // namespace tt::http
