#include "app/video_cleanup.hpp"

#include "tt/core/ids.hpp"
#include "tt/core/log.hpp"
#include "tt/delivery/inbox.hpp"
#include "tt/events/video_deleted.hpp"
#include "tt/kafka/consumer.hpp"

namespace interaction::app {

void VideoCleanup::OnVideoDeleted(const tt::kafka::Message& message) {
    tt::events::VideoDeletedEvent event;
    try {
        event = tt::events::ParseVideoDeletedEvent(message.payload);
    } catch (const tt::Error& e) {
        throw tt::kafka::PermanentError(std::string("undecodable video.deleted: ") + e.what());
    }
    if (!tt::IsUuid(event.video_id)) throw tt::kafka::PermanentError("video.deleted with a malformed videoId");
    // Recorded with its effect (processed_events): a redelivery changes nothing.
    tt::delivery::ApplyOnce(pool_, "interaction-service.video-cleanup", message, [&](tt::pg::Connection& conn) {
        conn.Exec("DELETE FROM likes WHERE video_id = $1", {event.video_id});
        conn.Exec("DELETE FROM comments WHERE video_id = $1", {event.video_id});  // replies and comment likes cascade
        conn.Exec("DELETE FROM view_dedup WHERE video_id = $1", {event.video_id});
        conn.Exec("DELETE FROM shares WHERE video_id = $1", {event.video_id});
        conn.Exec("DELETE FROM video_stats WHERE video_id = $1", {event.video_id});
    });
    videos_.Forget(event.video_id);
    tt::log::Info("deleted video's interactions removed", {{"videoId", event.video_id}});
}

}  // namespace interaction::app
