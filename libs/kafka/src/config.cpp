#include "tt/kafka/config.hpp"

namespace tt::kafka {

Config LoadConfig(config::Reader& reader, const std::string& service_name, FetchPolicy fetch_defaults) {
    Config c;
    c.brokers = reader.String({"KAFKA_BROKERS"}, "localhost:9092", "Kafka bootstrap brokers, comma separated");
    c.client_id = reader.String({"KAFKA_CLIENT_ID"}, service_name, "Kafka client.id");
    c.group_id = reader.String({"KAFKA_GROUP_ID"}, service_name + "-group", "Kafka consumer group id");
    c.message_timeout =
        reader.Millis("KAFKA_MESSAGE_TIMEOUT_MS", 3000, 1000, 300000,
                      "time after which an undelivered publish fails; keep it below the gateway's GRPC_DEADLINE_MS");
    c.retry_backoff_min = reader.Millis("KAFKA_RETRY_BACKOFF_MIN_MS", 100, 1, 60000,
                                        "first delay before a failed event is handled again");
    c.retry_backoff_max = reader.Millis("KAFKA_RETRY_BACKOFF_MAX_MS", 10000, 1, 600000,
                                        "longest delay between retries of a failed event");
    c.commit_interval =
        reader.Millis("KAFKA_COMMIT_INTERVAL_MS", 200, 10, 60000, "how often offsets of handled events are committed");
    c.fetch.wait = reader.Millis("KAFKA_FETCH_WAIT_MS", fetch_defaults.wait.count(), 0, 5000,
                                 "longest a consumer fetch waits for KAFKA_FETCH_MIN_BYTES (also the idle poll period)");
    c.fetch.min_bytes = static_cast<int>(reader.Int({"KAFKA_FETCH_MIN_BYTES"}, fetch_defaults.min_bytes, 1, 100000000,
                                                    "bytes a consumer fetch waits for (1: every event at once)"));
    c.handle_run_max = static_cast<std::size_t>(
        reader.Int({"KAFKA_HANDLE_RUN_MAX"}, 100, 1, 10000,
                   "most already-fetched events a consumer applies in one transaction (1: one by one)"));
    c.max_attempts = static_cast<int>(reader.Int({"KAFKA_MAX_ATTEMPTS"}, 5, 1, 1000,
                                                 "tries of a failing event before it goes to <topic>.dlq "
                                                 "(a dependency outage is retried until it ends)"));
    c.topic_partitions = static_cast<int>(
        reader.Int({"KAFKA_TOPIC_PARTITIONS"}, 6, 1, 1000, "partitions of topics created at start-up"));
    c.topic_replication = static_cast<int>(
        reader.Int({"KAFKA_TOPIC_REPLICATION"}, 1, 1, 10, "replication factor of topics created at start-up"));
    return c;
}

}  // namespace tt::kafka
