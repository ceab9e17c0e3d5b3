#pragma once

#include <chrono>
#include <string>

#include "tt/delivery/relay.hpp"
#include "tt/kafka/config.hpp"
#include "tt/pg/pool.hpp"
#include "tt/redis/client.hpp"
#include "tt/service/host.hpp"

namespace video {

// Every setting of video-service, declared once in config.cpp.
struct Config {
    tt::service::HostConfig host;
    tt::pg::DbConfig db;
    tt::kafka::Config kafka;
    tt::delivery::RelayOptions outbox;
    std::string migrations_dir;
    std::string storage_dir;
    tt::redis::RedisConfig redis;
    std::chrono::seconds cache_ttl{60};
    std::chrono::milliseconds tool_timeout{120000};
    std::chrono::seconds upload_timeout{3600};
    std::chrono::seconds processing_timeout{900};
    std::chrono::seconds sweep_interval{60};
};

Config LoadConfig();

}  // namespace video
