#pragma once

#include "store/video_store.hpp"
#include "tt/kafka/producer.hpp"

namespace video::app {

// The events video-service emits. Each waits for Kafka's acknowledgement, so callers run them inside
// the database transaction of the change: no change commits without its event.
void PublishVideoCreated(tt::kafka::Producer& producer, const store::Video& video);
void PublishVideoUploaded(tt::kafka::Producer& producer, const store::Video& video);
void PublishVideoDeleted(tt::kafka::Producer& producer, const std::string& video_id, const std::string& owner_id);

}  // namespace video::app
