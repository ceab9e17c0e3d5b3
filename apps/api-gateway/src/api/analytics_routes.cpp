// /api/videos/trending and /api/videos/:id/stats: analytics-service's counters and trending scores.
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>

#include <cmath>
#include <map>
#include <mutex>
#include <optional>

#include "api/body.hpp"
#include "api/deps.hpp"
#include "api/envelope.hpp"
#include "tt/http/util.hpp"

namespace gateway::api {
namespace {

namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;
using tt::http::Context;
using tt::http::Response;
using Videos = std::vector<std::optional<::video::VideoResponse>>;

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 50;

// ?window=1h|24h (default 1h); 400 otherwise.
std::string WindowOf(const Context& c) {
    auto it = c.query.find("window");
    if (it == c.query.end() || it->second.empty()) return "1h";
    if (it->second != "1h" && it->second != "24h") {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "window must be one of the following values: 1h, 24h");
    }
    return it->second;
}

double Rounded(double score) {
    return std::round(score * 1000) / 1000;
}

// The videos of `ids` from video-service, all requested at once (video.proto has no batch read):
// nullopt for a video that no longer exists; the first other failure is thrown. Not a coroutine
// (see tt::rpc::AsyncCall): the calls' state is shared with their callbacks.
auto GetVideos(std::vector<std::string> ids, const Deps* d, std::string request_id) {
    struct Call {
        grpc::ClientContext context;
        ::video::GetVideoRequest request;
        ::video::VideoResponse response;
    };
    struct State {
        std::vector<std::unique_ptr<Call>> calls;
        std::mutex mutex;
        std::size_t pending = 0;
        Videos videos;
        std::exception_ptr failure;
    };
    auto state = std::make_shared<State>();
    for (auto& id : ids) {
        auto call = std::make_unique<Call>();
        call->request.set_videoid(std::move(id));
        tt::rpc::Prepare(call->context, d->config.rpc_deadline, request_id);
        state->calls.push_back(std::move(call));
    }
    state->pending = state->calls.size();
    state->videos.resize(state->calls.size());
    return asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr, Videos)>(
        [state, d](auto handler) {
            auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
            auto finish = [state, shared_handler] {
                auto executor = asio::get_associated_executor(*shared_handler);
                asio::post(executor, [state, shared_handler] {
                    std::move (*shared_handler)(state->failure, std::move(state->videos));
                });
            };
            if (state->calls.empty()) {
                finish();
                return;
            }
            for (std::size_t i = 0; i < state->calls.size(); ++i) {
                auto* call = state->calls[i].get();
                d->video->async()->GetVideo(
                    &call->context, &call->request, &call->response, [state, finish, i](grpc::Status status) {
                        std::lock_guard lock(state->mutex);
                        auto& call = *state->calls[i];
                        if (status.ok()) {
                            state->videos[i] = std::move(call.response);
                        } else if (status.error_code() != grpc::StatusCode::NOT_FOUND && !state->failure) {
                            state->failure = std::make_exception_ptr(tt::rpc::FromStatus(status, "video-service"));
                        }
                        if (--state->pending == 0) finish();
                    });
            }
        },
        asio::use_awaitable);
}

std::vector<std::string> TrendingIds(const ::analytics::TrendingResponse& trending) {
    std::vector<std::string> ids;
    for (const auto& v : trending.videos()) ids.push_back(v.videoid());
    return ids;
}

// The trending videos anyone may see (ready and public, still existing), in trending order, as a
// one-page list; `scores` gets each one's score.
::video::FeedResponse VisiblePage(const ::analytics::TrendingResponse& trending, Videos& videos, int limit,
                                  std::map<std::string, double>& scores) {
    ::video::FeedResponse page;
    for (int i = 0; i < trending.videos_size() && static_cast<std::size_t>(i) < videos.size(); ++i) {
        auto& video = videos[static_cast<std::size_t>(i)];
        if (!video || video->status() != "ready" || !video->ispublic()) continue;
        scores[video->id()] = trending.videos(i).score();
        *page.add_videos() = std::move(*video);
    }
    page.set_total(page.videos_size());
    page.set_page(1);
    page.set_limit(limit);
    page.set_hasmore(false);
    return page;
}

