#include "tt/kafka/batch_consumer.hpp"

#include <algorithm>

#include "handle.hpp"
#include "tt/core/error.hpp"
#include "tt/core/log.hpp"
#include "tt/kafka/backoff.hpp"

namespace tt::kafka {
namespace {

constexpr int kSeekTimeoutMs = 5000;

// Owns the TopicPartition objects of a list handed to librdkafka.
struct PartitionList {
    std::vector<RdKafka::TopicPartition*> items;
    PartitionList() = default;
    PartitionList(const PartitionList&) = delete;
    PartitionList& operator=(const PartitionList&) = delete;
    ~PartitionList() { RdKafka::TopicPartition::destroy(items); }
};

std::int64_t StartOffset(std::int64_t stored) {
    return stored == kNoStoredOffset ? RdKafka::Topic::OFFSET_BEGINNING : stored;
}

}  // namespace

// Positions assigned partitions at their stored offsets; hands over the pending batch before a revocation.
class BatchConsumer::Rebalancer final : public RdKafka::RebalanceCb {
public:
    explicit Rebalancer(BatchConsumer& owner) : owner_(owner) {}

    void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                      std::vector<RdKafka::TopicPartition*>& partitions) override {
        const bool cooperative = consumer->rebalance_protocol() == "COOPERATIVE";
        if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
            Assign(*consumer, partitions, cooperative);
        } else {
            Revoke(*consumer, partitions, cooperative);
        }
    }

private:
    void Assign(RdKafka::KafkaConsumer& consumer, std::vector<RdKafka::TopicPartition*>& partitions, bool cooperative) {
        std::vector<PartitionOffset> wanted;
        for (auto* p : partitions) wanted.push_back({p->topic(), p->partition(), kNoStoredOffset});
        std::map<PartitionKey, std::int64_t> loaded;
        for (const auto& p : owner_.LoadUntilStopped(wanted)) loaded[{p.topic, p.partition}] = p.next_offset;
        std::size_t from_store = 0;
        for (auto* p : partitions) {
            PartitionKey key{p->topic(), p->partition()};
            auto it = loaded.find(key);
            std::int64_t stored = it == loaded.end() ? kNoStoredOffset : it->second;
            from_store += stored != kNoStoredOffset;
            owner_.stored_[key] = stored;
            p->set_offset(StartOffset(stored));
        }
        if (cooperative) {
            delete consumer.incremental_assign(partitions);
            if (owner_.rewinding_) consumer.pause(partitions);  // resumed by the pending rewind
        } else {
            consumer.assign(partitions);
            owner_.rewinding_ = false;  // the whole assignment was just positioned from the store
            consumer.resume(partitions);
        }
        log::Info("kafka partitions assigned at their stored offsets",
                  {{"count", partitions.size()}, {"withStoredOffset", from_store}, {"group", owner_.config_.group_id}});
    }

    void Revoke(RdKafka::KafkaConsumer& consumer, std::vector<RdKafka::TopicPartition*>& partitions, bool cooperative) {
        bool lost = consumer.assignment_lost();
        log::Info("kafka partitions revoked",
                  {{"count", partitions.size()}, {"lost", lost}, {"group", owner_.config_.group_id}});
        if (!owner_.batch_.empty()) {
            if (lost) {
                // Another member may own them already: its reads start at the stored offsets.
                owner_.batch_.clear();
                owner_.ScheduleRewind("partitions lost before the batch was stored");
            } else {
                owner_.Flush();
            }
        }
        for (auto* p : partitions) owner_.stored_.erase({p->topic(), p->partition()});
        if (cooperative) {
            delete consumer.incremental_unassign(partitions);
        } else {
            consumer.unassign();
        }
    }

    BatchConsumer& owner_;
};

BatchConsumer::BatchConsumer(const Config& config, BatchOptions options, OffsetLoader loader, BatchHandler handler)
    : config_(config),
      options_(options),
      loader_(std::move(loader)),
      handler_(std::move(handler)),
      rebalancer_(std::make_unique<Rebalancer>(*this)) {
    if (options_.max_messages == 0) throw Error(ErrorCode::kInvalidArgument, "batch size must be at least 1");
    auto conf = detail::GroupConsumerConf(config);
    std::string err;
    if (conf->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(rebalancer_.get()), err) !=
        RdKafka::Conf::CONF_OK) {
        throw Error(ErrorCode::kInternal, "librdkafka rejected rebalance_cb: " + err);
    }
    consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), err));
    if (!consumer_) throw Error(ErrorCode::kInternal, "cannot create Kafka consumer: " + err);
}

