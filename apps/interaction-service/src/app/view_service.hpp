#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "app/video_directory.hpp"
#include "tt/pg/group_commit.hpp"

namespace interaction::app {

// Views, counted at most once per viewer (signed-in user, else anonymous session) and video within
// `window`, so a refresh loop does not inflate counts. A counted view increments views_count and
// publishes video.viewed in one transaction.
class ViewService {
public:
    ViewService(tt::pg::GroupCommitter& committer, VideoDirectory& videos, std::chrono::seconds window)
        : committer_(committer), videos_(videos), window_(window) {}

    struct Result {
        std::int64_t views = 0;
        bool counted = false;
    };
    // Throws kInvalidArgument when there is neither a user id nor a session id.
    Result Record(const std::string& video_id, const std::string& user_id, const std::string& session_id);

private:
    tt::pg::GroupCommitter& committer_;
    VideoDirectory& videos_;
    std::chrono::seconds window_;
};

}  // namespace interaction::app
