#include "app/video_events.hpp"

#include "tt/core/clock.hpp"
#include "tt/core/log.hpp"
#include "tt/events/video_created.hpp"
#include "tt/events/video_deleted.hpp"

namespace video::app {
namespace {

constexpr const char* kProducer = "video-service";

template <typename Event>
void Send(tt::kafka::Producer& producer, const Event& event, const std::string& key) {
    producer.Publish(event.envelope.event_type, key, tt::events::ToJson(event),
                     {{"eventId", event.envelope.event_id}, {"requestId", tt::log::CurrentRequestId()}});
}

}  // namespace

void PublishVideoCreated(tt::kafka::Producer& producer, const store::Video& video) {
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
    Send(producer, event, video.id);
}

void PublishVideoUploaded(tt::kafka::Producer& producer, const store::Video& video) {
    auto event = tt::events::NewVideoUploadedEvent(kProducer, tt::SystemClock().Now());
    event.video_id = video.id;
    event.user_id = video.user_id;
    event.storage_key = video.storage_key;
    Send(producer, event, video.id);
}

void PublishVideoDeleted(tt::kafka::Producer& producer, const std::string& video_id, const std::string& owner_id) {
    auto event = tt::events::NewVideoDeletedEvent(kProducer, tt::SystemClock().Now());
    event.video_id = video_id;
    event.user_id = owner_id;
    Send(producer, event, video_id);
}

}  // namespace video::app
