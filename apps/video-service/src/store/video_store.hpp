#pragma once

#include <optional>
#include <string>

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
    std::string created_at;  // ISO-8601
};

// The videos table. Blocking; call from gRPC handler threads.
class VideoStore {
public:
    explicit VideoStore(tt::pg::Pool& pool) : pool_(pool) {}
    Video Insert(const Video& video);
    std::optional<Video> FindById(const std::string& id);

private:
    tt::pg::Pool& pool_;
};

}  // namespace video::store
