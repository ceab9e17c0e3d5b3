#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace tt::bench {

// One producer -> broker -> consumer run through tt::kafka::Producer and tt::kafka::Consumer.
struct PipelineOptions {
    std::string brokers = "127.0.0.1:9092";
    std::string topic;
    bool create = false;  // create the topic (EnsureTopics) with `partitions` before the run
    int partitions = 6;
    int replication = 1;
    std::uint64_t messages = 0;                       // stop after this many (0: run for `duration`)
    std::chrono::milliseconds duration{0};            // stop after this long (0: run for `messages`)
    double rate = 0;                                  // messages/s, open loop; 0 = as fast as possible
    std::size_t size = 200;                           // payload bytes (>= 28: run id, sequence, send time)
    std::string group;                                // consumer group; default tt-kafka-bench-<run id>
    std::uint64_t max_in_flight = 50000;              // published but not yet acknowledged
    std::uint32_t key_range = 4096;                   // keys "0".."key_range-1", round robin
    std::chrono::milliseconds message_timeout{3000};  // KAFKA_MESSAGE_TIMEOUT_MS default of the services
    std::chrono::milliseconds drain_timeout{30000};   // after the last ack, wait this long for the consumer
    // Hold the consumer until the producer is done, then time how fast it drains the backlog (what
    // Kafka's ConsumerPerformance measures). End-to-end latencies are meaningless in this mode.
    bool backlog = false;
};

// Runs the benchmark and returns the report (see bench/kafka/README.md for the fields; "ok" is false
// when an acknowledged record never arrived or one arrived twice). Throws tt::Error when Kafka
// cannot be reached or the consumer gets no partitions within 30 s.
nlohmann::json RunPipeline(const PipelineOptions& options);

}  // namespace tt::bench