nlohmann::json TrendingJson(nlohmann::json page, const std::map<std::string, double>& scores,
                            const std::string& window) {
    for (auto& video : page["videos"]) {
        auto it = scores.find(video["id"].get<std::string>());
        video["trendingScore"] = it == scores.end() ? 0.0 : Rounded(it->second);
    }
    page["window"] = window;
    return page;
}

nlohmann::json StatsJson(const std::string& video_id, const ::analytics::VideoStatsResponse& stats) {
    return {{"videoId", video_id},
            {"views", stats.views()},
            {"uniqueViewers", stats.uniqueviewers()},
            {"likes", stats.likes()},
            {"comments", stats.comments()},
            {"shares", stats.shares()},
            {"trendingScore1h", Rounded(stats.score1h())},
            {"trendingScore24h", Rounded(stats.score24h())}};
}

// GET /api/videos/trending?window=1h|24h&limit=1..50: highest scores first, hydrated like every video list.
asio::awaitable<Response> Trending(Context c, const Deps* d) {
    auto caller = d->guard.Optional(c.request);
    auto window = WindowOf(c);
    int limit = QueryInt(c.query, "limit", kDefaultLimit, 1, kMaxLimit);
    ::analytics::GetTrendingRequest request;
    request.set_window(window);
    request.set_limit(limit);
    auto* stub = d->analytics.get();
    auto trending = co_await tt::rpc::AsyncCall<::analytics::TrendingResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->GetTrending(ctx, req, resp, std::move(done));
        },
        std::move(request), "analytics-service", d->config.rpc_deadline, c.request_id);
    auto ids = TrendingIds(trending);
    auto videos = co_await GetVideos(std::move(ids), d, c.request_id);
    std::map<std::string, double> scores;
    auto page = VisiblePage(trending, videos, limit, scores);
    auto json = co_await VideoPageJson(std::move(page), d, std::move(caller), c.request_id);
    co_return Ok(200, TrendingJson(std::move(json), scores, window));
}

// GET /api/videos/:id/stats: 404 like GET /api/videos/:id (unknown, or unfinished and not the caller's).
asio::awaitable<Response> Stats(Context c, const Deps* d) {
    auto caller = d->guard.Optional(c.request);
    ::video::GetVideoRequest video_request;
    video_request.set_videoid(c.params.at("id"));
    ::analytics::GetVideoStatsRequest stats_request;
    stats_request.set_videoid(c.params.at("id"));
    auto* video_stub = d->video.get();
    auto* analytics_stub = d->analytics.get();
    auto [video, stats] =
        co_await (tt::rpc::AsyncCall<::video::VideoResponse>(
                      [video_stub](auto* ctx, auto* req, auto* resp, auto done) {
                          video_stub->async()->GetVideo(ctx, req, resp, std::move(done));
                      },
                      std::move(video_request), "video-service", d->config.rpc_deadline, c.request_id) &&
                  tt::rpc::AsyncCall<::analytics::VideoStatsResponse>(
                      [analytics_stub](auto* ctx, auto* req, auto* resp, auto done) {
                          analytics_stub->async()->GetVideoStats(ctx, req, resp, std::move(done));
                      },
                      std::move(stats_request), "analytics-service", d->config.rpc_deadline, c.request_id));
    if (video.status() != "ready" && (!caller || caller->sub != video.userid())) {
        throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
    }
    co_return Ok(200, StatsJson(video.id(), stats));
}

}  // namespace

void AddAnalyticsRoutes(tt::http::Router& router, const Deps& deps) {
    const Deps* d = &deps;
    using tt::http::beast_http::verb;
    // Literal segments win over /api/videos/:id (tt::http::Router).
    router.Add(verb::get, "/api/videos/trending", [d](Context c) { return Trending(std::move(c), d); });
    router.Add(verb::get, "/api/videos/:id/stats", [d](Context c) { return Stats(std::move(c), d); });
}

}  // namespace gateway::api
