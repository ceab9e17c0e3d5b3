#include "tt/http/range.hpp"

#include <charconv>
#include <ctime>

namespace tt::http {
namespace {

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::optional<std::uint64_t> Number(std::string_view text) {
    if (text.empty() || text.size() > 19) return std::nullopt;
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

ByteRange ParseByteRange(std::string_view header, std::uint64_t size) {
    ByteRange whole;
    header = Trim(header);
    if (!header.starts_with("bytes=")) return whole;
    auto spec = Trim(header.substr(6));
    if (spec.find(',') != std::string_view::npos) return whole;
    auto dash = spec.find('-');
    if (dash == std::string_view::npos) return whole;
    auto first_text = Trim(spec.substr(0, dash));
    auto last_text = Trim(spec.substr(dash + 1));
    ByteRange range;
    range.kind = ByteRange::Kind::kPartial;
    if (first_text.empty()) {
        // Suffix range: the last N bytes.
        auto suffix = Number(last_text);
        if (!suffix) return whole;
        if (*suffix == 0 || size == 0) return {ByteRange::Kind::kUnsatisfiable, 0, 0};
        range.first = *suffix >= size ? 0 : size - *suffix;
        range.last = size - 1;
        return range;
    }
    auto first = Number(first_text);
    if (!first) return whole;
    std::optional<std::uint64_t> last;
    if (!last_text.empty()) {
        last = Number(last_text);
        if (!last || *last < *first) return whole;  // syntactically invalid: ignore the header
    }
    if (*first >= size) return {ByteRange::Kind::kUnsatisfiable, 0, 0};
    range.first = *first;
    range.last = last && *last < size ? *last : size - 1;
    return range;
}

std::string HttpDate(std::chrono::system_clock::time_point time) {
    std::time_t t = std::chrono::system_clock::to_time_t(time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[40];
    std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                  kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return out;
}

std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text) {
    text = Trim(text);
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    if (text.size() != 29 || text[3] != ',' || text.substr(26) != "GMT") return std::nullopt;
    std::tm tm{};
    auto day = Number(text.substr(5, 2));
    auto year = Number(text.substr(12, 4));
    auto hour = Number(text.substr(17, 2));
    auto minute = Number(text.substr(20, 2));
    auto second = Number(text.substr(23, 2));
    int month = -1;
    for (int i = 0; i < 12; ++i) {
        if (text.substr(8, 3) == kMonths[i]) month = i;
    }
    if (!day || !year || !hour || !minute || !second || month < 0 || *day < 1 || *day > 31 || *hour > 23 ||
        *minute > 59 || *second > 60) {
        return std::nullopt;
    }
    tm.tm_mday = static_cast<int>(*day);
    tm.tm_mon = month;
    tm.tm_year = static_cast<int>(*year) - 1900;
    tm.tm_hour = static_cast<int>(*hour);
    tm.tm_min = static_cast<int>(*minute);
    tm.tm_sec = static_cast<int>(*second);
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace tt::http
