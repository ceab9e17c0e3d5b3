// tt-kafka-admin: the scripts' way to talk to the Kafka admin API.
//   tt-kafka-admin wait          --brokers B [--timeout-ms N]
//   tt-kafka-admin create-topics --brokers B [--partitions N] [--replication N] [topic...]
// create-topics without topic names creates the project's topics (libs/events/topics.hpp).
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "tt/core/error.hpp"
#include "tt/core/log.hpp"
#include "tt/events/topics.hpp"
#include "tt/kafka/admin.hpp"

namespace {

int Usage() {
    std::cerr << "usage: tt-kafka-admin wait --brokers HOST:PORT [--timeout-ms N]\n"
                 "       tt-kafka-admin create-topics --brokers HOST:PORT [--partitions N] [--replication N] "
                 "[topic...]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return Usage();
    std::string command = argv[1];
    tt::kafka::Config config;
    config.brokers = "localhost:9092";
    config.client_id = "tt-kafka-admin";
    int partitions = 6;
    int replication = 1;
    long timeout_ms = 30000;
    std::vector<std::string> topics;
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
            else if (arg == "--timeout-ms")
                timeout_ms = std::stol(value());
            else if (!arg.empty() && arg[0] == '-')
                return Usage();
            else
                topics.push_back(arg);
        } catch (const std::exception& e) {
            std::cerr << "tt-kafka-admin: " << e.what() << "\n";
            return Usage();
        }
    }
    tt::log::Init("tt-kafka-admin", "warn");
    try {
        if (command == "wait") {
            if (!tt::kafka::WaitForCluster(config, std::chrono::milliseconds(timeout_ms))) {
                std::cerr << "tt-kafka-admin: no answer from Kafka at " << config.brokers << " within " << timeout_ms
                          << " ms\n";
                return 1;
            }
            return 0;
        }
        if (command == "create-topics") {
            if (topics.empty()) topics = tt::events::AllTopics();
            tt::kafka::EnsureTopics(config, topics, partitions, replication, std::chrono::milliseconds(timeout_ms));
            std::cout << "topics ready:";
            for (const auto& t : topics) std::cout << ' ' << t;
            std::cout << " (" << partitions << " partitions, replication " << replication << ")\n";
            return 0;
        }
    } catch (const tt::Error& e) {
        std::cerr << "tt-kafka-admin: " << e.what() << "\n";
        return 1;
    }
    return Usage();
}
