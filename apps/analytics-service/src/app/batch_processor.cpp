#include "app/batch_processor.hpp"

#include "app/event_decoder.hpp"
#include "tt/core/log.hpp"
#include "tt/delivery/offset_store.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/events/video_trending.hpp"
#include "tt/kafka/dead_letter.hpp"

namespace analytics::app {
namespace {

constexpr const char* kProducerName = "analytics-service";

std::int64_t Millis(tt::TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

BatchProcessor::BatchProcessor(tt::pg::Pool& pool, store::StatsStore& stats, store::ViewerSketch& sketch,
                               tt::kafka::Producer* dead_letters, OwnerLookup owners, const tt::Clock& clock,
                               ProcessorSettings settings)
    : pool_(pool),
      stats_(stats),
      sketch_(sketch),
      dead_letters_(dead_letters),
      owners_(std::move(owners)),
      clock_(clock),
      settings_(std::move(settings)) {}

void BatchProcessor::Handle(const std::vector<tt::kafka::Message>& batch,
                            const std::vector<tt::kafka::OffsetAdvance>& advances) {
    auto actions = Decode(batch);
    auto now_ms = Millis(clock_.Now());
    auto applied = pool_.InTransaction([&](tt::pg::Connection& conn) {
        auto count = Apply(conn, std::move(actions), now_ms);
        tt::delivery::StoreOffsets(conn, settings_.group_id, advances);
        return count;
    });
    dead_lettered_.clear();
    aggregated_ += applied;
    tt::log::Debug("analytics batch stored",
                   {{"messages", batch.size()}, {"applied", applied}, {"partitions", advances.size()}});
}

std::vector<domain::Action> BatchProcessor::Decode(const std::vector<tt::kafka::Message>& batch) {
    std::vector<domain::Action> actions;
    actions.reserve(batch.size());
    for (const auto& message : batch) {
        try {
            actions.push_back(DecodeAction(message));
        } catch (const std::exception& e) {
            DeadLetter(message, e.what());
        }
    }
    return actions;
}

void BatchProcessor::DeadLetter(const tt::kafka::Message& message, const std::string& error) {
    auto where = std::make_tuple(message.topic, message.partition, message.offset);
    if (dead_lettered_.count(where)) return;  // this batch is being retried; the letter went out already
    nlohmann::json fields = {{"topic", message.topic},      {"partition", message.partition},
                             {"offset", message.offset},    {"error", error},
                             {"group", settings_.group_id}, {"payload", message.payload.substr(0, 500)}};
    if (dead_letters_ != nullptr) {
        // Throws kUnavailable when Kafka cannot take it: the batch fails and is read again.
        dead_letters_->Publish(
            tt::kafka::DeadLetterTopic(message.topic), message.key, message.payload,
            tt::kafka::DeadLetterHeaders(message, error, settings_.group_id, 1, tt::FormatIso8601(clock_.Now())));
        fields["deadLetterTopic"] = tt::kafka::DeadLetterTopic(message.topic);
    }
    dead_lettered_.insert(where);
    ++skipped_;
    tt::log::Warn("undecodable event skipped by analytics (inspect it with tt-kafka-admin dlq)", fields);
}

std::size_t BatchProcessor::Apply(tt::pg::Connection& conn, std::vector<domain::Action> actions, std::int64_t now_ms) {
    std::vector<std::string> event_ids;
    for (const auto& action : actions) event_ids.push_back(action.event_id);
    auto fresh = domain::FirstOfEachEvent(std::move(actions), stats_.MarkSeen(conn, event_ids));
    if (fresh.empty()) return 0;

    auto videos = domain::GroupByVideo(fresh);
    std::vector<std::string> video_ids;
    for (const auto& [id, video] : videos) video_ids.push_back(id);
    auto rows = stats_.LockVideos(conn, video_ids);
    for (const auto& [id, video] : videos) {
        auto& row = rows.at(id);
        for (const auto* action : video.actions) domain::Apply(row.counters, *action);
        if (row.owner_id.empty()) row.owner_id = video.owner_id;
    }
    UpdateViewers(conn, videos, rows);
    UpdateTrending(conn, fresh, rows, now_ms);
    std::vector<store::VideoRow> changed;
    for (auto& [id, row] : rows) {
        Announce(conn, row, now_ms);
        changed.push_back(std::move(row));
    }
    stats_.SaveVideos(conn, changed);
    return fresh.size();
}

void BatchProcessor::UpdateViewers(tt::pg::Connection& conn, const std::map<std::string, domain::VideoActions>& videos,
                                   std::map<std::string, store::VideoRow>& rows) {
    for (const auto& [id, video] : videos) {
        if (video.viewers.empty()) continue;
        auto& row = rows.at(id);
        const std::string& video_id = id;
        auto sketch = sketch_.Add(id, video.viewers, row.has_sketch,
                                  [this, &conn, &video_id] { return stats_.StoredSketch(conn, video_id); });
        row.unique_viewers = sketch.count;
        row.sketch = std::move(sketch.raw);
    }
}

void BatchProcessor::UpdateTrending(tt::pg::Connection& conn, const std::vector<domain::Action>& actions,
                                    std::map<std::string, store::VideoRow>& rows, std::int64_t now_ms) {
    std::set<store::StatsStore::VideoActor> actors;
    for (const auto& action : actions) {
        if (domain::EngagementOf(action.kind)) actors.insert({action.video_id, domain::ActorOf(action)});
    }
    auto counts = stats_.LoadActorCounts(conn, actors);
    auto delta = domain::CountActions(actions, counts, now_ms, settings_.rules);
    stats_.SaveActorCounts(conn, counts, delta.changed);
    stats_.AddToBuckets(conn, delta.buckets);

    std::vector<std::string> video_ids;
    for (const auto& [id, row] : rows) video_ids.push_back(id);
    auto buckets = stats_.LoadBuckets(conn, video_ids, now_ms - domain::kDay.length_ms - domain::kDay.bucket_ms);
    for (auto& [id, row] : rows) {
        auto it = buckets.find(id);
        row.scores = it == buckets.end() ? domain::Scores{} : domain::ScoresAt(it->second, now_ms, settings_.rules);
        row.score_at_ms = now_ms;
    }
}

void BatchProcessor::Announce(tt::pg::Connection& conn, store::VideoRow& row, std::int64_t now_ms) {
    if (!domain::ShouldAnnounce(row.scores.hour, settings_.trending_threshold, row.last_trending_ms, now_ms,
                                settings_.trending_cooldown.count())) {
        return;
    }
    if (row.owner_id.empty()) {
        std::optional<std::string> owner;
        try {
            owner = owners_(row.video_id);
        } catch (const std::exception& e) {
            // Not worth stalling every counter for: the next event of the video tries again.
            tt::log::Warn("trending video not announced yet: its owner is unknown and video-service did not answer",
                          {{"videoId", row.video_id}, {"score", row.scores.hour}, {"error", e.what()}});
            return;
        }
        if (!owner) {
            tt::log::Info("trending video was deleted; not announced", {{"videoId", row.video_id}});
            row.last_trending_ms = now_ms;
            return;
        }
        row.owner_id = *owner;
    }
    auto event = tt::events::NewVideoTrendingEvent(kProducerName, clock_.Now());
    event.video_id = row.video_id;
    event.video_owner_id = row.owner_id;
    event.score = row.scores.hour;
    event.window = std::string(domain::kHour.name);
    tt::delivery::Enqueue(conn, tt::delivery::OutboxEvent{event.envelope.event_id,
                                                          std::string(tt::events::kVideoTrending),
                                                          row.video_id,
                                                          tt::events::ToJson(event),
                                                          {{"eventId", event.envelope.event_id}}});
    row.last_trending_ms = now_ms;
    ++announced_;
    tt::log::Info("video is trending: video.trending queued", {{"videoId", row.video_id},
                                                               {"ownerId", row.owner_id},
                                                               {"score", row.scores.hour},
                                                               {"eventId", event.envelope.event_id}});
}

}  // namespace analytics::app
