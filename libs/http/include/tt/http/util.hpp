#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tt/http/types.hpp"

namespace tt::http {

// Query-string decoding: %XX and '+' as space. Malformed escapes are kept as they are.
std::string UrlDecode(std::string_view text);
// Path-segment decoding: %XX only ('+' stays '+').
std::string PathDecode(std::string_view text);
std::map<std::string, std::string> ParseQuery(std::string_view query);
// Cookie header -> value of `name`, if present.
std::optional<std::string> CookieValue(const Request& request, std::string_view name);

Response JsonResponse(unsigned status, const nlohmann::json& body, unsigned version = 11);
// The original's error envelope: {statusCode, timestamp, path, method, message}.
Response ErrorResponse(unsigned status, std::string_view message, const Context& context);

// Parses the body as a JSON object; throws tt::Error(kInvalidArgument) with a readable message.
nlohmann::json ParseJsonObject(const Request& request);

}  // namespace tt::http
