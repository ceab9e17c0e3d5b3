#pragma once

#include "store/video_store.hpp"
#include "tt/storage/storage.hpp"

namespace video::app {

// Removes a deleted or failed video's files (upload and thumbnail). A storage error leaves an orphan
// file and a warning, never a failed request: the database change has committed already.
void RemoveMediaFiles(tt::storage::Storage& storage, const store::Video& video);

}  // namespace video::app
