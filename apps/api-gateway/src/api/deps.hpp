#pragma once

#include <boost/asio/thread_pool.hpp>

#include <memory>
#include <optional>
#include <string>

#include "analytics.grpc.pb.h"
#include "api/auth_guard.hpp"
#include "api/page_cache.hpp"
#include "auth.grpc.pb.h"
#include "config.hpp"
#include "interaction.grpc.pb.h"
#include "notification.grpc.pb.h"
#include "tt/http/router.hpp"
#include "tt/rpc/async_call.hpp"
#include "tt/storage/storage.hpp"
#include "video.grpc.pb.h"

namespace gateway::api {

// What the route handlers use; built once in main() and outliving the server.
struct Deps {
    Config config;
    AuthGuard guard;
    std::shared_ptr<grpc::Channel> auth_channel;
    std::shared_ptr<grpc::Channel> video_channel;
    std::shared_ptr<grpc::Channel> interaction_channel;
    std::shared_ptr<grpc::Channel> notification_channel;
    std::shared_ptr<grpc::Channel> analytics_channel;
    std::unique_ptr<::auth::AuthService::Stub> auth;
    std::unique_ptr<::video::VideoService::Stub> video;
    std::unique_ptr<::interaction::InteractionService::Stub> interaction;
    std::unique_ptr<::notification::NotificationService::Stub> notification;
    std::unique_ptr<::analytics::AnalyticsService::Stub> analytics;
    tt::storage::Storage* storage = nullptr;  // uploaded media (VIDEO_STORAGE_DIR)
    PageCache* feed_cache = nullptr;          // anonymous feed pages (FEED_CACHE_TTL_MS)
    PageCache* video_cache = nullptr;         // video details' shared page (VIDEO_DETAIL_CACHE_TTL_MS), by VideoCacheKey
};

// A write through this gateway changed the video's counts: its cached detail is rebuilt by the next
// request for it (other gateways refresh theirs from the video's event).
inline void VideoChanged(const Deps& d, const std::string& video_id) {
    if (d.video_cache != nullptr) d.video_cache->Expire(VideoCacheKey(video_id));
}

// Every public API route (what api/openapi.json documents, with AddSystemRoutes).
void AddApiRoutes(tt::http::Router& router, const Deps& deps);
// /health, /ready (probes run on `probes`), /api/docs-json (serves `openapi`), /api/docs.
void AddSystemRoutes(tt::http::Router& router, const Deps& deps, boost::asio::thread_pool& probes,
                     std::shared_ptr<const std::string> openapi);

void AddAuthRoutes(tt::http::Router& router, const Deps& deps);
void AddVideoRoutes(tt::http::Router& router, const Deps& deps);
void AddInteractionRoutes(tt::http::Router& router, const Deps& deps);
void AddNotificationRoutes(tt::http::Router& router, const Deps& deps);
void AddUserRoutes(tt::http::Router& router, const Deps& deps);
void AddCommentRoutes(tt::http::Router& router, const Deps& deps);
// GET /api/videos/trending, GET /api/videos/:id/stats (analytics-service).
void AddAnalyticsRoutes(tt::http::Router& router, const Deps& deps);
// POST /api/videos (multipart upload or JSON), /api/upload/*, GET /uploads/:folder/:file.
void AddMediaRoutes(tt::http::Router& router, const Deps& deps);

// POST /api/videos with a JSON body (already read into the request): metadata with a videoUrl.
boost::asio::awaitable<tt::http::Response> CreateVideoFromJson(tt::http::Context c, const Deps* d);
// A video as the API shows it (without author and counts).
nlohmann::json VideoJson(const ::video::VideoResponse& v);
// A page of videos as every video list shows it: {videos, total, page, limit, hasMore, nextCursor},
// each video with its author summary (auth-service), counts and the caller's like (interaction-service).
boost::asio::awaitable<nlohmann::json> VideoPageJson(::video::FeedResponse feed, const Deps* d,
                                                     std::optional<tt::jwt::Claims> caller, std::string request_id);

// auth-service's GetUsersByIds as an awaitable: the one way the routes fetch user summaries.
// A plain function (not a coroutine), so it can also be combined with awaitable operator &&.
boost::asio::awaitable<::auth::UsersListResponse> UsersByIds(::auth::GetUsersByIdsRequest request, const Deps* d,
                                                             std::string request_id);

// interaction-service's GetLikeStatus (counts and the caller's like) as an awaitable, like UsersByIds.
boost::asio::awaitable<::interaction::LikeStatusResponse> LikeStatusOf(::interaction::LikeStatusRequest request,
                                                                      const Deps* d, std::string request_id);

// Batch like status entries (plain code: range-for over protobuf fields stays out of coroutines).
nlohmann::json LikeInfosJson(const ::interaction::MultipleLikeStatusResponse& reply);

// A comments page with each comment's author summary (null when the account is gone).
nlohmann::json CommentListJson(const ::interaction::CommentsListResponse& list, const ::auth::UsersListResponse& users);

}  // namespace gateway::api