BatchConsumer::~BatchConsumer() {
    Stop();
}

void BatchConsumer::Start(const std::vector<std::string>& topics) {
    if (topics.empty()) throw Error(ErrorCode::kInternal, "BatchConsumer::Start called without topics");
    auto err = consumer_->subscribe(topics);
    if (err != RdKafka::ERR_NO_ERROR) {
        throw Error(ErrorCode::kUnavailable, "cannot subscribe to Kafka topics: " + RdKafka::err2str(err));
    }
    thread_ = std::thread([this] { Run(); });
}

void BatchConsumer::Stop() {
    std::call_once(stop_once_, [this] {
        stopping_ = true;
        if (thread_.joinable()) {
            thread_.join();  // Run() hands over the pending batch and closes on its way out
        } else {
            consumer_->close();
        }
    });
}

bool BatchConsumer::IsConnected(std::chrono::milliseconds timeout) {
    return detail::MetadataRoundTrip(*consumer_, timeout);
}

void BatchConsumer::Run() {
    while (!stopping_) {
        auto now = std::chrono::steady_clock::now();
        if (rewinding_ && now >= rewind_at_) TryRewind();
        auto wait = std::chrono::milliseconds(100);
        if (!batch_.empty()) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(batch_deadline_ - now);
            wait = std::clamp(left, std::chrono::milliseconds(0), wait);
        }
        std::unique_ptr<RdKafka::Message> raw(consumer_->consume(static_cast<int>(wait.count())));
        if (raw->err() == RdKafka::ERR_NO_ERROR) {
            // Dropped while rewinding (read again after the seek) or stopping (read again after a restart).
            auto stored = stored_.find({raw->topic_name(), raw->partition()});
            bool owned = stored != stored_.end() && raw->offset() >= stored->second;
            if (!rewinding_ && !stopping_ && owned) {
                if (batch_.empty()) batch_deadline_ = std::chrono::steady_clock::now() + options_.max_wait;
                batch_.push_back(detail::CopyMessage(*raw));
            }
        } else if (raw->err() != RdKafka::ERR__TIMED_OUT && raw->err() != RdKafka::ERR__PARTITION_EOF) {
            log::Warn("kafka consume error", {{"error", raw->errstr()}, {"group", config_.group_id}});
        }
        if (!batch_.empty() &&
            (batch_.size() >= options_.max_messages || std::chrono::steady_clock::now() >= batch_deadline_)) {
            Flush();
        }
    }
    if (!batch_.empty() && !rewinding_) Flush();  // one attempt: if it fails the next start reads it again
    consumer_->close();                           // leaves the group
    log::Info("kafka batch consumer stopped",
              {{"group", config_.group_id}, {"batches", batches_.load()}, {"messages", messages_.load()}});
}

bool BatchConsumer::Flush() {
    std::map<PartitionKey, std::int64_t> next;
    for (const auto& m : batch_) next[{m.topic, m.partition}] = m.offset + 1;
    std::vector<OffsetAdvance> advances;
    for (const auto& [key, to] : next) {
        auto stored = stored_.find(key);
        advances.push_back({key.topic, key.partition, stored == stored_.end() ? kNoStoredOffset : stored->second, to});
    }
    try {
        handler_(batch_, advances);
    } catch (const std::exception& e) {
        ++failed_batches_;
        batch_.clear();
        ScheduleRewind(e.what());
        return false;
    }
    for (const auto& a : advances) stored_[{a.topic, a.partition}] = a.to;
    for (const auto& message : batch_) detail::ConsumedCounter(config_.group_id, message.topic).Add();
    messages_ += batch_.size();
    ++batches_;
    attempts_ = 0;
    batch_.clear();
    CommitToKafka(advances);
    return true;
}

