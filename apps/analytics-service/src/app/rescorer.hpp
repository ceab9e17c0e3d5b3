#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "domain/trending.hpp"
#include "store/stats_store.hpp"
#include "tt/core/clock.hpp"
#include "tt/pg/pool.hpp"

namespace analytics::app {

// Keeps the stored scores current while no events arrive: every `interval` it recomputes the scores
// of videos scored longer than half an interval ago (they decay, and buckets leave their windows, so
// a quiet video drops out of GET trending by itself), then deletes expired buckets, actor counts and
// seen event ids. Never waits for rows a batch holds (SKIP LOCKED). Own thread; failures are retried
// at the next round.
class Rescorer {
public:
    Rescorer(tt::pg::Pool& pool, store::StatsStore& stats, const tt::Clock& clock, domain::TrendingRules rules,
             std::chrono::milliseconds interval, std::chrono::seconds dedup_retention)
        : pool_(pool),
          stats_(stats),
          clock_(clock),
          rules_(rules),
          interval_(interval),
          dedup_retention_(dedup_retention) {}
    ~Rescorer();  // Stop()
    Rescorer(const Rescorer&) = delete;
    Rescorer& operator=(const Rescorer&) = delete;

    void Start();
    void Stop();

private:
    void Run();
    void Round();

    tt::pg::Pool& pool_;
    store::StatsStore& stats_;
    const tt::Clock& clock_;
    domain::TrendingRules rules_;
    std::chrono::milliseconds interval_;
    std::chrono::seconds dedup_retention_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace analytics::app
