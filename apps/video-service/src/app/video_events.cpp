#include "app/video_events.hpp"

#include "tt/core/clock.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/events/video_created.hpp"
#include "tt/events/video_deleted.hpp"

namespace video::app {
namespace {

constexpr const char* kProducer = "video-service";

}  // namespace

void EnqueueVideoCreated(tt::pg::Connection& conn, const store::Video& video) {
    auto event = tt::events::NewVideoCreatedEvent(kProducer, tt::SystemClock().Now());
    event.video_id = video.id;
    event.user_id = video.user_id;
    event.title = video.title;
    event.description = video.description;
    event.video_url = video.video_url;
    event.thumbnail_url = video.thumbnail_url;
    event.duration = video.duration;
    event.is_public = video.is_public;
    event.hashtags = video.hashtags;
    event.mentions = video.mentions;
    tt::delivery::EnqueueEvent(conn, event, video.id);
}

void EnqueueVideoUploaded(tt::pg::Connection& conn, const store::Video& video) {
    auto event = tt::events::NewVideoUploadedEvent(kProducer, tt::SystemClock().Now());
    event.video_id = video.id;
    event.user_id = video.user_id;
    event.storage_key = video.storage_key;
    tt::delivery::EnqueueEvent(conn, event, video.id);
}

void EnqueueVideoDeleted(tt::pg::Connection& conn, const std::string& video_id, const std::string& owner_id) {
    auto event = tt::events::NewVideoDeletedEvent(kProducer, tt::SystemClock().Now());
    event.video_id = video_id;
    event.user_id = owner_id;
    tt::delivery::EnqueueEvent(conn, event, video_id);
}

}  // namespace video::app
