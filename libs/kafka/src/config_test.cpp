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
