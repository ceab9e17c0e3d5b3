#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "tt/kafka/config.hpp"

namespace tt::kafka {

// Creates the topics that do not exist yet (existing ones are left as they are) through the admin
// API, with `topic_config` (e.g. retention.ms) for the new ones. Throws tt::Error(kUnavailable) when
// the cluster does not answer within `timeout`.
void EnsureTopics(const Config& config, const std::vector<std::string>& topics, int partitions, int replication,
                  std::chrono::milliseconds timeout, const std::map<std::string, std::string>& topic_config = {});

// Blocks until a metadata request succeeds or `timeout` passes; returns whether it succeeded.
bool WaitForCluster(const Config& config, std::chrono::milliseconds timeout);

}  // namespace tt::kafka
