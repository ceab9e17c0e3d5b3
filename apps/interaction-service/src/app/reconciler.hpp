#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tt/core/metrics_text.hpp"
#include "tt/pg/pool.hpp"

namespace interaction::app {

// One counter whose stored value differs from a recount of its rows.
struct CounterDrift {
    std::string id;  // the video, comment or user
    std::int64_t stored = 0;
    std::int64_t counted = 0;
};

// What one reconciliation found, per counter ("video_likes", "user_followers", ...).
struct ReconcileReport {
    std::map<std::string, std::vector<CounterDrift>> drift;  // every counter has an entry
    std::int64_t DriftedRows() const;
    std::string ToJson() const;
};

// Recounts every exact counter (likes, comments, replies, comment likes, shares, followers,
// following) from its rows in one snapshot (REPEATABLE READ, so concurrent writes never look like
// drift) and reports the differences; expected: none, since each counter changes in the transaction
// of its row. `repair` sets drifted counters to the recount. Runs on demand (`interaction-service
// reconcile [--repair]`) and every RECONCILE_INTERVAL in the service, exposing tt_counter_drift.
class Reconciler {
public:
    Reconciler(tt::pg::Pool& pool, std::chrono::milliseconds interval) : pool_(pool), interval_(interval) {}
    ~Reconciler();  // Stop()

    ReconcileReport RunOnce(bool repair);
    // Periodic runs on a thread of its own (none when the interval is 0).
    void Start();
    void Stop();
    void WriteMetrics(tt::MetricsText& out) const;

private:
    void Loop();

    tt::pg::Pool& pool_;
    std::chrono::milliseconds interval_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::map<std::string, std::int64_t> last_drift_;  // counter -> drifted rows at the last run
    std::uint64_t runs_ = 0;
    std::thread thread_;
};

}  // namespace interaction::app
