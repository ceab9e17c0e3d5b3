#include "app/event_handlers.hpp"

#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/events/video_like.hpp"
#include "tt/kafka/consumer.hpp"

namespace notification::app {

void EventHandlers::OnVideoLiked(const tt::kafka::Message& message) {
    tt::events::VideoLikeEvent event;
    try {
        event = tt::events::ParseVideoLikeEvent(message.payload);
    } catch (const tt::Error& e) {
        throw tt::kafka::PermanentError(std::string("undecodable video.liked: ") + e.what());
    }
    if (event.user_id == event.video_owner_id) return;  // liking your own video tells nobody
    if (!tt::IsUuid(event.user_id) || !tt::IsUuid(event.video_owner_id) || !tt::IsUuid(event.video_id) ||
        !tt::IsUuid(event.envelope.event_id)) {
        throw tt::kafka::PermanentError("video.liked with malformed ids: " + message.payload);
    }
    store::Notification n;
    n.id = tt::NewUuid();
    n.user_id = event.video_owner_id;
    n.actor_id = event.user_id;
    n.type = "like";
    n.object_id = event.video_id;
    n.message = "Someone liked your video";
    n.event_id = event.envelope.event_id;
    bool inserted = store_.InsertOnce(n);
    tt::log::Debug("video.liked handled", {{"eventId", event.envelope.event_id}, {"inserted", inserted}});
}

}  // namespace notification::app
