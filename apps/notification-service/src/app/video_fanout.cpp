#include "app/video_fanout.hpp"

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/events/video_created.hpp"
#include "tt/kafka/consumer.hpp"

namespace notification::app {

void VideoFanout::OnVideoCreated(tt::pg::Connection& conn, const tt::kafka::Message& message) {
    tt::events::VideoCreatedEvent event;
    try {
        event = tt::events::ParseVideoCreatedEvent(message.payload);
    } catch (const tt::Error& e) {
        throw tt::kafka::PermanentError("undecodable " + message.topic + ": " + e.what());
    }
    if (!tt::IsUuid(event.video_id) || !tt::IsUuid(event.user_id)) {
        throw tt::kafka::PermanentError(message.topic + " with malformed ids: " + message.payload);
    }
    if (!event.is_public) return;  // private videos are announced to nobody
    store::Notification n;
    n.actor_id = event.user_id;
    n.object_id = event.video_id;
    n.video_id = event.video_id;
    n.event_id = event.envelope.event_id;
    n.event_at = event.envelope.occurred_at;
    auto notify = [&](const std::string& recipient, const char* type, std::string text) {
        if (recipient == event.user_id || !tt::IsUuid(recipient)) return;  // never to yourself
        n.id = tt::NewUuid();
        n.user_id = recipient;
        n.type = type;
        n.message = std::move(text);
        store_.InsertOnce(conn, n);
    };
    int followers = 0;
    std::string cursor;
    do {
        auto [ids, next] = followers_(event.user_id, cursor);
        for (const auto& follower : ids) notify(follower, "new_video", "New video: " + event.title);
        followers += static_cast<int>(ids.size());
        cursor = next;
    } while (!cursor.empty());
    if (!event.mentions.empty()) {
        for (const auto& mentioned : users_(event.mentions)) {
            notify(mentioned, "mention", "Someone mentioned you in a video");
        }
    }
    tt::log::Info(
        "new video announced",
        {{"videoId", event.video_id}, {"followers", followers}, {"mentions", static_cast<int>(event.mentions.size())}});
}

}  // namespace notification::app
