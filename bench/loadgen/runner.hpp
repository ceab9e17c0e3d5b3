#pragma once

// The open-loop engine. Request i is due at t_i = start + i / rate; a dispatcher per io thread
// releases its share of the timeline (i mod threads) into a queue when due, and a fixed pool of
// keep-alive connections (one coroutine each) takes requests from it. Latency runs from t_i, not from
// the moment a connection wrote the request, so time spent queued behind busy connections counts
// (coordinated omission avoided, as in wrk2). Requests due during the warm-up are sent but not
// recorded. After the last due time nothing more is released; outstanding requests get until
// max(end, last release) + timeout to finish, then count as timeouts.

#include <array>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "histogram.hpp"
#include "workload.hpp"

namespace tt::bench {

// The target could not be resolved or no connection could be opened at start: exit code 1.
class ConnectError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct RunConfig {
    std::string host;
    std::string port;
    double rate = 1;
    double duration_s = 1;
    double warmup_s = 0;
    int connections = 64;
    int threads = 1;
    int timeout_ms = 10000;
};

struct OpStats {
    std::uint64_t sent = 0;
    Histogram latency;
};

// Everything counted for requests due in the measured window (warm-up excluded).
struct RunStats {
    std::uint64_t scheduled = 0;  // released by the dispatcher
    std::uint64_t sent = 0;       // written to a connection
    std::uint64_t completed = 0;  // a whole response read
    std::array<std::uint64_t, 600> status_codes{};
    std::uint64_t errors_connect = 0;    // failed connection attempts (whole run)
    std::uint64_t errors_timeout = 0;    // I/O past --timeout-ms, or still outstanding at the end
    std::uint64_t errors_io = 0;         // write/read failed (reset, closed mid-response, bad HTTP)
    std::uint64_t errors_exhausted = 0;  // due but not generated: the scenario ran out of requests
    std::uint64_t late_sends = 0;        // released more than 1 ms after the due time
    std::uint64_t max_backlog = 0;       // most due requests waiting for a connection at once
    std::uint64_t reconnects = 0;        // connections reopened after a close or error (whole run)
    bool ever_connected = false;
    Histogram latency;
    std::array<OpStats, kOpCount> per_op;

    void Merge(const RunStats& other);
};

// Blocks for warm-up + duration + drain. Throws ConnectError when the target cannot be resolved or
// a first probe connection fails.
RunStats RunLoad(const RunConfig& config, Workload& workload, std::chrono::system_clock::time_point* started_at);

}  // namespace tt::bench
