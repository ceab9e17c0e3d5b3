#include "domain/hash_gate.hpp"

#include "tt/core/deadline.hpp"
#include "tt/core/error.hpp"

namespace auth::domain {

void HashGate::Acquire() {
    std::unique_lock lock(mutex_);
    auto deadline = tt::CurrentDeadline();
    if (deadline == std::chrono::system_clock::time_point::max()) {
        available_.wait(lock, [this] { return free_ > 0; });
    } else if (!available_.wait_until(lock, deadline - margin_, [this] { return free_ > 0; })) {
        throw tt::Error(tt::ErrorCode::kUnavailable, "too many sign-ins at once: try again in a moment");
    }
    --free_;
}

void HashGate::Release() {
    {
        std::lock_guard lock(mutex_);
        ++free_;
    }
    available_.notify_one();
}

}  // namespace auth::domain
