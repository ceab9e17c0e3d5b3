// tt-kafka-admin: the scripts' and operators' way to talk to Kafka.
//   tt-kafka-admin wait          --brokers B [--timeout-ms N]
//   tt-kafka-admin create-topics --brokers B [--partitions N] [--replication N] [--retention-ms N] [topic...]
//   tt-kafka-admin dlq list      --brokers B [dlq-topic...]
//   tt-kafka-admin dlq show      --brokers B DLQ-TOPIC PARTITION OFFSET
//   tt-kafka-admin dlq redrive   --brokers B DLQ-TOPIC [PARTITION OFFSET]
// create-topics without topic names creates the project's topics (libs/events/topics.hpp) and their
// dead-letter topics, by default with retention.ms=-1 (kept forever, so every read model can be rebuilt
// from the log: notification-service replay). dlq list without names lists every dead-letter topic of the project.
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tt/core/error.hpp"
#include "tt/core/log.hpp"
#include "tt/events/topics.hpp"
#include "tt/kafka/admin.hpp"
#include "tt/kafka/dead_letter.hpp"
#include "tt/kafka/producer.hpp"

namespace {

int Usage() {
    std::cerr << "usage: tt-kafka-admin wait --brokers HOST:PORT [--timeout-ms N]\n"
                 "       tt-kafka-admin create-topics --brokers HOST:PORT [--partitions N] [--replication N] "
                 "[--retention-ms N] [topic...]\n"
                 "       tt-kafka-admin dlq list --brokers HOST:PORT [dlq-topic...]\n"
                 "       tt-kafka-admin dlq show --brokers HOST:PORT DLQ-TOPIC PARTITION OFFSET\n"
                 "       tt-kafka-admin dlq redrive --brokers HOST:PORT DLQ-TOPIC [PARTITION OFFSET]\n";
    return 2;
}

std::vector<std::string> ProjectTopicsWithDeadLetters() {
    auto topics = tt::events::AllTopics();
    for (const auto& topic : tt::events::AllTopics()) topics.push_back(tt::kafka::DeadLetterTopic(topic));
    return topics;
}

std::string HeaderOf(const tt::kafka::Message& m, std::string_view key) {
    for (const auto& h : m.headers) {
        if (h.key == key) return h.value;
    }
    return "";
}

int DlqList(const tt::kafka::Config& config, std::vector<std::string> topics, std::chrono::milliseconds timeout) {
    if (topics.empty()) {
        for (const auto& topic : tt::events::AllTopics()) topics.push_back(tt::kafka::DeadLetterTopic(topic));
    }
    int pending_total = 0;
    for (const auto& topic : topics) {
        tt::kafka::DeadLetterQueue queue(config, topic);
        auto letters = queue.ReadAll(timeout);
        int pending = 0;
        for (const auto& letter : letters) pending += !queue.IsRedriven(letter);
        pending_total += pending;
        if (letters.empty()) continue;
        std::cout << topic << ": " << letters.size() << " letters, " << pending << " not re-driven\n";
        for (const auto& letter : letters) {
            std::cout << "  partition " << letter.partition << " offset " << letter.offset << "  "
                      << (queue.IsRedriven(letter) ? "re-driven" : "pending  ") << "  eventId "
                      << HeaderOf(letter, "eventId") << "  group " << HeaderOf(letter, tt::kafka::kDlqGroup)
                      << "  failedAt " << HeaderOf(letter, tt::kafka::kDlqFailedAt)
                      << "\n    error: " << HeaderOf(letter, tt::kafka::kDlqError).substr(0, 300) << "\n";
        }
    }
    std::cout << pending_total << " letters waiting for a re-drive\n";
    return 0;
}

int DlqShow(const tt::kafka::Config& config, const std::string& topic, std::int32_t partition, std::int64_t offset,
            std::chrono::milliseconds timeout) {
    tt::kafka::DeadLetterQueue queue(config, topic);
    for (const auto& letter : queue.ReadAll(timeout)) {
        if (letter.partition != partition || letter.offset != offset) continue;
        nlohmann::json headers = nlohmann::json::object();
        for (const auto& h : letter.headers) headers[h.key] = h.value;
        nlohmann::json out = {
            {"topic", letter.topic}, {"partition", letter.partition},      {"offset", letter.offset},
            {"key", letter.key},     {"timestampMs", letter.timestamp_ms}, {"redriven", queue.IsRedriven(letter)},
            {"headers", headers},    {"payload", letter.payload}};
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::cerr << "tt-kafka-admin: no letter at " << topic << " partition " << partition << " offset " << offset << "\n";
    return 1;
}

int Dlq(const tt::kafka::Config& config, const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
    if (args.empty()) return Usage();
    const auto& action = args[0];
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (action == "list") return DlqList(config, rest, timeout);
    if (action == "show" && rest.size() == 3) {
        return DlqShow(config, rest[0], std::stoi(rest[1]), std::stoll(rest[2]), timeout);
    }
    if (action == "redrive" && (rest.size() == 1 || rest.size() == 3)) {
        if (!tt::kafka::IsDeadLetterTopic(rest[0])) {
            std::cerr << "tt-kafka-admin: " << rest[0] << " is not a dead-letter topic (<topic>.dlq)\n";
            return 2;
        }
        tt::kafka::DeadLetterQueue queue(config, rest[0]);
        tt::kafka::Producer producer(config);
        std::optional<std::pair<std::int32_t, std::int64_t>> only;
        if (rest.size() == 3) only = std::pair{std::stoi(rest[1]), std::stoll(rest[2])};
        int count = queue.Redrive(producer, timeout, only);
        std::cout << "re-drove " << count << " letters from " << rest[0] << "\n";
        return 0;
    }
    return Usage();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return Usage();
    std::string command = argv[1];
    tt::kafka::Config config;
    config.brokers = "localhost:9092";
    config.client_id = "tt-kafka-admin";
    config.message_timeout = std::chrono::milliseconds(30000);
    int partitions = 6;
    int replication = 1;
    long timeout_ms = 30000;
    std::string retention_ms = "-1";
    std::vector<std::string> positional;
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
            return argv[++i];
        };
        try {
            if (arg == "--brokers")
                config.brokers = value();
            else if (arg == "--partitions")
                partitions = std::stoi(value());
            else if (arg == "--replication")
                replication = std::stoi(value());
            else if (arg == "--retention-ms")
                retention_ms = std::to_string(std::stoll(value()));
            else if (arg == "--timeout-ms")
                timeout_ms = std::stol(value());
            else if (!arg.empty() && arg[0] == '-')
                return Usage();
            else
                positional.push_back(arg);
        } catch (const std::exception& e) {
            std::cerr << "tt-kafka-admin: " << e.what() << "\n";
            return Usage();
        }
    }
    tt::log::Init("tt-kafka-admin", "error");  // stdout carries the command's output
    std::chrono::milliseconds timeout(timeout_ms);
    try {
        if (command == "wait") {
            if (!tt::kafka::WaitForCluster(config, timeout)) {
                std::cerr << "tt-kafka-admin: no answer from Kafka at " << config.brokers << " within " << timeout_ms
                          << " ms\n";
                return 1;
            }
            return 0;
        }
        if (command == "create-topics") {
            auto topics = positional.empty() ? ProjectTopicsWithDeadLetters() : positional;
            tt::kafka::EnsureTopics(config, topics, partitions, replication, timeout, {{"retention.ms", retention_ms}});
            std::cout << "topics ready:";
            for (const auto& t : topics) std::cout << ' ' << t;
            std::cout << " (" << partitions << " partitions, replication " << replication << ", retention.ms "
                      << retention_ms << ")\n";
            return 0;
        }
        if (command == "dlq") return Dlq(config, positional, timeout);
    } catch (const tt::Error& e) {
        std::cerr << "tt-kafka-admin: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "tt-kafka-admin: " << e.what() << "\n";
        return 2;
    }
    return Usage();
}
