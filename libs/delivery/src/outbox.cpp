#include "tt/delivery/outbox.hpp"

#include <nlohmann/json.hpp>

#include "tt/pg/arrays.hpp"

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

namespace {

constexpr const char* kInsertOne = "INSERT INTO outbox (id, topic, key, payload, headers) VALUES ($1, $2, $3, $4, $5)";

// The outbox rows of one open transaction, written by one statement at its commit.
class PendingRows : public pg::Connection::Deferred {
public:
    void Add(const OutboxEvent& event, std::string headers) {
        ids_.push_back(event.id);
        topics_.push_back(event.topic);
        keys_.push_back(event.key);
        payloads_.push_back(event.payload);
        headers_.push_back(std::move(headers));
    }

    void Flush(pg::Connection& conn) override {
        if (ids_.size() == 1) {
            conn.Exec(kInsertOne, {ids_[0], topics_[0], keys_[0], payloads_[0], headers_[0]});
            return;
        }
        // seq (the relay's order) follows the array order: nextval runs after the ORDER BY.
        conn.Exec(
            "INSERT INTO outbox (id, topic, key, payload, headers) "
            "SELECT id, topic, key, payload, headers FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], "
            "$5::jsonb[]) WITH ORDINALITY AS r(id, topic, key, payload, headers, n) ORDER BY n",
            {pg::TextArray(ids_), pg::TextArray(topics_), pg::TextArray(keys_), pg::TextArray(payloads_),
             pg::TextArray(headers_)});
    }

private:
    std::vector<std::string> ids_, topics_, keys_, payloads_, headers_;
};

}  // namespace

void Enqueue(pg::Connection& conn, const OutboxEvent& event) {
    nlohmann::json headers = nlohmann::json::array();
    bool has_event_id = false;
    for (const auto& h : event.headers) {
        headers.push_back({h.key, h.value});
        has_event_id = has_event_id || h.key == "eventId";
    }
    if (!has_event_id) headers.push_back({"eventId", event.id});
    if (!conn.InOpenTransaction()) {
        conn.Exec(kInsertOne, {event.id, event.topic, event.key, event.payload, headers.dump()});
        return;
    }
    conn.DeferredWrite<PendingRows>().Add(event, headers.dump());
}

OutboxLag ReadLag(pg::Connection& conn) {
    auto r = conn.Exec(
        "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM outbox WHERE sent_at IS NULL");
    return OutboxLag{r.Int(0, 0), std::stod(r.Text(0, 1))};
}

}  // namespace tt::delivery
