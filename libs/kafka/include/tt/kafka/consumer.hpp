#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tt/core/metrics.hpp"
#include "tt/core/metrics_text.hpp"
#include "tt/kafka/config.hpp"
#include "tt/kafka/message.hpp"

namespace RdKafka {
class KafkaConsumer;
}

namespace tt::kafka {

class Producer;

// Thrown by a handler for a message that can never succeed (undecodable, wrong schema). The consumer
// moves it to the dead-letter topic at once instead of retrying it.
class PermanentError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Handles one message; returns normally when its effect is durable. Any other exception means
// "try again later": the partition is paused, rewound to this message and retried with backoff.
// tt::Error(kUnavailable) (a dependency outage: PostgreSQL or a service down) is retried until it
// ends; any other failure at most Config::max_attempts times, then the message goes to
// "<topic>.dlq" (dead_letter.hpp) and the partition moves on.
using Handler = std::function<void(const Message& message)>;

// Handles a run of messages as one unit of work (one PostgreSQL transaction: tt::delivery
// ExactlyOnceRun): returns normally when the effects of all of them are durable; throwing means "none
// of them", and each is then handled again alone by its Handler under the rules above.
using RunHandler = std::function<void(const std::vector<Message>& run)>;

// A consumer group member. At-least-once with effects applied before commit:
// enable.auto.commit=false and enable.auto.offset.store=false; an offset is stored only after its
// handler returned and committed every commit_interval, on partition revocation and on Stop().
// Handlers must therefore be idempotent (tt::delivery::ApplyOnce records eventIds with the effect).
// Messages run one at a time on the consumer's own thread, in partition order (or, with a run
// handler, already-fetched messages together, falling back to one at a time when the run fails).
class Consumer {
public:
    explicit Consumer(const Config& config);
    ~Consumer();  // Stop()
    Consumer(const Consumer&) = delete;
    Consumer& operator=(const Consumer&) = delete;

    // Registers the handler of `topics`. Call before Start(); all topics are subscribed at once.
    void Subscribe(const std::vector<std::string>& topics, Handler handler);
    // Where given-up messages go. Without one (the gateway's push bridge, whose events are
    // best-effort) a permanent failure is logged and skipped and other failures retry forever.
    void SetDeadLetterProducer(Producer& producer) { dead_letters_ = &producer; }
    // Optional: messages that are already fetched when one arrives (up to Config::handle_run_max, the
    // consumer never waits to fill a run) go to `run` together instead of one by one: one transaction
    // for many events under load, the same behaviour as one by one when anything in the run fails.
    // Order per partition is kept. Call before Start().
    void SetRunHandler(RunHandler run) { run_handler_ = std::move(run); }
    // Subscribes to every registered topic and starts the consume thread.
    void Start();
    // Finishes the in-flight message, commits handled offsets and leaves the group. Idempotent.
    void Stop();
    bool IsConnected(std::chrono::milliseconds timeout);

    // Counters for tests and /metrics.
    std::uint64_t HandledCount() const { return handled_; }
    // Runs of several messages handled together, and runs that failed and went one by one.
    std::uint64_t RunCount() const { return runs_; }
    std::uint64_t FailedRunCount() const { return failed_runs_; }
    std::uint64_t RetryCount() const { return retries_; }
    std::uint64_t DeadLetterCount() const { return dead_lettered_; }
    // Partitions currently assigned to this member.
    int AssignedCount() const { return assigned_; }
    // tt_consumer_handled_total, _retries_total, _dead_lettered_total, _assigned_partitions (label group).
    void WriteMetrics(MetricsText& out) const;

private:
    struct PartitionKey {
        std::string topic;
        std::int32_t partition;
        auto operator<=>(const PartitionKey&) const = default;
    };
    struct Backoff {
        int attempts = 0;
        std::chrono::steady_clock::time_point resume_at{};
        bool paused = false;
    };
    class Rebalancer;

    void Run();
    // Handles a run of fetched messages: through run_handler_ when set and the run has several.
    void DispatchRun(const std::vector<Message>& run);
    void DropRevoked(std::vector<Message>& run) const;
    // Runs the message's handler; false when it failed and a retry was scheduled.
    bool Dispatch(const Message& message);
    // The message is done (handled or given up): its offset is noted for the next commit.
    void Complete(const Message& message);
    // Hands the noted offsets to librdkafka (one call for all partitions); CommitStored does it first.
    void StoreOffsets();
    void ScheduleRetry(const Message& message, const std::string& error);
    // True when this failure is the message's last allowed attempt.
    bool Exhausted(const Message& message);
    // Moves `message` to its dead-letter topic (or logs and skips it without one). False when the
    // letter could not be published: a retry is scheduled instead and nothing moves on.
    bool GiveUp(const Message& message, const std::string& error);
    void ResumeDuePartitions();
    void CommitStored(bool sync);
    void ForgetPartitions();

    Config config_;
    std::unique_ptr<Rebalancer> rebalancer_;
    std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
    std::map<std::string, Handler> handlers_;
    RunHandler run_handler_;
    std::map<PartitionKey, Backoff> backoff_;  // consume thread only
    // Consume thread only: partitions revoked while a run was drained -> messages drained before that.
    std::map<PartitionKey, std::size_t> revoked_;
    std::size_t drained_ = 0;
    bool dirty_ = false;                       // offsets noted since the last commit
    // Consume thread only: next offset per partition, noted by Complete() and stored in one call
    // before each commit (a call per message was ~5 % of a busy consumer's CPU).
    std::map<PartitionKey, std::int64_t> unstored_;
    std::map<std::string, metrics::Counter*, std::less<>> consumed_;  // tt_kafka_consumed_total by topic
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> handled_{0};
    std::atomic<std::uint64_t> runs_{0};
    std::atomic<std::uint64_t> failed_runs_{0};
    std::atomic<std::uint64_t> retries_{0};
    std::atomic<std::uint64_t> dead_lettered_{0};
    Producer* dead_letters_ = nullptr;
    std::atomic<int> assigned_{0};
    std::thread thread_;
    std::once_flag stop_once_;
};

}  // namespace tt::kafka
