#include "store/viewer_sketch.hpp"

#include "tt/core/error.hpp"

namespace analytics::store {
namespace {

// KEYS[1] the sketch. ARGV[1] TTL seconds; ARGV[2] "none" (no stored copy), "stored" (a copy exists:
// answer "?" when the key is missing) or "restore" (ARGV[3] is the copy); ARGV[4..] viewers.
// Returns "<count>:<raw bytes>".
constexpr const char* kAddScript = R"lua(
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then
  if ARGV[2] == 'stored' then return '?' end
  if ARGV[2] == 'restore' then redis.call('SET', key, ARGV[3]) end
end
for i = 4, #ARGV, 500 do
  redis.call('PFADD', key, unpack(ARGV, i, math.min(i + 499, #ARGV)))
end
redis.call('EXPIRE', key, ARGV[1])
return redis.call('PFCOUNT', key) .. ':' .. redis.call('GET', key)
)lua";

}  // namespace

ViewerSketch::Result ViewerSketch::Add(const std::string& video_id, const std::vector<std::string>& viewers,
                                       bool has_stored, const std::function<std::string()>& stored) {
    auto run = [&](const std::string& mode, const std::string& copy) {
        std::vector<std::string> args{
            "EVAL", kAddScript, "1", "analytics:viewers:" + video_id, std::to_string(ttl_.count()), mode, copy};
        args.insert(args.end(), viewers.begin(), viewers.end());
        return redis_.Command(args).text.value_or("");
    };
    auto reply = run(has_stored ? "stored" : "none", "");
    if (reply == "?") reply = run("restore", stored());
    auto colon = reply.find(':');
    if (colon == std::string::npos || colon == 0) {
        throw tt::Error(tt::ErrorCode::kUnavailable,
                        "Redis answered the viewer sketch script of video " + video_id + " unexpectedly");
    }
    return Result{std::stoll(reply.substr(0, colon)), reply.substr(colon + 1)};
}

}  // namespace analytics::store
