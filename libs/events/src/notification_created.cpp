#include "tt/events/notification_created.hpp"

#include "tt/core/error.hpp"

namespace tt::events {

NotificationCreatedEvent NewNotificationCreatedEvent(std::string producer, TimePoint now) {
    NotificationCreatedEvent event;
    event.envelope =
        NewEnvelope(std::string(kNotificationCreated), std::move(producer), NotificationCreatedEvent::kVersion, now);
    return event;
}

std::string ToJson(const NotificationCreatedEvent& event) {
    nlohmann::json out = {{"notificationId", event.notification_id},
                          {"userId", event.user_id},
                          {"actorId", event.actor_id},
                          {"type", event.type},
                          {"message", event.message},
                          {"metadata", event.metadata.is_object() ? event.metadata : nlohmann::json::object()},
                          {"createdAt", event.created_at}};
    WriteEnvelope(event.envelope, out);
    return out.dump();
}

NotificationCreatedEvent ParseNotificationCreatedEvent(std::string_view text) {
    auto in = ParseObject(text);
    NotificationCreatedEvent event;
    event.envelope = ReadEnvelope(in);
    event.notification_id = RequireString(in, "notificationId");
    event.user_id = RequireString(in, "userId");
    event.actor_id = OptionalString(in, "actorId");
    event.type = RequireString(in, "type");
    event.message = RequireString(in, "message");
    if (auto it = in.find("metadata"); it != in.end() && !it->is_null()) {
        if (!it->is_object()) throw Error(ErrorCode::kInvalidArgument, "event field 'metadata' must be an object");
        event.metadata = *it;
    }
    event.created_at = OptionalString(in, "createdAt");
    if (event.created_at.empty()) event.created_at = event.envelope.occurred_at;
    return event;
}

}  // namespace tt::events
