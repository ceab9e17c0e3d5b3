#include "api/body.hpp"

#include <map>

#include "tt/core/error.hpp"
#include "tt/core/text.hpp"

namespace gateway::api {

void ValidateBody(const nlohmann::json& body, std::initializer_list<FieldRule> rules) {
    std::string problems;
    auto add = [&problems](const std::string& p) { problems += (problems.empty() ? "" : "; ") + p; };
    for (const auto& [key, value] : body.items()) {
        bool known = false;
        for (const auto& rule : rules) known = known || key == rule.name;
        if (!known) add("property " + key + " should not exist");
    }
    for (const auto& rule : rules) {
        auto it = body.find(rule.name);
        std::string name = rule.name;
        if (it == body.end() || it->is_null()) {
            if (rule.required) add(name + " should not be empty");
            continue;
        }
        if (rule.type == FieldType::kString) {
            if (!it->is_string()) {
                add(name + " must be a string");
            } else if (rule.required && it->get_ref<const std::string&>().empty()) {
                add(name + " should not be empty");
            } else if (tt::Utf8Length(it->get_ref<const std::string&>()) < 0) {
                add(name + " must be valid UTF-8");
            } else if (rule.max_length > 0 &&
                       static_cast<std::size_t>(tt::Utf8Length(it->get_ref<const std::string&>())) > rule.max_length) {
                add(name + " must be shorter than or equal to " + std::to_string(rule.max_length) + " characters");
            }
        } else if (!it->is_number_integer()) {
            add(name + " must be an integer number");
        }
    }
    if (!problems.empty()) throw tt::Error(tt::ErrorCode::kInvalidArgument, problems);
}

std::string StringField(const nlohmann::json& body, const char* name) {
    auto it = body.find(name);
    return (it != body.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

std::int64_t IntField(const nlohmann::json& body, const char* name) {
    auto it = body.find(name);
    return (it != body.end() && it->is_number_integer()) ? it->get<std::int64_t>() : 0;
}

int QueryInt(const std::map<std::string, std::string>& query, const char* name, int fallback, int min, int max) {
    auto it = query.find(name);
    if (it == query.end() || it->second.empty()) return fallback;
    const std::string& text = it->second;
    bool digits = text.size() <= 9;
    for (char c : text) digits = digits && c >= '0' && c <= '9';
    int value = digits ? std::stoi(text) : -1;
    if (!digits || value < min || value > max) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, std::string(name) + " must be an integer between " +
                                                             std::to_string(min) + " and " + std::to_string(max));
    }
    return value;
}

}  // namespace gateway::api
