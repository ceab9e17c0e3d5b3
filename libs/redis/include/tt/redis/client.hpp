#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tt/core/config.hpp"

struct redisContext;

namespace tt::redis {

struct RedisConfig {
    std::string host = "localhost";
    int port = 6379;
    std::string password;
    std::chrono::milliseconds timeout{1000};
};

RedisConfig LoadRedisConfig(config::Reader& reader);

// One reply, reduced to what callers use: an integer, a string or nil.
struct Reply {
    std::optional<std::int64_t> integer;
    std::optional<std::string> text;
};

// Thread-safe (one connection, a mutex); blocking, so not for event-loop threads.
class Client {
public:
    explicit Client(RedisConfig config);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Runs one command, e.g. Command({"INCR", key}). Throws tt::Error(kUnavailable) when Redis cannot
    // be reached or answers with an error.
    Reply Command(const std::vector<std::string>& args);
    // Sends every command, then reads every reply: one round trip for all. Throws like Command (an
    // error reply to any of them throws after all replies were read).
    std::vector<Reply> Pipeline(const std::vector<std::vector<std::string>>& commands);
    bool Ping();

private:
    void Connect();  // mutex held
    // Drops the broken connection (the next command reconnects) and throws kUnavailable.
    [[noreturn]] void Fail();

    RedisConfig config_;
    std::mutex mutex_;
    redisContext* context_ = nullptr;
};

}  // namespace tt::redis
