#include "tt/http/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>

#include <thread>

#include "tt/core/error.hpp"
#include "tt/core/metrics.hpp"
#include "tt/http/util.hpp"

namespace tt::http {
namespace {

namespace asio = boost::asio;

std::size_t ReadLetters(std::uint64_t offset, char* out, std::size_t size) {
    std::size_t n = 0;
    for (; n < size && offset + n < 26; ++n) out[n] = static_cast<char>('a' + offset + n);
    return n;
}

// A real server on a free loopback port, driven with raw bytes.
class ServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        Router router;
        router.Add(beast_http::verb::get, "/ok", [](Context) -> asio::awaitable<Response> {
            co_return JsonResponse(200, {{"ok", true}});
        });
        router.Add(beast_http::verb::post, "/echo", [](Context c) -> asio::awaitable<Response> {
            co_return JsonResponse(200, ParseJsonObject(c.request));
        });
        router.Add(beast_http::verb::get, "/conflict", [](Context) -> asio::awaitable<Response> {
            throw Error(ErrorCode::kConflict, "already there");
            co_return Response{};
        });
        router.Add(beast_http::verb::get, "/bug", [](Context) -> asio::awaitable<Response> {
            throw std::runtime_error("boom");
            co_return Response{};
        });
        // Streams the body in 7-byte reads and answers with its size and a checksum; refuses over 100 000.
        router.AddRaw(beast_http::verb::post, "/upload", [](Context, Exchange* exchange) -> asio::awaitable<void> {
            std::uint64_t total = 0;
            std::uint64_t sum = 0;
            std::string chunk(7, '\0');  // not a C array: g++ 12 cannot put one in a coroutine frame
            for (;;) {
                std::size_t n = co_await exchange->ReadBody(chunk.data(), chunk.size());
                if (n == 0) break;
                total += n;
                if (total > 100000) throw Error(ErrorCode::kPayloadTooLarge, "too big");
                for (std::size_t i = 0; i < n; ++i) sum += static_cast<unsigned char>(chunk[i]);
            }
            nlohmann::json answer{{"size", total}, {"sum", sum}};  // not braced in the co_await (g++ 12)
            co_await exchange->Send(JsonResponse(200, answer));
        });
        // 26 letters served through SendStream.
        router.AddRaw(beast_http::verb::get, "/letters", [](Context, Exchange* exchange) -> asio::awaitable<void> {
            beast_http::response<beast_http::empty_body> head{beast_http::status::ok, 11};
            head.set(beast_http::field::content_type, "text/plain");
            std::function<std::size_t(std::uint64_t, char*, std::size_t)> read = &ReadLetters;
            co_await exchange->SendStream(std::move(head), 26, read);
        });
        ServerOptions options;
        options.address = "127.0.0.1";
        options.body_limit = 1024;
        options.cors_origins = {"http://app.example"};
        server_ = std::make_unique<Server>(io_, options, std::move(router));
        server_->Start();
        thread_ = std::thread([this] { io_.run(); });
    }
    void TearDown() override {
        server_->Stop();
        io_.stop();
        thread_.join();
    }

    // Sends raw bytes and returns everything the server wrote before closing.
    std::string RoundTrip(const std::string& raw) {
        asio::io_context client;
        asio::ip::tcp::socket socket(client);
        socket.connect({asio::ip::make_address("127.0.0.1"), server_->BoundPort()});
        asio::write(socket, asio::buffer(raw));
        std::string out;
        boost::system::error_code ec;
        asio::read(socket, asio::dynamic_buffer(out), ec);
        return out;
    }

    asio::io_context io_;
    std::unique_ptr<Server> server_;
    std::thread thread_;
};

TEST_F(ServerTest, ServesJsonAndEchoesRequestId) {
    auto out = RoundTrip("GET /ok HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc123\r\nConnection: close\r\n\r\n");
    EXPECT_NE(out.find("HTTP/1.1 200"), std::string::npos);
    EXPECT_NE(out.find("X-Request-Id: abc123"), std::string::npos);
    EXPECT_NE(out.find("{\"ok\":true}"), std::string::npos);
}

