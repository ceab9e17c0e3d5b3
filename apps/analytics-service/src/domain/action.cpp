#include "domain/action.hpp"

#include <algorithm>
#include <chrono>

namespace analytics::domain {
namespace {

// Digits of text[pos, pos + n) as a number; -1 when any is not a digit.
int Digits(std::string_view text, std::size_t pos, std::size_t n) {
    if (pos + n > text.size()) return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

}  // namespace

void Apply(Counters& counters, const Action& action) {
    switch (action.kind) {
        case ActionKind::kView:
            ++counters.views;
            break;
        case ActionKind::kLike:
            ++counters.likes;
            break;
        case ActionKind::kUnlike:
            --counters.likes;  // a sum of +1/-1: the result does not depend on the arrival order
            break;
        case ActionKind::kComment:
            ++counters.comments;
            break;
        case ActionKind::kCommentDeleted:
            counters.comments -= action.count;
            break;
        case ActionKind::kShare:
            ++counters.shares;
            break;
    }
}

std::map<std::string, VideoActions> GroupByVideo(const std::vector<Action>& actions) {
    std::map<std::string, VideoActions> out;
    std::map<std::string, std::set<std::string>> seen_viewers;
    for (const auto& action : actions) {
        auto& video = out[action.video_id];
        video.actions.push_back(&action);
        if (video.owner_id.empty()) video.owner_id = action.owner_id;
        if (action.kind == ActionKind::kView && !action.actor.empty() &&
            seen_viewers[action.video_id].insert(action.actor).second) {
            video.viewers.push_back(action.actor);
        }
    }
    return out;
}

std::vector<Action> FirstOfEachEvent(std::vector<Action> actions, const std::set<std::string>& fresh) {
    std::set<std::string> taken;
    std::vector<Action> out;
    for (auto& action : actions) {
        if (fresh.count(action.event_id) && taken.insert(action.event_id).second) out.push_back(std::move(action));
    }
    return out;
}

std::optional<std::int64_t> ParseIso8601Millis(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS[.fff...]Z
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
        text.back() != 'Z') {
        return std::nullopt;
    }
    int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
    int hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
        second > 60) {
        return std::nullopt;
    }
    int millis = 0;
    std::size_t pos = 19;
    if (text[pos] == '.') {
        std::size_t digits = 0;
        for (++pos; pos < text.size() - 1; ++pos, ++digits) {
            if (text[pos] < '0' || text[pos] > '9') return std::nullopt;
            if (digits < 3) millis = millis * 10 + (text[pos] - '0');
        }
        if (digits == 0) return std::nullopt;
        for (; digits < 3; ++digits) millis *= 10;
    }
    if (pos != text.size() - 1) return std::nullopt;
    std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                     std::chrono::day(static_cast<unsigned>(day))};
    if (!date.ok()) return std::nullopt;
    auto time = std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
                std::chrono::seconds(second) + std::chrono::milliseconds(millis);
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

}  // namespace analytics::domain
