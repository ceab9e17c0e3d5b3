#include "app/video_directory.hpp"

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"

namespace interaction::app {

std::string VideoDirectory::OwnerOf(const std::string& video_id) {
    if (!tt::IsUuid(video_id)) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
    if (auto owner = Cached(video_id)) return *owner;
    {
        auto conn = pool_.Acquire();
        auto r = conn->Exec("SELECT owner_id FROM video_stats WHERE video_id = $1", {video_id});
        if (r.Rows() > 0) {
            Remember(video_id, r.Text(0, 0));
            return r.Text(0, 0);
        }
    }
    std::string owner = lookup_(video_id);
    auto conn = pool_.Acquire();
    conn->Exec("INSERT INTO video_stats (video_id, owner_id) VALUES ($1, $2) ON CONFLICT (video_id) DO NOTHING",
               {video_id, owner});
    Remember(video_id, owner);
    return owner;
}

void VideoDirectory::Forget(const std::string& video_id) {
    std::lock_guard lock(mutex_);
    cache_.erase(video_id);
}

std::optional<std::string> VideoDirectory::Cached(const std::string& video_id) {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(video_id);
    if (it == cache_.end()) return std::nullopt;
    if (it->second.expires < std::chrono::steady_clock::now()) {
        cache_.erase(it);
        return std::nullopt;
    }
    return it->second.owner;
}

void VideoDirectory::Remember(const std::string& video_id, const std::string& owner) {
    std::lock_guard lock(mutex_);
    if (cache_.size() >= kCapacity) cache_.clear();  // bounded; the hot videos come back at once
    cache_[video_id] = Entry{owner, std::chrono::steady_clock::now() + ttl_};
}

}  // namespace interaction::app
