#include "tt/delivery/inbox.hpp"

#include <nlohmann/json.hpp>

#include "tt/core/ids.hpp"
#include "tt/kafka/consumer.hpp"

namespace tt::delivery {

std::string EventIdOf(const kafka::Message& message) {
    for (const auto& h : message.headers) {
        if (h.key == "eventId" && IsUuid(h.value)) return h.value;
    }
    auto json = nlohmann::json::parse(message.payload, nullptr, /*allow_exceptions=*/false);
    if (json.is_object()) {
        auto it = json.find("eventId");
        if (it != json.end() && it->is_string() && IsUuid(it->get<std::string>())) return it->get<std::string>();
    }
    throw kafka::PermanentError("message has no eventId (neither an eventId header nor a UUID eventId field)");
}

bool ApplyOnce(pg::Pool& pool, std::string_view consumer, const kafka::Message& message,
               const std::function<void(pg::Connection&)>& effect) {
    std::string event_id = EventIdOf(message);
    std::string name(consumer);
    return pool.InTransaction([&](pg::Connection& conn) {
        auto first =
            conn.Exec("INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                      {name, event_id});
        if (first.Affected() == 0) return false;
        effect(conn);
        return true;
    });
}

kafka::Handler ExactlyOnce(pg::Pool& pool, std::string consumer, Apply apply) {
    return [&pool, consumer = std::move(consumer), apply = std::move(apply)](const kafka::Message& message) {
        ApplyOnce(pool, consumer, message, [&](pg::Connection& conn) { apply(conn, message); });
    };
}

}  // namespace tt::delivery
