#include "realtime/ws_route.hpp"

#include <boost/asio/strand.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "api/deps.hpp"
#include "realtime/hub.hpp"
#include "realtime/ws_session.hpp"
#include "tt/core/error.hpp"
#include "tt/core/log.hpp"
#include "tt/http/exchange.hpp"
#include "tt/http/util.hpp"

namespace gateway::realtime {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

bool OriginAllowed(const std::vector<std::string>& allowed, std::string_view origin) {
    for (const auto& entry : allowed) {
        if (entry == "*" || entry == origin) return true;
    }
    return false;
}

std::string BearerOf(const tt::http::Request& request) {
    auto it = request.find(tt::http::beast_http::field::authorization);
    if (it == request.end()) return {};
    std::string_view value = it->value();
    constexpr std::string_view kBearer = "Bearer ";
    if (value.size() <= kBearer.size() || value.substr(0, kBearer.size()) != kBearer) return {};
    return std::string(value.substr(kBearer.size()));
}

SessionOptions SessionOptionsOf(const Config& config) {
    SessionOptions options;
    options.send_queue_frames = config.ws_send_queue_limit;
    options.send_queue_bytes = config.ws_send_queue_bytes;
    options.max_message_bytes = config.ws_max_message_bytes;
    return options;
}

// Moves the upgraded connection onto a strand of its own and starts the session there. Plain code:
// the coroutine handler only calls it.
void StartSession(beast::tcp_stream stream, tt::http::Request upgrade, std::string user_id, std::string request_id,
                  Hub& hub, SessionOptions options) {
    auto socket = stream.release_socket();
    boost::system::error_code ec;
    auto protocol = socket.local_endpoint(ec).protocol();
    if (ec) {
        tt::log::Info("websocket client left before the handshake", {{"requestId", request_id}});
        return;
    }
    auto strand = asio::make_strand(socket.get_executor());
    auto native = socket.release(ec);
    if (ec) throw tt::Error(tt::ErrorCode::kInternal, "cannot move the WebSocket connection: " + ec.message());
    asio::ip::tcp::socket on_strand(strand, protocol, native);
    auto session =
        std::make_shared<WsSession>(std::move(on_strand), hub, options, std::move(user_id), std::move(request_id));
    session->Start(std::move(upgrade));
}

asio::awaitable<void> Upgrade(tt::http::Context c, tt::http::Exchange* exchange, const api::Deps* d, Hub* hub) {
    auto claims = AuthenticateUpgrade(c, d->guard, d->config.cors_origins);
    if (!beast::websocket::is_upgrade(c.request)) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument,
                        "GET /ws is a WebSocket endpoint: send an upgrade request (Connection: Upgrade, Upgrade: "
                        "websocket, Sec-WebSocket-Version: 13)");
    }
    StartSession(exchange->TakeStream(), std::move(c.request), std::move(claims.sub), c.request_id, *hub,
                 SessionOptionsOf(d->config));
    co_return;
}

}  // namespace

tt::jwt::Claims AuthenticateUpgrade(const tt::http::Context& context, const api::AuthGuard& guard,
                                    const std::vector<std::string>& cors_origins) {
    if (auto it = context.query.find("token"); it != context.query.end() && !it->second.empty()) {
        return guard.Verify(it->second);
    }
    if (auto bearer = BearerOf(context.request); !bearer.empty()) return guard.Verify(bearer);
    auto cookie = tt::http::CookieValue(context.request, "access_token");
    if (!cookie || cookie->empty()) {
        throw tt::Error(tt::ErrorCode::kUnauthenticated,
                        "No token provided: pass the access token as ?token= or log in for the access_token cookie");
    }
    auto origin = context.request.find(tt::http::beast_http::field::origin);
    if (origin != context.request.end() && !OriginAllowed(cors_origins, origin->value())) {
        throw tt::Error(tt::ErrorCode::kPermissionDenied,
                        "Origin " + std::string(origin->value()) +
                            " may not open a WebSocket with the session cookie (allowed origins: CORS_ORIGIN)");
    }
    return guard.Verify(*cookie);
}

void AddRealtimeRoutes(tt::http::Router& router, const api::Deps& deps, Hub& hub) {
    const api::Deps* d = &deps;
    Hub* h = &hub;
    router.AddRaw(tt::http::beast_http::verb::get, "/ws", [d, h](tt::http::Context c, tt::http::Exchange* exchange) {
        return Upgrade(std::move(c), exchange, d, h);
    });
}

}  // namespace gateway::realtime
