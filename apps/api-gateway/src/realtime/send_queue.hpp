#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string>

namespace gateway::realtime {

// The frames waiting to be written to one WebSocket client, bounded in count and bytes so a client
// that reads slowly (or never) cannot make the gateway grow without limit. The front frame is the one
// being written; it counts until Pop(). Not thread-safe: used on its session's strand only.
class SendQueue {
public:
    SendQueue(std::size_t max_frames, std::size_t max_bytes) : max_frames_(max_frames), max_bytes_(max_bytes) {}

    // Appends `frame`; false (and nothing appended) when that would pass either bound. A single frame
    // larger than max_bytes is still accepted into an empty queue, so no frame is undeliverable.
    bool Push(std::shared_ptr<const std::string> frame);
    // The oldest frame; the queue must not be empty.
    const std::shared_ptr<const std::string>& Front() const { return frames_.front(); }
    void Pop();
    void Clear();

    bool Empty() const { return frames_.empty(); }
    std::size_t Size() const { return frames_.size(); }
    std::size_t Bytes() const { return bytes_; }

private:
    std::size_t max_frames_;
    std::size_t max_bytes_;
    std::size_t bytes_ = 0;
    std::deque<std::shared_ptr<const std::string>> frames_;
};

}  // namespace gateway::realtime
