#include "store/login_attempts.hpp"

#include <algorithm>
#include <cctype>

#include "tt/core/error.hpp"

namespace auth::store {

std::string LoginAttempts::Key(const std::string& subject) {
    std::string lower = subject;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return "auth:login-failures:" + lower;
}

void LoginAttempts::CheckAllowed(const std::string& subject) {
    auto count = redis_.Command({"GET", Key(subject)});
    if (!count.text || std::stoll(*count.text) < max_failures_) return;
    auto ttl = redis_.Command({"TTL", Key(subject)}).integer.value_or(window_.count());
    throw tt::Error(tt::ErrorCode::kTooManyRequests, "Too many failed login attempts; try again in " +
                                                         std::to_string(std::max<std::int64_t>(ttl, 1)) + " seconds");
}

void LoginAttempts::RecordFailure(const std::string& subject) {
    // The key gets its expiry when created (SET NX EX), so a crash between the two commands can
    // never leave a counter that lives forever; INCR keeps the expiry.
    redis_.Command({"SET", Key(subject), "0", "EX", std::to_string(window_.count()), "NX"});
    redis_.Command({"INCR", Key(subject)});
}

void LoginAttempts::Reset(const std::string& subject) {
    redis_.Command({"DEL", Key(subject)});
}

}  // namespace auth::store
