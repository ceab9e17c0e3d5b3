// analytics-service: real-time engagement counters and trending scores from the interaction events.
// Wiring only; see README.md.
#include "api/analytics_rpc.hpp"
#include "app/batch_processor.hpp"
#include "app/event_decoder.hpp"
#include "app/rescorer.hpp"
#include "config.hpp"
#include "tt/core/log.hpp"
#include "tt/delivery/offset_store.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/delivery/relay.hpp"
#include "tt/kafka/batch_consumer.hpp"
#include "tt/kafka/producer.hpp"
#include "tt/pg/migrate.hpp"
#include "tt/rpc/client.hpp"
#include "tt/service/host.hpp"
#include "video.grpc.pb.h"

int main() {
    try {
        auto config = analytics::LoadConfig();
        tt::log::Init(config.host.name, config.host.log_level);

        tt::pg::Pool pool(config.db);
        tt::pg::MigrateWhenReachable(pool, config.migrations_dir);
        tt::delivery::EnsureSchema(pool);
        tt::delivery::EnsureOffsetSchema(pool);
        tt::redis::Client redis(config.redis);
        tt::kafka::Producer dead_letters(config.kafka);

        auto video_stub = video::VideoService::NewStub(tt::rpc::MakeChannel(config.video_service_url));
        auto owner_lookup = [&video_stub, &config](const std::string& video_id) -> std::optional<std::string> {
            video::GetVideoRequest request;
            request.set_videoid(video_id);
            try {
                return tt::rpc::CallSync<video::VideoResponse>(*video_stub, &video::VideoService::Stub::GetVideo,
                                                               request, "video-service", config.rpc_deadline)
                    .userid();
            } catch (const tt::Error& e) {
                if (e.Code() == tt::ErrorCode::kNotFound) return std::nullopt;
                throw;
            }
        };
        analytics::store::StatsStore stats;
        analytics::store::ViewerSketch sketch(redis, config.viewer_sketch_ttl);
        analytics::app::BatchProcessor processor(pool, stats, sketch, &dead_letters, owner_lookup, tt::SystemClock(),
                                                 config.processing);
        auto load_offsets = [&pool, &config](const std::vector<tt::kafka::PartitionOffset>& partitions) {
            auto conn = pool.Acquire();
            return tt::delivery::LoadOffsets(*conn, config.kafka.group_id, partitions);
        };
        tt::kafka::BatchConsumer consumer(
            config.kafka, config.batch, load_offsets,
            [&processor](const std::vector<tt::kafka::Message>& batch,
                         const std::vector<tt::kafka::OffsetAdvance>& advances) { processor.Handle(batch, advances); });
        consumer.Start(analytics::app::ConsumedTopics());

        tt::delivery::Relay relay(config.db, config.kafka, config.relay);  // publishes video.trending
        relay.Start();
        analytics::app::Rescorer rescorer(pool, stats, tt::SystemClock(), config.processing.rules,
                                          config.rescore_interval, config.dedup_retention);
        rescorer.Start();
        analytics::api::AnalyticsRpc rpc(pool, stats);

        tt::service::Host host(config.host);
        host.AddMetrics([&relay, &pool](tt::MetricsText& out) { relay.WriteMetrics(out, pool); });
        host.AddMetrics([&consumer](tt::MetricsText& out) { consumer.WriteMetrics(out); });
        host.AddMetrics([&pool](tt::MetricsText& out) { pool.WriteMetrics(out); });
        host.AddReadinessCheck("postgres", [&pool] { return pool.Ping(); });
        host.AddReadinessCheck("redis", [&redis] { return redis.Ping(); });
        host.AddReadinessCheck("kafka",
                               [&dead_letters] { return dead_letters.IsConnected(std::chrono::milliseconds(1000)); });
        // Hooks run in reverse: stop consuming first, then the rescorer and the relay, then flush.
        host.AddStopHook([&dead_letters, &config] { dead_letters.Flush(config.kafka.message_timeout); });
        host.AddStopHook([&relay] { relay.Stop(); });
        host.AddStopHook([&rescorer] { rescorer.Stop(); });
        host.AddStopHook([&consumer] { consumer.Stop(); });
        return host.Run({&rpc});
    } catch (const std::exception& e) {
        tt::log::Error("analytics-service failed to start", {{"error", e.what()}});
        return 1;
    }
}
