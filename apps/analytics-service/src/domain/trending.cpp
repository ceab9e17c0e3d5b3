#include "domain/trending.hpp"

#include <algorithm>
#include <cmath>

namespace analytics::domain {

std::optional<Engagement> EngagementOf(ActionKind kind) {
    switch (kind) {
        case ActionKind::kView:
            return Engagement::kView;
        case ActionKind::kLike:
            return Engagement::kLike;
        case ActionKind::kComment:
            return Engagement::kComment;
        case ActionKind::kShare:
            return Engagement::kShare;
        case ActionKind::kUnlike:
        case ActionKind::kCommentDeleted:
            return std::nullopt;
    }
    return std::nullopt;
}

const Window* WindowNamed(std::string_view name) {
    for (const auto& window : kWindows) {
        if (window.name == name) return &window;
    }
    return nullptr;
}

const Window* WindowOfMinutes(int minutes) {
    for (const auto& window : kWindows) {
        if (window.minutes == minutes) return &window;
    }
    return nullptr;
}

std::string ActorOf(const Action& action) {
    return action.actor.empty() ? std::string(kAnonymousActor) : action.actor;
}

double CountEngagement(ActorCounts& counts, Engagement kind, std::int64_t at_ms, std::int64_t now_ms,
                       const Window& window, const TrendingRules& rules) {
    at_ms = std::min(at_ms, now_ms);
    if (at_ms <= now_ms - window.length_ms) return 0;
    const std::int64_t window_start = at_ms - window.length_ms;
    double counted = 0;
    Counted* same_kind = nullptr;
    for (auto& c : counts) {
        bool live = c.at_ms > window_start;
        if (c.kind == kind) {
            if (live) return 0;  // this kind already counted within the window
            same_kind = &c;
        }
        if (live) counted += c.weight;
    }
    double added = std::min(rules.Weight(kind), rules.actor_cap - counted);
    if (added <= 0) return 0;
    if (same_kind != nullptr) {
        *same_kind = Counted{kind, at_ms, added};
    } else {
        counts.push_back(Counted{kind, at_ms, added});
    }
    return added;
}

std::int64_t BucketStart(std::int64_t at_ms, const Window& window) {
    auto rem = at_ms % window.bucket_ms;
    if (rem < 0) rem += window.bucket_ms;
    return at_ms - rem;
}

double DecayedScore(const std::vector<Bucket>& buckets, std::int64_t now_ms, const Window& window,
                    const TrendingRules& rules) {
    const double tau = static_cast<double>(window.length_ms) * rules.decay;
    double score = 0;
    for (const auto& b : buckets) {
        if (b.start_ms + window.bucket_ms <= now_ms - window.length_ms) continue;
        auto age = static_cast<double>(std::max<std::int64_t>(0, now_ms - b.start_ms));
        score += b.weight * std::exp(-age / tau);
    }
    return score;
}

Scores ScoresAt(const std::map<int, std::vector<Bucket>>& buckets_by_window, std::int64_t now_ms,
                const TrendingRules& rules) {
    auto score = [&](const Window& window) {
        auto it = buckets_by_window.find(window.minutes);
        return it == buckets_by_window.end() ? 0.0 : DecayedScore(it->second, now_ms, window, rules);
    };
    return Scores{score(kHour), score(kDay)};
}

bool ShouldAnnounce(double score, double threshold, std::optional<std::int64_t> last_announced_ms, std::int64_t now_ms,
                    std::int64_t cooldown_ms) {
    if (score < threshold) return false;
    return !last_announced_ms || now_ms - *last_announced_ms >= cooldown_ms;
}

TrendingDelta CountActions(const std::vector<Action>& actions, std::map<ActorKey, ActorCounts>& counts,
                           std::int64_t now_ms, const TrendingRules& rules) {
    TrendingDelta delta;
    for (const auto& action : actions) {
        auto kind = EngagementOf(action.kind);
        if (!kind) continue;
        for (const auto& window : kWindows) {
            ActorKey key{action.video_id, ActorOf(action), window.minutes};
            double added = CountEngagement(counts[key], *kind, action.at_ms, now_ms, window, rules);
            if (added <= 0) continue;
            delta.changed.insert(key);
            auto at = std::min(action.at_ms, now_ms);
            delta.buckets[BucketKey{action.video_id, window.minutes, BucketStart(at, window)}] += added;
        }
    }
    return delta;
}

}  // namespace analytics::domain
