// /health, /ready, /metrics, /api/docs-json, /api/docs.
#include <boost/asio/thread_pool.hpp>

#include "api/deps.hpp"
#include "api/envelope.hpp"
#include "tt/core/clock.hpp"
#include "tt/core/metrics.hpp"
#include "tt/http/util.hpp"
#include "tt/rpc/blocking.hpp"
#include "tt/rpc/client.hpp"

namespace gateway::api {
namespace {

namespace asio = boost::asio;
using tt::http::Context;
using tt::http::Response;

asio::awaitable<Response> Health(Context) {
    co_return Ok(
        200, {{"status", "OK"}, {"timestamp", tt::FormatIso8601(tt::SystemClock().Now())}, {"service", "API Gateway"}});
}

// Ready when the core services' gRPC channels connect; analytics-service (trending, stats) is reported
// but not required: its outage should not take the whole API out of a load balancer. Probes block,
// so this runs on the probe pool.
Response ReadinessResponse(const Deps& d) {
    auto probe = [](grpc::Channel& channel) { return tt::rpc::WaitConnected(channel, std::chrono::milliseconds(500)); };
    nlohmann::json checks = {{"auth-service", probe(*d.auth_channel)},
                             {"video-service", probe(*d.video_channel)},
                             {"interaction-service", probe(*d.interaction_channel)},
                             {"notification-service", probe(*d.notification_channel)}};
    bool ready = true;
    for (const auto& item : checks) ready = ready && item.get<bool>();
    checks["analytics-service"] = probe(*d.analytics_channel);
    return tt::http::JsonResponse(
        ready ? 200 : 503,
        {{"status", ready ? "ready" : "unavailable"}, {"service", "api-gateway"}, {"checks", checks}});
}

// Prometheus text: process CPU and memory, HTTP routes, gRPC calls to the services, Kafka (the
// WebSocket bridge's consumer).
Response MetricsResponse(const Deps& d) {
    tt::MetricsText out;
    tt::metrics::WriteProcessMetrics(out);
    tt::metrics::Global().Write(out);
    std::vector<std::pair<std::string, const PageCache*>> caches;
    if (d.feed_cache != nullptr) caches.emplace_back("feed", d.feed_cache);
    if (d.video_cache != nullptr) caches.emplace_back("video", d.video_cache);
    PageCache::WriteMetrics(out, caches);
    Response response{tt::http::beast_http::status::ok, 11};
    response.set(tt::http::beast_http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    response.body() = out.Text();
    response.prepare_payload();
    return response;
}

Response Text(const std::string& body, const char* content_type) {
    Response response{tt::http::beast_http::status::ok, 11};
    response.set(tt::http::beast_http::field::content_type, content_type);
    response.set(tt::http::beast_http::field::cache_control, "no-cache");
    response.body() = body;
    response.prepare_payload();
    return response;
}

asio::awaitable<Response> Immediate(Response response) {
    co_return response;
}

// A self-contained page (no external scripts) listing the document's operations.
constexpr const char* kDocsPage = R"HTML(<!doctype html>
<html><head><meta charset="utf-8"><title>TikTok Clone API</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}code{background:#f3f3f3;padding:0 .3em}
td{padding:.2em .8em;vertical-align:top}th{text-align:left}.m{font-weight:bold;text-transform:uppercase}</style>
</head><body><h1>TikTok Clone API</h1><p id="d"></p><p>Machine-readable: <a href="/api/docs-json">/api/docs-json</a> (OpenAPI 3)</p>
<table id="t"><tr><th>Method</th><th>Path</th><th>Summary</th><th>Auth</th><th>Responses</th></tr></table>
<script>
fetch('/api/docs-json').then(r=>r.json()).then(doc=>{
  document.getElementById('d').textContent=doc.info.description;
  const t=document.getElementById('t');
  for(const [path,ops] of Object.entries(doc.paths)) for(const [m,op] of Object.entries(ops)){
    const tr=t.insertRow();
    [m,path,op.summary,op.security?'token':'',Object.keys(op.responses).join(' ')].forEach((v,i)=>{
      const td=tr.insertCell(); td.textContent=v; if(i==0) td.className='m'; if(i==1) td.innerHTML='<code>'+td.innerHTML+'</code>';});
  }});
</script></body></html>
)HTML";

}  // namespace

void AddSystemRoutes(tt::http::Router& router, const Deps& deps, asio::thread_pool& probes,
                     std::shared_ptr<const std::string> openapi) {
    const Deps* d = &deps;
    asio::thread_pool* pool = &probes;
    using tt::http::beast_http::verb;
    router.Add(verb::get, "/health", Health);
    router.Add(verb::get, "/ready",
               [d, pool](Context) { return tt::rpc::RunBlocking(*pool, [d] { return ReadinessResponse(*d); }); });
    router.Add(verb::get, "/metrics", [d](Context) { return Immediate(MetricsResponse(*d)); });
    router.Add(verb::get, "/api/docs-json",
               [openapi](Context) { return Immediate(Text(*openapi, "application/json; charset=utf-8")); });
    router.Add(verb::get, "/api/docs", [](Context) { return Immediate(Text(kDocsPage, "text/html; charset=utf-8")); });
}

void AddApiRoutes(tt::http::Router& router, const Deps& deps) {
    AddAuthRoutes(router, deps);
    AddUserRoutes(router, deps);
    AddVideoRoutes(router, deps);
    AddAnalyticsRoutes(router, deps);
    AddMediaRoutes(router, deps);
    AddInteractionRoutes(router, deps);
    AddCommentRoutes(router, deps);
    AddNotificationRoutes(router, deps);
}

}  // namespace gateway::api
