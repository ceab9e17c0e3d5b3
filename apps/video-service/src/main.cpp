// video-service: video metadata, upload processing. Wiring only; see README.md.
#include "api/video_rpc.hpp"
#include "app/processor.hpp"
#include "app/sweeper.hpp"
#include "config.hpp"
#include "tt/core/log.hpp"
#include "tt/delivery/outbox.hpp"
#include "tt/delivery/relay.hpp"
#include "tt/events/topics.hpp"
#include "tt/kafka/consumer.hpp"
#include "tt/kafka/producer.hpp"
#include "tt/pg/migrate.hpp"
#include "tt/service/host.hpp"

int main() {
    try {
        auto config = video::LoadConfig();
        tt::log::Init(config.host.name, config.host.log_level);

        tt::pg::Pool pool(config.db);
        tt::pg::MigrateWhenReachable(pool, config.migrations_dir);
        tt::delivery::EnsureSchema(pool);
        tt::delivery::Relay relay(config.db, config.kafka, config.outbox);
        relay.Start();
        video::store::VideoStore videos(pool);
        tt::kafka::Producer producer(config.kafka);  // dead letters
        tt::storage::DirectoryStorage storage(config.storage_dir);
        tt::redis::Client redis(config.redis);
        video::app::VideoCache cache(redis, config.cache_ttl);
        videos.OnChange([&cache](const std::string& id, bool feed) { cache.Changed(id, feed); });
        video::api::VideoRpc rpc(videos, storage, cache);

        video::app::Processor processor(videos, storage, config.tool_timeout);
        tt::kafka::Consumer consumer(config.kafka);
        consumer.SetDeadLetterProducer(producer);
        consumer.Subscribe({std::string(tt::events::kVideoUploaded)},
                           [&processor](const tt::kafka::Message& m) { processor.OnVideoUploaded(m); });
        consumer.Start();
        video::app::Sweeper sweeper(videos, storage,
                                    {config.sweep_interval, config.upload_timeout, config.processing_timeout});
        sweeper.Start();

        tt::service::Host host(config.host);
        host.AddMetrics([&pool](tt::MetricsText& out) { pool.WriteMetrics(out); });
        host.AddReadinessCheck("postgres", [&pool] { return pool.Ping(); });
        // Kafka is not a readiness condition: writes go to the outbox and leave when Kafka is back.
        host.AddMetrics([&relay, &pool](tt::MetricsText& out) { relay.WriteMetrics(out, pool); });
        host.AddMetrics([&consumer](tt::MetricsText& out) { consumer.WriteMetrics(out); });
        host.AddStopHook([&producer, &config] { producer.Flush(config.kafka.message_timeout); });
        host.AddStopHook([&relay] { relay.Stop(); });
        host.AddStopHook([&sweeper] { sweeper.Stop(); });
        host.AddStopHook([&consumer] { consumer.Stop(); });  // runs first: hooks run in reverse
        return host.Run({&rpc});
    } catch (const std::exception& e) {
        tt::log::Error("video-service failed to start", {{"error", e.what()}});
        return 1;
    }
}
