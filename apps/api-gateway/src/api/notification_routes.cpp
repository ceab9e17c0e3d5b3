// /api/notifications: the caller's notifications, newest first.
#include "api/body.hpp"
#include "api/deps.hpp"
#include "api/envelope.hpp"

namespace gateway::api {
namespace {

namespace asio = boost::asio;
using tt::http::Context;
using tt::http::Response;

asio::awaitable<Response> List(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    ::notification::GetNotificationsRequest request;
    request.set_userid(caller.sub);
    request.set_page(QueryInt(c.query, "page", 1, 1, 1000000));
    request.set_limit(QueryInt(c.query, "limit", 20, 1, 100));
    auto* stub = d->notification.get();
    auto reply = co_await tt::rpc::AsyncCall<::notification::NotificationsListResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->GetNotifications(ctx, req, resp, std::move(done));
        },
        std::move(request), "notification-service", d->config.rpc_deadline, c.request_id);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& n : reply.notifications()) {
        items.push_back({{"id", n.id()},
                         {"userId", n.userid()},
                         {"actorId", n.actorid()},
                         {"type", n.type()},
                         {"message", n.message()},
                         {"relatedId", n.relatedid()},
                         {"read", n.read()},
                         {"createdAt", n.createdat()}});
    }
    co_return Ok(200, {{"notifications", items},
                       {"total", reply.total()},
                       {"page", reply.page()},
                       {"limit", reply.limit()},
                       {"hasMore", reply.hasmore()}});
}

}  // namespace

void AddNotificationRoutes(tt::http::Router& router, const Deps& deps) {
    const Deps* d = &deps;
    router.Add(tt::http::beast_http::verb::get, "/api/notifications", [d](Context c) { return List(std::move(c), d); });
}

}  // namespace gateway::api
