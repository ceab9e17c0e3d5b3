#include "tt/kafka/config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace tt::kafka {
namespace {

TEST(KafkaConfig, DefaultsFollowTheSeed) {
    config::Reader reader([](const std::string&) -> std::optional<std::string> { return std::nullopt; });
    auto c = LoadConfig(reader, "notification-service");
    EXPECT_EQ(c.brokers, "localhost:9092");
    EXPECT_EQ(c.client_id, "notification-service");
    EXPECT_EQ(c.group_id, "notification-service-group");
    EXPECT_EQ(c.topic_partitions, 6);
    // librdkafka's own fetch defaults: every event at once, a 500 ms long poll when idle.
    EXPECT_EQ(c.fetch.wait, std::chrono::milliseconds(500));
    EXPECT_EQ(c.fetch.min_bytes, 1);
}

TEST(KafkaConfig, FetchPolicyDefaultsPerServiceAndEnvironmentWins) {
    std::map<std::string, std::string> env;
    config::Reader reader([&env](const std::string& n) -> std::optional<std::string> {
        auto it = env.find(n);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    });
    auto batching = LoadConfig(reader, "analytics-service", {std::chrono::milliseconds(100), 65536});
    EXPECT_EQ(batching.fetch.wait, std::chrono::milliseconds(100));
    EXPECT_EQ(batching.fetch.min_bytes, 65536);

    env = {{"KAFKA_FETCH_WAIT_MS", "40"}, {"KAFKA_FETCH_MIN_BYTES", "1024"}};
    auto tuned = LoadConfig(reader, "analytics-service", {std::chrono::milliseconds(100), 65536});
    EXPECT_EQ(tuned.fetch.wait, std::chrono::milliseconds(40));
    EXPECT_EQ(tuned.fetch.min_bytes, 1024);
}

TEST(KafkaConfig, EnvironmentOverridesDefaults) {
    std::map<std::string, std::string> env{{"KAFKA_BROKERS", "a:1,b:2"}, {"KAFKA_GROUP_ID", "g"}};
    config::Reader reader([&env](const std::string& n) -> std::optional<std::string> {
        auto it = env.find(n);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    });
    auto c = LoadConfig(reader, "svc");
    EXPECT_EQ(c.brokers, "a:1,b:2");
    EXPECT_EQ(c.group_id, "g");
    EXPECT_EQ(c.client_id, "svc");
}

}  // namespace
}  // namespace tt::kafka
