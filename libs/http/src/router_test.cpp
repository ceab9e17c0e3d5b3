#include "tt/http/router.hpp"

#include <gtest/gtest.h>

#include "tt/http/util.hpp"

namespace tt::http {
namespace {

Handler Named(std::string) {
    return [](Context) -> boost::asio::awaitable<Response> { co_return Response{}; };
}

TEST(Router, LiteralSegmentsBeatParametersWhateverTheOrder) {
    Router router;
    router.Add(beast_http::verb::get, "/api/videos/:id", Named("by-id"));
    router.Add(beast_http::verb::get, "/api/videos/feed", Named("feed"));
    auto feed = router.Find(beast_http::verb::get, "/api/videos/feed");
    ASSERT_TRUE(feed);
    EXPECT_TRUE(feed->params.empty());
    auto by_id = router.Find(beast_http::verb::get, "/api/videos/abc");
    ASSERT_TRUE(by_id);
    EXPECT_EQ(by_id->params.at("id"), "abc");
}

TEST(Router, PathParametersArePercentDecoded) {
    Router router;
    router.Add(beast_http::verb::get, "/api/videos/hashtag/:tag", Named("tag"));
    auto match = router.Find(beast_http::verb::get, "/api/videos/hashtag/%23caf%C3%A9+x");
    ASSERT_TRUE(match);
    EXPECT_EQ(match->params.at("tag"), "#caf\xC3\xA9+x");
}

TEST(Router, MethodAndSegmentCountMustMatch) {
    Router router;
    router.Add(beast_http::verb::post, "/api/interactions/like", Named("like"));
    EXPECT_FALSE(router.Find(beast_http::verb::get, "/api/interactions/like"));
    EXPECT_FALSE(router.Find(beast_http::verb::post, "/api/interactions/like/extra"));
    EXPECT_TRUE(router.Find(beast_http::verb::post, "/api/interactions/like/"));
}

TEST(Query, DecodesPercentAndPlus) {
    auto q = ParseQuery("q=hello+world&tag=%23fun&empty=&bad=%zz");
    EXPECT_EQ(q["q"], "hello world");
    EXPECT_EQ(q["tag"], "#fun");
    EXPECT_EQ(q["empty"], "");
    EXPECT_EQ(q["bad"], "%zz");
}

TEST(Cookies, FindsTheNamedCookie) {
    Request request;
    request.set(beast_http::field::cookie, "a=1; access_token=xyz; b=2");
    EXPECT_EQ(CookieValue(request, "access_token").value(), "xyz");
    EXPECT_FALSE(CookieValue(request, "refresh_token"));
}

}  // namespace
}  // namespace tt::http
