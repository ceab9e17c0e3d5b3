#pragma once

#include <chrono>
#include <string>

#include "tt/pg/pool.hpp"
#include "tt/redis/client.hpp"
#include "tt/service/host.hpp"

namespace auth {

// Every setting of auth-service, declared once in config.cpp.
struct Config {
    tt::service::HostConfig host;
    tt::pg::DbConfig db;
    tt::redis::RedisConfig redis;
    std::string migrations_dir;
    std::string access_secret;
    std::string refresh_secret;
    std::chrono::seconds access_ttl{900};
    std::chrono::seconds refresh_ttl{7 * 86400};
    int login_max_failures = 10;
    std::chrono::seconds login_failure_window{900};
    int password_hash_concurrency = 2;  // argon2id hashes at once (64 MiB each)
};

// Throws tt::Error(kInvalidArgument) naming every bad variable.
Config LoadConfig();

}  // namespace auth
