// auth-service: accounts, password hashing, token issuing. Wiring only; see README.md.
#include <sodium.h>

#include <iostream>

#include "api/auth_rpc.hpp"
#include "config.hpp"
#include "tt/core/log.hpp"
#include "tt/pg/migrate.hpp"
#include "tt/service/host.hpp"

int main() {
    try {
        if (sodium_init() < 0) throw tt::Error(tt::ErrorCode::kInternal, "libsodium failed to initialise");
        auto config = auth::LoadConfig();
        tt::log::Init(config.host.name, config.host.log_level);

        tt::pg::Pool pool(config.db);
        tt::pg::MigrateWhenReachable(pool, config.migrations_dir);
        auth::store::UserStore users(pool);
        tt::redis::Client redis(config.redis);
        auth::store::LoginAttempts login_attempts(redis, config.login_max_failures, config.login_failure_window);
        auth::store::TokenStore tokens(pool);
        auth::api::AuthRpc rpc(config, users, tokens, login_attempts);

        tt::service::Host host(config.host);
        host.AddMetrics([&pool](tt::MetricsText& out) { pool.WriteMetrics(out); });
        host.AddReadinessCheck("postgres", [&pool] { return pool.Ping(); });
        host.AddReadinessCheck("redis", [&redis] { return redis.Ping(); });
        return host.Run({&rpc});
    } catch (const std::exception& e) {
        tt::log::Error("auth-service failed to start", {{"error", e.what()}});
        return 1;
    }
}
