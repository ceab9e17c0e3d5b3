#include "config.hpp"

#include "tt/core/error.hpp"

namespace auth {
namespace {

std::chrono::seconds Duration(tt::config::Reader& reader, const std::string& name, const std::string& fallback,
                              const std::string& description) {
    auto text = reader.String({name}, fallback, description + " (e.g. 15m, 3d, 3600)");
    auto parsed = tt::config::ParseDuration(text);
    if (!parsed)
        throw tt::Error(tt::ErrorCode::kInvalidArgument, name + "='" + text + "' is not a duration like 15m or 7d");
    return *parsed;
}

}  // namespace

Config LoadConfig() {
    tt::config::Reader reader;
    Config c;
    c.host = tt::service::LoadHostConfig(reader, "auth-service", "AUTH", 3001, 50051);
    c.db = tt::pg::LoadDbConfig(reader, "AUTH", "tiktok_auth");
    c.migrations_dir = reader.String({"AUTH_MIGRATIONS_DIR", "MIGRATIONS_DIR"}, TT_MIGRATIONS_DIR,
                                     "directory of this service's numbered SQL migrations");
    c.access_secret = reader.RequiredSecret("JWT_ACCESS_SECRET", 16, "HMAC key of access tokens");
    c.refresh_secret = reader.RequiredSecret("JWT_REFRESH_SECRET", 16, "HMAC key of refresh tokens");
    c.access_ttl = Duration(reader, "JWT_ACCESS_EXPIRATION", "15m", "access token lifetime");
    c.refresh_ttl = Duration(reader, "JWT_REFRESH_EXPIRATION", "7d", "refresh token lifetime");
    reader.Validate();
    return c;
}

}  // namespace auth
