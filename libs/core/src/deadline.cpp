#include "tt/core/deadline.hpp"

#include <string>

#include "tt/core/error.hpp"

namespace tt {
namespace {
thread_local std::chrono::system_clock::time_point current_deadline = std::chrono::system_clock::time_point::max();
}  // namespace

DeadlineScope::DeadlineScope(std::chrono::system_clock::time_point deadline) : previous_(current_deadline) {
    current_deadline = deadline;
}

DeadlineScope::~DeadlineScope() {
    current_deadline = previous_;
}

std::chrono::system_clock::time_point CurrentDeadline() {
    return current_deadline;
}

void CheckDeadline(std::string_view what, std::chrono::milliseconds margin) {
    if (current_deadline == std::chrono::system_clock::time_point::max()) return;
    if (std::chrono::system_clock::now() + margin < current_deadline) return;
    throw Error(ErrorCode::kDeadlineExceeded,
                "the caller's deadline passed before " + std::string(what) + ": nothing was changed, try again");
}

}  // namespace tt
