#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "api/deps.hpp"
#include "realtime/hub.hpp"
#include "realtime/ws_route.hpp"
#include "tt/rpc/client.hpp"

namespace gateway::api {
namespace {

// "/api/videos/:id" -> "/api/videos/{id}" (OpenAPI path template).
std::string ToOpenApiPath(const std::string& pattern) {
    std::string out;
    bool in_param = false;
    for (char c : pattern) {
        if (c == ':') {
            out += '{';
            in_param = true;
        } else if (c == '/' && in_param) {
            out += "}/";
            in_param = false;
        } else {
            out += c;
        }
    }
    return in_param ? out + "}" : out;
}

// The gateway's routes, built exactly as main() builds them (channels connect lazily: no server needed).
std::set<std::string> RegisteredRoutes() {
    Deps deps{Config{}, AuthGuard("0123456789abcdef")};
    deps.auth_channel = deps.video_channel = deps.interaction_channel = deps.notification_channel =
        deps.analytics_channel = tt::rpc::MakeChannel("127.0.0.1:1");
    deps.auth = ::auth::AuthService::NewStub(deps.auth_channel);
    deps.video = ::video::VideoService::NewStub(deps.video_channel);
    deps.interaction = ::interaction::InteractionService::NewStub(deps.interaction_channel);
    deps.notification = ::notification::NotificationService::NewStub(deps.notification_channel);
    deps.analytics = ::analytics::AnalyticsService::NewStub(deps.analytics_channel);
    boost::asio::thread_pool probes(1);
    tt::http::Router router;
    AddSystemRoutes(router, deps, probes, std::make_shared<const std::string>("{}"));
    AddApiRoutes(router, deps);
    realtime::Hub hub(1);
    realtime::AddRealtimeRoutes(router, deps, hub);
    std::set<std::string> out;
    for (const auto& route : router.Routes()) {
        std::string method(tt::http::beast_http::to_string(route.method));
        for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        out.insert(method + " " + ToOpenApiPath(route.pattern));
    }
    probes.join();
    return out;
}

std::set<std::string> DocumentedRoutes() {
    std::ifstream in(TT_OPENAPI_FILE);
    auto doc = nlohmann::json::parse(in);
    std::set<std::string> out;
    for (const auto& [path, operations] : doc.at("paths").items()) {
        for (const auto& [method, operation] : operations.items()) out.insert(method + " " + path);
    }
    return out;
}

TEST(OpenApi, DocumentDescribesExactlyTheRegisteredRoutes) {
    auto registered = RegisteredRoutes();
    auto documented = DocumentedRoutes();
    for (const auto& route : registered) EXPECT_TRUE(documented.count(route)) << "undocumented route: " << route;
    for (const auto& route : documented) EXPECT_TRUE(registered.count(route)) << "documented but absent: " << route;
}

TEST(OpenApi, EveryOperationHasASummaryAndResponses) {
    std::ifstream in(TT_OPENAPI_FILE);
    auto doc = nlohmann::json::parse(in);
    EXPECT_EQ(doc.at("openapi").get<std::string>().substr(0, 2), "3.");
    for (const auto& [path, operations] : doc.at("paths").items()) {
        for (const auto& [method, operation] : operations.items()) {
            EXPECT_TRUE(operation.contains("summary")) << method << " " << path;
            EXPECT_FALSE(operation.at("responses").empty()) << method << " " << path;
        }
    }
}

}  // namespace
}  // namespace gateway::api
