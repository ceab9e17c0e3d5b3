#pragma once

// tt-loadgen's command line. Parsing throws UsageError (exit code 2) with a message naming the option.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "workload.hpp"

namespace tt::bench {

struct Options {
    std::string url;
    std::string host;  // from --url
    std::string port;  // from --url; 80 when absent
    Scenario scenario = Scenario::kHealth;
    double rate = 0;      // requests per second, > 0
    double duration = 0;  // seconds measured, > 0
    double warmup = 0;    // seconds before, same rate, not recorded
    int connections = 64;
    int threads = 1;
    std::optional<std::string> setup_path;
    std::optional<std::string> out_path;
    std::uint64_t seed = 1;
    double zipf = 1.1;
    int timeout_ms = 10000;
    std::string label;
    std::uint64_t pair_offset = 0;
    bool help = false;
};

// argv[0] is skipped. Options are long only, "--name value" or "--name=value".
Options ParseOptions(const std::vector<std::string>& args);
std::string HelpText();

}  // namespace tt::bench
