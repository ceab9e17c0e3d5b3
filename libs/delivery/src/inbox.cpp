#include "tt/delivery/inbox.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "tt/core/ids.hpp"
#include "tt/kafka/consumer.hpp"
#include "tt/pg/arrays.hpp"

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

namespace {

// Records the eventId for `consumer` inside the caller's transaction; false when it was recorded before.
bool FirstTime(pg::Connection& conn, const std::string& consumer, const std::string& event_id) {
    return conn
               .Exec("INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     {consumer, event_id})
               .Affected() > 0;
}

// Records the run's eventIds for `consumer` in one statement; returns those not recorded before.
// `ids` are lower-case (PostgreSQL's text form of a uuid) and distinct.
std::unordered_set<std::string> FirstTimes(pg::Connection& conn, const std::string& consumer,
                                           const std::vector<std::string>& ids) {
    auto r = conn.Exec(
        "INSERT INTO processed_events (consumer, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING "
        "RETURNING event_id::text",
        {consumer, pg::TextArray(ids)});
    std::unordered_set<std::string> fresh;
    for (int i = 0; i < r.Rows(); ++i) fresh.insert(r.Text(i, 0));
    return fresh;
}

std::string Lower(std::string id) {
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
    return id;
}

}  // namespace

bool ApplyOnce(pg::Pool& pool, std::string_view consumer, const kafka::Message& message,
               const std::function<void(pg::Connection&)>& effect) {
    std::string event_id = EventIdOf(message);
    std::string name(consumer);
    return pool.InTransaction([&](pg::Connection& conn) {
        if (!FirstTime(conn, name, event_id)) return false;
        effect(conn);
        return true;
    });
}

kafka::Handler ExactlyOnce(pg::Pool& pool, std::string consumer, Apply apply) {
    return [&pool, consumer = std::move(consumer), apply = std::move(apply)](const kafka::Message& message) {
        ApplyOnce(pool, consumer, message, [&](pg::Connection& conn) { apply(conn, message); });
    };
}

kafka::RunHandler ExactlyOnceRun(pg::Pool& pool, std::string consumer, std::map<std::string, Apply> by_topic) {
    return [&pool, consumer = std::move(consumer), by_topic = std::move(by_topic)](const std::vector<kafka::Message>& run) {
        // Decoded before the transaction: an event without an id fails the run without a round trip.
        std::vector<std::string> ids;
        std::vector<std::string> distinct;
        std::unordered_set<std::string> seen;
        ids.reserve(run.size());
        for (const auto& message : run) {
            if (!by_topic.contains(message.topic)) throw kafka::PermanentError("no handler for topic " + message.topic);
            ids.push_back(Lower(EventIdOf(message)));
            if (seen.insert(ids.back()).second) distinct.push_back(ids.back());
        }
        pool.InTransaction([&](pg::Connection& conn) {
            // One statement records the whole run; an eventId twice in the run is applied at its first.
            auto fresh = FirstTimes(conn, consumer, distinct);
            for (std::size_t i = 0; i < run.size(); ++i) {
                if (fresh.erase(ids[i]) > 0) by_topic.at(run[i].topic)(conn, run[i]);
            }
        });
    };
}

}  // namespace tt::delivery
