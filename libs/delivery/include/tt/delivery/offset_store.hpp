#pragma once

#include <string>
#include <vector>

#include "tt/core/error.hpp"
#include "tt/kafka/batch_consumer.hpp"
#include "tt/pg/pool.hpp"

namespace tt::delivery {

// Kafka consumer offsets kept in the consumer's own PostgreSQL database (table consumer_offsets:
// group_id, topic, partition, next_offset), so an aggregate and the offsets it covers commit in one
// transaction: exactly-once effects for tt::kafka::BatchConsumer without any per-event bookkeeping.

// Creates consumer_offsets if it is missing (idempotent; safe when several processes start at once).
void EnsureOffsetSchema(pg::Pool& pool);

// The stored next offsets of `partitions` for `group`; partitions without one are left out.
std::vector<kafka::PartitionOffset> LoadOffsets(pg::Connection& conn, const std::string& group,
                                                const std::vector<kafka::PartitionOffset>& partitions);

// Thrown by StoreOffsets when a partition's stored offset is no longer the batch's `from`: another
// group member stored a batch of it meanwhile (this one lost the partition in a rebalance).
class OffsetConflict : public Error {
public:
    explicit OffsetConflict(const std::string& message) : Error(ErrorCode::kConflict, message) {}
};

// Moves every partition of `advances` from `from` to `to` inside the caller's transaction (one
// statement). Throws OffsetConflict, so the caller's transaction rolls back, when any of them moved.
void StoreOffsets(pg::Connection& conn, const std::string& group, const std::vector<kafka::OffsetAdvance>& advances);

}  // namespace tt::delivery
