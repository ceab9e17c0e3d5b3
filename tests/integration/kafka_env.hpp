#pragma once

// Shared set-up of the Kafka integration tests: the real broker that scripts/test started.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>

#include "tt/core/ids.hpp"
#include "tt/kafka/admin.hpp"
#include "tt/kafka/config.hpp"

namespace tt::it {

inline std::string Env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

// Client config for the test broker; fails the test (not skips it) when there is none.
inline kafka::Config TestConfig(const std::string& group) {
    kafka::Config c;
    c.brokers = Env("KAFKA_BROKERS");
    EXPECT_FALSE(c.brokers.empty()) << "KAFKA_BROKERS is not set: run the integration tests through scripts/test";
    c.client_id = "kafka-it";
    c.group_id = group;
    c.retry_backoff_min = std::chrono::milliseconds(50);
    c.retry_backoff_max = std::chrono::milliseconds(400);
    c.commit_interval = std::chrono::milliseconds(50);
    // Faster group membership changes than the defaults, so rebalance tests take seconds.
    c.overrides["session.timeout.ms"] = "6000";
    c.overrides["heartbeat.interval.ms"] = "500";
    return c;
}

// A fresh topic with `partitions` partitions, unique per test run.
inline std::string FreshTopic(const std::string& name, int partitions = 6) {
    std::string topic = "it." + name + "." + NewUuid().substr(24);
    kafka::EnsureTopics(TestConfig("admin"), {topic}, partitions, 1, std::chrono::milliseconds(30000));
    return topic;
}

inline std::string FreshGroup(const std::string& name) {
    return "it-" + name + "-" + NewUuid().substr(24);
}

// Waits (bounded) until `done` holds, re-checking whenever Notify() is called.
class Waiter {
public:
    void Notify() { cv_.notify_all(); }
    std::mutex& Mutex() { return mutex_; }
    bool WaitFor(std::chrono::seconds timeout, const std::function<bool()>& done) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, timeout, done);
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
};

}  // namespace tt::it
