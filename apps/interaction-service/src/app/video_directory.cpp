#include "app/video_directory.hpp"

#include "tt/core/error.hpp"
#include "tt/core/ids.hpp"

namespace interaction::app {

std::string VideoDirectory::OwnerOf(const std::string& video_id) {
    if (!tt::IsUuid(video_id)) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
    {
        auto conn = pool_.Acquire();
        auto r = conn->Exec("SELECT owner_id FROM video_stats WHERE video_id = $1", {video_id});
        if (r.Rows() > 0) return r.Text(0, 0);
    }
    std::string owner = lookup_(video_id);
    auto conn = pool_.Acquire();
    conn->Exec("INSERT INTO video_stats (video_id, owner_id) VALUES ($1, $2) ON CONFLICT (video_id) DO NOTHING",
               {video_id, owner});
    return owner;
}

}  // namespace interaction::app
