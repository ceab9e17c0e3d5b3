#pragma once

#include <string>
#include <vector>

#include "domain/action.hpp"
#include "tt/kafka/message.hpp"

namespace analytics::app {

// The topics analytics-service aggregates: video.viewed, video.liked, video.unliked, comment.created,
// comment.deleted, video.shared.
std::vector<std::string> ConsumedTopics();

// Decodes one interaction event (libs/events contracts; the eventId header, else the payload's).
// Ids come out lower-case. `at_ms` is the event's occurredAt, else the record's timestamp.
// Throws tt::Error (or tt::kafka::PermanentError) saying what is wrong with an undecodable message.
domain::Action DecodeAction(const tt::kafka::Message& message);

}  // namespace analytics::app
