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

TEST(PageCache, FreshHitThenOneRebuilderWhileOthersGetTheStalePage) {
    PageCache cache(std::chrono::milliseconds(50));
    auto first = cache.Get("/feed");
    EXPECT_TRUE(first.rebuild);
    EXPECT_FALSE(first.response);
    cache.Put("/feed", Page("v1"));

    auto hit = cache.Get("/feed");
    ASSERT_FALSE(hit.rebuild);
    EXPECT_EQ(hit.response->body(), "v1");

    std::this_thread::sleep_for(std::chrono::milliseconds(80));  // expired
    auto rebuilder = cache.Get("/feed");
    EXPECT_TRUE(rebuilder.rebuild);
    auto other = cache.Get("/feed");  // while the rebuild runs: the previous page, no second rebuild
    ASSERT_FALSE(other.rebuild);
    EXPECT_EQ(other.response->body(), "v1");
    cache.Put("/feed", Page("v2"));
    EXPECT_EQ(cache.Get("/feed").response->body(), "v2");
}

TEST(PageCache, ClearForgetsEverythingAndZeroTtlIsOff) {
    PageCache cache(std::chrono::milliseconds(1000));
    cache.Put("/feed", Page("v1"));
    cache.Clear();
    EXPECT_TRUE(cache.Get("/feed").rebuild);
    EXPECT_FALSE(PageCache(std::chrono::milliseconds(0)).Enabled());
}

TEST(PageCache, AnExpiredPageIsRebuiltByOneRequestAndAForgottenOneByTheNext) {
    PageCache cache(std::chrono::milliseconds(60000));
    cache.Put(VideoCacheKey("v"), Page("3 likes"));
    cache.Expire(VideoCacheKey("v"));
    EXPECT_TRUE(cache.Get(VideoCacheKey("v")).rebuild);
    auto other = cache.Get(VideoCacheKey("v"));  // during the rebuild: the previous page
    ASSERT_FALSE(other.rebuild);
    EXPECT_EQ(other.response->body(), "3 likes");
    cache.Put(VideoCacheKey("v"), Page("4 likes"));
    EXPECT_EQ(cache.Get(VideoCacheKey("v")).response->body(), "4 likes");
    cache.Expire("/api/videos/unknown");  // nothing cached: nothing to do

    cache.Forget(VideoCacheKey("v"));  // deleted: nobody gets the old page any more
    auto next = cache.Get(VideoCacheKey("v"));
    EXPECT_TRUE(next.rebuild);
    EXPECT_FALSE(next.response);
}

TEST(PageCache, MetricsCarryTheCacheName) {
    PageCache feed(std::chrono::milliseconds(1000));
    PageCache video(std::chrono::milliseconds(1000));
    feed.Get("/feed");
    feed.Put("/feed", Page("v1"));
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