void BatchConsumer::ScheduleRewind(const std::string& error) {
    ++attempts_;
    auto delay = RetryDelay(attempts_, config_.retry_backoff_min, config_.retry_backoff_max);
    rewinding_ = true;
    rewind_at_ = std::chrono::steady_clock::now() + delay;
    PartitionList assigned;
    if (consumer_->assignment(assigned.items) == RdKafka::ERR_NO_ERROR && !assigned.items.empty()) {
        consumer_->pause(assigned.items);
    }
    log::Warn("kafka batch not stored, will read it again from the stored offsets",
              {{"group", config_.group_id}, {"attempt", attempts_}, {"retryInMs", delay.count()}, {"error", error}});
}

void BatchConsumer::TryRewind() {
    std::vector<PartitionOffset> partitions;
    for (const auto& [key, offset] : stored_) partitions.push_back({key.topic, key.partition, kNoStoredOffset});
    std::map<PartitionKey, std::int64_t> loaded;
    try {
        if (!partitions.empty()) {
            for (const auto& p : loader_(partitions)) loaded[{p.topic, p.partition}] = p.next_offset;
        }
    } catch (const std::exception& e) {
        ScheduleRewind(std::string("cannot load the stored offsets: ") + e.what());
        return;
    }
    for (auto& [key, offset] : stored_) {
        auto it = loaded.find(key);
        offset = it == loaded.end() ? kNoStoredOffset : it->second;
        std::unique_ptr<RdKafka::TopicPartition> tp(
            RdKafka::TopicPartition::create(key.topic, key.partition, StartOffset(offset)));
        auto err = consumer_->seek(*tp, kSeekTimeoutMs);
        if (err != RdKafka::ERR_NO_ERROR) {
            ScheduleRewind("seek of " + key.topic + "/" + std::to_string(key.partition) +
                           " to the stored offset failed: " + RdKafka::err2str(err));
            return;
        }
    }
    PartitionList assigned;
    if (consumer_->assignment(assigned.items) == RdKafka::ERR_NO_ERROR && !assigned.items.empty()) {
        consumer_->resume(assigned.items);
    }
    rewinding_ = false;
    log::Info("kafka batch consumer resumed from the stored offsets",
              {{"group", config_.group_id}, {"partitions", stored_.size()}});
}

std::vector<PartitionOffset> BatchConsumer::LoadUntilStopped(const std::vector<PartitionOffset>& partitions) {
    for (int attempt = 1;; ++attempt) {
        try {
            return loader_(partitions);
        } catch (const std::exception& e) {
            if (stopping_) return {};
            auto delay = RetryDelay(attempt, config_.retry_backoff_min, config_.retry_backoff_max);
            log::Warn(
                "cannot load the stored Kafka offsets of assigned partitions, retrying",
                {{"group", config_.group_id}, {"attempt", attempt}, {"retryInMs", delay.count()}, {"error", e.what()}});
            auto until = std::chrono::steady_clock::now() + delay;
            while (!stopping_ && std::chrono::steady_clock::now() < until) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
    }
}

void BatchConsumer::CommitToKafka(const std::vector<OffsetAdvance>& advances) {
    PartitionList offsets;
    for (const auto& a : advances) offsets.items.push_back(RdKafka::TopicPartition::create(a.topic, a.partition, a.to));
    auto err = consumer_->commitAsync(offsets.items);
    if (err != RdKafka::ERR_NO_ERROR) {
        log::Debug("kafka offset commit (for lag monitoring) failed", {{"error", RdKafka::err2str(err)}});
    }
}

void BatchConsumer::WriteMetrics(MetricsText& out) const {
    MetricsText::Labels group{{"group", config_.group_id}};
    out.Counter("tt_batch_consumer_batches_total", "batches applied", static_cast<double>(batches_.load()), group);
    out.Counter("tt_batch_consumer_messages_total", "events applied in batches", static_cast<double>(messages_.load()),
                group);
    out.Counter("tt_batch_consumer_failed_batches_total", "batches that failed and were rewound",
                static_cast<double>(failed_batches_.load()), group);
    detail::WritePartitionLag(*consumer_, config_.group_id, out);
}

}  // namespace tt::kafka
