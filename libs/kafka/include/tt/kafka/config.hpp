#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

#include "tt/core/config.hpp"

namespace tt::kafka {

// Settings of one service's Kafka clients, from the seed's variables.
struct Config {
    std::string brokers;                               // KAFKA_BROKERS, comma list
    std::string client_id;                             // KAFKA_CLIENT_ID, default the service name
    std::string group_id;                              // KAFKA_GROUP_ID, default "<service>-group"
    std::chrono::milliseconds message_timeout{3000};   // a publish fails after this, never silently
    std::chrono::milliseconds retry_backoff_min{100};  // failing handler: first retry delay
    std::chrono::milliseconds retry_backoff_max{10000};
    std::chrono::milliseconds commit_interval{200};  // stored offsets are committed this often
    std::size_t handle_run_max = 100;  // most fetched events handled as one run (Consumer::SetRunHandler)
    int max_attempts = 5;  // a failing event goes to <topic>.dlq after this many tries (outages retry forever)
    int topic_partitions = 6;
    int topic_replication = 1;
    std::map<std::string, std::string> overrides;  // raw librdkafka properties (tests, tuning)
};

Config LoadConfig(config::Reader& reader, const std::string& service_name);

}  // namespace tt::kafka
