#pragma once

#include <chrono>
#include <string>

#include "app/batch_processor.hpp"
#include "tt/delivery/relay.hpp"
#include "tt/kafka/batch_consumer.hpp"
#include "tt/kafka/config.hpp"
#include "tt/pg/pool.hpp"
#include "tt/redis/client.hpp"
#include "tt/service/host.hpp"

namespace analytics {

// Every setting of analytics-service, declared once in config.cpp.
struct Config {
    tt::service::HostConfig host;
    tt::pg::DbConfig db;
    tt::kafka::Config kafka;
    tt::redis::RedisConfig redis;
    tt::delivery::RelayOptions relay;
    std::string migrations_dir;
    std::string video_service_url;
    std::chrono::milliseconds rpc_deadline{3000};
    tt::kafka::BatchOptions batch;
    app::ProcessorSettings processing;
    std::chrono::milliseconds rescore_interval{30000};
    std::chrono::seconds viewer_sketch_ttl{7 * 86400};
    std::chrono::seconds dedup_retention{86400};
};

Config LoadConfig();

}  // namespace analytics
