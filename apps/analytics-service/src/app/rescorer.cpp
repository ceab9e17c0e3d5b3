#include "app/rescorer.hpp"

#include "tt/core/log.hpp"

namespace analytics::app {
namespace {

constexpr int kChunk = 500;      // videos per transaction
constexpr int kMaxChunks = 200;  // per round; the rest waits for the next one

}  // namespace

Rescorer::~Rescorer() {
    Stop();
}

void Rescorer::Start() {
    thread_ = std::thread([this] { Run(); });
}

void Rescorer::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Rescorer::Run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
        lock.unlock();
        try {
            Round();
        } catch (const std::exception& e) {
            tt::log::Warn("trending rescore failed, retrying at the next round", {{"error", e.what()}});
        }
        lock.lock();
    }
}

void Rescorer::Round() {
    auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch()).count();
    std::size_t rescored = 0;
    for (int chunk = 0; chunk < kMaxChunks; ++chunk) {
        auto count = pool_.InTransaction([&](tt::pg::Connection& conn) {
            auto ids = stats_.LockStaleScores(conn, now_ms - interval_.count() / 2, kChunk);
            auto buckets = stats_.LoadBuckets(conn, ids, now_ms - domain::kDay.length_ms - domain::kDay.bucket_ms);
            std::map<std::string, domain::Scores> scores;
            for (const auto& id : ids) {
                auto it = buckets.find(id);
                scores[id] = it == buckets.end() ? domain::Scores{} : domain::ScoresAt(it->second, now_ms, rules_);
            }
            stats_.SaveScores(conn, scores, now_ms);
            return ids.size();
        });
        rescored += count;
        if (count < static_cast<std::size_t>(kChunk)) break;
    }
    auto expired = pool_.InTransaction(
        [&](tt::pg::Connection& conn) { return stats_.DeleteExpired(conn, now_ms, dedup_retention_); });
    if (rescored > 0 || expired.buckets > 0 || expired.events > 0) {
        tt::log::Debug("trending scores refreshed", {{"videos", rescored},
                                                     {"expiredBuckets", expired.buckets},
                                                     {"expiredActorCounts", expired.actor_counts},
                                                     {"expiredEventIds", expired.events}});
    }
}

}  // namespace analytics::app
