#pragma once

#include <string>

#include "tt/kafka/config.hpp"
#include "tt/pg/pool.hpp"
#include "tt/service/host.hpp"

namespace video {

// Every setting of video-service, declared once in config.cpp.
struct Config {
    tt::service::HostConfig host;
    tt::pg::DbConfig db;
    tt::kafka::Config kafka;
    std::string migrations_dir;
};

Config LoadConfig();

}  // namespace video
