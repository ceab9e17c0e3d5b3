#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/action.hpp"

namespace analytics::domain {

// Trending scores: per video and sliding window (1 h, 24 h), each actor's engagement counted once per
// kind per window, an actor's total capped, and the counted weight kept in buckets (window / 60 long:
// 1 min and 24 min) that decay exponentially with their age:
//   score(now) = Σ over buckets in the window of weight · exp(−(now − bucket start) / τ),  τ = window · decay.
// Pure functions; the store keeps the actor counts and buckets, app/ runs them per batch.

enum class Engagement { kView = 0, kLike = 1, kComment = 2, kShare = 3 };

// The engagement an action counts as; nullopt for unlikes and comment deletions (engagement that
// happened stays counted; a repeat within the window adds nothing anyway).
std::optional<Engagement> EngagementOf(ActionKind kind);

struct Window {
    std::string_view name;  // "1h" / "24h" (the API's names)
    int minutes = 0;        // its id in the store
    std::int64_t length_ms = 0;
    std::int64_t bucket_ms = 0;
};
inline constexpr Window kHour{"1h", 60, 3'600'000, 60'000};
inline constexpr Window kDay{"24h", 1440, 86'400'000, 1'440'000};
inline constexpr std::array<Window, 2> kWindows{kHour, kDay};
// nullptr for any other name / id.
const Window* WindowNamed(std::string_view name);
const Window* WindowOfMinutes(int minutes);

struct TrendingRules {
    std::array<double, 4> weights{1, 3, 4, 6};  // by Engagement: view, like, comment, share
    double actor_cap = 10;                      // most one actor adds to one video per window
    double decay = 0.5;                         // τ as a fraction of the window
    double Weight(Engagement kind) const { return weights[static_cast<std::size_t>(kind)]; }
};

// Anonymous views carry no user: all of a video's anonymous viewers count as this one actor, so
// anonymous traffic can move a score by at most one view per window.
inline constexpr std::string_view kAnonymousActor = "anonymous";
std::string ActorOf(const Action& action);

// An engagement that counted for one actor on one video in one window.
struct Counted {
    Engagement kind = Engagement::kView;
    std::int64_t at_ms = 0;
    double weight = 0;  // what it added (its kind's weight, or less when it reached the cap)
};
// What one actor counted for one video in one window: at most one entry per kind.
using ActorCounts = std::vector<Counted>;

// The weight an engagement of `kind` at `at_ms` adds to the window, recorded in `counts`. 0 (and
// nothing recorded) when it lies outside the window ending at `now_ms`, when the same kind already
// counted within a window length before it, or when the actor's counted weight reached the cap.
// Times after `now_ms` (clock skew) count as `now_ms`.
double CountEngagement(ActorCounts& counts, Engagement kind, std::int64_t at_ms, std::int64_t now_ms,
                       const Window& window, const TrendingRules& rules);

std::int64_t BucketStart(std::int64_t at_ms, const Window& window);

struct Bucket {
    std::int64_t start_ms = 0;
    double weight = 0;
};

// The window's score at `now_ms`: buckets that ended before the window began add nothing.
double DecayedScore(const std::vector<Bucket>& buckets, std::int64_t now_ms, const Window& window,
                    const TrendingRules& rules);

// Both windows' scores of one video from its buckets by window (minutes).
struct Scores {
    double hour = 0;
    double day = 0;
};
Scores ScoresAt(const std::map<int, std::vector<Bucket>>& buckets_by_window, std::int64_t now_ms,
                const TrendingRules& rules);

// Whether a video whose 1 h score is `score` is announced as trending now: the score reached
// `threshold` and no announcement was made within `cooldown_ms`.
bool ShouldAnnounce(double score, double threshold, std::optional<std::int64_t> last_announced_ms, std::int64_t now_ms,
                    std::int64_t cooldown_ms);

struct ActorKey {
    std::string video_id;
    std::string actor;
    int window_minutes = 0;
    auto operator<=>(const ActorKey&) const = default;
};
struct BucketKey {
    std::string video_id;
    int window_minutes = 0;
    std::int64_t start_ms = 0;
    auto operator<=>(const BucketKey&) const = default;
};

// What a batch adds to the trending state.
struct TrendingDelta {
    std::map<BucketKey, double> buckets;  // weight to add per bucket
    std::set<ActorKey> changed;           // actor counts to store
};

// Counts every engagement of `actions` (in event order) in every window. `counts` holds the stored
// counts of the actors involved (a missing key: nothing counted yet) and is updated in place.
TrendingDelta CountActions(const std::vector<Action>& actions, std::map<ActorKey, ActorCounts>& counts,
                           std::int64_t now_ms, const TrendingRules& rules);

}  // namespace analytics::domain
