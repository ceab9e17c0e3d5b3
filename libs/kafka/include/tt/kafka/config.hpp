#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

#include "tt/core/config.hpp"

namespace tt::kafka {

// How a consumer's fetches trade latency for batching (KAFKA_FETCH_WAIT_MS, KAFKA_FETCH_MIN_BYTES).
struct FetchPolicy {
    std::chrono::milliseconds wait{500};
    int min_bytes = 1;
};

// Settings of one service's Kafka clients, from the seed's variables.
struct Config {
    std::string brokers;                               // KAFKA_BROKERS, comma list
    std::string client_id;                             // KAFKA_CLIENT_ID, default the service name
    std::string group_id;                              // KAFKA_GROUP_ID, default "<service>-group"
    std::chrono::milliseconds message_timeout{3000};   // a publish fails after this, never silently
    std::chrono::milliseconds retry_backoff_min{100};  // failing handler: first retry delay
    std::chrono::milliseconds retry_backoff_max{10000};
    std::chrono::milliseconds commit_interval{200};  // stored offsets are committed this often
    // A consumer fetch returns once fetch_min_bytes are there or fetch_wait has passed. The default
    // (1 byte, 500 ms) returns every event at once and long-polls when idle. A larger fetch_min_bytes
    // makes one fetch carry many events under load (fewer broker requests, longer runs) for up to
    // fetch_wait of added latency, but then an idle consumer polls every fetch_wait, and each poll of
    // a few dozen partitions costs the broker about a millisecond of CPU (docs/PERFORMANCE.md).
    FetchPolicy fetch;
    std::size_t handle_run_max = 100;  // most fetched events handled as one run (Consumer::SetRunHandler)
    int max_attempts = 5;  // a failing event goes to <topic>.dlq after this many tries (outages retry forever)
    int topic_partitions = 6;
    int topic_replication = 1;
    std::map<std::string, std::string> overrides;  // raw librdkafka properties (tests, tuning)
};

// fetch_defaults: this service's defaults for KAFKA_FETCH_WAIT_MS and KAFKA_FETCH_MIN_BYTES.
Config LoadConfig(config::Reader& reader, const std::string& service_name, FetchPolicy fetch_defaults = {});

}  // namespace tt::kafka
