#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tt::log {

// JSON lines on stdout: {"ts","level","service","msg","requestId"?, ...fields}. Thread-safe.
void Init(std::string service, std::string_view level);

void Debug(std::string_view msg, nlohmann::json fields = nlohmann::json::object());
void Info(std::string_view msg, nlohmann::json fields = nlohmann::json::object());
void Warn(std::string_view msg, nlohmann::json fields = nlohmann::json::object());
void Error(std::string_view msg, nlohmann::json fields = nlohmann::json::object());

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
