#include "tt/redis/client.hpp"

#include <hiredis/hiredis.h>

#include "tt/core/error.hpp"

namespace tt::redis {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
    return timeval{static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

struct ReplyDeleter {
    void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

}  // namespace

RedisConfig LoadRedisConfig(config::Reader& reader) {
    RedisConfig c;
    c.host = reader.String({"REDIS_HOST"}, "localhost", "Redis host");
    c.port = static_cast<int>(reader.Int({"REDIS_PORT"}, 6379, 1, 65535, "Redis port"));
    c.password = reader.String({"REDIS_PASSWORD"}, "", "Redis password (empty: none)");
    c.timeout = reader.Millis("REDIS_TIMEOUT_MS", 1000, 10, 60000, "Redis connect and command timeout");
    return c;
}

Client::Client(RedisConfig config) : config_(std::move(config)) {}

Client::~Client() {
    if (context_ != nullptr) redisFree(context_);
}

void Client::Connect() {
    if (context_ != nullptr) return;
    redisContext* context = redisConnectWithTimeout(config_.host.c_str(), config_.port, ToTimeval(config_.timeout));
    if (context == nullptr || context->err != 0) {
        std::string why = context ? context->errstr : "out of memory";
        if (context) redisFree(context);
        throw Error(ErrorCode::kUnavailable, "Redis unavailable at " + config_.host + ":" +
                                                 std::to_string(config_.port) + ": " + why +
                                                 " (check REDIS_HOST/REDIS_PORT and that Redis runs)");
    }
    redisSetTimeout(context, ToTimeval(config_.timeout));
    context_ = context;
    if (!config_.password.empty()) {
        ReplyPtr auth(static_cast<redisReply*>(redisCommand(context_, "AUTH %s", config_.password.c_str())));
        if (!auth || auth->type == REDIS_REPLY_ERROR) {
            redisFree(context_);
            context_ = nullptr;
            throw Error(ErrorCode::kUnavailable, "Redis rejected REDIS_PASSWORD");
        }
    }
}

namespace {

void AppendArgv(redisContext* context, const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& a : args) {
        argv.push_back(a.data());
        lengths.push_back(a.size());
    }
    redisAppendCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data());
}

// The reply as a Reply; an error reply's text in `error`.
Reply Reduce(const redisReply& reply, std::string& error) {
    Reply out;
    switch (reply.type) {
        case REDIS_REPLY_INTEGER:
            out.integer = reply.integer;
            break;
        case REDIS_REPLY_STRING:
        case REDIS_REPLY_STATUS:
            out.text = std::string(reply.str, reply.len);
            break;
        case REDIS_REPLY_ERROR:
            error = std::string(reply.str, reply.len);
            break;
        default:
            break;
    }
    return out;
}

}  // namespace

void Client::Fail() {
    std::string why = context_->errstr;
    redisFree(context_);  // the connection is unusable; the next command reconnects
    context_ = nullptr;
    throw Error(ErrorCode::kUnavailable, "Redis unavailable: " + why);
}

Reply Client::Command(const std::vector<std::string>& args) {
    auto replies = Pipeline({args});
    return std::move(replies.front());
}

std::vector<Reply> Client::Pipeline(const std::vector<std::vector<std::string>>& commands) {
    std::lock_guard lock(mutex_);
    Connect();
    for (const auto& args : commands) AppendArgv(context_, args);
    std::vector<Reply> replies;
    replies.reserve(commands.size());
    std::string error;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        void* raw = nullptr;
        if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) Fail();
        ReplyPtr reply(static_cast<redisReply*>(raw));
        replies.push_back(Reduce(*reply, error));
    }
    if (!error.empty()) throw Error(ErrorCode::kUnavailable, "Redis error: " + error);
    return replies;
}

bool Client::Ping() {
    try {
        return Command({"PING"}).text == "PONG";
    } catch (const Error&) {
        return false;
    }
}

}  // namespace tt::redis
