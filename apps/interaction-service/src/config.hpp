#pragma once

#include <chrono>
#include <string>

#include "tt/delivery/relay.hpp"
#include "tt/kafka/config.hpp"
#include "tt/pg/group_commit.hpp"
#include "tt/pg/pool.hpp"
#include "tt/service/host.hpp"

namespace interaction {

// Every setting of interaction-service, declared once in config.cpp.
struct Config {
    tt::service::HostConfig host;
    tt::pg::DbConfig db;
    tt::kafka::Config kafka;
    tt::delivery::RelayOptions outbox;
    tt::pg::GroupCommitOptions group_commit;
    std::string migrations_dir;
    std::string video_service_url;
    std::string auth_service_url;
    std::chrono::milliseconds rpc_deadline{3000};
    std::chrono::seconds view_dedup_window{1800};
    std::chrono::milliseconds reconcile_interval{300000};
};

Config LoadConfig();

}  // namespace interaction
