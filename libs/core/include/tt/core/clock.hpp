#pragma once

#include <chrono>
#include <string>

namespace tt {

using TimePoint = std::chrono::system_clock::time_point;

// Wall clock behind an interface so domain code and tests can inject time.
class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint Now() const = 0;
};

const Clock& SystemClock();

// "2026-11-28T00:07:28.123Z" (UTC, milliseconds), the format of the original's timestamps.
std::string FormatIso8601(TimePoint t);

}  // namespace tt
