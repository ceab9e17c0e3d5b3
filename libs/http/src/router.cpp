#include "tt/http/router.hpp"

#include "tt/http/util.hpp"

namespace tt::http {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start) out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

}  // namespace

void Router::Add(beast_http::verb method, std::string pattern, Handler handler) {
    AddRoute(Route{method, {}, 0, std::move(handler), {}, std::move(pattern)});
}

void Router::AddRaw(beast_http::verb method, std::string pattern, RawHandler handler) {
    AddRoute(Route{method, {}, 0, {}, std::move(handler), std::move(pattern)});
}

void Router::AddRoute(Route route) {
    for (auto segment : Split(route.pattern)) {
        if (segment.front() != ':') ++route.literal_count;
        route.segments.emplace_back(segment);
    }
    routes_.push_back(std::move(route));
}

std::optional<Router::Match> Router::Find(beast_http::verb method, std::string_view path) const {
    auto segments = Split(path);
    const Route* best = nullptr;
    Match match;
    for (const auto& route : routes_) {
        bool method_ok =
            route.method == method || (method == beast_http::verb::head && route.method == beast_http::verb::get);
        if (!method_ok || route.segments.size() != segments.size()) continue;
        // More literal segments win; at a tie an exact method (HEAD route) beats the GET fallback.
        if (best != nullptr &&
            (best->literal_count > route.literal_count ||
             (best->literal_count == route.literal_count && (best->method == method || route.method != method)))) {
            continue;
        }
        std::map<std::string, std::string> params;
        bool ok = true;
        for (std::size_t i = 0; i < segments.size() && ok; ++i) {
            const auto& want = route.segments[i];
            if (want.front() == ':') {
                params[want.substr(1)] = PathDecode(segments[i]);
            } else {
                ok = want == segments[i];
            }
        }
        if (!ok) continue;
        best = &route;
        match.params = std::move(params);
    }
    if (best == nullptr) return std::nullopt;
    match.pattern = &best->pattern;
    if (best->raw) {
        match.raw = &best->raw;
    } else {
        match.handler = &best->handler;
    }
    return match;
}

std::vector<Router::RouteInfo> Router::Routes() const {
    std::vector<RouteInfo> out;
    for (const auto& route : routes_) out.push_back({route.method, route.pattern});
    return out;
}

}  // namespace tt::http
