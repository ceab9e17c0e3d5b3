#pragma once

#include <chrono>
#include <string_view>

namespace tt {

// The deadline of the request this thread is serving (set by tt::rpc::Handle from the gRPC call),
// so that blocking code deep below can refuse to commit work whose caller has already given up.
class DeadlineScope {
public:
    explicit DeadlineScope(std::chrono::system_clock::time_point deadline);
    ~DeadlineScope();
    DeadlineScope(const DeadlineScope&) = delete;
    DeadlineScope& operator=(const DeadlineScope&) = delete;

private:
    std::chrono::system_clock::time_point previous_;
};

// The deadline of the request this thread is serving; time_point::max() outside a request.
std::chrono::system_clock::time_point CurrentDeadline();

// Throws Error(kDeadlineExceeded) when less than `margin` is left of the current request's deadline
// (nothing happens outside a request). Called right before COMMIT: a caller that was told "did not
// answer in time" never sees the write happen later.
void CheckDeadline(std::string_view what, std::chrono::milliseconds margin = std::chrono::milliseconds(100));

}  // namespace tt
