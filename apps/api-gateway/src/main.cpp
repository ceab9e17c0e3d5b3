// api-gateway: the public HTTP API. Verifies tokens, validates input, calls the services over gRPC.
// Wiring only; the routes live in src/api/.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <fstream>
#include <sstream>
#include <thread>

#include "api/deps.hpp"
#include "api/rate_limiter.hpp"
#include "realtime/event_bridge.hpp"
#include "realtime/hub.hpp"
#include "realtime/ws_route.hpp"
#include "tt/core/log.hpp"
#include "tt/core/metrics.hpp"
#include "tt/http/server.hpp"
#include "tt/rpc/client.hpp"

namespace {

namespace asio = boost::asio;

// Lets requests in flight finish and WebSocket sessions end their closing handshake (up to
// `deadline`), then stops the event loop; idle keep-alive connections are closed by stopping it.
void DrainThenStop(asio::io_context& io, asio::steady_timer& timer, const tt::http::Server& server,
                   const gateway::realtime::Hub& hub, std::chrono::steady_clock::time_point deadline) {
    bool drained = server.InFlight() == 0 && hub.SessionCount() == 0;
    if (drained || std::chrono::steady_clock::now() >= deadline) {
        io.stop();
        return;
    }
    timer.expires_after(std::chrono::milliseconds(20));
    timer.async_wait([&io, &timer, &server, &hub, deadline](const boost::system::error_code&) {
        DrainThenStop(io, timer, server, hub, deadline);
    });
}

std::string LoadOpenApi(const gateway::Config& config) {
    std::ifstream in(config.openapi_file);
    if (!in) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument,
                        "cannot read the OpenAPI document " + config.openapi_file + " (set GATEWAY_OPENAPI_FILE)");
    }
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

int main() {
    try {
        auto config = gateway::LoadConfig();
        tt::log::Init("api-gateway", config.log_level);

        gateway::api::Deps deps{config, gateway::api::AuthGuard(config.access_secret)};
        deps.auth_channel = tt::rpc::MakeChannel(config.auth_url);
        deps.video_channel = tt::rpc::MakeChannel(config.video_url);
        deps.interaction_channel = tt::rpc::MakeChannel(config.interaction_url);
        deps.notification_channel = tt::rpc::MakeChannel(config.notification_url);
        deps.analytics_channel = tt::rpc::MakeChannel(config.analytics_url);
        deps.auth = ::auth::AuthService::NewStub(deps.auth_channel);
        deps.video = ::video::VideoService::NewStub(deps.video_channel);
        deps.interaction = ::interaction::InteractionService::NewStub(deps.interaction_channel);
        deps.notification = ::notification::NotificationService::NewStub(deps.notification_channel);
        deps.analytics = ::analytics::AnalyticsService::NewStub(deps.analytics_channel);

        tt::storage::DirectoryStorage storage(config.storage_dir);
        deps.storage = &storage;
        gateway::api::PageCache feed_cache(config.feed_cache_ttl);
        deps.feed_cache = &feed_cache;
        gateway::api::PageCache video_cache(config.video_cache_ttl, 4096);
        deps.video_cache = &video_cache;

        // WebSocket rooms and users; declared before the io_context so it outlives every session.
        gateway::realtime::Hub hub(config.ws_max_rooms);
        asio::io_context io(config.threads);
        asio::thread_pool probes(1);
        tt::http::Router router;
        gateway::api::AddSystemRoutes(router, deps, probes, std::make_shared<const std::string>(LoadOpenApi(config)));
        gateway::api::AddApiRoutes(router, deps);
        gateway::realtime::AddRealtimeRoutes(router, deps, hub);

        tt::redis::Client redis(config.redis);
        gateway::api::RateLimiter limiter({config.rate_limit_enabled, config.rate_limit_auth, config.rate_limit_write,
                                           config.rate_limit_read, config.rate_limit_window},
                                          redis, deps.guard, config.rate_limit_sync);

        tt::http::ServerOptions options;
        options.admission = [&limiter](const tt::http::Context& c) { return limiter.Admit(c); };
        options.port = static_cast<std::uint16_t>(config.port);
        options.body_limit = config.body_limit;
        options.cors_origins = config.cors_origins;
        tt::http::Server server(io, options, std::move(router));
        server.Start();
        tt::log::Info("api-gateway started",
                      {{"port", server.BoundPort()}, {"threads", config.threads}, {"allocator", tt::metrics::AllocatorName()}});
        // Kafka -> WebSocket events; connects in the background, so the gateway serves without Kafka.
        gateway::realtime::EventBridge bridge(config.kafka, hub, gateway::realtime::AuthServiceUsers(deps));
        // A like, view or comment changes the video's detail: the next signed-out request rebuilds it;
        // a deleted video's detail goes at once.
        bridge.OnVideoEvent([&video_cache](const std::string& video_id, bool deleted) {
            auto key = gateway::api::VideoCacheKey(video_id);
            deleted ? video_cache.Forget(key) : video_cache.Expire(key);
        });
        bridge.Start();

        asio::signal_set signals(io, SIGINT, SIGTERM);
        asio::steady_timer drain_timer(io);
        signals.async_wait([&](const boost::system::error_code& ec, int signal) {
            if (ec) return;
            tt::log::Info("shutting down", {{"signal", signal}, {"inFlight", server.InFlight()}});
            server.Stop();
            auto sockets = hub.CloseAll();  // close frames "going away"
            tt::log::Info("closing websockets", {{"sessions", sockets}, {"dropped", hub.DroppedCount()}});
            DrainThenStop(io, drain_timer, server, hub, std::chrono::steady_clock::now() + config.shutdown_grace);
        });
        std::vector<std::thread> threads;
        for (int i = 1; i < config.threads; ++i) threads.emplace_back([&io] { io.run(); });
        io.run();
        for (auto& t : threads) t.join();
        bridge.Stop();
        probes.join();
        limiter.Stop();  // its last counts go to Redis
        tt::log::Info("api-gateway stopped");
        return 0;
    } catch (const std::exception& e) {
        tt::log::Error("api-gateway failed to start", {{"error", e.what()}});
        return 1;
    }
}
