#pragma once

#include <string>

#include "app/video_directory.hpp"
#include "tt/kafka/message.hpp"
#include "tt/pg/pool.hpp"

namespace interaction::app {

// On video.deleted, drops everything this service holds about the video: its likes, comments (with
// their likes), view dedup rows and counters. Idempotent, so redelivery is harmless.
class VideoCleanup {
public:
    VideoCleanup(tt::pg::Pool& pool, VideoDirectory& videos) : pool_(pool), videos_(videos) {}
    // Throws tt::kafka::PermanentError for an undecodable event; database errors are retried.
    void OnVideoDeleted(const tt::kafka::Message& message);

private:
    tt::pg::Pool& pool_;
    VideoDirectory& videos_;
};

}  // namespace interaction::app
