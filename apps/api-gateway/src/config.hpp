#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "tt/kafka/config.hpp"
#include "tt/redis/client.hpp"

namespace gateway {

// Every setting of the gateway, declared once in config.cpp.
struct Config {
    int port = 3000;
    int threads = 2;
    std::string log_level = "info";
    std::string auth_url;
    std::string video_url;
    std::string interaction_url;
    std::string notification_url;
    std::string analytics_url;
    std::chrono::milliseconds rpc_deadline{5000};
    std::string access_secret;
    std::chrono::seconds access_ttl{900};
    std::chrono::seconds refresh_ttl{7 * 86400};
    bool secure_cookies = true;  // false only when NODE_ENV is development or test
    std::size_t body_limit = 1 << 20;
    std::string storage_dir;
    std::chrono::milliseconds feed_cache_ttl{1000};
    std::chrono::milliseconds video_cache_ttl{10000};
    std::uint64_t max_file_size = 104857600;
    std::uint64_t max_image_size = 10 << 20;
    std::chrono::milliseconds shutdown_grace{10000};
    std::vector<std::string> cors_origins;
    std::string openapi_file;
    tt::redis::RedisConfig redis;
    bool rate_limit_enabled = true;
    int rate_limit_auth = 20;
    int rate_limit_write = 120;
    int rate_limit_read = 600;
    int rate_limit_window = 60;
    std::chrono::milliseconds rate_limit_sync{20};
    // Real time (GET /ws): the Kafka consumer of the event bridge and the per-socket limits.
    tt::kafka::Config kafka;
    std::size_t ws_send_queue_limit = 256;
    std::size_t ws_send_queue_bytes = 1 << 20;
    std::size_t ws_max_rooms = 100;
    std::size_t ws_max_message_bytes = 4096;
};

Config LoadConfig();

}  // namespace gateway
