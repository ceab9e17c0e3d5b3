#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include "tt/kafka/config.hpp"
#include "tt/kafka/message.hpp"

namespace RdKafka {
class Producer;
}

namespace tt::kafka {

// Idempotent producer (enable.idempotence=true, acks=all): retries inside librdkafka never duplicate
// or reorder a partition. Every publish ends in exactly one result, success or error, within
// `message_timeout`; nothing is dropped silently. Thread-safe. Owns one poll thread that runs the
// delivery callbacks.
class Producer {
public:
    // Called once per message, on the poll thread: report on success, error text otherwise.
    using DeliveryCallback = std::function<void(const DeliveryReport* report, const std::string& error)>;

    explicit Producer(const Config& config);
    ~Producer();  // flushes for up to message_timeout, then stops the poll thread
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;

    void PublishAsync(std::string_view topic, std::string_view key, std::string_view payload,
                      std::vector<Header> headers, DeliveryCallback callback);

    // Blocks until the broker acknowledged the record; throws tt::Error(kUnavailable) saying why
    // delivery failed (broker down for longer than message_timeout, unknown topic, ...).
    DeliveryReport Publish(std::string_view topic, std::string_view key, std::string_view payload,
                           std::vector<Header> headers = {});

    // Waits until every queued message has a result; false if the timeout came first.
    bool Flush(std::chrono::milliseconds timeout);
    // Fails every message not yet delivered (their callbacks report "purged"): for shutting down
    // without waiting for an absent broker.
    void Purge();
    // A metadata round trip to the cluster within `timeout`.
    bool IsConnected(std::chrono::milliseconds timeout);

private:
    void PollLoop();

    Config config_;
    std::unique_ptr<RdKafka::Producer> producer_;
    std::atomic<bool> stopping_{false};
    std::thread poll_thread_;
};

}  // namespace tt::kafka
