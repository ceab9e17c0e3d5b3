#include "tt/delivery/relay.hpp"

#include <nlohmann/json.hpp>

#include "tt/core/log.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/kafka/producer.hpp"

namespace tt::delivery {
namespace {

// Session advisory lock that elects the one working relay of a database ("tt-relay" in ASCII).
constexpr const char* kLeaderLock = "SELECT pg_try_advisory_lock(x'74742d72656c6179'::bigint)";
constexpr std::chrono::milliseconds kStandbyInterval{1000};
constexpr std::chrono::milliseconds kErrorInterval{500};
constexpr std::chrono::seconds kHousekeepingInterval{60};

std::vector<kafka::Header> ParseHeaders(const std::string& text) {
    std::vector<kafka::Header> headers;
    auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!json.is_array()) return headers;
    for (const auto& pair : json) {
        if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
            headers.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
        }
    }
    return headers;
}

// Delivery reports of one round; callbacks run on the producer's poll thread.
struct RoundReports {
    std::mutex mutex;
    std::condition_variable done;
    std::size_t outstanding = 0;
    std::vector<char> delivered;
    std::string first_error;
};

}  // namespace

RelayOptions LoadRelayOptions(config::Reader& reader) {
    RelayOptions o;
    o.batch_size =
        static_cast<int>(reader.Int({"OUTBOX_BATCH_SIZE"}, 500, 1, 10000, "outbox rows published per round"));
    o.poll_interval =
        reader.Millis("OUTBOX_POLL_INTERVAL_MS", 1000, 1, 60000,
                      "outbox relay's longest wait when nothing is unsent (commits wake it at once)");
    o.delivery_timeout = reader.Millis("OUTBOX_DELIVERY_TIMEOUT_MS", 300000, 1000, 3600000,
                                       "how long the relay lets Kafka take one event before retrying the round");
    o.retention =
        reader.Millis("OUTBOX_RETENTION_MS", 600000, 0, 86400000 * 7LL, "sent outbox rows are kept this long");
    return o;
}

Relay::Relay(pg::DbConfig db, kafka::Config kafka, RelayOptions options)
    : db_(std::move(db)), kafka_(std::move(kafka)), options_(options) {
    kafka_.message_timeout = options_.delivery_timeout;
    producer_ = std::make_unique<kafka::Producer>(kafka_);
}

Relay::~Relay() {
    Stop();
}

void Relay::Start() {
    thread_ = std::thread([this] { Run(); });
}

void Relay::Stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_.exchange(true)) return;
    }
    wake_.notify_all();
    producer_->Purge();  // a round waiting for an absent broker ends now; its rows stay unsent
    if (thread_.joinable()) thread_.join();
}

void Relay::WaitForEvents(pg::Connection& conn) {
    // Woken by the outbox trigger's NOTIFY at commit; poll_interval is only the fallback. Checks for
    // Stop() at least every 100 ms.
    auto until = std::chrono::steady_clock::now() + options_.poll_interval;
    while (!stopping_) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0) return;
        if (conn.WaitForNotification(std::min(left, std::chrono::milliseconds(100)))) return;
    }
}

void Relay::Idle(std::chrono::milliseconds duration) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, duration, [this] { return stopping_.load(); });
}

void Relay::Run() {
    pg::Connection conn(db_.ConnInfo());
    while (!stopping_) {
        try {
            if (!leader_) {
                if (!conn.Exec(kLeaderLock).Bool(0, 0)) {
                    Idle(kStandbyInterval);
                    continue;
                }
                leader_ = true;
                conn.Exec("LISTEN tt_outbox");
                log::Info("outbox relay is publishing", {{"database", db_.name}});
            }
            bool busy = Round(conn);
            Housekeep(conn);
            if (!busy) WaitForEvents(conn);
        } catch (const std::exception& e) {
            // The session (and with it the lock) may be gone: reconnect and compete again.
            leader_ = false;
            log::Warn("outbox relay round failed, retrying", {{"error", e.what()}});
            conn.Reset();
            Idle(kErrorInterval);
        }
    }
    if (leader_ && unmarked_ != "{}") {
        try {
            conn.Exec("UPDATE outbox SET sent_at = now() WHERE seq = ANY($1::bigint[])", {unmarked_});
        } catch (const std::exception& e) {
            // Not marked: the next relay publishes them again and consumers drop the copies by eventId.
            log::Warn("outbox relay could not mark its last round sent", {{"error", e.what()}});
        }
    }
    log::Info("outbox relay stopped", {{"published", published_.load()}});
}

