#include "api/notification_rpc.hpp"

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
        auto result = store_.List(request->userid(), page, limit);
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
        response->set_hasmore(static_cast<std::int64_t>(page) * limit < result.total);
    });
}

}  // namespace notification::api
