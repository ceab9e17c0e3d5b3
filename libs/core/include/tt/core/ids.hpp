#pragma once

#include <string>
#include <string_view>

#include "tt/core/clock.hpp"

namespace tt {

// UUIDv7 (RFC 9562): time-ordered, so new rows land at the end of b-tree indexes. Thread-safe.
std::string NewUuidV7(TimePoint now);
std::string NewUuid();  // UUIDv7 at the current time

// Canonical 8-4-4-4-12 hex form, any version; case-insensitive.
bool IsUuid(std::string_view text);

}  // namespace tt
