#include "config.hpp"

#include "tt/core/config.hpp"

namespace gateway {

Config LoadConfig() {
    tt::config::Reader reader;
    Config c;
    c.port = static_cast<int>(reader.Int({"PORT"}, 3000, 0, 65535, "public HTTP port"));
    c.threads = static_cast<int>(reader.Int({"GATEWAY_THREADS"}, 2, 1, 64, "event-loop threads"));
    c.log_level = reader.String({"LOG_LEVEL"}, "info", "debug, info, warn or error");
    c.auth_url = reader.String({"GRPC_AUTH_URL"}, "localhost:50051", "auth-service gRPC address");
    c.video_url = reader.String({"GRPC_VIDEO_URL"}, "localhost:50052", "video-service gRPC address");
    c.interaction_url = reader.String({"GRPC_INTERACTION_URL"}, "localhost:50053", "interaction-service gRPC address");
    c.notification_url =
        reader.String({"GRPC_NOTIFICATION_URL"}, "localhost:50054", "notification-service gRPC address");
    c.analytics_url = reader.String({"GRPC_ANALYTICS_URL"}, "localhost:50055", "analytics-service gRPC address");
    c.rpc_deadline = reader.Millis("GRPC_DEADLINE_MS", 5000, 100, 60000, "deadline of calls to the services");
    c.feed_cache_ttl = reader.Millis("FEED_CACHE_TTL_MS", 1000, 0, 60000,
                                     "how long the anonymous feed page is served from the gateway's cache (0: off)");
    c.video_cache_ttl = reader.Millis("VIDEO_DETAIL_CACHE_TTL_MS", 10000, 0, 600000,
                                      "longest a video's shared detail page comes from the gateway's cache (signed-in "
                                      "callers add their like and current counts; events refresh it sooner; 0: off)");
    c.access_secret =
        reader.RequiredSecret("JWT_ACCESS_SECRET", 16, "HMAC key of access tokens (same as auth-service)");
    c.access_ttl = reader.Duration("JWT_ACCESS_EXPIRATION", "15m", "access cookie Max-Age (same as auth-service)");
    c.refresh_ttl = reader.Duration("JWT_REFRESH_EXPIRATION", "7d", "refresh cookie Max-Age (same as auth-service)");
    auto env = reader.String({"NODE_ENV"}, "production", "development, test or production");
    c.secure_cookies = env != "development" && env != "test";
    c.body_limit = static_cast<std::size_t>(
        reader.Int({"GATEWAY_BODY_LIMIT"}, 1 << 20, 1024, 1 << 30, "largest accepted JSON body, bytes"));
    c.storage_dir = reader.String({"VIDEO_STORAGE_DIR", "UPLOAD_PATH"}, "./uploads",
                                  "directory of uploaded media (shared with video-service)");
    c.max_file_size = static_cast<std::uint64_t>(
        reader.Int({"MAX_FILE_SIZE"}, 104857600, 1024, 1LL << 40, "largest accepted video upload, bytes"));
    c.max_image_size = static_cast<std::uint64_t>(
        reader.Int({"MAX_IMAGE_SIZE"}, 10 << 20, 1024, 1LL << 32, "largest accepted image upload, bytes"));
    c.shutdown_grace = reader.Millis("SHUTDOWN_GRACE_MS", 10000, 0, 120000, "time requests in flight get on SIGTERM");
    c.openapi_file =
        reader.String({"GATEWAY_OPENAPI_FILE"}, TT_OPENAPI_FILE, "the OpenAPI document served at /api/docs-json");
    auto origins = reader.String({"CORS_ORIGIN"}, "http://localhost:3000,http://localhost:5173",
                                 "browser origins allowed to call the API with cookies, comma separated (* = any)");
    std::size_t start = 0;
    while (start <= origins.size()) {
        auto end = origins.find(',', start);
        if (end == std::string::npos) end = origins.size();
        auto origin = origins.substr(start, end - start);
        origin.erase(0, origin.find_first_not_of(' '));
        origin.erase(origin.find_last_not_of(' ') + 1);
        if (!origin.empty()) c.cors_origins.push_back(origin);
        start = end + 1;
    }
    c.redis = tt::redis::LoadRedisConfig(reader);
    c.rate_limit_enabled = reader.Bool("RATE_LIMIT_ENABLED", true, "per-IP / per-user request limits, shared through Redis");
    c.rate_limit_auth = static_cast<int>(reader.Int({"RATE_LIMIT_AUTH_PER_MIN"}, 20, 1, 10000000,
                                                    "login, register and refresh requests per client IP per minute"));
    c.rate_limit_write = static_cast<int>(
        reader.Int({"RATE_LIMIT_WRITE_PER_MIN"}, 120, 1, 10000000, "other writes per user (or IP) per minute"));
    c.rate_limit_read = static_cast<int>(
        reader.Int({"RATE_LIMIT_READ_PER_MIN"}, 600, 1, 10000000, "reads per user (or IP) per minute"));
    c.rate_limit_window = static_cast<int>(
        reader.Int({"RATE_LIMIT_WINDOW_SECONDS"}, 60, 1, 86400, "length of the rate-limit windows, seconds"));
    c.rate_limit_sync = reader.Millis("RATE_LIMIT_SYNC_MS", 20, 1, 10000,
                                      "how often this gateway adds its request counts to Redis (the other "
                                      "gateways see them after at most this long)");
    c.kafka = tt::kafka::LoadConfig(reader, "api-gateway");
    c.ws_send_queue_limit = static_cast<std::size_t>(reader.Int(
        {"WS_SEND_QUEUE_LIMIT"}, 256, 1, 1000000, "frames queued for one WebSocket client before it is dropped"));
    c.ws_send_queue_bytes = static_cast<std::size_t>(reader.Int(
        {"WS_SEND_QUEUE_BYTES"}, 1 << 20, 1024, 1 << 30, "bytes queued for one WebSocket client before it is dropped"));
    c.ws_max_rooms = static_cast<std::size_t>(
        reader.Int({"WS_MAX_ROOMS"}, 100, 1, 100000, "video rooms one WebSocket may join at a time"));
    c.ws_max_message_bytes = static_cast<std::size_t>(
        reader.Int({"WS_MAX_MESSAGE_BYTES"}, 4096, 256, 1 << 20, "largest message a WebSocket client may send, bytes"));
    reader.Validate();
    return c;
}

}  // namespace gateway
