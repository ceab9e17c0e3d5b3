#pragma once

#include <chrono>
#include <string>

#include "tt/delivery/relay.hpp"
#include "tt/kafka/config.hpp"
#include "tt/pg/pool.hpp"
#include "tt/service/host.hpp"

namespace notification {

// Every setting of notification-service, declared once in config.cpp.
struct Config {
    tt::service::HostConfig host;
    tt::pg::DbConfig db;
    tt::kafka::Config kafka;
    tt::delivery::RelayOptions outbox;
    std::string migrations_dir;
    std::string interaction_service_url;
    std::string auth_service_url;
    std::chrono::milliseconds rpc_deadline{3000};
};

Config LoadConfig();

}  // namespace notification
