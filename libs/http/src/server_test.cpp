#include "tt/http/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <thread>

#include "tt/core/error.hpp"
#include "tt/http/util.hpp"

namespace tt::http {
namespace {

namespace asio = boost::asio;

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

}  // namespace
}  // namespace tt::http
