#include "app/video_cache.hpp"

namespace video::app {
namespace {

template <typename Message>
void ReadThrough(tt::redis::GenerationalCache& cache, const std::string& key, const std::string& variant, Message* out,
                 const std::function<void(Message*)>& load) {
    auto lookup = cache.Get(key, variant);
    if (lookup.value && out->ParseFromString(*lookup.value)) return;
    out->Clear();
    load(out);
    cache.Put(key, variant, lookup.generation, out->SerializeAsString());
}

}  // namespace

void VideoCache::Video(const std::string& id, VideoResponse* out, const std::function<void(VideoResponse*)>& load) {
    ReadThrough(videos_, id, "", out, load);
}

void VideoCache::Feed(const std::string& page_key, FeedResponse* out, const std::function<void(FeedResponse*)>& load) {
    ReadThrough(feed_, "public", page_key, out, load);
}

void VideoCache::Changed(const std::string& video_id, bool feed) {
    videos_.Invalidate(video_id);
    if (feed) feed_.Invalidate("public");
}

}  // namespace video::app
