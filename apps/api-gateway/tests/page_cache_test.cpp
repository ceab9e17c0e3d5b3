#include "api/page_cache.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace gateway::api {
namespace {

tt::http::Response Page(const std::string& body) {
    tt::http::Response response{tt::http::beast_http::status::ok, 11};
    response.body() = body;
    return response;
}

// A page built and stored the way the routes do it.
void Build(PageCache& cache, const std::string& key, const std::string& body) {
    auto lookup = cache.Get(key);
    ASSERT_TRUE(lookup.rebuild);
    cache.Put(key, Page(body), lookup.version);
}

TEST(PageCache, FreshHitThenOneRebuilderWhileOthersGetTheStalePage) {
    PageCache cache(std::chrono::milliseconds(50));
    auto first = cache.Get("/feed");
    EXPECT_TRUE(first.rebuild);
    EXPECT_FALSE(first.response);
    cache.Put("/feed", Page("v1"), first.version);

    auto hit = cache.Get("/feed");
    ASSERT_FALSE(hit.rebuild);
    EXPECT_EQ(hit.response->body(), "v1");

    std::this_thread::sleep_for(std::chrono::milliseconds(80));  // expired
    auto rebuilder = cache.Get("/feed");
    EXPECT_TRUE(rebuilder.rebuild);
    auto other = cache.Get("/feed");  // while the rebuild runs: the previous page, no second rebuild
    ASSERT_FALSE(other.rebuild);
    EXPECT_EQ(other.response->body(), "v1");
    cache.Put("/feed", Page("v2"), rebuilder.version);
    EXPECT_EQ(cache.Get("/feed").response->body(), "v2");
}

TEST(PageCache, ClearForgetsEverythingAndZeroTtlIsOff) {
    PageCache cache(std::chrono::milliseconds(1000));
    Build(cache, "/feed", "v1");
    auto before_clear = cache.Get("/other");
    cache.Clear();
    EXPECT_TRUE(cache.Get("/feed").rebuild);
    cache.Put("/other", Page("built before the clear"), before_clear.version);
    EXPECT_TRUE(cache.Get("/other").rebuild);  // not stored
    EXPECT_FALSE(PageCache(std::chrono::milliseconds(0)).Enabled());
}

TEST(PageCache, AnExpiredPageIsRebuiltByOneRequestAndARebuildOlderThanTheEventIsNotStored) {
    PageCache cache(std::chrono::milliseconds(60000));
    auto key = VideoCacheKey("v");
    Build(cache, key, "3 likes");
    cache.Expire(key);  // a like
    auto rebuilder = cache.Get(key);
    EXPECT_TRUE(rebuilder.rebuild);
    auto other = cache.Get(key);  // during the rebuild: the previous page
    ASSERT_FALSE(other.rebuild);
    EXPECT_EQ(other.response->body(), "3 likes");
    cache.Expire(key);  // another like while the rebuild runs: it may have read the old count
    cache.Put(key, Page("4 likes"), rebuilder.version);
    auto again = cache.Get(key);
    EXPECT_TRUE(again.rebuild);  // not stored; the next request rebuilds
    cache.Put(key, Page("5 likes"), again.version);
    EXPECT_EQ(cache.Get(key).response->body(), "5 likes");
    cache.Expire("/api/videos/unknown");  // nothing cached: nothing to do
}

TEST(PageCache, AForgottenPageIsNeverServedAgainNorStoredByARebuildInFlight) {
    PageCache cache(std::chrono::milliseconds(60000));
    auto key = VideoCacheKey("v");
    Build(cache, key, "the video");
    cache.Expire(key);
    auto rebuilder = cache.Get(key);
    cache.Forget(key);  // deleted while the rebuild runs
    cache.Put(key, Page("the video, again"), rebuilder.version);
    auto next = cache.Get(key);
    EXPECT_TRUE(next.rebuild);
    EXPECT_FALSE(next.response);
}

TEST(PageCache, MetricsCarryTheCacheName) {
    PageCache feed(std::chrono::milliseconds(1000));
    PageCache video(std::chrono::milliseconds(1000));
    Build(feed, "/feed", "v1");
    feed.Get("/feed");
    video.Get(VideoCacheKey("v"));
    tt::MetricsText out;
    PageCache::WriteMetrics(out, {{"feed", &feed}, {"video", &video}});
    const auto& text = out.Text();
    EXPECT_NE(text.find("tt_page_cache_hits_total{cache=\"feed\"} 1"), std::string::npos) << text;
    EXPECT_NE(text.find("tt_page_cache_misses_total{cache=\"video\"} 1"), std::string::npos) << text;
    // One family at a time: the video sample follows the feed sample of the same metric.
    EXPECT_LT(text.find("tt_page_cache_hits_total{cache=\"video\"}"), text.find("tt_page_cache_misses_total"));
}

}  // namespace
}  // namespace gateway::api
