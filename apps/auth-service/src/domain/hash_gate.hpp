#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace auth::domain {

// Lets at most `limit` password hashes run at once. Each argon2id hash takes 64 MiB and tens of
// milliseconds of a core: unbounded, a burst of sign-ins made the service hold one per gRPC thread
// (2.6 GiB measured) and answer none of them in time. Callers queue; one whose request deadline
// (tt::DeadlineScope) comes within `margin` while it waits is refused with kUnavailable.
class HashGate {
public:
    explicit HashGate(int limit, std::chrono::milliseconds margin = std::chrono::milliseconds(100))
        : free_(limit), margin_(margin) {}

    template <typename Fn>
    auto Run(Fn&& work) {
        Acquire();
        struct Release {
            HashGate* gate;
            ~Release() { gate->Release(); }
        } release{this};
        return work();
    }

private:
    void Acquire();
    void Release();

    std::mutex mutex_;
    std::condition_variable available_;
    int free_;
    std::chrono::milliseconds margin_;
};

}  // namespace auth::domain
