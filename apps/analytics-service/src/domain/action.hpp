#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tt/core/clock.hpp"

namespace analytics::domain {

// What an interaction event did to a video.
enum class ActionKind { kView, kLike, kUnlike, kComment, kCommentDeleted, kShare };

// One decoded interaction event (app/event_decoder.cpp builds it from a Kafka message).
struct Action {
    std::string event_id;
    std::string video_id;
    ActionKind kind = ActionKind::kView;
    std::string actor;       // user id; empty for anonymous views
    std::string owner_id;    // the video's owner when the event carries it (likes, comments)
    std::int64_t count = 1;  // comment.deleted: comments removed (the comment and its replies)
    std::int64_t at_ms = 0;  // when it happened (the event's occurredAt), ms since the epoch
};

// The counters of one video.
struct Counters {
    std::int64_t views = 0;
    std::int64_t likes = 0;
    std::int64_t comments = 0;
    std::int64_t shares = 0;
};

// Applies one action in event order. Likes and comments are current values and never go below zero
// (an unlike or a deletion of something counted before this service existed).
void Apply(Counters& counters, const Action& action);

// The actions of one video within a batch, in event order, and what they tell about it.
struct VideoActions {
    std::vector<const Action*> actions;
    std::vector<std::string> viewers;  // distinct signed-in viewers, for the unique-viewer sketch
    std::string owner_id;              // from any event that carried it; empty otherwise
};

// Groups `actions` (which must outlive the result) by video, keeping their order.
std::map<std::string, VideoActions> GroupByVideo(const std::vector<Action>& actions);

// Keeps the first action of each event id (a batch may hold an event twice) among `fresh` ids:
// the ones the store had not seen before.
std::vector<Action> FirstOfEachEvent(std::vector<Action> actions, const std::set<std::string>& fresh);

// "2026-11-28T00:07:28.123Z" (or without fraction) to ms since the epoch; nullopt when malformed.
std::optional<std::int64_t> ParseIso8601Millis(std::string_view text);

}  // namespace analytics::domain
