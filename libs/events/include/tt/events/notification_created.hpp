#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tt/events/envelope.hpp"
#include "tt/events/topics.hpp"

namespace tt::events {

// notification.created, key = userId (the recipient, so one user's notifications stay in order).
// Published by notification-service when it stored a new notification (never for a duplicate or a
// type the recipient turned off); the gateway pushes it to the recipient's WebSockets as the
// original's `notification` event {type, message, metadata, timestamp}.
struct NotificationCreatedEvent {
    static constexpr int kVersion = 1;

    Envelope envelope;
    std::string notification_id;
    std::string user_id;   // recipient; Kafka key
    std::string actor_id;  // who caused it
    std::string type;      // like, comment, reply, follow, new_video, mention
    std::string message;
    nlohmann::json metadata = nlohmann::json::object();  // {videoId?, commentId?}
    std::string created_at;                              // ISO-8601 UTC, when the row was stored
};

NotificationCreatedEvent NewNotificationCreatedEvent(std::string producer, TimePoint now);
std::string ToJson(const NotificationCreatedEvent& event);
// Throws tt::Error(kInvalidArgument) when the text is not a valid notification.created event.
NotificationCreatedEvent ParseNotificationCreatedEvent(std::string_view text);

}  // namespace tt::events
