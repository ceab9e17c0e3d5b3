#include "runtime.hpp"

#include <absl/synchronization/mutex.h>

#include <mutex>

namespace tt::rpc::detail {

void PrepareRuntime() {
    static std::once_flag once;
    std::call_once(once, [] { absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore); });
}

}  // namespace tt::rpc::detail
