#include "tt/core/log.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>  // program_invocation_short_name (glibc)
#include <csignal>

#include "tt/core/clock.hpp"
#include "tt/core/fd_sink.hpp"

namespace tt::log {
namespace {

struct State {
    std::shared_ptr<FdSink> sink;
    std::shared_ptr<spdlog::logger> logger;
    // The executable's name until Init names the service: a start that fails before Init (a bad
    // variable) still says which process failed.
    std::string service = program_invocation_short_name;
};

State& GetState() {
    static State state = [] {
        State s;
        s.sink = std::make_shared<FdSink>(STDOUT_FILENO, ::isatty(STDOUT_FILENO) == 1);
        s.logger = std::make_shared<spdlog::logger>("tt", s.sink);
        s.logger->set_pattern("%v");
        // Warnings and errors reach the file at once; info lines (one per request) are written in
        // batches at least every second (FdSink).
        s.logger->flush_on(spdlog::level::warn);
        // The registry outlives `state` (built inside its initialiser) and holds the last reference to
        // the logger, so a normal exit destroys the sink last, which writes the lines still pending
        // (a crash loses at most the last second of info lines).
        spdlog::register_logger(s.logger);
        spdlog::flush_every(std::chrono::seconds(1));
        return s;
    }();
    return state;
}

thread_local std::string current_request_id;

void Write(spdlog::level::level_enum level, std::string_view level_name, std::string_view msg, nlohmann::json fields) {
    auto& state = GetState();
    if (!state.logger->should_log(level)) return;
    nlohmann::ordered_json line = nlohmann::ordered_json::object();
    line["ts"] = FormatIso8601(SystemClock().Now());
    line["level"] = level_name;
    line["service"] = state.service;
    line["msg"] = msg;
    if (!current_request_id.empty() && !fields.contains("requestId")) line["requestId"] = current_request_id;
    if (fields.is_object()) {
        for (auto& [key, value] : fields.items()) line[key] = std::move(value);
    }
    state.logger->log(level, line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

void Init(std::string service, std::string_view level) {
    // A log reader that went away (a closed pipe) must cost log lines, not the process: write(2)
    // then fails with EPIPE and FdSink drops the batch. Sockets (Asio, libpq, gRPC) handle EPIPE
    // themselves.
    std::signal(SIGPIPE, SIG_IGN);
    auto& state = GetState();
    state.service = std::move(service);
    state.logger->set_level(spdlog::level::from_str(std::string(level)));
}

void Debug(std::string_view msg, nlohmann::json fields) {
    Write(spdlog::level::debug, "debug", msg, std::move(fields));
}
void Info(std::string_view msg, nlohmann::json fields) {
    Write(spdlog::level::info, "info", msg, std::move(fields));
}
void Warn(std::string_view msg, nlohmann::json fields) {
    Write(spdlog::level::warn, "warn", msg, std::move(fields));
}
void Error(std::string_view msg, nlohmann::json fields) {
    Write(spdlog::level::err, "error", msg, std::move(fields));
}

std::size_t DroppedBytes() {
    return GetState().sink->DroppedBytes();
}

RequestScope::RequestScope(std::string request_id) : previous_(std::move(current_request_id)) {
    current_request_id = std::move(request_id);
}
RequestScope::~RequestScope() {
    current_request_id = std::move(previous_);
}
const std::string& CurrentRequestId() {
    return current_request_id;
}

}  // namespace tt::log