TEST_F(ServerTest, UnknownRouteIs404WithTheErrorEnvelope) {
    auto out = RoundTrip("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(out.find("HTTP/1.1 404"), std::string::npos);
    EXPECT_NE(out.find("\"statusCode\":404"), std::string::npos);
    EXPECT_NE(out.find("\"path\":\"/nope\""), std::string::npos);
}

TEST_F(ServerTest, MalformedJsonIs400AndTypedErrorsKeepTheirStatus) {
    auto bad = RoundTrip("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{oops");
    EXPECT_NE(bad.find("HTTP/1.1 400"), std::string::npos);
    auto conflict = RoundTrip("GET /conflict HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(conflict.find("HTTP/1.1 409"), std::string::npos);
    EXPECT_NE(conflict.find("already there"), std::string::npos);
}

TEST_F(ServerTest, UnexpectedExceptionIs500WithoutDetails) {
    auto out = RoundTrip("GET /bug HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(out.find("HTTP/1.1 500"), std::string::npos);
    EXPECT_EQ(out.find("boom"), std::string::npos);
}

TEST_F(ServerTest, GarbageAndOversizedBodiesGetAnErrorNotACrash) {
    auto garbage = RoundTrip("\x01\x02 nonsense\r\n\r\n");
    EXPECT_NE(garbage.find("HTTP/1.1 400"), std::string::npos);
    auto big = RoundTrip("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'a'));
    EXPECT_NE(big.find("HTTP/1.1 413"), std::string::npos);
    // Still serving afterwards.
    EXPECT_NE(RoundTrip("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").find("200"), std::string::npos);
}

TEST_F(ServerTest, RequestMetricsUseTheRouteTemplateAndAKnownMethodOnly) {
    RoundTrip("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    RoundTrip("BREW /pot-7f3a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    MetricsText out;
    metrics::Global().Write(out);
    const auto& text = out.Text();
    EXPECT_NE(text.find("tt_http_request_duration_seconds_count{method=\"GET\",route=\"/ok\",status=\"2xx\"}"),
              std::string::npos)
        << text;
    // A made-up method or path never becomes a label value of its own.
    EXPECT_NE(text.find("method=\"OTHER\",route=\"unmatched\""), std::string::npos) << text;
    EXPECT_EQ(text.find("BREW"), std::string::npos);
    EXPECT_EQ(text.find("pot-7f3a"), std::string::npos);
}

TEST_F(ServerTest, AllowedOriginsGetCorsHeadersAndPreflights) {
    auto out = RoundTrip("GET /ok HTTP/1.1\r\nHost: x\r\nOrigin: http://app.example\r\nConnection: close\r\n\r\n");
    EXPECT_NE(out.find("Access-Control-Allow-Origin: http://app.example"), std::string::npos);
    EXPECT_NE(out.find("Access-Control-Allow-Credentials: true"), std::string::npos);
    EXPECT_NE(out.find("X-Content-Type-Options: nosniff"), std::string::npos);
    auto preflight = RoundTrip(
        "OPTIONS /echo HTTP/1.1\r\nHost: x\r\nOrigin: http://app.example\r\nAccess-Control-Request-Method: POST\r\n"
        "Connection: close\r\n\r\n");
    EXPECT_NE(preflight.find("HTTP/1.1 204"), std::string::npos);
    EXPECT_NE(preflight.find("Access-Control-Allow-Methods"), std::string::npos);
}

TEST_F(ServerTest, OtherOriginsGetNoCorsHeaders) {
    auto out = RoundTrip("GET /ok HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n");
    EXPECT_NE(out.find("HTTP/1.1 200"), std::string::npos);
    EXPECT_EQ(out.find("Access-Control-Allow-Origin"), std::string::npos);
}

TEST_F(ServerTest, RawRoutesStreamTheBodyPastTheJsonLimit) {
    std::string body(50000, '\0');
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < body.size(); ++i) {
        body[i] = static_cast<char>(i % 251);
        sum += static_cast<unsigned char>(body[i]);
    }
    auto out =
        RoundTrip("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\nConnection: close\r\n\r\n" + body);
    EXPECT_NE(out.find("HTTP/1.1 200"), std::string::npos) << out;
    EXPECT_NE(out.find("\"size\":50000"), std::string::npos) << out;
    EXPECT_NE(out.find("\"sum\":" + std::to_string(sum)), std::string::npos) << out;
    // Chunked transfer encoding arrives the same way.
    auto chunked = RoundTrip(
        "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
    EXPECT_NE(chunked.find("\"size\":5"), std::string::npos) << chunked;
}

TEST_F(ServerTest, RawHandlerErrorsBecomeTheEnvelopeAndCloseAnUnreadBody) {
    auto out =
        RoundTrip("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n" + std::string(200000, 'x'));
    EXPECT_NE(out.find("HTTP/1.1 413"), std::string::npos) << out.substr(0, 200);
    EXPECT_NE(out.find("Connection: close"), std::string::npos);
    EXPECT_NE(out.find("\"statusCode\":413"), std::string::npos);
}

TEST_F(ServerTest, SendStreamWritesTheLengthAndHeadSendsNoBody) {
    auto out = RoundTrip("GET /letters HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(out.find("Content-Length: 26"), std::string::npos) << out;
    EXPECT_NE(out.find("\r\n\r\nabcdefghijklmnopqrstuvwxyz"), std::string::npos) << out;
    auto head = RoundTrip("HEAD /letters HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(head.find("Content-Length: 26"), std::string::npos) << head;
    EXPECT_EQ(head.find("abc"), std::string::npos) << head;
    auto json_head = RoundTrip("HEAD /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(json_head.find("HTTP/1.1 200"), std::string::npos) << json_head;
    EXPECT_EQ(json_head.find("\"ok\""), std::string::npos) << json_head;
}

TEST_F(ServerTest, KeepAliveConnectionServesJsonAfterARawRequest) {
    auto out = RoundTrip(
        "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
        "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(out.find("\"size\":3"), std::string::npos) << out;
    EXPECT_NE(out.find("{\"ok\":true}"), std::string::npos) << out;
}

}  // namespace
}  // namespace tt::http
