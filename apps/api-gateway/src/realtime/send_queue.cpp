#include "realtime/send_queue.hpp"

namespace gateway::realtime {

bool SendQueue::Push(std::shared_ptr<const std::string> frame) {
    std::size_t size = frame->size();
    if (frames_.size() >= max_frames_) return false;
    if (!frames_.empty() && bytes_ + size > max_bytes_) return false;
    bytes_ += size;
    frames_.push_back(std::move(frame));
    return true;
}

void SendQueue::Pop() {
    bytes_ -= frames_.front()->size();
    frames_.pop_front();
}

void SendQueue::Clear() {
    frames_.clear();
    bytes_ = 0;
}

}  // namespace gateway::realtime
