#include "tt/kafka/log_reader.hpp"

#include <map>
#include <set>

#include "handle.hpp"
#include "tt/core/error.hpp"

namespace tt::kafka {
namespace {

std::map<std::string, std::vector<std::int32_t>> PartitionsOf(RdKafka::KafkaConsumer& consumer,
                                                              const std::vector<std::string>& topics, int timeout_ms) {
    RdKafka::Metadata* raw = nullptr;
    auto err = consumer.metadata(/*all_topics=*/true, nullptr, &raw, timeout_ms);
    std::unique_ptr<RdKafka::Metadata> metadata(raw);
    if (err != RdKafka::ERR_NO_ERROR) {
        throw Error(ErrorCode::kUnavailable, "Kafka metadata request failed: " + RdKafka::err2str(err));
    }
    std::map<std::string, std::vector<std::int32_t>> out;
    for (const auto* t : *metadata->topics()) {
        for (const auto& wanted : topics) {
            if (t->topic() != wanted) continue;
            for (const auto* p : *t->partitions()) out[wanted].push_back(p->id());
        }
    }
    for (const auto& wanted : topics) {
        if (out[wanted].empty()) throw Error(ErrorCode::kNotFound, "topic " + wanted + " does not exist");
    }
    return out;
}

}  // namespace

void ReadToEnd(const Config& config, const std::vector<std::string>& topics,
               const std::function<void(const Message&)>& each, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int timeout_ms = static_cast<int>(timeout.count());
    auto conf = detail::MakeConf(config, {{"group.id", config.group_id.empty() ? "tt-log-reader" : config.group_id},
                                          {"enable.auto.commit", "false"},
                                          {"enable.auto.offset.store", "false"},
                                          {"enable.partition.eof", "true"}});
    std::string err;
    std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(conf.get(), err));
    if (!consumer) throw Error(ErrorCode::kInternal, "cannot create Kafka consumer: " + err);

    using Key = std::pair<std::string, std::int32_t>;
    std::map<Key, std::int64_t> end;  // high watermark at the start
    std::vector<RdKafka::TopicPartition*> assignment;
    for (const auto& [topic, partitions] : PartitionsOf(*consumer, topics, timeout_ms)) {
        for (auto p : partitions) {
            std::int64_t low = 0, high = 0;
            auto werr = consumer->query_watermark_offsets(topic, p, &low, &high, timeout_ms);
            if (werr != RdKafka::ERR_NO_ERROR) {
                RdKafka::TopicPartition::destroy(assignment);
                throw Error(ErrorCode::kUnavailable, "cannot read offsets of " + topic + ": " + RdKafka::err2str(werr));
            }
            if (low >= high) continue;
            end[{topic, p}] = high;
            assignment.push_back(RdKafka::TopicPartition::create(topic, p, low));
        }
    }
    if (assignment.empty()) {
        consumer->close();
        return;
    }
    consumer->assign(assignment);
    RdKafka::TopicPartition::destroy(assignment);
    std::set<Key> done;
    while (done.size() < end.size()) {
        if (std::chrono::steady_clock::now() > deadline) {
            consumer->close();
            throw Error(ErrorCode::kUnavailable,
                        "reading the log did not finish within " + std::to_string(timeout.count()) + " ms");
        }
        std::unique_ptr<RdKafka::Message> raw(consumer->consume(200));
        Key key{raw->topic_name(), raw->partition()};
        if (raw->err() == RdKafka::ERR__PARTITION_EOF) {
            if (end.count(key)) done.insert(key);
            continue;
        }
        if (raw->err() != RdKafka::ERR_NO_ERROR) continue;
        auto it = end.find(key);
        if (it == end.end() || done.count(key)) continue;
        if (raw->offset() < it->second) each(detail::CopyMessage(*raw));
        if (raw->offset() + 1 >= it->second) done.insert(key);
    }
    consumer->close();
}

}  // namespace tt::kafka
