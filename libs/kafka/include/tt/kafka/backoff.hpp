#pragma once

#include <algorithm>
#include <chrono>

namespace tt::kafka {

// Delay before attempt number `attempt` (1 = first retry): min * 2^(attempt-1), capped at max.
inline std::chrono::milliseconds RetryDelay(int attempt, std::chrono::milliseconds min, std::chrono::milliseconds max) {
    auto delay = min;
    for (int i = 1; i < attempt && delay < max; ++i) delay *= 2;
    return std::min(delay, max);
}

}  // namespace tt::kafka
