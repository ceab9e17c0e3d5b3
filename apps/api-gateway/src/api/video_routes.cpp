// /api/videos: create (metadata) and get one.
#include <boost/asio/experimental/awaitable_operators.hpp>

#include <map>
#include <optional>

#include "api/body.hpp"
#include "api/deps.hpp"
#include "api/envelope.hpp"
#include "api/user_json.hpp"
#include "tt/core/clock.hpp"
#include "tt/http/util.hpp"

namespace gateway::api {
namespace {

namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;
using tt::http::Context;
using tt::http::Response;

}  // namespace

nlohmann::json VideoJson(const ::video::VideoResponse& v) {
    nlohmann::json json = {{"id", v.id()},
                           {"userId", v.userid()},
                           {"title", v.title()},
                           {"description", OrNull(v.description())},
                           {"videoUrl", v.videourl()},
                           {"thumbnailUrl", OrNull(v.thumbnailurl())},
                           {"duration", v.duration()},
                           {"hashtags", std::vector<std::string>(v.hashtags().begin(), v.hashtags().end())},
                           {"mentions", std::vector<std::string>(v.mentions().begin(), v.mentions().end())},
                           {"status", v.status()},
                           {"isPublic", v.ispublic()},
                           {"createdAt", v.createdat()}};
    if (v.width() > 0) json["width"] = v.width();
    if (v.height() > 0) json["height"] = v.height();
    if (v.sizebytes() > 0) json["size"] = v.sizebytes();
    if (v.status() == "failed") json["failureReason"] = v.failurereason();
    return json;
}

namespace {

// One video with its author summary and counts (plain code, not a coroutine).
nlohmann::json VideoDetailJson(const ::video::VideoResponse& video, const ::auth::UsersListResponse& authors,
                               const ::interaction::LikeStatusResponse& status) {
    auto json = VideoJson(video);
    json["user"] = authors.users_size() ? UserSummaryJson(authors.users(0)) : nlohmann::json(nullptr);
    json["likes"] = json["likesCount"] = status.likescount();
    json["comments"] = json["commentsCount"] = status.commentscount();
    json["views"] = status.views();
    json["shares"] = json["sharesCount"] = status.sharescount();
    json["isLiked"] = status.hasliked();
    return json;
}

// A page of videos with each video's author summary and counts (plain code, not a coroutine).
nlohmann::json FeedJson(const ::video::FeedResponse& feed, const ::auth::UsersListResponse& authors,
                        const ::interaction::MultipleLikeStatusResponse& stats) {
    std::map<std::string, const ::auth::UserResponse*> by_user;
    for (const auto& u : authors.users()) by_user[u.id()] = &u;
    std::map<std::string, const ::interaction::LikeInfo*> by_video;
    for (const auto& info : stats.likeinfos()) by_video[info.videoid()] = &info;
    nlohmann::json videos = nlohmann::json::array();
    for (const auto& v : feed.videos()) {
        auto json = VideoJson(v);
        auto author = by_user.find(v.userid());
        json["user"] = author == by_user.end() ? nlohmann::json(nullptr) : UserSummaryJson(*author->second);
        auto info = by_video.find(v.id());
        bool known = info != by_video.end();
        json["likes"] = json["likesCount"] = known ? info->second->likescount() : 0;
        json["comments"] = json["commentsCount"] = known ? info->second->commentscount() : 0;
        json["views"] = known ? info->second->views() : 0;
        json["shares"] = json["sharesCount"] = known ? info->second->sharescount() : 0;
        json["isLiked"] = known && info->second->hasliked();
        videos.push_back(std::move(json));
    }
    return {{"videos", videos},
            {"total", feed.total()},
            {"page", feed.page()},
            {"limit", feed.limit()},
            {"hasMore", feed.hasmore()},
            {"nextCursor", feed.nextcursor().empty() ? nlohmann::json(nullptr) : nlohmann::json(feed.nextcursor())}};
}

// The list's paging parameters (page/limit 1..50, default 10, or a cursor).
::video::ListVideosRequest ListRequestOf(const Context& c, const std::optional<tt::jwt::Claims>& caller) {
    ::video::ListVideosRequest request;
    request.set_page(QueryInt(c.query, "page", 1, 1, 100000));
    request.set_limit(QueryInt(c.query, "limit", 10, 1, 50));
    if (auto it = c.query.find("cursor"); it != c.query.end()) request.set_cursor(it->second.substr(0, 128));
    if (caller) request.set_viewerid(caller->sub);
    return request;
}

// Authors (auth-service) and counts (interaction-service) of a page's videos, concurrently.
asio::awaitable<nlohmann::json> HydratePage(::video::FeedResponse feed, const Deps* d,
                                            std::optional<tt::jwt::Claims> caller, std::string request_id) {
    ::auth::GetUsersByIdsRequest authors_request;
    ::interaction::MultipleLikeStatusRequest stats_request;
    if (caller) stats_request.set_userid(caller->sub);
    for (const auto& v : feed.videos()) {
        authors_request.add_userids(v.userid());
        stats_request.add_videoids(v.id());
    }
    auto* interaction_stub = d->interaction.get();
    auto [authors, stats] =
        co_await (UsersByIds(std::move(authors_request), d, request_id) &&
                  tt::rpc::AsyncCall<::interaction::MultipleLikeStatusResponse>(
                      [interaction_stub](auto* ctx, auto* req, auto* resp, auto done) {
                          interaction_stub->async()->GetMultipleLikeStatus(ctx, req, resp, std::move(done));
                      },
                      std::move(stats_request), "interaction-service", d->config.rpc_deadline, request_id));
    co_return FeedJson(feed, authors, stats);
}

}  // namespace

// A plain function (see CreateVideoFromJson).
asio::awaitable<nlohmann::json> VideoPageJson(::video::FeedResponse feed, const Deps* d,
                                              std::optional<tt::jwt::Claims> caller, std::string request_id) {
    return HydratePage(std::move(feed), d, std::move(caller), std::move(request_id));
}

namespace {

enum class ListKind { kFeed, kUser, kSearch, kHashtag, kUsers };

// Any video list: the page from video-service, then authors (auth-service) and counts
// (interaction-service) for its videos, concurrently.
asio::awaitable<Response> ListVideos(::video::ListVideosRequest request, ListKind kind, const Deps* d,
                                     std::optional<tt::jwt::Claims> caller, std::string request_id) {
    auto* video_stub = d->video.get();
    auto feed = co_await tt::rpc::AsyncCall<::video::FeedResponse>(
        [video_stub, kind](auto* ctx, auto* req, auto* resp, auto done) {
            auto* async = video_stub->async();
            switch (kind) {
                case ListKind::kFeed:
                    async->GetFeed(ctx, req, resp, std::move(done));
                    break;
                case ListKind::kUser:
                    async->GetUserVideos(ctx, req, resp, std::move(done));
                    break;
                case ListKind::kSearch:
                    async->SearchVideos(ctx, req, resp, std::move(done));
                    break;
                case ListKind::kHashtag:
                    async->GetVideosByHashtag(ctx, req, resp, std::move(done));
                    break;
                case ListKind::kUsers:
                    async->GetVideosByUsers(ctx, req, resp, std::move(done));
                    break;
            }
        },
        std::move(request), "video-service", d->config.rpc_deadline, request_id);
    auto page = co_await VideoPageJson(std::move(feed), d, std::move(caller), std::move(request_id));
    co_return Ok(200, std::move(page));
}

asio::awaitable<Response> CachedFeed(Context c, const Deps* d) {
    std::string key(c.request.target());
    auto lookup = d->feed_cache->Get(key);
    if (!lookup.rebuild) co_return std::move(*lookup.response);
    auto response = co_await ListVideos(ListRequestOf(c, std::nullopt), ListKind::kFeed, d, std::nullopt, c.request_id);
    d->feed_cache->Put(key, response, lookup.version);
    co_return response;
}

// Signed-out callers all see the same page (isLiked false throughout): it comes from the gateway's page cache.
asio::awaitable<Response> Feed(Context c, const Deps* d) {
    auto caller = d->guard.Optional(c.request);
    if (!caller && d->feed_cache != nullptr && d->feed_cache->Enabled()) return CachedFeed(std::move(c), d);
    return ListVideos(ListRequestOf(c, caller), ListKind::kFeed, d, caller, c.request_id);
}

asio::awaitable<Response> Create(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    auto body = tt::http::ParseJsonObject(c.request);
    ValidateBody(body, {{"title", FieldType::kString, true, 150},
                        {"description", FieldType::kString, false, 2200},
                        {"videoUrl", FieldType::kString, true, 2048},
                        {"thumbnailUrl", FieldType::kString, false, 2048},
                        {"duration", FieldType::kInteger, false},
                        {"userId", FieldType::kString, false}});  // accepted and ignored, as the original did
    ::video::CreateVideoRequest request;
    request.set_userid(caller.sub);
    request.set_title(StringField(body, "title"));
    request.set_description(StringField(body, "description"));
    request.set_videourl(StringField(body, "videoUrl"));
    request.set_thumbnailurl(StringField(body, "thumbnailUrl"));
    auto duration = IntField(body, "duration");
    if (duration < 0 || duration > 24 * 3600) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "duration must be between 0 and 86400 seconds");
    }
    request.set_duration(static_cast<std::int32_t>(duration));
    // A file stored by POST /api/upload/video is processed like a direct upload.
    const auto& url = request.videourl();
    if (url.starts_with("/uploads/")) {
        auto key = url.substr(9);
        if (!key.starts_with("videos/") || !tt::storage::IsValidKey(key) || !d->storage->Stat(key)) {
            throw tt::Error(tt::ErrorCode::kInvalidArgument, "videoUrl points to no uploaded video");
        }
        request.set_storagekey(key);
    }
    auto* stub = d->video.get();
    auto video = co_await tt::rpc::AsyncCall<::video::VideoResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->CreateVideo(ctx, req, resp, std::move(done));
        },
        std::move(request), "video-service", d->config.rpc_deadline, c.request_id);
    if (d->feed_cache != nullptr) d->feed_cache->Clear();  // its author sees it in the feed at once
    auto json = VideoJson(video);
    json["likesCount"] = 0;  // a new video: no like can exist yet
    json["isLiked"] = false;
    co_return Ok(201, json);
}

}  // namespace

