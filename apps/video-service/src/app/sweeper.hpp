#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/video_store.hpp"
#include "tt/storage/storage.hpp"

namespace video::app {

// Nothing stays "uploading" or "processing" forever: every `interval` the sweeper fails uploads and
// processing jobs that exceeded their timeouts and removes their files.
class Sweeper {
public:
    struct Options {
        std::chrono::seconds interval{60};
        std::chrono::seconds upload_timeout{3600};
        std::chrono::seconds processing_timeout{900};
    };
    Sweeper(store::VideoStore& videos, tt::storage::Storage& storage, Options options);
    ~Sweeper();  // Stop()
    void Start();
    void Stop();
    // One pass; returns how many videos it failed.
    int SweepOnce();

private:
    void Run();

    store::VideoStore& videos_;
    tt::storage::Storage& storage_;
    Options options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace video::app
