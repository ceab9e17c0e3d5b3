#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tt/pg/pool.hpp"

namespace video::store {

struct Video {
    std::string id;
    std::string user_id;
    std::string title;
    std::string description;
    std::string video_url;
    std::string thumbnail_url;
    int duration = 0;
    std::string created_at;  // ISO-8601, microseconds
    std::vector<std::string> hashtags;
    std::vector<std::string> mentions;
    std::string status = "ready";
    bool is_public = true;
};

// Which videos a list shows; all lists are newest first.
struct ListQuery {
    enum class Kind { kFeed, kUser, kSearch, kHashtag, kUsers };
    Kind kind = Kind::kFeed;
    std::string user_id;                // kUser
    std::string viewer_id;              // kUser: the owner also sees private and unfinished videos
    std::string text;                   // kSearch: the query; kHashtag: the tag
    std::vector<std::string> user_ids;  // kUsers
    int limit = 10;
    std::int64_t offset = 0;
    std::string cursor;  // wins over offset
};

struct VideoPage {
    std::vector<Video> items;
    std::int64_t total = 0;
    std::string next_cursor;
};

// The videos table. Blocking; call from gRPC handler threads.
class VideoStore {
public:
    explicit VideoStore(tt::pg::Pool& pool) : pool_(pool) {}
    Video Insert(const Video& video);
    std::optional<Video> FindById(const std::string& id);
    // Runs `publish` after deleting the owner's video and commits only if it returns: kNotFound for an
    // unknown video, kPermissionDenied when `user_id` is not the owner.
    void Delete(const std::string& id, const std::string& user_id, const std::function<void()>& publish);
    // Throws tt::Error(kInvalidArgument) for a malformed cursor.
    VideoPage List(const ListQuery& query);

private:
    tt::pg::Pool& pool_;
};

}  // namespace video::store
