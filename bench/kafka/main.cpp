// tt-kafka-bench: producer -> broker -> consumer throughput, end-to-end latency and CPU of
// tt::kafka::Producer and tt::kafka::Consumer (libs/kafka, with their settings), in one process.
//   tt-kafka-bench --brokers HOST:PORT --topic T [--create [--partitions 6]] (--messages N | --duration S)
//                  [--rate R] [--size 200] [--group G] [--max-in-flight 50000] [--key-range 4096]
//                  [--message-timeout-ms 3000] [--drain-timeout S] [--backlog] [--out result.json]
// Exit 0 when every acknowledged record arrived exactly once, 1 when some were lost or duplicated
// (or Kafka failed), 2 on a usage error. See bench/kafka/README.md.
#include <fstream>
#include <iostream>
#include <string>

#include "pipeline_bench.hpp"
#include "tt/core/error.hpp"
#include "tt/core/log.hpp"

namespace {

int Usage(const std::string& problem) {
    if (!problem.empty()) std::cerr << "tt-kafka-bench: " << problem << "\n";
    std::cerr << "usage: tt-kafka-bench --brokers HOST:PORT --topic T [--create [--partitions 6]]\n"
                 "                      (--messages N | --duration S) [--rate R (0 = max)] [--size 200]\n"
                 "                      [--group G] [--max-in-flight 50000] [--key-range 4096]\n"
                 "                      [--message-timeout-ms 3000] [--drain-timeout S (30)] [--backlog]\n"
                 "                      [--out result.json]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    tt::bench::PipelineOptions options;
    std::string out_path;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
            return argv[++i];
        };
        try {
            if (arg == "--brokers") {
                options.brokers = value();
            } else if (arg == "--topic") {
                options.topic = value();
            } else if (arg == "--create") {
                options.create = true;
            } else if (arg == "--partitions") {
                options.partitions = std::stoi(value());
            } else if (arg == "--replication") {
                options.replication = std::stoi(value());
            } else if (arg == "--messages") {
                options.messages = std::stoull(value());
            } else if (arg == "--duration") {
                options.duration = std::chrono::milliseconds(static_cast<long>(std::stod(value()) * 1000));
            } else if (arg == "--rate") {
                options.rate = std::stod(value());
            } else if (arg == "--size") {
                options.size = std::stoul(value());
            } else if (arg == "--group") {
                options.group = value();
            } else if (arg == "--max-in-flight") {
                options.max_in_flight = std::stoull(value());
            } else if (arg == "--key-range") {
                options.key_range = static_cast<std::uint32_t>(std::stoul(value()));
            } else if (arg == "--message-timeout-ms") {
                options.message_timeout = std::chrono::milliseconds(std::stol(value()));
            } else if (arg == "--drain-timeout") {
                options.drain_timeout = std::chrono::milliseconds(static_cast<long>(std::stod(value()) * 1000));
            } else if (arg == "--backlog") {
                options.backlog = true;
            } else if (arg == "--out") {
                out_path = value();
            } else if (arg == "-h" || arg == "--help") {
                return Usage("");
            } else {
                return Usage("unknown argument " + arg);
            }
        } catch (const std::exception& e) {
            return Usage(e.what());
        }
    }
    if (options.key_range == 0 || options.max_in_flight == 0)
        return Usage("--key-range and --max-in-flight must be > 0");
    tt::log::Init("tt-kafka-bench", "warn");  // JSON log lines on stdout; the report goes to --out or stdout
    nlohmann::json report;
    try {
        report = tt::bench::RunPipeline(options);
    } catch (const tt::Error& e) {
        if (e.Code() == tt::ErrorCode::kInvalidArgument) return Usage(e.what());
        std::cerr << "tt-kafka-bench: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "tt-kafka-bench: " << e.what() << "\n";
        return 1;
    }
    if (out_path.empty()) {
        std::cout << report.dump(2) << "\n";
    } else {
        std::ofstream out(out_path);
        out << report.dump(2) << "\n";
        if (!out) {
            std::cerr << "tt-kafka-bench: cannot write " << out_path << "\n";
            return 1;
        }
    }
    const auto& p = report["producer"];
    const auto& c = report["consumer"];
    std::cerr << "tt-kafka-bench: " << p["acked"] << " acked (" << p["rate"] << "/s), " << c["received"]
              << " received (" << c["rate"] << "/s), lost " << report["lost"] << ", duplicates " << c["duplicates"]
              << ", e2e p50 " << report["e2e_latency_ms"]["p50"] << " ms p99 " << report["e2e_latency_ms"]["p99"]
              << " ms, cpu " << report["cpu_us_per_event"] << " us/event\n";
    if (!report["ok"].get<bool>()) {
        std::cerr << "tt-kafka-bench: FAILED: " << report["lost"]
                  << " acknowledged records not received before the drain timeout (lost, or a longer"
                     " --drain-timeout is needed: see drain_seconds), "
                  << c["duplicates"] << " duplicates\n";
        return 1;
    }
    return 0;
}
