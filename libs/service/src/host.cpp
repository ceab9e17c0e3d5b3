#include "tt/service/host.hpp"

#include "tt/core/metrics.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include <future>

#include "tt/core/clock.hpp"
#include "tt/core/log.hpp"
#include "tt/core/metrics.hpp"
#include "tt/http/server.hpp"
#include "tt/http/util.hpp"
#include "tt/rpc/blocking.hpp"
#include "tt/rpc/server.hpp"

namespace tt::service {
namespace asio = boost::asio;

HostConfig LoadHostConfig(config::Reader& reader, const std::string& name, const std::string& prefix,
                          int default_http_port, int default_grpc_port) {
    HostConfig c;
    c.name = name;
    c.http_port = static_cast<int>(
        reader.Int({prefix + "_HTTP_PORT"}, default_http_port, 0, 65535, "health/readiness HTTP port (0 = any)"));
    c.grpc_port = static_cast<int>(reader.Int({prefix + "_GRPC_PORT"}, default_grpc_port, 0, 65535, "gRPC port"));
    c.log_level = reader.String({"LOG_LEVEL"}, "info", "debug, info, warn or error");
    c.shutdown_grace = reader.Millis("SHUTDOWN_GRACE_MS", 10000, 0, 120000, "time in-flight calls get on SIGTERM");
    return c;
}

namespace {

http::Response ReadinessResponse(const std::vector<std::pair<std::string, std::function<bool()>>>& checks,
                                 const std::string& name) {
    nlohmann::json results = nlohmann::json::object();
    bool ready = true;
    for (const auto& [check_name, check] : checks) {
        bool ok = check();
        results[check_name] = ok;
        ready = ready && ok;
    }
    return http::JsonResponse(ready ? 200 : 503,
                              {{"status", ready ? "ready" : "unavailable"}, {"service", name}, {"checks", results}});
}

http::Response MetricsResponse(const std::vector<std::function<void(MetricsText&)>>& sources, const std::string& name) {
    MetricsText out;
    metrics::WriteProcessMetrics(out);
    metrics::Global().Write(out);
    int failed = 0;
    for (const auto& source : sources) {
        try {
            source(out);
        } catch (const std::exception& e) {
            ++failed;
            log::Warn("metrics source failed", {{"error", e.what()}});
        }
    }
    out.Gauge("tt_metrics_source_failures", "metrics sources that failed during this scrape", failed,
              {{"service", name}});
    http::Response response(http::beast_http::status::ok, 11);
    response.set(http::beast_http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    response.body() = out.Text();
    response.prepare_payload();
    return response;
}

}  // namespace

Host::Host(HostConfig config) : config_(std::move(config)) {}

void Host::AddReadinessCheck(std::string name, std::function<bool()> check) {
    checks_.emplace_back(std::move(name), std::move(check));
}

void Host::AddMetrics(std::function<void(MetricsText& out)> source) {
    metrics_.push_back(std::move(source));
}

void Host::AddStopHook(std::function<void()> hook) {
    stop_hooks_.push_back(std::move(hook));
}

int Host::Run(const std::vector<grpc::Service*>& services) {
    asio::io_context io(1);
    asio::thread_pool probes(2);

    http::Router router;
    std::string name = config_.name;
    router.Add(http::beast_http::verb::get, "/health", [name](http::Context) -> asio::awaitable<http::Response> {
        co_return http::JsonResponse(
            200, {{"status", "ok"}, {"service", name}, {"timestamp", FormatIso8601(SystemClock().Now())}});
    });
    auto* checks = &checks_;
    auto* pool = &probes;
    router.Add(http::beast_http::verb::get, "/ready", [checks, pool, name](http::Context) {
        // All the work, including building the response, happens in plain code on the probe pool:
        // the coroutine only awaits it.
        return rpc::RunBlocking(*pool, [checks, name] { return ReadinessResponse(*checks, name); });
    });

    auto* metrics = &metrics_;
    router.Add(http::beast_http::verb::get, "/metrics", [metrics, pool, name](http::Context) {
        return rpc::RunBlocking(*pool, [metrics, name] { return MetricsResponse(*metrics, name); });
    });

    http::ServerOptions options;
    options.port = static_cast<std::uint16_t>(config_.http_port);
    http::Server http_server(io, options, std::move(router));
    http_server.Start();
    auto grpc_server = rpc::StartServer(config_.grpc_port, services);
    log::Info("service started", {{"httpPort", http_server.BoundPort()}, {"grpcPort", grpc_server.port}});

    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        log::Info("shutting down", {{"signal", signal}});
        http_server.Stop();
        // In-flight calls get the grace period; then the server cancels what is left.
        grpc_server.server->Shutdown(std::chrono::system_clock::now() + config_.shutdown_grace);
        for (auto it = stop_hooks_.rbegin(); it != stop_hooks_.rend(); ++it) (*it)();
        io.stop();
    });
    io.run();
    probes.join();
    grpc_server.server->Wait();
    log::Info("service stopped");
    return 0;
}

}  // namespace tt::service
