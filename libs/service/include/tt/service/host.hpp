#pragma once

#include <grpcpp/impl/service_type.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "tt/core/config.hpp"
#include "tt/core/metrics_text.hpp"

namespace tt::service {

struct HostConfig {
    std::string name;
    int http_port = 0;
    int grpc_port = 0;
    std::string log_level = "info";
    std::chrono::milliseconds shutdown_grace{10000};
};

// Reads <PREFIX>_HTTP_PORT, <PREFIX>_GRPC_PORT, LOG_LEVEL, SHUTDOWN_GRACE_MS.
HostConfig LoadHostConfig(config::Reader& reader, const std::string& name, const std::string& prefix,
                          int default_http_port, int default_grpc_port);

// Lifecycle of one service process. Not thread-safe; used from main() only.
class Host {
public:
    explicit Host(HostConfig config);

    // A blocking dependency probe for /ready (PostgreSQL ping, Kafka metadata, ...); runs off the
    // event loop, each with its own short timeout.
    void AddReadinessCheck(std::string name, std::function<bool()> check);
    // Adds samples to GET /metrics (Prometheus text format). Sources run off the event loop, in
    // registration order, and may block briefly (a database query with the pool's timeouts); a source
    // that throws stops where it was and is counted in tt_metrics_source_failures.
    void AddMetrics(std::function<void(MetricsText& out)> source);
    // Called on shutdown after the gRPC server stopped, in reverse order of registration.
    void AddStopHook(std::function<void()> hook);

    // Serves until SIGTERM or SIGINT, then shuts down. Returns the process exit code.
    int Run(const std::vector<grpc::Service*>& services);

private:
    HostConfig config_;
    std::vector<std::pair<std::string, std::function<bool()>>> checks_;
    std::vector<std::function<void()>> stop_hooks_;
    std::vector<std::function<void(MetricsText&)>> metrics_;
};

}  // namespace tt::service
