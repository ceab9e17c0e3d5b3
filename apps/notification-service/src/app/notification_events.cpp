#include "app/notification_events.hpp"

#include "tt/core/log.hpp"
#include "tt/delivery/outbox.hpp"

namespace notification::app {
namespace {
constexpr const char* kProducerName = "notification-service";
}  // namespace

tt::events::NotificationCreatedEvent CreatedEventOf(const store::Notification& n, tt::TimePoint now) {
    auto event = tt::events::NewNotificationCreatedEvent(kProducerName, now);
    event.notification_id = n.id;
    event.user_id = n.user_id;
    event.actor_id = n.actor_id;
    event.type = n.type;
    event.message = n.message;
    if (!n.video_id.empty()) event.metadata["videoId"] = n.video_id;
    bool about_comment = n.type == "comment" || n.type == "reply" || (n.type == "mention" && n.object_id != n.video_id);
    if (about_comment && !n.object_id.empty()) event.metadata["commentId"] = n.object_id;
    event.created_at = n.created_at.empty() ? event.envelope.occurred_at : n.created_at;
    return event;
}

void EnqueueCreated(tt::pg::Connection& conn, const store::Notification& notification) {
    auto event = CreatedEventOf(notification, tt::SystemClock().Now());
    tt::delivery::EnqueueEvent(conn, event, event.user_id);
}

}  // namespace notification::app
