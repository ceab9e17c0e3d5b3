#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "tt/kafka/config.hpp"
#include "tt/kafka/message.hpp"

namespace tt::kafka {

// Reads every record of `topics` that exists now, from the oldest retained offset to the end seen
// at the start (records published meanwhile are not waited for), and hands each to `each`: in
// offset order within a partition, partitions interleaved. No consumer group is joined and nothing is
// committed (`config.group_id` only names the client). Throws tt::Error(kNotFound) for a missing
// topic, kUnavailable when the cluster does not answer or the read does not finish within
// `timeout`. For replays (rebuilding a read model from the log) and dead-letter inspection.
void ReadToEnd(const Config& config, const std::vector<std::string>& topics,
               const std::function<void(const Message&)>& each, std::chrono::milliseconds timeout);

}  // namespace tt::kafka
