#include "tt/http/util.hpp"

#include <boost/beast/http/field.hpp>

#include "tt/core/clock.hpp"
#include "tt/core/error.hpp"

namespace tt::http {

namespace {

std::string Decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else if (c == '%' && i + 2 < text.size()) {
            auto hex = [](char h) -> int {
                if (h >= '0' && h <= '9') return h - '0';
                if (h >= 'a' && h <= 'f') return h - 'a' + 10;
                if (h >= 'A' && h <= 'F') return h - 'A' + 10;
                return -1;
            };
            int hi = hex(text[i + 1]);
            int lo = hex(text[i + 2]);
            if (hi < 0 || lo < 0) {
                out.push_back(c);
            } else {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
            }
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace

std::string UrlDecode(std::string_view text) {
    return Decode(text, true);
}
std::string PathDecode(std::string_view text) {
    return Decode(text, false);
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    while (start < query.size()) {
        auto end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        auto pair = query.substr(start, end - start);
        auto eq = pair.find('=');
        if (!pair.empty()) {
            if (eq == std::string_view::npos) {
                out.emplace(UrlDecode(pair), "");
            } else {
                out.emplace(UrlDecode(pair.substr(0, eq)), UrlDecode(pair.substr(eq + 1)));
            }
        }
        start = end + 1;
    }
    return out;
}

std::optional<std::string> CookieValue(const Request& request, std::string_view name) {
    auto it = request.find(beast_http::field::cookie);
    if (it == request.end()) return std::nullopt;
    std::string_view header = it->value();
    std::size_t start = 0;
    while (start < header.size()) {
        auto end = header.find(';', start);
        if (end == std::string_view::npos) end = header.size();
        auto pair = header.substr(start, end - start);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
        start = end + 1;
    }
    return std::nullopt;
}

Response JsonResponse(unsigned status, const nlohmann::json& body, unsigned version) {
    Response response{static_cast<beast_http::status>(status), version};
    response.set(beast_http::field::content_type, "application/json; charset=utf-8");
    response.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    response.prepare_payload();
    return response;
}

Response ErrorResponse(unsigned status, std::string_view message, const Context& context) {
    nlohmann::json body = {{"statusCode", status},
                           {"timestamp", FormatIso8601(SystemClock().Now())},
                           {"path", context.path},
                           {"method", std::string(context.request.method_string())},
                           {"message", message}};
    return JsonResponse(status, body, context.request.version());
}

nlohmann::json ParseJsonObject(const Request& request) {
    const auto& body = request.body();
    if (body.empty()) throw Error(ErrorCode::kInvalidArgument, "Request body must be a JSON object");
    auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) throw Error(ErrorCode::kInvalidArgument, "Request body is not valid JSON");
    if (!parsed.is_object()) throw Error(ErrorCode::kInvalidArgument, "Request body must be a JSON object");
    return parsed;
}

}  // namespace tt::http
