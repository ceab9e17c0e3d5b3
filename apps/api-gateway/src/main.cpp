// api-gateway: the public HTTP API. Verifies tokens, validates input, calls the services over gRPC.
// Wiring only; the routes live in src/api/.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <thread>

#include "api/deps.hpp"
#include "api/envelope.hpp"
#include "tt/core/clock.hpp"
#include "tt/core/log.hpp"
#include "tt/http/server.hpp"
#include "tt/http/util.hpp"
#include "tt/rpc/blocking.hpp"
#include "tt/rpc/client.hpp"

namespace {

namespace asio = boost::asio;
using tt::http::Context;
using tt::http::Response;

asio::awaitable<Response> Health(Context) {
    co_return gateway::api::Ok(
        200, {{"status", "OK"}, {"timestamp", tt::FormatIso8601(tt::SystemClock().Now())}, {"service", "API Gateway"}});
}

// Ready when every service's gRPC channel connects. Probes block, so they run on `probes`; the
// response is built there too and the coroutine only awaits it.
Response ReadinessResponse(const gateway::api::Deps& d) {
    auto probe = [](grpc::Channel& channel) { return tt::rpc::WaitConnected(channel, std::chrono::milliseconds(500)); };
    nlohmann::json checks = {{"auth-service", probe(*d.auth_channel)},
                             {"video-service", probe(*d.video_channel)},
                             {"interaction-service", probe(*d.interaction_channel)},
                             {"notification-service", probe(*d.notification_channel)}};
    bool ready = true;
    for (const auto& item : checks) ready = ready && item.get<bool>();
    return tt::http::JsonResponse(
        ready ? 200 : 503,
        {{"status", ready ? "ready" : "unavailable"}, {"service", "api-gateway"}, {"checks", checks}});
}

// Lets requests in flight finish (up to `deadline`), then stops the event loop; idle keep-alive
// connections are closed by stopping it.
void DrainThenStop(asio::io_context& io, asio::steady_timer& timer, const tt::http::Server& server,
                   std::chrono::steady_clock::time_point deadline) {
    if (server.InFlight() == 0 || std::chrono::steady_clock::now() >= deadline) {
        io.stop();
        return;
    }
    timer.expires_after(std::chrono::milliseconds(20));
    timer.async_wait([&io, &timer, &server, deadline](const boost::system::error_code&) {
        DrainThenStop(io, timer, server, deadline);
    });
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
        deps.auth = ::auth::AuthService::NewStub(deps.auth_channel);
        deps.video = ::video::VideoService::NewStub(deps.video_channel);
        deps.interaction = ::interaction::InteractionService::NewStub(deps.interaction_channel);
        deps.notification = ::notification::NotificationService::NewStub(deps.notification_channel);

        asio::io_context io(config.threads);
        asio::thread_pool probes(1);
        tt::http::Router router;
        router.Add(tt::http::beast_http::verb::get, "/health", Health);
        const gateway::api::Deps* d = &deps;
        asio::thread_pool* probe_pool = &probes;
        router.Add(tt::http::beast_http::verb::get, "/ready", [d, probe_pool](Context) {
            return tt::rpc::RunBlocking(*probe_pool, [d] { return ReadinessResponse(*d); });
        });
        gateway::api::AddAuthRoutes(router, deps);
        gateway::api::AddVideoRoutes(router, deps);
        gateway::api::AddInteractionRoutes(router, deps);
        gateway::api::AddNotificationRoutes(router, deps);
        gateway::api::AddUserRoutes(router, deps);
        gateway::api::AddCommentRoutes(router, deps);

        tt::http::ServerOptions options;
        options.port = static_cast<std::uint16_t>(config.port);
        options.body_limit = config.body_limit;
        options.cors_origins = config.cors_origins;
        tt::http::Server server(io, options, std::move(router));
        server.Start();
        tt::log::Info("api-gateway started", {{"port", server.BoundPort()}, {"threads", config.threads}});

        asio::signal_set signals(io, SIGINT, SIGTERM);
        asio::steady_timer drain_timer(io);
        signals.async_wait([&](const boost::system::error_code& ec, int signal) {
            if (ec) return;
            tt::log::Info("shutting down", {{"signal", signal}, {"inFlight", server.InFlight()}});
            server.Stop();
            DrainThenStop(io, drain_timer, server, std::chrono::steady_clock::now() + config.shutdown_grace);
        });
        std::vector<std::thread> threads;
        for (int i = 1; i < config.threads; ++i) threads.emplace_back([&io] { io.run(); });
        io.run();
        for (auto& t : threads) t.join();
        probes.join();
        tt::log::Info("api-gateway stopped");
        return 0;
    } catch (const std::exception& e) {
        tt::log::Error("api-gateway failed to start", {{"error", e.what()}});
        return 1;
    }
}
