#include "tt/kafka/dead_letter.hpp"

#include "tt/core/error.hpp"

namespace tt::kafka {

std::vector<Header> DeadLetterHeaders(const Message& message, const std::string& error, const std::string& group,
                                      int attempts, const std::string& failed_at) {
    std::vector<Header> headers;
    for (const auto& h : message.headers) {
        if (h.key.rfind("dlq.", 0) != 0) headers.push_back(h);  // a re-driven letter failing again
    }
    headers.push_back({std::string(kDlqError), error.substr(0, 4000)});
    headers.push_back({std::string(kDlqTopic), message.topic});
    headers.push_back({std::string(kDlqPartition), std::to_string(message.partition)});
    headers.push_back({std::string(kDlqOffset), std::to_string(message.offset)});
    headers.push_back({std::string(kDlqGroup), group});
    headers.push_back({std::string(kDlqAttempts), std::to_string(attempts)});
    headers.push_back({std::string(kDlqFailedAt), failed_at});
    return headers;
}

Message RedriveOf(const Message& dead_letter) {
    Message out;
    for (const auto& h : dead_letter.headers) {
        if (h.key == kDlqTopic) out.topic = h.value;
        if (h.key.rfind("dlq.", 0) != 0) out.headers.push_back(h);
    }
    if (out.topic.empty()) {
        throw Error(ErrorCode::kInvalidArgument, "message at " + dead_letter.topic + "/" +
                                                     std::to_string(dead_letter.partition) + "@" +
                                                     std::to_string(dead_letter.offset) + " has no dlq.topic header");
    }
    out.key = dead_letter.key;
    out.payload = dead_letter.payload;
    return out;
}

}  // namespace tt::kafka
