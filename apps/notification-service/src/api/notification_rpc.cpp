#include "api/notification_rpc.hpp"

#include <algorithm>

#include "tt/core/ids.hpp"
#include "tt/rpc/server.hpp"

namespace notification::api {

grpc::Status NotificationRpc::GetNotifications(grpc::ServerContext* context, const GetNotificationsRequest* request,
                                               NotificationsListResponse* response) {
    return tt::rpc::Handle(context, "GetNotifications", [&] {
        if (!tt::IsUuid(request->userid())) throw tt::Error(tt::ErrorCode::kUnauthenticated, "Invalid user");
        int page = request->page() == 0 ? 1 : request->page();
        int limit = request->limit() == 0 ? 20 : request->limit();
        if (page < 1) throw tt::Error(tt::ErrorCode::kInvalidArgument, "page must not be less than 1");
        if (limit < 1 || limit > 100)
            throw tt::Error(tt::ErrorCode::kInvalidArgument, "limit must be between 1 and 100");
        auto result = store_.List(request->userid(), page, limit, request->cursor());
        for (const auto& n : result.items) {
            auto* out = response->add_notifications();
            out->set_id(n.id);
            out->set_userid(n.user_id);
            out->set_type(n.type);
            out->set_message(n.message);
            out->set_relatedid(n.object_id);
            out->set_read(n.read);
            out->set_createdat(n.created_at);
            out->set_actorid(n.actor_id);
        }
        response->set_total(static_cast<std::int32_t>(result.total));
        response->set_page(page);
        response->set_limit(limit);
        response->set_hasmore(!result.next_cursor.empty());
        response->set_nextcursor(result.next_cursor);
        response->set_unreadcount(static_cast<std::int32_t>(store_.UnreadCount(request->userid())));
    });
}

namespace {

void RequireUser(const std::string& user_id) {
    if (!tt::IsUuid(user_id)) throw tt::Error(tt::ErrorCode::kUnauthenticated, "Invalid user");
}

void ToProto(const std::vector<std::pair<std::string, bool>>& preferences, PreferencesResponse* response) {
    for (const auto& [type, in_app] : preferences) {
        auto* p = response->add_preferences();
        p->set_type(type);
        p->set_inapp(in_app);
    }
}

}  // namespace

grpc::Status NotificationRpc::GetUnreadCount(grpc::ServerContext* context, const UserRequest* request,
                                             UnreadCountResponse* response) {
    return tt::rpc::Handle(context, "GetUnreadCount", [&] {
        RequireUser(request->userid());
        response->set_count(static_cast<std::int32_t>(store_.UnreadCount(request->userid())));
    });
}

grpc::Status NotificationRpc::MarkAsRead(grpc::ServerContext* context, const MarkAsReadRequest* request,
                                         MarkAsReadResponse* response) {
    return tt::rpc::Handle(context, "MarkAsRead", [&] {
        RequireUser(request->userid());
        if (!tt::IsUuid(request->notificationid())) throw tt::Error(tt::ErrorCode::kNotFound, "Notification not found");
        store_.MarkRead(request->userid(), request->notificationid());
        response->set_success(true);
        response->set_updated(1);
        response->set_unreadcount(static_cast<std::int32_t>(store_.UnreadCount(request->userid())));
    });
}

grpc::Status NotificationRpc::MarkAllAsRead(grpc::ServerContext* context, const UserRequest* request,
                                            MarkAsReadResponse* response) {
    return tt::rpc::Handle(context, "MarkAllAsRead", [&] {
        RequireUser(request->userid());
        response->set_success(true);
        response->set_updated(static_cast<std::int32_t>(store_.MarkAllRead(request->userid())));
        response->set_unreadcount(0);
    });
}

grpc::Status NotificationRpc::GetPreferences(grpc::ServerContext* context, const UserRequest* request,
                                             PreferencesResponse* response) {
    return tt::rpc::Handle(context, "GetPreferences", [&] {
        RequireUser(request->userid());
        ToProto(store_.Preferences(request->userid()), response);
    });
}

grpc::Status NotificationRpc::UpdatePreferences(grpc::ServerContext* context, const UpdatePreferencesRequest* request,
                                                PreferencesResponse* response) {
    return tt::rpc::Handle(context, "UpdatePreferences", [&] {
        RequireUser(request->userid());
        const auto& types = store::NotificationTypes();
        for (const auto& p : request->preferences()) {
            if (std::find(types.begin(), types.end(), p.type()) == types.end()) {
                throw tt::Error(tt::ErrorCode::kInvalidArgument, "unknown notification type '" + p.type() + "'");
            }
        }
        for (const auto& p : request->preferences()) store_.SetPreference(request->userid(), p.type(), p.inapp());
        ToProto(store_.Preferences(request->userid()), response);
    });
}

}  // namespace notification::api
