// video-service: video metadata. Wiring only; see README.md.
#include "api/video_rpc.hpp"
#include "config.hpp"
#include "tt/core/log.hpp"
#include "tt/pg/migrate.hpp"
#include "tt/service/host.hpp"

int main() {
    try {
        auto config = video::LoadConfig();
        tt::log::Init(config.host.name, config.host.log_level);

        tt::pg::Pool pool(config.db);
        tt::pg::MigrateWhenReachable(pool, config.migrations_dir);
        video::store::VideoStore videos(pool);
        video::api::VideoRpc rpc(videos);

        tt::service::Host host(config.host);
        host.AddReadinessCheck("postgres", [&pool] { return pool.Ping(); });
        return host.Run({&rpc});
    } catch (const std::exception& e) {
        tt::log::Error("video-service failed to start", {{"error", e.what()}});
        return 1;
    }
}
