#pragma once

namespace tt::rpc::detail {

// Once per process, before the first channel or server: switches off Abseil's mutex deadlock
// detection. Debian's Abseil is built without NDEBUG, so every absl::Mutex lock inside gRPC also
// updated a process-wide lock-order graph under a global lock (GraphCycles in profiles). That is a
// debugging aid for Abseil's own users, not something a production gRPC process should pay for.
void PrepareRuntime();

}  // namespace tt::rpc::detail
