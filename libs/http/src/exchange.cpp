#include "tt/http/exchange.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

#include <vector>

#include "tt/core/error.hpp"

namespace tt::http {
namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kChunk = 64 * 1024;
}  // namespace

Exchange::Exchange(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                   beast_http::request_parser<beast_http::buffer_body>& parser, const Request& head,
                   std::chrono::seconds io_timeout, Decorator decorate, std::string request_id)
    : stream_(stream),
      buffer_(buffer),
      parser_(parser),
      head_(head),
      io_timeout_(io_timeout),
      decorate_(std::move(decorate)),
      request_id_(std::move(request_id)) {}

std::optional<std::uint64_t> Exchange::ContentLength() const {
    auto length = parser_.content_length();
    if (!length) return std::nullopt;
    return static_cast<std::uint64_t>(*length);
}

asio::awaitable<std::size_t> Exchange::ReadBody(char* out, std::size_t size) {
    if (parser_.is_done() || size == 0) co_return 0;
    if (!continue_sent_) {
        continue_sent_ = true;
        auto expect = head_.find(beast_http::field::expect);
        if (expect != head_.end() && beast::iequals(expect->value(), "100-continue")) {
            static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            stream_.expires_after(io_timeout_);
            auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(kContinue), kUseTuple);
            (void)n;
            if (ec) {
                broken_ = true;
                throw Error(ErrorCode::kInvalidArgument, "connection lost before the body arrived: " + ec.message());
            }
        }
    }
    for (;;) {
        auto& body = parser_.get().body();
        body.data = out;
        body.size = size;
        stream_.expires_after(io_timeout_);
        auto [ec, n] = co_await beast_http::async_read(stream_, buffer_, parser_, kUseTuple);
        (void)n;
        if (ec == beast_http::error::need_buffer) ec = {};
        if (ec) {
            broken_ = true;
            if (ec == beast_http::error::body_limit) throw Error(ErrorCode::kPayloadTooLarge, "Request body too large");
            throw Error(ErrorCode::kInvalidArgument, "the request body did not arrive completely: " + ec.message());
        }
        std::size_t got = size - parser_.get().body().size;
        if (got > 0 || parser_.is_done()) co_return got;
    }
}

asio::awaitable<void> Exchange::Send(Response response) {
    decorate_(head_, response.base());
    response.set("X-Request-Id", request_id_);
    response.keep_alive(head_.keep_alive() && parser_.is_done() && !broken_);
    response.prepare_payload();
    if (head_.method() == beast_http::verb::head) response.body().clear();
    status_ = response.result_int();
    stream_.expires_after(io_timeout_);
    auto [ec, n] = co_await beast_http::async_write(stream_, response, kUseTuple);
    (void)n;
    if (ec) broken_ = true;
}

asio::awaitable<void> Exchange::SendStream(
    beast_http::response<beast_http::empty_body> head, std::uint64_t length,
    const std::function<std::size_t(std::uint64_t, char*, std::size_t)>& read_at) {
    decorate_(head_, head.base());
    head.set("X-Request-Id", request_id_);
    head.keep_alive(head_.keep_alive() && parser_.is_done() && !broken_);
    head.content_length(length);
    status_ = head.result_int();
    beast_http::response_serializer<beast_http::empty_body> serializer(head);
    stream_.expires_after(io_timeout_);
    auto [ec, n] = co_await beast_http::async_write_header(stream_, serializer, kUseTuple);
    (void)n;
    if (ec) {
        broken_ = true;
        co_return;
    }
    if (head_.method() == beast_http::verb::head) co_return;
    std::vector<char> chunk(static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, length)));
    std::uint64_t offset = 0;
    while (offset < length) {
        auto want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), length - offset));
        std::size_t got = read_at(offset, chunk.data(), want);
        if (got == 0) {
            // The source shrank under us: the promised length cannot be kept, so the connection ends.
            broken_ = true;
            co_return;
        }
        stream_.expires_after(io_timeout_);
        auto [write_ec, written] = co_await asio::async_write(stream_, asio::buffer(chunk.data(), got), kUseTuple);
        (void)written;
        if (write_ec) {
            broken_ = true;
            co_return;
        }
        offset += got;
    }
}

beast::tcp_stream Exchange::TakeStream() {
    taken_ = true;
    status_ = 101;
    return std::move(stream_);
}

}  // namespace tt::http
