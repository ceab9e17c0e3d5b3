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

}  // namespace
}  // namespace gateway::api
