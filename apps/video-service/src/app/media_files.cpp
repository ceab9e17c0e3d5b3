#include "app/media_files.hpp"

#include "tt/core/error.hpp"
#include "tt/core/log.hpp"

namespace video::app {

void RemoveMediaFiles(tt::storage::Storage& storage, const store::Video& video) {
    for (const auto& key : {video.storage_key, video.thumbnail_key}) {
        if (key.empty()) continue;
        try {
            storage.Remove(key);
        } catch (const tt::Error& e) {
            tt::log::Warn("could not remove a media file", {{"key", key}, {"error", e.what()}});
        }
    }
}

}  // namespace video::app
