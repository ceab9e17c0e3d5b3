#include "tt/core/clock.hpp"

#include <ctime>

namespace tt {
namespace {

class RealClock final : public Clock {
public:
    TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

}  // namespace

const Clock& SystemClock() {
    static const RealClock clock;
    return clock;
}

std::string FormatIso8601(TimePoint t) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    std::size_t n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(buf + n, sizeof(buf) - n, ".%03dZ", static_cast<int>(ms % 1000));
    return buf;
}

}  // namespace tt
