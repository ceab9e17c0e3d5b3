#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tt::log {

// JSON lines on stdout: {"ts","level","service","msg","requestId"?, ...fields}. Thread-safe.
// Info and debug lines are written in batches (at least every second), warnings and errors at once
// (tt::log::FdSink). Init also ignores SIGPIPE, so a closed stdout pipe drops lines instead of
// killing the process.
void Init(std::string service, std::string_view level);

void Debug(std::string_view msg, nlohmann::json fields = nlohmann::json::object());
void Info(std::string_view msg, nlohmann::json fields = nlohmann::json::object());
void Warn(std::string_view msg, nlohmann::json fields = nlohmann::json::object());
void Error(std::string_view msg, nlohmann::json fields = nlohmann::json::object());

// Bytes of log lines dropped because stdout could not take them (tt_log_dropped_bytes_total).
std::size_t DroppedBytes();

// Sets the request id that log lines written by this thread carry, for the scope's lifetime.
// For thread-per-call code (gRPC sync handlers, consumer loops); coroutines pass ids in `fields`.
class RequestScope {
public:
    explicit RequestScope(std::string request_id);
    ~RequestScope();
    RequestScope(const RequestScope&) = delete;
    RequestScope& operator=(const RequestScope&) = delete;

private:
    std::string previous_;
};
const std::string& CurrentRequestId();

}  // namespace tt::log
