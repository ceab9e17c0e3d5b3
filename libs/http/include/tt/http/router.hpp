#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tt/http/types.hpp"

namespace tt::http {

// Method + path pattern ("/api/videos/:id") to handler. Literal segments win over parameters when
// both match ("/api/videos/feed" before "/api/videos/:id"), whatever the registration order.
class Router {
public:
    void Add(beast_http::verb method, std::string pattern, Handler handler);

    struct Match {
        const Handler* handler = nullptr;
        std::map<std::string, std::string> params;
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
        std::string pattern;
    };
    std::vector<Route> routes_;
};

}  // namespace tt::http
