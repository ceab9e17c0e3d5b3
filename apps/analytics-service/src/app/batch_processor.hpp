#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "domain/action.hpp"
#include "domain/trending.hpp"
#include "store/stats_store.hpp"
#include "store/viewer_sketch.hpp"
#include "tt/core/clock.hpp"
#include "tt/kafka/batch_consumer.hpp"
#include "tt/kafka/producer.hpp"
#include "tt/pg/pool.hpp"

namespace analytics::app {

// A video's owner from video-service; nullopt when the video does not exist (any more). Throws
// tt::Error (kUnavailable, kDeadlineExceeded) when video-service cannot answer.
using OwnerLookup = std::function<std::optional<std::string>(const std::string& video_id)>;

struct ProcessorSettings {
    std::string group_id;  // the consumer group whose offsets commit with the aggregates
    domain::TrendingRules rules;
    double trending_threshold = 200;
    std::chrono::milliseconds trending_cooldown{std::chrono::hours(24)};
};

// The batch handler of the aggregation (tt::kafka::BatchConsumer): decodes the batch, then in ONE
// PostgreSQL transaction drops event ids seen before, applies the counters, updates the viewer
// sketches, counts trending engagement, recomputes the touched videos' scores, queues a video.trending
// event in the outbox for each video that crossed the threshold, and stores the consumed offsets.
// A failure anywhere rolls all of it back and the consumer reads the batch again. Undecodable
// messages are skipped (WARN) and published to "<topic>.dlq" first. Runs on the consumer's thread.
class BatchProcessor {
public:
    BatchProcessor(tt::pg::Pool& pool, store::StatsStore& stats, store::ViewerSketch& sketch,
                   tt::kafka::Producer* dead_letters, OwnerLookup owners, const tt::Clock& clock,
                   ProcessorSettings settings);

    void Handle(const std::vector<tt::kafka::Message>& batch, const std::vector<tt::kafka::OffsetAdvance>& advances);

    std::uint64_t AggregatedCount() const { return aggregated_; }
    std::uint64_t SkippedCount() const { return skipped_; }
    std::uint64_t AnnouncedCount() const { return announced_; }

private:
    std::vector<domain::Action> Decode(const std::vector<tt::kafka::Message>& batch);
    void DeadLetter(const tt::kafka::Message& message, const std::string& error);
    // The batch's effect on the caller's transaction; returns how many events it applied.
    std::size_t Apply(tt::pg::Connection& conn, std::vector<domain::Action> actions, std::int64_t now_ms);
    void UpdateViewers(tt::pg::Connection& conn, const std::map<std::string, domain::VideoActions>& videos,
                       std::map<std::string, store::VideoRow>& rows);
    void UpdateTrending(tt::pg::Connection& conn, const std::vector<domain::Action>& actions,
                        std::map<std::string, store::VideoRow>& rows, std::int64_t now_ms);
    void Announce(tt::pg::Connection& conn, store::VideoRow& row, std::int64_t now_ms);

    tt::pg::Pool& pool_;
    store::StatsStore& stats_;
    store::ViewerSketch& sketch_;
    tt::kafka::Producer* dead_letters_;
    OwnerLookup owners_;
    const tt::Clock& clock_;
    ProcessorSettings settings_;
    // Letters already published for messages of a batch that is being retried.
    std::set<std::tuple<std::string, std::int32_t, std::int64_t>> dead_lettered_;
    std::uint64_t aggregated_ = 0;
    std::uint64_t skipped_ = 0;
    std::uint64_t announced_ = 0;
};

}  // namespace analytics::app
