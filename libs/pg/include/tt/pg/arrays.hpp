#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <vector>

namespace tt::pg {

// PostgreSQL array literals (text format) for batch statements: one parameter per column, unnest()ed
// in SQL, so a whole batch is written in one round trip.

// {"a","b",NULL}: quotes and backslashes escaped; nullopt becomes NULL.
inline std::string TextArray(const std::vector<std::optional<std::string>>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += ',';
        if (!values[i]) {
            out += "NULL";
            continue;
        }
        out += '"';
        for (char c : *values[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

inline std::string TextArray(const std::vector<std::string>& values) {
    return TextArray(std::vector<std::optional<std::string>>(values.begin(), values.end()));
}

// {1,2,NULL}
template <typename T>
std::string NumberArray(const std::vector<std::optional<T>>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += ',';
        if (!values[i]) {
            out += "NULL";
            continue;
        }
        char buffer[64];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *values[i]);
        out.append(buffer, ec == std::errc() ? end : buffer);
    }
    return out + "}";
}

template <typename T>
std::string NumberArray(const std::vector<T>& values) {
    return NumberArray(std::vector<std::optional<T>>(values.begin(), values.end()));
}

}  // namespace tt::pg