// A plain function: g++ 12 warns falsely (mismatched-new-delete) on coroutines with external linkage.
asio::awaitable<Response> CreateVideoFromJson(Context c, const Deps* d) {
    return Create(std::move(c), d);
}

namespace {

// The video from video-service, then its author (auth-service) and counts and the caller's like
// (interaction-service) concurrently.
asio::awaitable<Response> VideoDetail(Context c, const Deps* d, std::optional<tt::jwt::Claims> caller) {
    ::video::GetVideoRequest video_request;
    video_request.set_videoid(c.params.at("id"));
    auto* video_stub = d->video.get();
    auto video = co_await tt::rpc::AsyncCall<::video::VideoResponse>(
        [video_stub](auto* ctx, auto* req, auto* resp, auto done) {
            video_stub->async()->GetVideo(ctx, req, resp, std::move(done));
        },
        std::move(video_request), "video-service", d->config.rpc_deadline, c.request_id);
    // Uploads still processing (or failed) are visible to their owner only.
    if (video.status() != "ready" && (!caller || caller->sub != video.userid())) {
        throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
    }
    ::auth::GetUsersByIdsRequest author_request;
    author_request.add_userids(video.userid());
    ::interaction::LikeStatusRequest status_request;
    status_request.set_videoid(video.id());
    if (caller) status_request.set_userid(caller->sub);
    auto [authors, status] = co_await (UsersByIds(std::move(author_request), d, c.request_id) &&
                                       LikeStatusOf(std::move(status_request), d, c.request_id));
    co_return Ok(200, VideoDetailJson(video, authors, status));
}

asio::awaitable<Response> CachedVideoDetail(Context c, const Deps* d) {
    auto key = VideoCacheKey(c.params.at("id"));
    auto lookup = d->video_cache->Get(key);
    if (!lookup.rebuild) co_return std::move(*lookup.response);
    auto response = co_await VideoDetail(std::move(c), d, std::nullopt);  // errors are not cached
    d->video_cache->Put(key, response, lookup.version);
    co_return response;
}

// The counts and the caller's like, current from interaction-service, over the shared page.
Response WithCallerStatus(const Response& shared, const ::interaction::LikeStatusResponse& status) {
    auto body = nlohmann::json::parse(shared.body());
    auto& json = body["data"];
    json["likes"] = json["likesCount"] = status.likescount();
    json["comments"] = json["commentsCount"] = status.commentscount();
    json["views"] = status.views();
    json["shares"] = json["sharesCount"] = status.sharescount();
    json["isLiked"] = status.hasliked();
    body["timestamp"] = tt::FormatIso8601(tt::SystemClock().Now());
    return tt::http::JsonResponse(200, body);
}

// A signed-in caller gets the shared page (video and author, as signed-out callers see them) with
// the counts and its own like from one interaction-service call, instead of three calls. Uploads
// still processing are not on the shared page (404 there): their owner gets the full path.
asio::awaitable<Response> SignedInVideoDetail(Context c, const Deps* d, tt::jwt::Claims caller) {
    ::interaction::LikeStatusRequest status_request;
    status_request.set_videoid(c.params.at("id"));
    status_request.set_userid(caller.sub);
    auto request_id = c.request_id;
    std::optional<Response> shared;
    try {
        shared = co_await CachedVideoDetail(c, d);
    } catch (const tt::Error& e) {
        if (e.Code() != tt::ErrorCode::kNotFound) throw;
    }
    if (!shared) co_return co_await VideoDetail(std::move(c), d, std::move(caller));
    auto status = co_await LikeStatusOf(std::move(status_request), d, std::move(request_id));
    co_return WithCallerStatus(*shared, status);
}

// Every caller's detail starts from the gateway's cache of the shared page, refreshed by the
// video's events (likes, views, comments, deletion) and at most VIDEO_DETAIL_CACHE_TTL_MS old;
// signed-out callers get it as it is (isLiked false), signed-in ones with current counts and their
// own like.
asio::awaitable<Response> Get(Context c, const Deps* d) {
    auto caller = d->guard.Optional(c.request);
    if (d->video_cache == nullptr || !d->video_cache->Enabled()) return VideoDetail(std::move(c), d, std::move(caller));
    if (caller) return SignedInVideoDetail(std::move(c), d, std::move(*caller));
    return CachedVideoDetail(std::move(c), d);
}

asio::awaitable<Response> UserVideos(Context c, const Deps* d) {
    auto caller = d->guard.Optional(c.request);
    auto request = ListRequestOf(c, caller);
    request.set_userid(c.params.at("userId"));
    return ListVideos(std::move(request), ListKind::kUser, d, caller, c.request_id);
}

asio::awaitable<Response> Search(Context c, const Deps* d) {
    auto caller = d->guard.Optional(c.request);
    auto q = c.query.find("q");
    if (q == c.query.end() || q->second.find_first_not_of(' ') == std::string::npos) {
        throw tt::Error(tt::ErrorCode::kInvalidArgument, "Search query is required");
    }
    auto request = ListRequestOf(c, caller);
    request.set_query(q->second.substr(0, 200));
    return ListVideos(std::move(request), ListKind::kSearch, d, caller, c.request_id);
}

asio::awaitable<Response> Hashtag(Context c, const Deps* d) {
    auto caller = d->guard.Optional(c.request);
    auto request = ListRequestOf(c, caller);
    auto tag = c.params.at("tag");
    request.set_hashtag(!tag.empty() && tag.front() == '#' ? tag.substr(1) : tag);
    return ListVideos(std::move(request), ListKind::kHashtag, d, caller, c.request_id);
}

// GET /api/videos/following: videos of the people the caller follows (up to 1000 of them).
asio::awaitable<Response> Following(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    auto request = ListRequestOf(c, caller);
    auto* stub = d->interaction.get();
    std::string cursor;
    for (int page = 0; page < 10; ++page) {
        ::interaction::FollowListRequest follows;
        follows.set_userid(caller.sub);
        follows.set_limit(100);
        follows.set_cursor(cursor);
        auto list = co_await tt::rpc::AsyncCall<::interaction::FollowListResponse>(
            [stub](auto* ctx, auto* req, auto* resp, auto done) {
                stub->async()->GetFollowing(ctx, req, resp, std::move(done));
            },
            std::move(follows), "interaction-service", d->config.rpc_deadline, c.request_id);
        for (const auto& id : list.userids()) request.add_userids(id);
        if (list.nextcursor().empty()) break;
        cursor = list.nextcursor();
    }
    co_return co_await ListVideos(std::move(request), ListKind::kUsers, d, caller, c.request_id);
}

// POST /api/videos/:id/share {shareType, platform?, targetUserId?}: every share counts.
asio::awaitable<Response> Share(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    auto body = tt::http::ParseJsonObject(c.request);
    ValidateBody(body, {{"shareType", FieldType::kString, true, 20},
                        {"platform", FieldType::kString, false, 50},
                        {"targetUserId", FieldType::kString, false, 64}});
    ::interaction::ShareRequest request;
    request.set_userid(caller.sub);
    request.set_videoid(c.params.at("id"));
    request.set_sharetype(StringField(body, "shareType"));
    request.set_platform(StringField(body, "platform"));
    request.set_targetuserid(StringField(body, "targetUserId"));
    auto* stub = d->interaction.get();
    auto reply = co_await tt::rpc::AsyncCall<::interaction::ShareResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->ShareVideo(ctx, req, resp, std::move(done));
        },
        std::move(request), "interaction-service", d->config.rpc_deadline, c.request_id);
    VideoChanged(*d, c.params.at("id"));
    co_return Ok(201, {{"success", true}, {"sharesCount", reply.sharescount()}});
}

