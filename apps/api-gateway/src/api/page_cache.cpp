#include "api/page_cache.hpp"

namespace gateway::api {

PageCache::Lookup PageCache::Get(const std::string& key) {
    auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
        if (entries_.size() >= capacity_) entries_.clear();  // bounded; the popular pages return at once
        it = entries_.emplace(key, Entry{}).first;
    }
    auto& entry = it->second;
    // Never a page older than a rebuild's worth past its expiry.
    if (entry.response && now > entry.expires + kRebuildTimeout) entry.response.reset();
    if (!entry.response) {
        entry.rebuilding_since = now;
        ++misses_;
        return {std::nullopt, true, entry.version};
    }
    if (now <= entry.expires) {
        ++hits_;
        return {entry.response, false, entry.version};
    }
    if (entry.rebuilding_since == std::chrono::steady_clock::time_point{} ||
        now - entry.rebuilding_since > kRebuildTimeout) {
        entry.rebuilding_since = now;
        ++misses_;
        return {std::nullopt, true, entry.version};
    }
    ++stale_;
    return {entry.response, false, entry.version};
}

void PageCache::Put(const std::string& key, const tt::http::Response& response, std::uint64_t version) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return;  // cleared meanwhile
    auto& entry = it->second;
    if (entry.version != version) return;  // expired or forgotten meanwhile: the next Get rebuilds
    entry.rebuilding_since = {};
    entry.response = response;
    entry.expires = std::chrono::steady_clock::now() + ttl_;
}

void PageCache::Clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
}

void PageCache::Expire(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    auto& entry = it->second;
    ++entry.version;
    entry.rebuilding_since = {};  // a rebuild in flight may hold the old page: the next Get starts another
    // Just expired: served stale only while one request rebuilds it.
    auto just_now = std::chrono::steady_clock::now() - std::chrono::nanoseconds(1);
    if (entry.expires > just_now) entry.expires = just_now;
}

void PageCache::Forget(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    ++it->second.version;
    it->second.response.reset();
    it->second.rebuilding_since = {};
}

void PageCache::WriteMetrics(tt::MetricsText& out, const std::vector<std::pair<std::string, const PageCache*>>& caches) {
    // Every sample of one metric together, as the text format wants.
    auto write = [&](const char* name, const char* help, std::uint64_t PageCache::*count) {
        for (const auto& [label, cache] : caches) {
            std::lock_guard lock(cache->mutex_);
            out.Counter(name, help, static_cast<double>(cache->*count), {{"cache", label}});
        }
    };
    write("tt_page_cache_hits_total", "pages served from the gateway's cache", &PageCache::hits_);
    write("tt_page_cache_misses_total", "pages built from the services", &PageCache::misses_);
    write("tt_page_cache_stale_total", "expired pages served while one request rebuilt them", &PageCache::stale_);
}

}  // namespace gateway::api
