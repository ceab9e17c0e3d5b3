// /api/notifications: the caller's notifications, newest first.
#include "api/body.hpp"
#include "api/deps.hpp"
#include "api/envelope.hpp"
#include "tt/http/util.hpp"

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
    if (auto it = c.query.find("cursor"); it != c.query.end()) request.set_cursor(it->second.substr(0, 128));
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
    co_return Ok(
        200, {{"notifications", items},
              {"total", reply.total()},
              {"page", reply.page()},
              {"limit", reply.limit()},
              {"hasMore", reply.hasmore()},
              {"nextCursor", reply.nextcursor().empty() ? nlohmann::json(nullptr) : nlohmann::json(reply.nextcursor())},
              {"unreadCount", reply.unreadcount()}});
}

::notification::UserRequest CallerRequest(const Context& c, const Deps* d) {
    ::notification::UserRequest request;
    request.set_userid(d->guard.Require(c.request).sub);
    return request;
}

asio::awaitable<Response> UnreadCount(Context c, const Deps* d) {
    auto request = CallerRequest(c, d);
    auto* stub = d->notification.get();
    auto reply = co_await tt::rpc::AsyncCall<::notification::UnreadCountResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->GetUnreadCount(ctx, req, resp, std::move(done));
        },
        std::move(request), "notification-service", d->config.rpc_deadline, c.request_id);
    co_return Ok(200, {{"count", reply.count()}});
}

asio::awaitable<Response> MarkRead(Context c, const Deps* d) {
    ::notification::MarkAsReadRequest request;
    request.set_userid(d->guard.Require(c.request).sub);
    request.set_notificationid(c.params.at("id"));
    auto* stub = d->notification.get();
    auto reply = co_await tt::rpc::AsyncCall<::notification::MarkAsReadResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->MarkAsRead(ctx, req, resp, std::move(done));
        },
        std::move(request), "notification-service", d->config.rpc_deadline, c.request_id);
    co_return Ok(200, {{"success", true}, {"unreadCount", reply.unreadcount()}});
}

asio::awaitable<Response> MarkAllRead(Context c, const Deps* d) {
    auto request = CallerRequest(c, d);
    auto* stub = d->notification.get();
    auto reply = co_await tt::rpc::AsyncCall<::notification::MarkAsReadResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->MarkAllAsRead(ctx, req, resp, std::move(done));
        },
        std::move(request), "notification-service", d->config.rpc_deadline, c.request_id);
    co_return Ok(200, {{"success", true}, {"updated", reply.updated()}, {"unreadCount", 0}});
}

nlohmann::json PreferencesJson(const ::notification::PreferencesResponse& reply) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& p : reply.preferences()) out[p.type()] = {{"inApp", p.inapp()}};
    return out;
}

asio::awaitable<Response> GetPreferences(Context c, const Deps* d) {
    auto request = CallerRequest(c, d);
    auto* stub = d->notification.get();
    auto reply = co_await tt::rpc::AsyncCall<::notification::PreferencesResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->GetPreferences(ctx, req, resp, std::move(done));
        },
        std::move(request), "notification-service", d->config.rpc_deadline, c.request_id);
    co_return Ok(200, {{"preferences", PreferencesJson(reply)}});
}

// {"preferences": {"like": {"inApp": false}, ...}} (or "like": false) to a request. A plain function:
// g++ 12 mishandles range-for over temporaries inside coroutines.
::notification::UpdatePreferencesRequest PreferencesRequestOf(const nlohmann::json& body, const std::string& user_id) {
    auto prefs = body.find("preferences");
    if (body.size() != 1 || prefs == body.end() || !prefs->is_object()) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "body must be {\"preferences\": {<type>: {\"inApp\": bool}}}");
    }
    ::notification::UpdatePreferencesRequest request;
    request.set_userid(user_id);
    for (const auto& [type, value] : prefs->items()) {
        bool in_app = false;
        if (value.is_boolean()) {
            in_app = value.get<bool>();
        } else if (value.is_object() && value.size() == 1 && value.contains("inApp") && value["inApp"].is_boolean()) {
            in_app = value["inApp"].get<bool>();
        } else {
            throw tt::Error(tt::ErrorCode::kInvalidArgument,
                            "preferences." + type + " must be {\"inApp\": true|false}");
        }
        auto* p = request.add_preferences();
        p->set_type(type);
        p->set_inapp(in_app);
    }
    return request;
}

// PUT /api/notifications/preferences: unknown types are 400.
asio::awaitable<Response> UpdatePreferences(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    auto request = PreferencesRequestOf(tt::http::ParseJsonObject(c.request), caller.sub);
    auto* stub = d->notification.get();
    auto reply = co_await tt::rpc::AsyncCall<::notification::PreferencesResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->UpdatePreferences(ctx, req, resp, std::move(done));
        },
        std::move(request), "notification-service", d->config.rpc_deadline, c.request_id);
    co_return Ok(200, {{"preferences", PreferencesJson(reply)}});
}

}  // namespace

void AddNotificationRoutes(tt::http::Router& router, const Deps& deps) {
    const Deps* d = &deps;
    using tt::http::beast_http::verb;
    router.Add(verb::get, "/api/notifications", [d](Context c) { return List(std::move(c), d); });
    router.Add(verb::get, "/api/notifications/unread-count", [d](Context c) { return UnreadCount(std::move(c), d); });
    router.Add(verb::post, "/api/notifications/read-all", [d](Context c) { return MarkAllRead(std::move(c), d); });
    router.Add(verb::post, "/api/notifications/:id/read", [d](Context c) { return MarkRead(std::move(c), d); });
    router.Add(verb::get, "/api/notifications/preferences", [d](Context c) { return GetPreferences(std::move(c), d); });
    router.Add(verb::put, "/api/notifications/preferences",
               [d](Context c) { return UpdatePreferences(std::move(c), d); });
}

}  // namespace gateway::api