// DELETE /api/videos/:id: owner only (403 otherwise).
asio::awaitable<Response> Delete(Context c, const Deps* d) {
    auto caller = d->guard.Require(c.request);
    ::video::DeleteVideoRequest request;
    request.set_videoid(c.params.at("id"));
    request.set_userid(caller.sub);
    auto* stub = d->video.get();
    co_await tt::rpc::AsyncCall<::video::DeleteVideoResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) {
            stub->async()->DeleteVideo(ctx, req, resp, std::move(done));
        },
        std::move(request), "video-service", d->config.rpc_deadline, c.request_id);
    if (d->feed_cache != nullptr) d->feed_cache->Clear();
    if (d->video_cache != nullptr) d->video_cache->Forget(VideoCacheKey(c.params.at("id")));
    co_return Ok(200, {{"success", true}});
}

}  // namespace

void AddVideoRoutes(tt::http::Router& router, const Deps& deps) {
    const Deps* d = &deps;
    using tt::http::beast_http::verb;
    router.Add(verb::get, "/api/videos/:id", [d](Context c) { return Get(std::move(c), d); });
    router.Add(verb::get, "/api/videos", [d](Context c) { return Feed(std::move(c), d); });
    router.Add(verb::delete_, "/api/videos/:id", [d](Context c) { return Delete(std::move(c), d); });
    router.Add(verb::post, "/api/videos/:id/share", [d](Context c) { return Share(std::move(c), d); });
    router.Add(verb::get, "/api/videos/feed", [d](Context c) { return Feed(std::move(c), d); });
    router.Add(verb::get, "/api/videos/following", [d](Context c) { return Following(std::move(c), d); });
    router.Add(verb::get, "/api/videos/search", [d](Context c) { return Search(std::move(c), d); });
    router.Add(verb::get, "/api/videos/user/:userId", [d](Context c) { return UserVideos(std::move(c), d); });
    router.Add(verb::get, "/api/videos/hashtag/:tag", [d](Context c) { return Hashtag(std::move(c), d); });
}

}  // namespace gateway::api
