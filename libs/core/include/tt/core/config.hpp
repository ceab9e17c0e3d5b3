#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tt::config {

// Looks up one environment variable; injectable so tests need not touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup ProcessEnv();

// Reads settings declared once, in one table per service (its config.cpp). Every read records the
// setting (name, value, description) so `--help` and the start-up log can list them; problems are
// collected and reported together by Validate(), each naming the variable and what it accepts.
class Reader {
public:
    explicit Reader(EnvLookup lookup = ProcessEnv());

    // `names` are tried in order (e.g. {"AUTH_DB_HOST", "DB_HOST"}); the first one set wins.
    std::string String(const std::vector<std::string>& names, const std::string& fallback,
                       const std::string& description);
    std::string RequiredSecret(const std::string& name, std::size_t min_length, const std::string& description);
    std::int64_t Int(const std::vector<std::string>& names, std::int64_t fallback, std::int64_t min, std::int64_t max,
                     const std::string& description);
    bool Bool(const std::string& name, bool fallback, const std::string& description);
    // A lifetime in the original's JWT style ("15m", "7d", "3600"); see ParseDuration.
    std::chrono::seconds Duration(const std::string& name, const std::string& fallback, const std::string& description);
    std::chrono::milliseconds Millis(const std::string& name, std::int64_t fallback_ms, std::int64_t min_ms,
                                     std::int64_t max_ms, const std::string& description);

    // Throws tt::Error(kInvalidArgument) listing every problem found so far.
    void Validate() const;
    // One line per setting: NAME=value (secrets masked) - description.
    std::string Describe() const;

private:
    struct Entry {
        std::string name;
        std::string value;
        std::string description;
        bool secret = false;
    };
    std::optional<std::pair<std::string, std::string>> Lookup(const std::vector<std::string>& names) const;

    EnvLookup lookup_;
    std::vector<Entry> entries_;
    std::vector<std::string> problems_;
};

// Parses durations in the original's JWT style: "15m", "3d", "7d", "3600" (seconds), "30s", "12h".
std::optional<std::chrono::seconds> ParseDuration(const std::string& text);

}  // namespace tt::config
