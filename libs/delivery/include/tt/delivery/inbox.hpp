#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "tt/kafka/consumer.hpp"
#include "tt/kafka/message.hpp"
#include "tt/pg/pool.hpp"

namespace tt::delivery {

// The eventId of a consumed message: the "eventId" header, else the payload's "eventId" field.
// Throws kafka::PermanentError when neither holds a UUID (the message goes to the dead-letter topic).
std::string EventIdOf(const kafka::Message& message);

// Applies `effect` and records the message's eventId for `consumer` in one PostgreSQL transaction
// (table processed_events). A message seen before changes nothing and returns false: redelivery after
// any crash, a re-drive from the DLQ or a duplicate from the outbox relay is harmless.
bool ApplyOnce(pg::Pool& pool, std::string_view consumer, const kafka::Message& message,
               const std::function<void(pg::Connection&)>& effect);

// A consumer handler that runs `apply` through ApplyOnce as `consumer` (one name per logical consumer;
// it scopes the processed eventIds).
using Apply = std::function<void(pg::Connection& conn, const kafka::Message& message)>;
kafka::Handler ExactlyOnce(pg::Pool& pool, std::string consumer, Apply apply);

// The run handler (kafka::Consumer::SetRunHandler) of a consumer whose handlers are ExactlyOnce:
// the whole run in one transaction, its eventIds recorded as `consumer` by one statement and each
// new message applied in order by the entry of `by_topic` for its topic (an eventId twice in a run
// is applied once). One failing message fails the run (the consumer
// then handles each alone with ExactlyOnce, so only that one is retried or dead-lettered).
kafka::RunHandler ExactlyOnceRun(pg::Pool& pool, std::string consumer, std::map<std::string, Apply> by_topic);

}  // namespace tt::delivery
