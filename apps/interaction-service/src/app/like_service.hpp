#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "app/video_directory.hpp"
#include "store/like_store.hpp"
#include "tt/pg/group_commit.hpp"
#include "tt/pg/pool.hpp"

namespace interaction::app {

struct LikeResult {
    std::int64_t likes_count = 0;
    bool changed = false;  // false: the like already existed (like) or did not exist (unlike)
};

struct LikeStatus {
    bool has_liked = false;
    std::int64_t likes_count = 0;
    std::int64_t comments_count = 0;
    std::int64_t views = 0;
    std::int64_t shares = 0;
};

// Like and unlike as set membership. The row change, the counter change and the event are one unit:
// the event goes into the outbox in the same transaction, so a committed like always has its
// video.liked event and a Kafka outage delays the event instead of failing the request. The
// video_stats row lock orders concurrent changes of one video, so its outbox rows (and so its
// events) follow the order of its commits. Concurrent changes are group-committed (one transaction
// per batch), applied per video in arrival order within a batch. Repeating a like or unlike changes
// nothing and publishes nothing.
class LikeService {
public:
    LikeService(tt::pg::Pool& pool, tt::pg::GroupCommitter& committer, VideoDirectory& videos)
        : pool_(pool), committer_(committer), videos_(videos) {}

    LikeResult Like(const std::string& user_id, const std::string& video_id);
    LikeResult Unlike(const std::string& user_id, const std::string& video_id);
    LikeStatus Status(const std::string& user_id, const std::string& video_id);
    // Malformed ids are skipped; at most 100 ids.
    std::vector<store::LikeStore::VideoInfo> StatusOf(const std::string& user_id,
                                                      const std::vector<std::string>& video_ids);

private:
    LikeResult Change(const std::string& user_id, const std::string& video_id, bool like);

    tt::pg::Pool& pool_;
    tt::pg::GroupCommitter& committer_;
    VideoDirectory& videos_;
    store::LikeStore store_;
};

}  // namespace interaction::app
