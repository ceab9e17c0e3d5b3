#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace tt {

struct ProcessResult {
    int exit_code = -1;      // -1 when killed by a signal or never started
    bool timed_out = false;  // killed after the deadline
    std::string out;         // stdout, up to 1 MiB
    std::string err;         // the last 4 KiB of stderr
};

// Runs `argv` (argv[0] looked up in PATH) without a shell, with stdin closed, and waits at most
// `timeout`; after that the process is killed (SIGKILL) and reported as timed out. Throws
// tt::Error(kUnavailable) when the program cannot be started (not installed).
ProcessResult RunProcess(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

}  // namespace tt
