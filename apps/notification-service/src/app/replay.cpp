#include "app/replay.hpp"

#include <nlohmann/json.hpp>

#include "app/event_handlers.hpp"
#include "app/notification_events.hpp"
#include "tt/core/error.hpp"
#include "tt/core/log.hpp"
#include "tt/delivery/inbox.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/kafka/consumer.hpp"
#include "tt/kafka/log_reader.hpp"
#include "tt/pg/migrate.hpp"

namespace notification::app {
namespace {

// Notification kinds that are functions of the events alone.
constexpr const char* kCompared =
    "(type IN ('like', 'follow', 'comment', 'reply', 'trending') OR (type = 'mention' AND object_id <> video_id))";

// Natural keys in `from` and not in `to` (count and the first 20).
std::int64_t Difference(tt::pg::Connection& conn, const std::string& from, const std::string& to,
                        std::vector<std::string>& examples) {
    std::string columns = "user_id::text || ' ' || type || ' ' || actor_id::text || ' ' || object_id::text";
    std::string sql = "SELECT " + columns + " FROM " + from + ".notifications WHERE " + kCompared + " EXCEPT SELECT " +
                      columns + " FROM " + to + ".notifications WHERE " + kCompared;
    auto rows = conn.Exec("SELECT count(*) OVER (), k FROM (" + sql + ") d(k) ORDER BY k LIMIT 20");
    for (int i = 0; i < rows.Rows(); ++i) examples.push_back(rows.Text(i, 1));
    return rows.Rows() == 0 ? 0 : rows.Int(0, 0);
}

}  // namespace

std::string ReplayReport::ToJson() const {
    return nlohmann::json{{"schema", schema},
                          {"events", events},
                          {"undecodable", undecodable},
                          {"rebuilt", rebuilt},
                          {"live", live},
                          {"identical", Identical()},
                          {"liveOnly", {{"count", live_only_count}, {"examples", live_only}}},
                          {"rebuiltOnly", {{"count", rebuilt_only_count}, {"examples", rebuilt_only}}}}
        .dump();
}

ReplayReport RebuildAndCompare(const Config& config, bool keep) {
    ReplayReport report;
    report.schema = "replay_" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                   std::chrono::system_clock::now().time_since_epoch())
                                                   .count());
    tt::pg::Pool live(config.db);
    live.InTransaction([&](tt::pg::Connection& conn) { conn.Exec("CREATE SCHEMA " + report.schema); });

    auto replay_db = config.db;
    replay_db.search_path = report.schema;
    replay_db.pool_size = 2;
    {
        tt::pg::Pool pool(replay_db);
        tt::pg::Migrate(pool, config.migrations_dir);
        tt::delivery::EnsureSchema(pool);
        pool.InTransaction([&](tt::pg::Connection& conn) {
            conn.Exec("INSERT INTO notification_preferences SELECT * FROM public.notification_preferences");
        });
        // notification.created of rebuilt rows lands in the replay schema's outbox: nobody sends it.
        store::NotificationStore store(
            pool, [](tt::pg::Connection& conn, const store::Notification& n) { EnqueueCreated(conn, n); });
        EventHandlers handlers(store);
        auto by_topic = HandlersByTopic();
        std::vector<std::string> topics;
        for (const auto& [topic, method] : by_topic) topics.push_back(topic);
        auto kafka = config.kafka;
        kafka.group_id = "notification-replay";
        tt::kafka::ReadToEnd(
            kafka, topics,
            [&](const tt::kafka::Message& m) {
                ++report.events;
                auto method = by_topic.at(m.topic);
                try {
                    tt::delivery::ApplyOnce(pool, "replay", m,
                                            [&](tt::pg::Connection& conn) { (handlers.*method)(conn, m); });
                } catch (const tt::kafka::PermanentError& e) {
                    ++report.undecodable;
                }
            },
            std::chrono::minutes(30));
    }

    auto conn = live.Acquire();
    report.live_only_count = Difference(*conn, "public", report.schema, report.live_only);
    report.rebuilt_only_count = Difference(*conn, report.schema, "public", report.rebuilt_only);
    report.live = conn->Exec(std::string("SELECT count(*) FROM public.notifications WHERE ") + kCompared).Int(0, 0);
    report.rebuilt =
        conn->Exec("SELECT count(*) FROM " + report.schema + ".notifications WHERE " + kCompared).Int(0, 0);
    if (!keep) conn->Exec("DROP SCHEMA " + report.schema + " CASCADE");
    return report;
}

}  // namespace notification::app
