#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "tt/kafka/config.hpp"

namespace tt::kafka {

// Creates the topics that do not exist yet (existing ones are left as they are) through the admin
// API. Throws tt::Error(kUnavailable) when the cluster does not answer within `timeout`.
void EnsureTopics(const Config& config, const std::vector<std::string>& topics, int partitions, int replication,
                  std::chrono::milliseconds timeout);

// Blocks until a metadata request succeeds or `timeout` passes; returns whether it succeeded.
bool WaitForCluster(const Config& config, std::chrono::milliseconds timeout);

}  // namespace tt::kafka
