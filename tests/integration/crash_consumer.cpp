// tt_crash_consumer BROKERS TOPIC GROUP: joins GROUP, handles the first message of TOPIC and dies by
// SIGKILL inside the handler, before its offset can be committed. Used by KafkaCrash.
#include <csignal>
#include <iostream>
#include <thread>

#include "tt/kafka/consumer.hpp"

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: tt_crash_consumer BROKERS TOPIC GROUP\n";
        return 2;
    }
    tt::kafka::Config config;
    config.brokers = argv[1];
    config.client_id = "crash-consumer";
    config.group_id = argv[3];
    config.overrides["session.timeout.ms"] = "6000";
    config.overrides["heartbeat.interval.ms"] = "500";
    config.commit_interval = std::chrono::milliseconds(10);
    tt::kafka::Consumer consumer(config);
    consumer.Subscribe({argv[2]}, [](const tt::kafka::Message& m) {
        std::cout << "handled offset " << m.offset << ", dying before commit" << std::endl;
        std::raise(SIGKILL);
    });
    consumer.Start();
    std::this_thread::sleep_for(std::chrono::seconds(60));  // bounded: the handler kills us long before
    std::cerr << "no message arrived within 60 s\n";
    return 1;
}
