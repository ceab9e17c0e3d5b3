#include "tt/events/envelope.hpp"

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"

namespace tt::events {

Envelope NewEnvelope(std::string event_type, std::string producer, int version, TimePoint now) {
    return Envelope{NewUuidV7(now), std::move(event_type), FormatIso8601(now), std::move(producer), version};
}

void WriteEnvelope(const Envelope& envelope, nlohmann::json& out) {
    out["eventId"] = envelope.event_id;
    out["eventType"] = envelope.event_type;
    out["occurredAt"] = envelope.occurred_at;
    out["producer"] = envelope.producer;
    out["version"] = envelope.version;
}

std::string RequireString(const nlohmann::json& in, const char* field) {
    auto it = in.find(field);
    if (it == in.end() || !it->is_string()) {
        throw Error(ErrorCode::kInvalidArgument, std::string("event field '") + field + "' must be a string");
    }
    return it->get<std::string>();
}

std::int64_t RequireInt(const nlohmann::json& in, const char* field) {
    auto it = in.find(field);
    if (it == in.end() || !it->is_number_integer()) {
        throw Error(ErrorCode::kInvalidArgument, std::string("event field '") + field + "' must be an integer");
    }
    return it->get<std::int64_t>();
}

Envelope ReadEnvelope(const nlohmann::json& in) {
    Envelope e;
    e.event_id = RequireString(in, "eventId");
    e.event_type = RequireString(in, "eventType");
    e.occurred_at = RequireString(in, "occurredAt");
    e.producer = RequireString(in, "producer");
    e.version = static_cast<int>(RequireInt(in, "version"));
    return e;
}

std::string OptionalString(const nlohmann::json& in, const char* field) {
    auto it = in.find(field);
    return (it != in.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

std::vector<std::string> StringList(const nlohmann::json& in, const char* field) {
    std::vector<std::string> out;
    auto it = in.find(field);
    if (it == in.end() || !it->is_array()) return out;
    for (const auto& item : *it) {
        if (item.is_string()) out.push_back(item.get<std::string>());
    }
    return out;
}

nlohmann::json ParseObject(std::string_view text) {
    auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        throw Error(ErrorCode::kInvalidArgument, "event payload is not a JSON object");
    }
    return parsed;
}

}  // namespace tt::events
