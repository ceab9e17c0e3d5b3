#include "tt/kafka/consumer.hpp"

#include "handle.hpp"
#include "tt/core/clock.hpp"
#include "tt/core/error.hpp"
#include "tt/core/log.hpp"
#include "tt/kafka/backoff.hpp"
#include "tt/kafka/dead_letter.hpp"
#include "tt/kafka/producer.hpp"

namespace tt::kafka {

// Commits what was handled before partitions go away, so the next owner starts right after it.
class Consumer::Rebalancer final : public RdKafka::RebalanceCb {
public:
    explicit Rebalancer(Consumer& owner) : owner_(owner) {}

    void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                      std::vector<RdKafka::TopicPartition*>& partitions) override {
        const bool cooperative = consumer->rebalance_protocol() == "COOPERATIVE";
        if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
            log::Info("kafka partitions assigned", {{"count", partitions.size()}, {"group", owner_.config_.group_id}});
            if (cooperative) {
                delete consumer->incremental_assign(partitions);
                owner_.assigned_ += static_cast<int>(partitions.size());
            } else {
                consumer->assign(partitions);
                owner_.assigned_ = static_cast<int>(partitions.size());
            }
            return;
        }
        log::Info("kafka partitions revoked", {{"count", partitions.size()}, {"group", owner_.config_.group_id}});
        // Messages of these partitions drained into the current run so far are their next owner's.
        for (const auto* partition : partitions) {
            owner_.revoked_[{partition->topic(), partition->partition()}] = owner_.drained_;
        }
        owner_.CommitStored(/*sync=*/true);
        owner_.ForgetPartitions();
        if (cooperative) {
            delete consumer->incremental_unassign(partitions);
            owner_.assigned_ -= static_cast<int>(partitions.size());
        } else {
            consumer->unassign();
            owner_.assigned_ = 0;
        }
    }

private:
    Consumer& owner_;
};

Consumer::Consumer(const Config& config) : config_(config), rebalancer_(std::make_unique<Rebalancer>(*this)) {
    auto conf = detail::GroupConsumerConf(config);
    std::string err;
    if (conf->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(rebalancer_.get()), err) !=
        RdKafka::Conf::CONF_OK) {
        throw Error(ErrorCode::kInternal, "librdkafka rejected rebalance_cb: " + err);
    }
    consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), err));
    if (!consumer_) throw Error(ErrorCode::kInternal, "cannot create Kafka consumer: " + err);
}

Consumer::~Consumer() {
    Stop();
}

void Consumer::Subscribe(const std::vector<std::string>& topics, Handler handler) {
    if (thread_.joinable()) throw Error(ErrorCode::kInternal, "Consumer::Subscribe called after Start()");
    for (const auto& topic : topics) handlers_[topic] = handler;
}

void Consumer::Start() {
    std::vector<std::string> topics;
    for (const auto& [topic, handler] : handlers_) topics.push_back(topic);
    if (topics.empty()) throw Error(ErrorCode::kInternal, "Consumer::Start called without any Subscribe()");
    auto err = consumer_->subscribe(topics);
    if (err != RdKafka::ERR_NO_ERROR) {
        throw Error(ErrorCode::kUnavailable, "cannot subscribe to Kafka topics: " + RdKafka::err2str(err));
    }
    thread_ = std::thread([this] { Run(); });
}

void Consumer::Stop() {
    std::call_once(stop_once_, [this] {
        stopping_ = true;
        if (thread_.joinable()) {
            thread_.join();  // Run() commits and closes on its way out
        } else {
            consumer_->close();
        }
    });
}

bool Consumer::IsConnected(std::chrono::milliseconds timeout) {
    return detail::MetadataRoundTrip(*consumer_, timeout);
}

void Consumer::Run() {
    auto last_commit = std::chrono::steady_clock::now();
    while (!stopping_) {
        ResumeDuePartitions();
        std::unique_ptr<RdKafka::Message> raw(consumer_->consume(100));
        if (raw->err() == RdKafka::ERR_NO_ERROR) {
            std::vector<Message> run{detail::CopyMessage(*raw)};
            // Whatever else is already fetched joins the run (never waiting for more).
            revoked_.clear();
            while (run_handler_ && run.size() < config_.handle_run_max) {
                drained_ = run.size();
                std::unique_ptr<RdKafka::Message> next(consumer_->consume(0));
                if (next->err() != RdKafka::ERR_NO_ERROR) break;
                run.push_back(detail::CopyMessage(*next));
            }
            if (!revoked_.empty()) DropRevoked(run);
            DispatchRun(run);
        } else if (raw->err() != RdKafka::ERR__TIMED_OUT && raw->err() != RdKafka::ERR__PARTITION_EOF) {
            // Broker connection problems are retried by librdkafka; keep polling.
            log::Warn("kafka consume error", {{"error", raw->errstr()}});
        }
        auto now = std::chrono::steady_clock::now();
        if (dirty_ && now - last_commit >= config_.commit_interval) {
            CommitStored(/*sync=*/false);
            last_commit = now;
        }
    }
    CommitStored(/*sync=*/true);
    consumer_->close();  // leaves the group; the revoke callback commits once more (no-op)
    log::Info("kafka consumer stopped", {{"group", config_.group_id}, {"handled", handled_.load()}});
}

