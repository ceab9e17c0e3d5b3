#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tt/core/clock.hpp"

namespace tt::events {

// Fields every event carries next to its payload fields (flat, so the original's payload keys stay
// where consumers of the original expect them). `event_id` is fixed when the event is created and
// never changes on retries: consumers deduplicate on it.
struct Envelope {
    std::string event_id;
    std::string event_type;
    std::string occurred_at;  // ISO-8601 UTC
    std::string producer;     // service name
    int version = 1;
};

Envelope NewEnvelope(std::string event_type, std::string producer, int version, TimePoint now);
void WriteEnvelope(const Envelope& envelope, nlohmann::json& out);
// Throws tt::Error(kInvalidArgument) naming the missing or mistyped field.
Envelope ReadEnvelope(const nlohmann::json& in);

// Helpers for payload decoding with the same error style.
std::string RequireString(const nlohmann::json& in, const char* field);
std::int64_t RequireInt(const nlohmann::json& in, const char* field);
nlohmann::json ParseObject(std::string_view text);
// "" when the field is absent or not a string.
std::string OptionalString(const nlohmann::json& in, const char* field);
// The string items of an array field; empty when absent.
std::vector<std::string> StringList(const nlohmann::json& in, const char* field);

}  // namespace tt::events
