#include "config.hpp"

#include <algorithm>
#include <thread>

namespace auth {

Config LoadConfig() {
    tt::config::Reader reader;
    Config c;
    c.host = tt::service::LoadHostConfig(reader, "auth-service", "AUTH", 3001, 50051);
    c.db = tt::pg::LoadDbConfig(reader, "AUTH", "tiktok_auth");
    c.redis = tt::redis::LoadRedisConfig(reader);
    c.migrations_dir = reader.String({"AUTH_MIGRATIONS_DIR", "MIGRATIONS_DIR"}, TT_MIGRATIONS_DIR,
                                     "directory of this service's numbered SQL migrations");
    c.access_secret = reader.RequiredSecret("JWT_ACCESS_SECRET", 16, "HMAC key of access tokens");
    c.refresh_secret = reader.RequiredSecret("JWT_REFRESH_SECRET", 16, "HMAC key of refresh tokens");
    c.access_ttl = reader.Duration("JWT_ACCESS_EXPIRATION", "15m", "access token lifetime");
    c.refresh_ttl = reader.Duration("JWT_REFRESH_EXPIRATION", "7d", "refresh token lifetime");
    c.login_max_failures = static_cast<int>(
        reader.Int({"AUTH_LOGIN_MAX_FAILURES"}, 10, 1, 1000, "failed logins of one account before it is locked"));
    c.login_failure_window =
        reader.Duration("AUTH_LOGIN_FAILURE_WINDOW", "15m", "how long failed logins count and the lock lasts");
    c.password_hash_concurrency = static_cast<int>(
        reader.Int({"PASSWORD_HASH_CONCURRENCY"}, std::max(1u, std::thread::hardware_concurrency()), 1, 256,
                   "argon2id password hashes run at once (each takes 64 MiB and tens of ms of a core)"));
    reader.Validate();
    return c;
}

}  // namespace auth
