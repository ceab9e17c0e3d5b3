#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "tt/core/config.hpp"
#include "tt/core/metrics_text.hpp"
#include "tt/kafka/config.hpp"
#include "tt/pg/pool.hpp"

namespace tt::kafka {
class Producer;
}

namespace tt::delivery {

struct RelayOptions {
    int batch_size = 500;                                // rows published per round
    std::chrono::milliseconds poll_interval{1000};       // longest idle wait (commits wake it: NOTIFY)
    std::chrono::milliseconds delivery_timeout{300000};  // a publish fails only after this
    std::chrono::milliseconds retention{600000};         // sent rows are deleted after this
};

// Reads OUTBOX_BATCH_SIZE, OUTBOX_POLL_INTERVAL_MS, OUTBOX_DELIVERY_TIMEOUT_MS, OUTBOX_RETENTION_MS.
RelayOptions LoadRelayOptions(config::Reader& reader);

// Publishes the outbox to Kafka. Rows go out in id order through an idempotent producer (acks=all,
// so a partition never reorders or duplicates them within one producer session); a row is marked
// sent only after its delivery report, by the statement that reads the next round. A crash between delivery and marking publishes the row again:
// consumers deduplicate on eventId, and because every round republishes a seq-ordered suffix, the
// first copy of each event stays in order per key. Only one relay per database works at a time
// (PostgreSQL advisory lock); the others wait as hot standbys. Kafka or PostgreSQL being down only
// delays the rows: the relay retries until they are delivered.
class Relay {
public:
    Relay(pg::DbConfig db, kafka::Config kafka, RelayOptions options);
    ~Relay();  // Stop()
    Relay(const Relay&) = delete;
    Relay& operator=(const Relay&) = delete;

    void Start();
    // Ends the current round (undelivered rows stay unsent and go out after the next start).
    void Stop();

    std::uint64_t PublishedCount() const { return published_; }
    // tt_outbox_unsent_events, tt_outbox_oldest_unsent_seconds (read through `pool`),
    // tt_outbox_published_total, tt_outbox_rounds_total and tt_outbox_relay_leader.
    void WriteMetrics(MetricsText& out, pg::Pool& pool) const;
    bool IsLeader() const { return leader_; }

private:
    void Run();
    bool Round(pg::Connection& conn);  // true if it published something
    void Housekeep(pg::Connection& conn);
    void Idle(std::chrono::milliseconds duration);
    // Until an outbox insert commits (LISTEN tt_outbox), poll_interval passes or Stop().
    void WaitForEvents(pg::Connection& conn);

    pg::DbConfig db_;
    kafka::Config kafka_;
    RelayOptions options_;
    std::unique_ptr<kafka::Producer> producer_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> leader_{false};
    std::atomic<std::uint64_t> published_{0};
    std::atomic<std::uint64_t> rounds_{0};  // rounds that published something
    std::string unmarked_ = "{}";  // seqs delivered in the last round, not yet marked sent (array literal)
    std::string backend_pid_;  // the session that holds the advisory lock
    std::chrono::steady_clock::time_point next_housekeeping_{};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::thread thread_;
};

}  // namespace tt::delivery
