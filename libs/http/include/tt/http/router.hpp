#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tt/http/exchange.hpp"
#include "tt/http/types.hpp"

namespace tt::http {

// Method + path pattern ("/api/videos/:id") to handler. Literal segments win over parameters when
// both match ("/api/videos/feed" before "/api/videos/:id"), whatever the registration order.
// HEAD requests use the GET route when there is no HEAD route; the server sends no body.
class Router {
public:
    void Add(beast_http::verb method, std::string pattern, Handler handler);
    // A route whose handler reads the body and writes the response itself (see Exchange).
    void AddRaw(beast_http::verb method, std::string pattern, RawHandler handler);

    struct Match {
        const Handler* handler = nullptr;  // exactly one of handler and raw is set
        const RawHandler* raw = nullptr;
        std::map<std::string, std::string> params;
        const std::string* pattern = nullptr;  // the route template ("/api/videos/:id"), for metrics
    };
    // nullopt when no route has this path and method.
    std::optional<Match> Find(beast_http::verb method, std::string_view path) const;

    struct RouteInfo {
        beast_http::verb method;
        std::string pattern;  // as registered: "/api/videos/:id"
    };
    // Every registered route, in registration order (the OpenAPI check compares these).
    std::vector<RouteInfo> Routes() const;

private:
    struct Route {
        beast_http::verb method;
        std::vector<std::string> segments;
        int literal_count = 0;
        Handler handler;
        RawHandler raw;
        std::string pattern;
    };
    void AddRoute(Route route);
    std::vector<Route> routes_;
};

}  // namespace tt::http