void Consumer::DropRevoked(std::vector<Message>& run) const {
    // A partition revoked while the run was drained (the callback runs inside consume) continues at
    // its next owner from the offsets committed then: the messages drained before the revocation are
    // not ours any more. Messages after it come from a new assignment and stay.
    std::vector<Message> kept;
    for (std::size_t i = 0; i < run.size(); ++i) {
        auto it = revoked_.find({run[i].topic, run[i].partition});
        if (it == revoked_.end() || i >= it->second) kept.push_back(std::move(run[i]));
    }
    run = std::move(kept);
}

void Consumer::DispatchRun(const std::vector<Message>& run) {
    if (run.empty()) return;
    if (run.size() > 1) {
        try {
            run_handler_(run);
            ++runs_;
            for (const auto& message : run) Complete(message);
            return;
        } catch (const std::exception& e) {
            // Info: the one-by-one pass below logs a warning for each message that fails again.
            ++failed_runs_;
            log::Info("kafka run failed, handling its messages one by one",
                      {{"group", config_.group_id}, {"messages", run.size()}, {"error", e.what()}});
        }
    }
    // Each message alone, with its own retry and dead letter. A failed message's partition is rewound
    // to it: what follows it in the run comes again after it.
    std::set<PartitionKey> rewound;
    for (const auto& message : run) {
        if (rewound.contains({message.topic, message.partition})) continue;
        if (!Dispatch(message)) rewound.insert({message.topic, message.partition});
    }
}

bool Consumer::Dispatch(const Message& message) {
    auto handler = handlers_.find(message.topic);
    try {
        if (handler == handlers_.end()) throw PermanentError("no handler for topic " + message.topic);
        handler->second(message);
    } catch (const PermanentError& e) {
        if (!GiveUp(message, e.what())) return false;
    } catch (const Error& e) {
        bool outage = e.Code() == ErrorCode::kUnavailable || e.Code() == ErrorCode::kDeadlineExceeded;
        if (outage || !Exhausted(message)) {
            ScheduleRetry(message, e.what());
            return false;
        }
        if (!GiveUp(message, e.what())) return false;
    } catch (const std::exception& e) {
        if (!Exhausted(message)) {
            ScheduleRetry(message, e.what());
            return false;
        }
        if (!GiveUp(message, e.what())) return false;
    }
    Complete(message);
    return true;
}

void Consumer::Complete(const Message& message) {
    PartitionKey key{message.topic, message.partition};
    if (!backoff_.empty()) backoff_.erase(key);
    unstored_[std::move(key)] = message.offset + 1;
    dirty_ = true;
    ++handled_;
    auto counter = consumed_.find(message.topic);
    if (counter == consumed_.end()) {
        counter = consumed_.emplace(message.topic, &detail::ConsumedCounter(config_.group_id, message.topic)).first;
    }
    counter->second->Add();
}

void Consumer::StoreOffsets() {
    if (unstored_.empty()) return;
    std::vector<std::unique_ptr<RdKafka::TopicPartition>> owned;
    std::vector<RdKafka::TopicPartition*> offsets;
    for (const auto& [key, next] : unstored_) {
        owned.emplace_back(RdKafka::TopicPartition::create(key.topic, key.partition, next));
        offsets.push_back(owned.back().get());
    }
    unstored_.clear();
    auto err = consumer_->offsets_store(offsets);
    if (err != RdKafka::ERR_NO_ERROR) {
        // A partition was lost meanwhile; its next owner will see those messages again (idempotent).
        log::Warn("kafka offsets not stored", {{"group", config_.group_id}, {"error", RdKafka::err2str(err)}});
    }
}

bool Consumer::Exhausted(const Message& message) {
    // Without a dead-letter topic there is nowhere to put the message: keep trying.
    if (dead_letters_ == nullptr) return false;
    auto it = backoff_.find({message.topic, message.partition});
    int failures = (it == backoff_.end() ? 0 : it->second.attempts) + 1;
    return failures >= config_.max_attempts;
}

