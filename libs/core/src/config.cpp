#include "tt/core/config.hpp"

#include <cstdlib>
#include <sstream>

#include "tt/core/error.hpp"

namespace tt::config {

EnvLookup ProcessEnv() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
    };
}

Reader::Reader(EnvLookup lookup) : lookup_(std::move(lookup)) {}

std::optional<std::pair<std::string, std::string>> Reader::Lookup(const std::vector<std::string>& names) const {
    for (const auto& name : names) {
        if (auto value = lookup_(name); value && !value->empty()) return std::make_pair(name, *value);
    }
    return std::nullopt;
}

std::string Reader::String(const std::vector<std::string>& names, const std::string& fallback,
                           const std::string& description) {
    auto found = Lookup(names);
    std::string value = found ? found->second : fallback;
    entries_.push_back({names.front(), value, description});
    return value;
}

std::string Reader::RequiredSecret(const std::string& name, std::size_t min_length, const std::string& description) {
    auto found = Lookup({name});
    std::string value = found ? found->second : "";
    if (value.size() < min_length) {
        problems_.push_back(name + " must be set to a secret of at least " + std::to_string(min_length) +
                            " characters (" + description + "); generate one with `openssl rand -hex 32`");
    }
    entries_.push_back({name, value, description, true});
    return value;
}

std::int64_t Reader::Int(const std::vector<std::string>& names, std::int64_t fallback, std::int64_t min,
                         std::int64_t max, const std::string& description) {
    auto found = Lookup(names);
    std::int64_t value = fallback;
    if (found) {
        const std::string& text = found->second;
        char* end = nullptr;
        errno = 0;
        long long parsed = std::strtoll(text.c_str(), &end, 10);
        if (errno != 0 || end == text.c_str() || *end != '\0' || parsed < min || parsed > max) {
            problems_.push_back(found->first + "='" + text + "' is not an integer in [" + std::to_string(min) + ", " +
                                std::to_string(max) + "] (" + description + ")");
        } else {
            value = parsed;
        }
    }
    entries_.push_back({names.front(), std::to_string(value), description});
    return value;
}

bool Reader::Bool(const std::string& name, bool fallback, const std::string& description) {
    auto found = Lookup({name});
    bool value = fallback;
    if (found) {
        const std::string& text = found->second;
        if (text == "true" || text == "1" || text == "yes") {
            value = true;
        } else if (text == "false" || text == "0" || text == "no") {
            value = false;
        } else {
            problems_.push_back(name + "='" + text + "' is not a boolean (true/false) (" + description + ")");
        }
    }
    entries_.push_back({name, value ? "true" : "false", description});
    return value;
}

std::chrono::milliseconds Reader::Millis(const std::string& name, std::int64_t fallback_ms, std::int64_t min_ms,
                                         std::int64_t max_ms, const std::string& description) {
    return std::chrono::milliseconds(Int({name}, fallback_ms, min_ms, max_ms, description + ", milliseconds"));
}

std::chrono::seconds Reader::Duration(const std::string& name, const std::string& fallback,
                                      const std::string& description) {
    auto found = Lookup({name});
    std::string text = found ? found->second : fallback;
    auto parsed = ParseDuration(text);
    if (!parsed) {
        problems_.push_back(name + "='" + text + "' is not a duration like 15m, 7d or 3600 (" + description + ")");
        parsed = ParseDuration(fallback);
    }
    entries_.push_back({name, text, description});
    return parsed.value_or(std::chrono::seconds(0));
}

void Reader::Validate() const {
    if (problems_.empty()) return;
    std::string message = "invalid configuration:";
    for (const auto& p : problems_) message += "\n  - " + p;
    message += "\nfix the variables above (see .env.example) and start again";
    throw Error(ErrorCode::kInvalidArgument, message);
}

std::string Reader::Describe() const {
    std::ostringstream out;
    for (const auto& e : entries_) {
        out << e.name << '=' << (e.secret ? std::string(e.value.empty() ? "" : "***") : e.value) << "  # "
            << e.description << '\n';
    }
    return out.str();
}

std::optional<std::chrono::seconds> ParseDuration(const std::string& text) {
    if (text.empty()) return std::nullopt;
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0 || digits > 9) return std::nullopt;
    long long n = std::stoll(text.substr(0, digits));
    std::string unit = text.substr(digits);
    long long factor = 0;
    if (unit.empty() || unit == "s")
        factor = 1;
    else if (unit == "m")
        factor = 60;
    else if (unit == "h")
        factor = 3600;
    else if (unit == "d")
        factor = 86400;
    else
        return std::nullopt;
    if (n <= 0) return std::nullopt;
    return std::chrono::seconds(n * factor);
}

}  // namespace tt::config
