#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tt/core/log.hpp"
#include "tt/kafka/message.hpp"
#include "tt/pg/pool.hpp"

namespace tt::delivery {

// One event waiting in the outbox. `id` becomes the event's eventId (the header and the payload's
// "eventId" carry the same UUID); `key` chooses the partition, so events of one key stay in order.
struct OutboxEvent {
    std::string id;
    std::string topic;
    std::string key;
    std::string payload;
    std::vector<kafka::Header> headers;
};

// Creates the outbox and processed_events tables if they are missing (idempotent; safe when several
// processes start at once). Every service that publishes or consumes events calls it at start-up,
// after its own migrations.
void EnsureSchema(pg::Pool& pool);

// Adds `event` to the outbox inside the caller's transaction: it is published if and only if the
// transaction commits. Adds the eventId header when the event does not carry one. Inside a
// transaction the row is a deferred write (pg::Connection::Commit): every event of the transaction
// goes in with one statement just before COMMIT, in the order enqueued, while the transaction still
// holds its row locks (so events of one key keep the order of their commits). Outside a
// transaction the row is written at once.
void Enqueue(pg::Connection& conn, const OutboxEvent& event);

// Enqueues a tt::events event (anything with `envelope` and a ToJson found by ADL) on its event
// type's topic, with the eventId and the current requestId as headers.
template <typename Event>
void EnqueueEvent(pg::Connection& conn, const Event& event, std::string key) {
    Enqueue(conn, OutboxEvent{event.envelope.event_id,
                              event.envelope.event_type,
                              std::move(key),
                              ToJson(event),
                              {{"eventId", event.envelope.event_id}, {"requestId", log::CurrentRequestId()}}});
}

// Events written but not yet acknowledged by Kafka.
struct OutboxLag {
    std::int64_t unsent = 0;
    double oldest_unsent_seconds = 0;  // 0 when nothing is waiting
};
OutboxLag ReadLag(pg::Connection& conn);

}  // namespace tt::delivery
