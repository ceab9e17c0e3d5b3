#include "tt/delivery/offset_store.hpp"

namespace tt::delivery {
namespace {

// Lock id shared by every process that creates consumer_offsets ("tt-offst" in ASCII).
constexpr const char* kSchemaLock = "74742d6f66667374";

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS consumer_offsets (
    group_id    text        NOT NULL,
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL CHECK (next_offset >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition)
);
)sql";

// A PostgreSQL array literal of text values: {"a","b"} with quotes and backslashes escaped.
std::string TextArray(const std::vector<std::string>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += ',';
        out += '"';
        for (char c : values[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

template <typename T>
std::string NumberArray(const std::vector<T>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i > 0 ? "," : "") + std::to_string(values[i]);
    return out + "}";
}

}  // namespace

void EnsureOffsetSchema(pg::Pool& pool) {
    pool.InTransaction([](pg::Connection& conn) {
        conn.Exec(std::string("SELECT pg_advisory_xact_lock(x'") + kSchemaLock + "'::bigint)");
        conn.Exec(kSchema);
    });
}

std::vector<kafka::PartitionOffset> LoadOffsets(pg::Connection& conn, const std::string& group,
                                                const std::vector<kafka::PartitionOffset>& partitions) {
    std::vector<std::string> topics;
    std::vector<std::int32_t> numbers;
    for (const auto& p : partitions) {
        topics.push_back(p.topic);
        numbers.push_back(p.partition);
    }
    auto r = conn.Exec(
        "SELECT o.topic, o.partition, o.next_offset FROM consumer_offsets o "
        "JOIN unnest($2::text[], $3::integer[]) AS i(topic, part) ON o.topic = i.topic AND o.partition = i.part "
        "WHERE o.group_id = $1",
        {group, TextArray(topics), NumberArray(numbers)});
    std::vector<kafka::PartitionOffset> out;
    for (int i = 0; i < r.Rows(); ++i) {
        out.push_back({r.Text(i, 0), static_cast<std::int32_t>(r.Int(i, 1)), r.Int(i, 2)});
    }
    return out;
}

void StoreOffsets(pg::Connection& conn, const std::string& group, const std::vector<kafka::OffsetAdvance>& advances) {
    if (advances.empty()) return;
    std::vector<std::string> topics;
    std::vector<std::int32_t> numbers;
    std::vector<std::int64_t> from;
    std::vector<std::int64_t> to;
    for (const auto& a : advances) {
        topics.push_back(a.topic);
        numbers.push_back(a.partition);
        from.push_back(a.from);
        to.push_back(a.to);
    }
    // A partition with a stored offset moves only from the offset the batch was read from; one without
    // gets its first row. Any other state means another member stored this partition meanwhile.
    auto r = conn.Exec(
        "WITH input AS (SELECT * FROM unnest($2::text[], $3::integer[], $4::bigint[], $5::bigint[]) "
        "                AS i(topic, part, expected, next_offset)), "
        "moved AS (UPDATE consumer_offsets o SET next_offset = i.next_offset, updated_at = now() FROM input i "
        "          WHERE i.expected >= 0 AND o.group_id = $1 AND o.topic = i.topic AND o.partition = i.part "
        "            AND o.next_offset = i.expected RETURNING 1), "
        "created AS (INSERT INTO consumer_offsets (group_id, topic, partition, next_offset) "
        "            SELECT $1, topic, part, next_offset FROM input WHERE expected < 0 "
        "            ON CONFLICT DO NOTHING RETURNING 1) "
        "SELECT (SELECT count(*) FROM moved) + (SELECT count(*) FROM created)",
        {group, TextArray(topics), NumberArray(numbers), NumberArray(from), NumberArray(to)});
    auto stored = r.Int(0, 0);
    if (stored != static_cast<std::int64_t>(advances.size())) {
        throw OffsetConflict("the stored offsets of consumer group " + group + " moved while this batch was read (" +
                             std::to_string(advances.size() - static_cast<std::size_t>(stored)) +
                             " partitions taken over by another member): the batch is dropped and read again "
                             "from the stored offsets");
    }
}

}  // namespace tt::delivery
