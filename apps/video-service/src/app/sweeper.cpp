#include "app/sweeper.hpp"

#include "app/media_files.hpp"

#include "tt/core/error.hpp"
#include "tt/core/log.hpp"

namespace video::app {

Sweeper::Sweeper(store::VideoStore& videos, tt::storage::Storage& storage, Options options)
    : videos_(videos), storage_(storage), options_(options) {}

Sweeper::~Sweeper() {
    Stop();
}

void Sweeper::Start() {
    thread_ = std::thread([this] { Run(); });
}

void Sweeper::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

int Sweeper::SweepOnce() {
    auto failed = videos_.FailStuck(options_.upload_timeout, options_.processing_timeout);
    for (const auto& video : failed) {
        tt::log::Warn("unfinished video failed by the sweeper",
                      {{"videoId", video.id}, {"reason", video.failure_reason}});
        RemoveMediaFiles(storage_, video);
    }
    return static_cast<int>(failed.size());
}

void Sweeper::Run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
        if (stopping_) break;
        lock.unlock();
        try {
            SweepOnce();
        } catch (const tt::Error& e) {
            tt::log::Warn("sweep skipped", {{"error", e.what()}});  // database down: next interval
        }
        lock.lock();
    }
}

}  // namespace video::app
