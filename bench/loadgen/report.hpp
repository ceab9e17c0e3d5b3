#pragma once

// The result of a run: the JSON document (schema in README.md) and the one-line human summary.

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "options.hpp"
#include "runner.hpp"

namespace tt::bench {

nlohmann::ordered_json LatencyJson(const Histogram& h);
nlohmann::ordered_json BuildReport(const Options& options, const RunStats& stats,
                                   std::chrono::system_clock::time_point started_at);
std::string Summary(const Options& options, const RunStats& stats);

}  // namespace tt::bench
