#pragma once

#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

namespace gateway::api {

enum class FieldType { kString, kInteger };

struct FieldRule {
    const char* name;
    FieldType type;
    bool required;
    std::size_t max_length = 0;  // strings only; 0 = no limit
};

// The original's ValidationPipe (whitelist + forbidNonWhitelisted): unknown properties, missing
// required fields, wrong types and empty required strings all give 400 with every problem listed.
void ValidateBody(const nlohmann::json& body, std::initializer_list<FieldRule> rules);

// Field accessors after ValidateBody; optional fields default to empty / 0.
std::string StringField(const nlohmann::json& body, const char* name);
std::int64_t IntField(const nlohmann::json& body, const char* name);

// page/limit query parameters: integers within bounds, defaults when absent; 400 otherwise.
int QueryInt(const std::map<std::string, std::string>& query, const char* name, int fallback, int min, int max);

}  // namespace gateway::api
