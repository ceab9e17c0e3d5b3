#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tt::kafka {

struct Header {
    std::string key;
    std::string value;
};

// One consumed record, copied out of librdkafka so handlers own plain values.
struct Message {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::string key;
    std::string payload;
    std::vector<Header> headers;
    std::int64_t timestamp_ms = 0;
};

// Where the broker stored a published record (acks=all).
struct DeliveryReport {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
};

}  // namespace tt::kafka