bool Consumer::GiveUp(const Message& message, const std::string& error) {
    auto it = backoff_.find({message.topic, message.partition});
    int attempts = (it == backoff_.end() ? 0 : it->second.attempts) + 1;
    nlohmann::json fields = {{"topic", message.topic},
                             {"partition", message.partition},
                             {"offset", message.offset},
                             {"attempts", attempts},
                             {"group", config_.group_id},
                             {"error", error},
                             {"payload", message.payload.substr(0, 2000)}};
    if (dead_letters_ == nullptr) {
        log::Error("kafka message cannot be handled, skipping it", fields);
        return true;
    }
    try {
        dead_letters_->Publish(
            DeadLetterTopic(message.topic), message.key, message.payload,
            DeadLetterHeaders(message, error, config_.group_id, attempts, FormatIso8601(SystemClock().Now())));
    } catch (const std::exception& e) {
        // Kafka cannot take the letter now: keep the message where it is and try it again later.
        ScheduleRetry(message, error + "; dead-letter publish failed: " + e.what());
        return false;
    }
    ++dead_lettered_;
    fields["deadLetterTopic"] = DeadLetterTopic(message.topic);
    // WARN, not ERROR: the service is healthy; alert on tt_consumer_dead_lettered_total.
    log::Warn("kafka message moved to the dead-letter topic (inspect and re-drive with scripts/dlq)", fields);
    return true;
}

void Consumer::ScheduleRetry(const Message& message, const std::string& error) {
    auto& state = backoff_[{message.topic, message.partition}];
    ++state.attempts;
    ++retries_;
    auto delay = RetryDelay(state.attempts, config_.retry_backoff_min, config_.retry_backoff_max);
    state.resume_at = std::chrono::steady_clock::now() + delay;
    state.paused = true;
    log::Warn("kafka handler failed, will retry", {{"topic", message.topic},
                                                   {"partition", message.partition},
                                                   {"offset", message.offset},
                                                   {"attempt", state.attempts},
                                                   {"retryInMs", delay.count()},
                                                   {"error", error}});
    std::unique_ptr<RdKafka::TopicPartition> tp(
        RdKafka::TopicPartition::create(message.topic, message.partition, message.offset));
    std::vector<RdKafka::TopicPartition*> parts{tp.get()};
    consumer_->pause(parts);
    // Rewind: the seek flushes whatever was prefetched after this message, so nothing behind it is
    // handled before it succeeds.
    auto err = consumer_->seek(*tp, 5000);
    if (err != RdKafka::ERR_NO_ERROR) {
        log::Warn("kafka seek for retry failed", {{"topic", message.topic}, {"error", RdKafka::err2str(err)}});
    }
}

void Consumer::ResumeDuePartitions() {
    if (backoff_.empty()) return;
    auto now = std::chrono::steady_clock::now();
    for (auto& [key, state] : backoff_) {
        if (!state.paused || state.resume_at > now) continue;
        std::unique_ptr<RdKafka::TopicPartition> tp(RdKafka::TopicPartition::create(key.topic, key.partition));
        std::vector<RdKafka::TopicPartition*> parts{tp.get()};
        consumer_->resume(parts);
        state.paused = false;
    }
}

void Consumer::CommitStored(bool sync) {
    if (!dirty_) return;
    StoreOffsets();
    auto err = sync ? consumer_->commitSync() : consumer_->commitAsync();
    if (err == RdKafka::ERR_NO_ERROR || err == RdKafka::ERR__NO_OFFSET) {
        dirty_ = false;
    } else {
        log::Warn("kafka offset commit failed, will retry", {{"error", RdKafka::err2str(err)}});
    }
}

void Consumer::WriteMetrics(MetricsText& out) const {
    MetricsText::Labels group{{"group", config_.group_id}};
    out.Counter("tt_consumer_handled_total", "events handled (or given up) and stored for commit",
                static_cast<double>(handled_.load()), group);
    out.Counter("tt_consumer_retries_total", "failed handler runs scheduled for retry",
                static_cast<double>(retries_.load()), group);
    out.Counter("tt_consumer_runs_total", "runs of several fetched events handled in one unit of work",
                static_cast<double>(runs_.load()), group);
    out.Counter("tt_consumer_failed_runs_total", "runs that failed and were handled again one by one",
                static_cast<double>(failed_runs_.load()), group);
    out.Counter("tt_consumer_dead_lettered_total", "events moved to a dead-letter topic",
                static_cast<double>(dead_lettered_.load()), group);
    out.Gauge("tt_consumer_assigned_partitions", "partitions assigned to this member", assigned_.load(), group);
    detail::WritePartitionLag(*consumer_, config_.group_id, out);
}

void Consumer::ForgetPartitions() {
    backoff_.clear();
}

}  // namespace tt::kafka
