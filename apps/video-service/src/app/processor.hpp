#pragma once

#include <chrono>

#include "store/video_store.hpp"
#include "tt/kafka/message.hpp"
#include "tt/storage/storage.hpp"

namespace video::app {

// The processing worker: consumes video.uploaded, probes the stored file (duration, size), makes a
// thumbnail and marks the video ready (publishing video.created) or failed with the reason.
// Idempotent: a redelivered job for a video that is no longer "processing" does nothing.
class Processor {
public:
    Processor(store::VideoStore& videos, tt::storage::Storage& storage, std::chrono::milliseconds tool_timeout)
        : videos_(videos), storage_(storage), tool_timeout_(tool_timeout) {}

    void OnVideoUploaded(const tt::kafka::Message& message);

private:
    // Probes, thumbnails and finishes one video that is "processing".
    void Process(const store::Video& video);
    void Fail(const store::Video& video, const std::string& reason);

    store::VideoStore& videos_;
    tt::storage::Storage& storage_;
    std::chrono::milliseconds tool_timeout_;
};

}  // namespace video::app
