#include "api/envelope.hpp"

#include "tt/core/clock.hpp"
#include "tt/http/util.hpp"

namespace gateway::api {

tt::http::Response Ok(unsigned status, nlohmann::json data, std::string_view message) {
    nlohmann::json body = {{"success", true}};
    if (!message.empty()) body["message"] = message;
    body["data"] = std::move(data);
    body["timestamp"] = tt::FormatIso8601(tt::SystemClock().Now());
    return tt::http::JsonResponse(status, body);
}

nlohmann::json OrNull(const std::string& value) {
    return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
}

}  // namespace gateway::api
