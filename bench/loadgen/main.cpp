// tt-loadgen: open-loop HTTP/1.1 load generator for the gateway. See README.md.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "options.hpp"
#include "report.hpp"
#include "runner.hpp"
#include "workload.hpp"

int main(int argc, char** argv) {
    using namespace tt::bench;
    Options options;
    std::optional<Workload> workload;
    try {
        options = ParseOptions(std::vector<std::string>(argv, argv + argc));
        if (options.help) {
            std::cout << HelpText();
            return 0;
        }
        std::optional<Setup> setup;
        if (options.setup_path) {
            setup = LoadSetup(*options.setup_path);
        }
        const std::string host_header =
            (options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host) + ":" +
            options.port;
        workload.emplace(options.scenario, std::move(setup),
                         WorkloadOptions{host_header, options.seed, options.zipf, options.pair_offset});
        if (options.out_path) {
            // Checked before the run so a long run does not end in an unwritable path.
            const auto dir = std::filesystem::absolute(*options.out_path).parent_path();
            if (!std::filesystem::is_directory(dir) || ::access(dir.c_str(), W_OK) != 0) {
                throw UsageError("--out: directory " + dir.string() + " does not exist or is not writable");
            }
        }
    } catch (const UsageError& e) {
        std::cerr << "tt-loadgen: " << e.what() << "\n";
        return 2;
    }

    const RunConfig config{options.host,   options.port,        options.rate,    options.duration,
                           options.warmup, options.connections, options.threads, options.timeout_ms};
    RunStats stats;
    std::chrono::system_clock::time_point started_at;
    try {
        stats = RunLoad(config, *workload, &started_at);
    } catch (const ConnectError& e) {
        std::cerr << "tt-loadgen: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "tt-loadgen: run failed: " << e.what() << "\n";
        return 1;
    }
    if (!stats.ever_connected) {
        std::cerr << "tt-loadgen: no connection to " << options.url << " succeeded during the run\n";
        return 1;
    }
    const std::string doc = BuildReport(options, stats, started_at).dump() + "\n";
    if (options.out_path) {
        std::ofstream out(*options.out_path, std::ios::trunc);
        out << doc;
        if (!out.flush()) {
            std::cerr << "tt-loadgen: writing " << *options.out_path << " failed\n";
            return 1;
        }
    } else {
        std::cout << doc;
    }
    std::cerr << Summary(options, stats) << "\n";
    return 0;
}
