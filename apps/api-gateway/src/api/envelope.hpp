#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "tt/http/types.hpp"

namespace gateway::api {

// The original's success envelope: {success: true, data, timestamp} (+ message when given).
tt::http::Response Ok(unsigned status, nlohmann::json data, std::string_view message = {});

// A proto string field as JSON: null when empty (absent in the original's responses).
nlohmann::json OrNull(const std::string& value);

}  // namespace gateway::api
