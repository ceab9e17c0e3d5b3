#include <algorithm>

#include "handle.hpp"
#include "tt/core/error.hpp"
#include "tt/kafka/dead_letter.hpp"
#include "tt/kafka/log_reader.hpp"
#include "tt/kafka/producer.hpp"

namespace tt::kafka {

class DeadLetterQueue::Reader {
public:
    explicit Reader(const Config& config) {
        auto conf = detail::MakeConf(config, {{"group.id", kRedriveGroup},
                                              {"enable.auto.commit", "false"},
                                              {"enable.auto.offset.store", "false"},
                                              {"enable.partition.eof", "true"}});
        std::string err;
        consumer.reset(RdKafka::KafkaConsumer::create(conf.get(), err));
        if (!consumer) throw Error(ErrorCode::kInternal, "cannot create Kafka consumer: " + err);
    }
    ~Reader() { consumer->close(); }

    std::vector<std::int32_t> Partitions(const std::string& topic, int timeout_ms) {
        RdKafka::Metadata* raw = nullptr;
        auto err = consumer->metadata(/*all_topics=*/true, nullptr, &raw, timeout_ms);
        std::unique_ptr<RdKafka::Metadata> metadata(raw);
        if (err != RdKafka::ERR_NO_ERROR) {
            throw Error(ErrorCode::kUnavailable, "Kafka metadata request failed: " + RdKafka::err2str(err));
        }
        std::vector<std::int32_t> partitions;
        for (const auto* t : *metadata->topics()) {
            if (t->topic() != topic) continue;
            for (const auto* p : *t->partitions()) partitions.push_back(p->id());
        }
        if (partitions.empty()) throw Error(ErrorCode::kNotFound, "topic " + topic + " does not exist");
        return partitions;
    }

    std::unique_ptr<RdKafka::KafkaConsumer> consumer;
};

DeadLetterQueue::DeadLetterQueue(const Config& config, std::string dlq_topic)
    : config_(config), topic_(std::move(dlq_topic)), reader_(std::make_unique<Reader>(config)) {}

DeadLetterQueue::~DeadLetterQueue() = default;

std::vector<Message> DeadLetterQueue::ReadAll(std::chrono::milliseconds timeout) {
    int timeout_ms = static_cast<int>(timeout.count());
    std::vector<RdKafka::TopicPartition*> parts;
    for (auto p : reader_->Partitions(topic_, timeout_ms)) parts.push_back(RdKafka::TopicPartition::create(topic_, p));
    auto err = reader_->consumer->committed(parts, timeout_ms);
    redriven_up_to_.clear();
    for (auto* tp : parts) {
        redriven_up_to_[tp->partition()] = err == RdKafka::ERR_NO_ERROR && tp->offset() >= 0 ? tp->offset() : 0;
    }
    RdKafka::TopicPartition::destroy(parts);

    std::vector<Message> letters;
    ReadToEnd(
        config_, {topic_}, [&letters](const Message& m) { letters.push_back(m); }, timeout);
    std::stable_sort(letters.begin(), letters.end(), [](const Message& a, const Message& b) {
        return a.partition != b.partition ? a.partition < b.partition : a.offset < b.offset;
    });
    return letters;
}

bool DeadLetterQueue::IsRedriven(const Message& letter) const {
    auto it = redriven_up_to_.find(letter.partition);
    return it != redriven_up_to_.end() && letter.offset < it->second;
}

int DeadLetterQueue::Redrive(Producer& producer, std::chrono::milliseconds timeout,
                             std::optional<std::pair<std::int32_t, std::int64_t>> only) {
    auto letters = ReadAll(timeout);
    int count = 0;
    std::map<std::int32_t, std::int64_t> next;
    for (const auto& letter : letters) {
        if (only) {
            if (letter.partition != only->first || letter.offset != only->second) continue;
        } else if (IsRedriven(letter)) {
            continue;
        }
        auto again = RedriveOf(letter);
        producer.Publish(again.topic, again.key, again.payload, again.headers);
        ++count;
        next[letter.partition] = letter.offset + 1;
    }
    if (only) {
        if (count == 0) {
            throw Error(ErrorCode::kNotFound, "no letter at " + topic_ + " partition " + std::to_string(only->first) +
                                                  " offset " + std::to_string(only->second));
        }
        return count;
    }
    if (next.empty()) return 0;
    std::vector<RdKafka::TopicPartition*> offsets;
    for (const auto& [partition, offset] : next)
        offsets.push_back(RdKafka::TopicPartition::create(topic_, partition, offset));
    auto err = reader_->consumer->commitSync(offsets);
    RdKafka::TopicPartition::destroy(offsets);
    if (err != RdKafka::ERR_NO_ERROR) {
        throw Error(ErrorCode::kUnavailable, "re-driven " + std::to_string(count) +
                                                 " letters but could not record it (" + RdKafka::err2str(err) +
                                                 "): a second redrive would send them again (harmless: consumers "
                                                 "deduplicate on eventId)");
    }
    for (const auto& [partition, offset] : next) redriven_up_to_[partition] = offset;
    return count;
}

}  // namespace tt::kafka
