#include "tt/delivery/outbox.hpp"

#include <nlohmann/json.hpp>

namespace tt::delivery {
namespace {

// Lock id shared by every process that creates these tables ("tt-deliv" in ASCII).
constexpr const char* kSchemaLock = "7473742d64656c69";

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS outbox (
    seq        bigserial   PRIMARY KEY,
    id         uuid        NOT NULL UNIQUE,
    topic      text        NOT NULL,
    key        text        NOT NULL,
    payload    text        NOT NULL,
    headers    jsonb       NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS processed_events (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS processed_events_at ON processed_events (processed_at);
-- Wakes the relay (LISTEN tt_outbox) when a transaction that wrote events commits; one notification
-- per statement, and PostgreSQL folds identical ones of a transaction into one.
CREATE OR REPLACE FUNCTION tt_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tt_outbox', '');
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION tt_outbox_notify();
)sql";

}  // namespace

void EnsureSchema(pg::Pool& pool) {
    pool.InTransaction([](pg::Connection& conn) {
        conn.Exec(std::string("SELECT pg_advisory_xact_lock(x'") + kSchemaLock + "'::bigint)");
        conn.Exec(kSchema);
    });
}

void Enqueue(pg::Connection& conn, const OutboxEvent& event) {
    nlohmann::json headers = nlohmann::json::array();
    bool has_event_id = false;
    for (const auto& h : event.headers) {
        headers.push_back({h.key, h.value});
        has_event_id = has_event_id || h.key == "eventId";
    }
    if (!has_event_id) headers.push_back({"eventId", event.id});
    conn.Exec("INSERT INTO outbox (id, topic, key, payload, headers) VALUES ($1, $2, $3, $4, $5)",
              {event.id, event.topic, event.key, event.payload, headers.dump()});
}

OutboxLag ReadLag(pg::Connection& conn) {
    auto r = conn.Exec(
        "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM outbox WHERE sent_at IS NULL");
    return OutboxLag{r.Int(0, 0), std::stod(r.Text(0, 1))};
}

}  // namespace tt::delivery