bool Relay::Round(pg::Connection& conn) {
    // Marks the previous round's delivered rows sent and reads the next round, in one statement (one
    // round trip per round; its read sees the table from before the update, hence the exclusion).
    auto rows = conn.Exec(
        "WITH marked AS (UPDATE outbox SET sent_at = now() WHERE seq = ANY($1::bigint[])) "
        "SELECT seq, topic, key, payload, headers::text FROM outbox "
        "WHERE sent_at IS NULL AND seq <> ALL($1::bigint[]) ORDER BY seq LIMIT $2",
        {unmarked_, std::to_string(options_.batch_size)});
    unmarked_ = "{}";
    if (rows.Rows() == 0) return false;
    ++rounds_;

    auto reports = std::make_shared<RoundReports>();
    reports->outstanding = static_cast<std::size_t>(rows.Rows());
    reports->delivered.assign(reports->outstanding, 0);
    for (int i = 0; i < rows.Rows(); ++i) {
        auto index = static_cast<std::size_t>(i);
        producer_->PublishAsync(rows.Text(i, 1), rows.Text(i, 2), rows.Text(i, 3), ParseHeaders(rows.Text(i, 4)),
                                [reports, index](const kafka::DeliveryReport* report, const std::string& error) {
                                    std::lock_guard lock(reports->mutex);
                                    reports->delivered[index] = report != nullptr;
                                    if (report == nullptr && reports->first_error.empty()) reports->first_error = error;
                                    if (--reports->outstanding == 0) reports->done.notify_all();
                                });
    }
    {
        std::unique_lock lock(reports->mutex);
        reports->done.wait(lock, [&] { return reports->outstanding == 0; });
    }

    std::string sent = "{";
    std::size_t sent_count = 0;
    for (int i = 0; i < rows.Rows(); ++i) {
        if (!reports->delivered[static_cast<std::size_t>(i)]) continue;
        sent += (sent_count++ ? "," : "") + rows.Text(i, 0);
    }
    sent += "}";
    unmarked_ = sent;  // marked by the next round's statement (or on the way out)
    published_ += sent_count;
    if (sent_count < static_cast<std::size_t>(rows.Rows())) {
        if (!stopping_) {
            log::Warn(
                "outbox events not delivered yet, retrying",
                {{"undelivered", static_cast<std::size_t>(rows.Rows()) - sent_count}, {"error", reports->first_error}});
        }
        Idle(kErrorInterval);
    }
    return true;
}

void Relay::WriteMetrics(MetricsText& out, pg::Pool& pool) const {
    auto lag = [&pool] {
        auto conn = pool.Acquire();
        return ReadLag(*conn);
    }();
    out.Gauge("tt_outbox_unsent_events", "outbox rows not yet acknowledged by Kafka", static_cast<double>(lag.unsent));
    out.Gauge("tt_outbox_oldest_unsent_seconds", "age of the oldest unsent outbox row (0 when none)",
              lag.oldest_unsent_seconds);
    out.Counter("tt_outbox_published_total", "outbox rows this process published and marked sent",
                static_cast<double>(published_.load()));
    out.Counter("tt_outbox_rounds_total", "relay rounds that published rows (published / rounds = rows per round)",
                static_cast<double>(rounds_.load()));
    out.Gauge("tt_outbox_relay_leader", "1 when this process's relay holds the database's relay lock", leader_ ? 1 : 0);
}

void Relay::Housekeep(pg::Connection& conn) {
    auto now = std::chrono::steady_clock::now();
    if (now < next_housekeeping_) return;
    next_housekeeping_ = now + kHousekeepingInterval;
    auto deleted = conn.Exec("DELETE FROM outbox WHERE sent_at < now() - $1::interval",
                             {std::to_string(options_.retention.count()) + " milliseconds"})
                       .Affected();
    if (deleted > 0) log::Debug("outbox sent rows deleted", {{"rows", deleted}});
    // A duplicate arrives within seconds (redelivery before a commit, a relay retry); a week of
    // processed eventIds covers that with a wide margin and keeps the table bounded.
    conn.Exec("DELETE FROM processed_events WHERE processed_at < now() - interval '7 days'");
}

}  // namespace tt::delivery
