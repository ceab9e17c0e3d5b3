#pragma once

#include <chrono>
#include <string>

#include "tt/redis/client.hpp"

namespace auth::store {

// Failed-login counters in Redis, per subject (an account id, or the login name as typed for unknown
// names; case-insensitive): after `max_failures` failures within `window` the subject is locked until
// the window ends, whatever password is tried, so
// passwords cannot be guessed at speed. A successful login clears the counter. Redis being down
// fails closed: login answers 503 rather than running unthrottled.
class LoginAttempts {
public:
    LoginAttempts(tt::redis::Client& redis, int max_failures, std::chrono::seconds window)
        : redis_(redis), max_failures_(max_failures), window_(window) {}

    // Throws tt::Error(kTooManyRequests) saying when to try again.
    void CheckAllowed(const std::string& subject);
    void RecordFailure(const std::string& subject);
    void Reset(const std::string& subject);

private:
    static std::string Key(const std::string& subject);

    tt::redis::Client& redis_;
    int max_failures_;
    std::chrono::seconds window_;
};

}  // namespace auth::store
