// The pure parts of real time: wire protocol, send-queue bounds, hub bookkeeping, Kafka event ->
// WebSocket event mapping and who may open a socket. The socket session itself is covered end to end
// (tests/e2e/test_realtime.py).
#include <gtest/gtest.h>

#include "realtime/event_bridge.hpp"
#include "realtime/hub.hpp"
#include "realtime/protocol.hpp"
#include "realtime/send_queue.hpp"
#include "realtime/ws_route.hpp"
#include "tt/core/error.hpp"
#include "tt/events/comment.hpp"
#include "tt/events/notification_created.hpp"
#include "tt/events/video_created.hpp"
#include "tt/events/video_like.hpp"
#include "tt/jwt/jwt.hpp"

namespace gateway::realtime {
namespace {

constexpr const char* kVideo = "0190b5e4-7c1a-7abc-8def-0123456789ab";
constexpr const char* kUser = "0190b5e4-7c1a-7abc-8def-00000000000a";
constexpr const char* kOther = "0190b5e4-7c1a-7abc-8def-00000000000b";
constexpr const char* kSecret = "0123456789abcdef";

nlohmann::json Parse(const std::string& frame) {
    return nlohmann::json::parse(frame);
}

// ---------------------------------------------------------------------------------------------
// Protocol

TEST(RealtimeProtocol, JoinAndLeaveCarryALowercaseVideoId) {
    auto join =
        ParseClientRequest(R"({"event":"join_video","data":{"videoId":"0190B5E4-7C1A-7ABC-8DEF-0123456789AB"}})");
    EXPECT_EQ(join.kind, ClientRequest::Kind::kJoinVideo);
    EXPECT_EQ(join.video_id, kVideo);
    EXPECT_EQ(VideoRoom(join.video_id), std::string("video:") + kVideo);
    auto leave = ParseClientRequest(std::string(R"({"event":"leave_video","data":{"videoId":")") + kVideo + "\"}}");
    EXPECT_EQ(leave.kind, ClientRequest::Kind::kLeaveVideo);
    EXPECT_EQ(leave.video_id, kVideo);
}

TEST(RealtimeProtocol, BadMessagesAreInvalidWithAHint) {
    for (const char* text :
         {"not json", "[1,2]", R"({"data":{}})", R"({"event":"dance","data":{}})", R"({"event":"join_video"})",
          R"({"event":"join_video","data":{"videoId":"abc"}})", R"({"event":"join_video","data":{"videoId":42}})"}) {
        auto request = ParseClientRequest(text);
        EXPECT_EQ(request.kind, ClientRequest::Kind::kInvalid) << text;
        EXPECT_FALSE(request.error.empty()) << text;
    }
    EXPECT_NE(ParseClientRequest(R"({"event":"dance"})").error.find("join_video"), std::string::npos);
}

TEST(RealtimeProtocol, FramesAreEventAndData) {
    auto ack = Parse(AckFrame(kJoinVideo, "video:x"));
    EXPECT_EQ(ack, (nlohmann::json{{"event", "join_video"}, {"data", {{"success", true}, {"room", "video:x"}}}}));
    auto error = Parse(ErrorFrame("nope"));
    EXPECT_EQ(error, (nlohmann::json{{"event", "error"}, {"data", {{"message", "nope"}}}}));
}

// ---------------------------------------------------------------------------------------------
// Send queue

std::shared_ptr<const std::string> Bytes(std::size_t n) {
    return std::make_shared<const std::string>(n, 'x');
}

TEST(SendQueue, RefusesTheFrameThatWouldPassTheFrameBound) {
    SendQueue queue(3, 1 << 20);
    EXPECT_TRUE(queue.Push(Bytes(10)));
    EXPECT_TRUE(queue.Push(Bytes(10)));
    EXPECT_TRUE(queue.Push(Bytes(10)));
    EXPECT_FALSE(queue.Push(Bytes(10)));
    EXPECT_EQ(queue.Size(), 3u);
    EXPECT_EQ(queue.Bytes(), 30u);
    queue.Pop();  // the front frame was written: room for one more
    EXPECT_TRUE(queue.Push(Bytes(10)));
    EXPECT_FALSE(queue.Push(Bytes(10)));
}

TEST(SendQueue, RefusesTheFrameThatWouldPassTheByteBoundButTakesOneLargeFrameWhenEmpty) {
    SendQueue queue(100, 100);
    EXPECT_TRUE(queue.Push(Bytes(60)));
    EXPECT_FALSE(queue.Push(Bytes(41)));
    EXPECT_TRUE(queue.Push(Bytes(40)));
    EXPECT_EQ(queue.Bytes(), 100u);
    queue.Clear();
    EXPECT_TRUE(queue.Empty());
    EXPECT_EQ(queue.Bytes(), 0u);
    EXPECT_TRUE(queue.Push(Bytes(500)));
    EXPECT_EQ(queue.Front()->size(), 500u);
}

// ---------------------------------------------------------------------------------------------
// Hub

class FakeSubscriber : public Subscriber {
public:
    void Deliver(std::shared_ptr<const std::string> frame) override { frames.push_back(*frame); }
    void Shutdown() override { ++shutdowns; }
    std::vector<std::string> frames;
    int shutdowns = 0;
};

std::shared_ptr<const std::string> Text(const char* text) {
    return std::make_shared<const std::string>(text);
}

TEST(Hub, RoomEventsReachOnlyTheMembersOfThatRoom) {
    Hub hub(10);
    auto a = std::make_shared<FakeSubscriber>();
    auto b = std::make_shared<FakeSubscriber>();
    ASSERT_TRUE(hub.Register(a, kUser));
    ASSERT_TRUE(hub.Register(b, kOther));
    EXPECT_EQ(hub.Join(a.get(), "video:1"), Hub::JoinResult::kJoined);
    EXPECT_EQ(hub.Join(a.get(), "video:1"), Hub::JoinResult::kJoined);  // twice: still one membership
    EXPECT_EQ(hub.Join(b.get(), "video:2"), Hub::JoinResult::kJoined);
    EXPECT_EQ(hub.RoomSize("video:1"), 1u);
    EXPECT_EQ(hub.PublishToRoom("video:1", Text("one")), 1u);
    EXPECT_EQ(hub.PublishToRoom("video:3", Text("nobody")), 0u);
    EXPECT_EQ(a->frames, std::vector<std::string>{"one"});
    EXPECT_TRUE(b->frames.empty());
}

TEST(Hub, LeavingARoomStopsItsEventsAndEmptyRoomsGo) {
    Hub hub(10);
    auto a = std::make_shared<FakeSubscriber>();
    hub.Register(a, kUser);
    hub.Join(a.get(), "video:1");
    EXPECT_TRUE(hub.Leave(a.get(), "video:1"));
    EXPECT_FALSE(hub.Leave(a.get(), "video:1"));
    EXPECT_EQ(hub.RoomCount(), 0u);
    EXPECT_EQ(hub.PublishToRoom("video:1", Text("x")), 0u);
    EXPECT_TRUE(a->frames.empty());
}

TEST(Hub, RoomsPerSessionAreBounded) {
    Hub hub(2);
    auto a = std::make_shared<FakeSubscriber>();
    hub.Register(a, kUser);
    EXPECT_EQ(hub.Join(a.get(), "video:1"), Hub::JoinResult::kJoined);
    EXPECT_EQ(hub.Join(a.get(), "video:2"), Hub::JoinResult::kJoined);
    EXPECT_EQ(hub.Join(a.get(), "video:3"), Hub::JoinResult::kTooManyRooms);
    EXPECT_EQ(hub.Join(a.get(), "video:1"), Hub::JoinResult::kJoined);  // already in: fine
    hub.Leave(a.get(), "video:1");
    EXPECT_EQ(hub.Join(a.get(), "video:3"), Hub::JoinResult::kJoined);
    FakeSubscriber stranger;
    EXPECT_EQ(hub.Join(&stranger, "video:1"), Hub::JoinResult::kNotRegistered);
}

TEST(Hub, UserEventsReachEverySocketOfThatUser) {
    Hub hub(10);
    auto tab1 = std::make_shared<FakeSubscriber>();
    auto tab2 = std::make_shared<FakeSubscriber>();
    auto other = std::make_shared<FakeSubscriber>();
    hub.Register(tab1, kUser);
    hub.Register(tab2, kUser);
    hub.Register(other, kOther);
    EXPECT_EQ(hub.UserSocketCount(kUser), 2u);
    EXPECT_EQ(hub.PublishToUser(kUser, Text("n")), 2u);
    EXPECT_EQ(tab1->frames.size(), 1u);
    EXPECT_EQ(tab2->frames.size(), 1u);
    EXPECT_TRUE(other->frames.empty());
    EXPECT_EQ(hub.Broadcast(Text("all")), 3u);
    EXPECT_EQ(other->frames, std::vector<std::string>{"all"});
}

TEST(Hub, UnregisterForgetsRoomsAndUserAndIsIdempotent) {
    Hub hub(10);
    auto a = std::make_shared<FakeSubscriber>();
    hub.Register(a, kUser);
    hub.Join(a.get(), "video:1");
    hub.Unregister(a.get());
    hub.Unregister(a.get());
    EXPECT_EQ(hub.SessionCount(), 0u);
    EXPECT_EQ(hub.RoomCount(), 0u);
    EXPECT_EQ(hub.UserSocketCount(kUser), 0u);
    EXPECT_EQ(hub.Broadcast(Text("x")), 0u);
    EXPECT_TRUE(a->frames.empty());
}

TEST(Hub, SessionsThatAreGoneReceiveNothing) {
    Hub hub(10);
    auto a = std::make_shared<FakeSubscriber>();
    hub.Register(a, kUser);
    hub.Join(a.get(), "video:1");
    const Subscriber* key = a.get();
    a.reset();  // destroyed without unregistering (the hub holds weak references only)
    EXPECT_EQ(hub.PublishToRoom("video:1", Text("x")), 0u);
    EXPECT_EQ(hub.Broadcast(Text("x")), 0u);
    hub.Unregister(key);
    EXPECT_EQ(hub.SessionCount(), 0u);
}

TEST(Hub, CloseAllShutsEverySessionAndRefusesNewOnes) {
    Hub hub(10);
    auto a = std::make_shared<FakeSubscriber>();
    auto b = std::make_shared<FakeSubscriber>();
    hub.Register(a, kUser);
    hub.Register(b, kOther);
    EXPECT_EQ(hub.CloseAll(), 2u);
    EXPECT_EQ(a->shutdowns, 1);
    EXPECT_EQ(b->shutdowns, 1);
    EXPECT_FALSE(hub.Register(std::make_shared<FakeSubscriber>(), kUser));
}

// ---------------------------------------------------------------------------------------------
// Kafka event -> WebSocket event

tt::kafka::Message Record(std::string_view topic, std::string payload) {
    tt::kafka::Message message;
    message.topic = std::string(topic);
    message.payload = std::move(payload);
    return message;
}

const tt::TimePoint kNow = tt::SystemClock().Now();

TEST(EventBridge, LikesGoToTheVideoRoomWithTheOriginalPayload) {
    for (auto topic : {tt::events::kVideoLiked, tt::events::kVideoUnliked}) {
        auto event = tt::events::NewVideoLikeEvent(topic, "interaction-service", kNow);
        event.user_id = kUser;
        event.video_id = kVideo;
        event.video_owner_id = kOther;
        event.total_likes = 7;
        auto publication = MapEvent(Record(topic, tt::events::ToJson(event)), nullptr);
        ASSERT_TRUE(publication);
        EXPECT_EQ(publication->target, Publication::Target::kRoom);
        EXPECT_EQ(publication->key, std::string("video:") + kVideo);
        EXPECT_EQ(publication->video_id, kVideo);  // its cached detail is refreshed
        nlohmann::json expected = {
            {"event", topic == tt::events::kVideoLiked ? "video:liked" : "video:unliked"},
            {"data",
             {{"videoId", kVideo}, {"userId", kUser}, {"totalLikes", 7}, {"timestamp", event.envelope.occurred_at}}}};
        EXPECT_EQ(Parse(publication->frame), expected);
    }
}

TEST(EventBridge, CommentsCarryTheAuthorSummaryOrNull) {
    auto event = tt::events::NewCommentEvent(tt::events::kCommentCreated, "interaction-service", kNow);
    event.comment_id = kOther;
    event.user_id = kUser;
    event.video_id = kVideo;
    event.video_owner_id = kOther;
    event.content = "nice";
    event.total_comments = 3;
    std::vector<std::string> asked;
    UserLookup users = [&asked](const std::string& id) -> nlohmann::json {
        asked.push_back(id);
        return {{"id", id}, {"username", "alice"}, {"fullName", nullptr}, {"avatar", nullptr}};
    };
    auto publication = MapEvent(Record(tt::events::kCommentCreated, tt::events::ToJson(event)), users);
    ASSERT_TRUE(publication);
    EXPECT_EQ(publication->key, std::string("video:") + kVideo);
    EXPECT_EQ(asked, std::vector<std::string>{kUser});
    nlohmann::json expected = {
        {"event", "video:comment"},
        {"data",
         {{"videoId", kVideo},
          {"commentId", kOther},
          {"userId", kUser},
          {"content", "nice"},
          {"user", {{"id", kUser}, {"username", "alice"}, {"fullName", nullptr}, {"avatar", nullptr}}},
          {"totalComments", 3},
          {"parentId", nullptr},
          {"timestamp", event.envelope.occurred_at}}}};
    EXPECT_EQ(Parse(publication->frame), expected);

    UserLookup failing = [](const std::string&) -> nlohmann::json { return nullptr; };
    auto without = MapEvent(Record(tt::events::kCommentCreated, tt::events::ToJson(event)), failing);
    ASSERT_TRUE(without);
    EXPECT_TRUE(Parse(without->frame)["data"]["user"].is_null());
}

TEST(EventBridge, DeletedCommentsNameEveryRemovedId) {
    auto event = tt::events::NewCommentEvent(tt::events::kCommentDeleted, "interaction-service", kNow);
    event.comment_id = kOther;
    event.user_id = kUser;
    event.video_id = kVideo;
    event.video_owner_id = kOther;
    event.total_comments = 1;
    event.deleted_ids = {kOther, kUser};
    auto publication = MapEvent(Record(tt::events::kCommentDeleted, tt::events::ToJson(event)), nullptr);
    ASSERT_TRUE(publication);
    nlohmann::json expected = {{"event", "video:comment_deleted"},
                               {"data",
                                {{"videoId", kVideo},
                                 {"commentId", kOther},
                                 {"deletedIds", {kOther, kUser}},
                                 {"totalComments", 1},
                                 {"timestamp", event.envelope.occurred_at}}}};
    EXPECT_EQ(Parse(publication->frame), expected);
}

TEST(EventBridge, ViewsUpdateTheRoom) {
    auto event = tt::events::NewVideoViewedEvent("interaction-service", kNow);
    event.video_id = kVideo;
    event.total_views = 12;
    auto publication = MapEvent(Record(tt::events::kVideoViewed, tt::events::ToJson(event)), nullptr);
    ASSERT_TRUE(publication);
    EXPECT_EQ(publication->key, std::string("video:") + kVideo);
    nlohmann::json expected = {
        {"event", "video:views_updated"},
        {"data", {{"videoId", kVideo}, {"totalViews", 12}, {"timestamp", event.envelope.occurred_at}}}};
    EXPECT_EQ(Parse(publication->frame), expected);
}

TEST(EventBridge, PublicVideosAreAnnouncedToEveryonePrivateOnesToNobody) {
    auto event = tt::events::NewVideoCreatedEvent("video-service", kNow);
    event.video_id = kVideo;
    event.user_id = kUser;
    event.title = "Dance";
    event.thumbnail_url = "/uploads/thumbnails/x.jpg";
    auto publication = MapEvent(Record(tt::events::kVideoCreated, tt::events::ToJson(event)), nullptr);
    ASSERT_TRUE(publication);
    EXPECT_EQ(publication->target, Publication::Target::kEveryone);
    nlohmann::json expected = {{"event", "video:new"},
                               {"data",
                                {{"videoId", kVideo},
                                 {"userId", kUser},
                                 {"title", "Dance"},
                                 {"thumbnailUrl", "/uploads/thumbnails/x.jpg"},
                                 {"timestamp", event.envelope.occurred_at}}}};
    EXPECT_EQ(Parse(publication->frame), expected);
    event.is_public = false;
    EXPECT_FALSE(MapEvent(Record(tt::events::kVideoCreated, tt::events::ToJson(event)), nullptr));
}

TEST(EventBridge, NotificationsGoToTheRecipient) {
    auto event = tt::events::NewNotificationCreatedEvent("notification-service", kNow);
    event.notification_id = kOther;
    event.user_id = kUser;
    event.actor_id = kOther;
    event.type = "like";
    event.message = "Someone liked your video";
    event.metadata = {{"videoId", kVideo}};
    event.created_at = "2026-01-02T03:04:05.678Z";
    auto publication = MapEvent(Record(tt::events::kNotificationCreated, tt::events::ToJson(event)), nullptr);
    ASSERT_TRUE(publication);
    EXPECT_EQ(publication->target, Publication::Target::kUser);
    EXPECT_EQ(publication->key, kUser);
    nlohmann::json expected = {{"event", "notification"},
                               {"data",
                                {{"id", kOther},
                                 {"type", "like"},
                                 {"message", "Someone liked your video"},
                                 {"actorId", kOther},
                                 {"metadata", {{"videoId", kVideo}}},
                                 {"timestamp", "2026-01-02T03:04:05.678Z"}}}};
    EXPECT_EQ(Parse(publication->frame), expected);
}

TEST(EventBridge, UndecodableRecordsThrowAndOtherTopicsMakeNoEvent) {
    EXPECT_THROW(MapEvent(Record(tt::events::kVideoLiked, "not json"), nullptr), tt::Error);
    EXPECT_THROW(MapEvent(Record(tt::events::kNotificationCreated, R"({"userId":"u"})"), nullptr), tt::Error);
    EXPECT_FALSE(MapEvent(Record(tt::events::kVideoShared, "{}"), nullptr));
    EXPECT_FALSE(MapEvent(Record(tt::events::kVideoDeleted, "{}"), nullptr));  // only drops cached details
    auto topics = BridgeTopics();
    EXPECT_EQ(topics.size(), 9u);
}

TEST(EventBridge, PublishRoutesByTarget) {
    Hub hub(10);
    auto in_room = std::make_shared<FakeSubscriber>();
    auto recipient = std::make_shared<FakeSubscriber>();
    hub.Register(in_room, kOther);
    hub.Register(recipient, kUser);
    hub.Join(in_room.get(), "video:1");
    EXPECT_EQ(Publish(hub, {Publication::Target::kRoom, "video:1", "r"}), 1u);
    EXPECT_EQ(Publish(hub, {Publication::Target::kUser, kUser, "u"}), 1u);
    EXPECT_EQ(Publish(hub, {Publication::Target::kEveryone, "", "e"}), 2u);
    EXPECT_EQ(in_room->frames, (std::vector<std::string>{"r", "e"}));
    EXPECT_EQ(recipient->frames, (std::vector<std::string>{"u", "e"}));
}

// ---------------------------------------------------------------------------------------------
// Who may open a socket

std::string Token(std::int64_t ttl = 60, const std::string& type = "access") {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(tt::SystemClock().Now().time_since_epoch()).count();
    return tt::jwt::Sign({kUser, "a@b.c", "alice", type, now, now + ttl, "j"}, kSecret);
}

tt::ErrorCode CodeOf(const tt::http::Context& context, const std::vector<std::string>& origins) {
    try {
        AuthenticateUpgrade(context, api::AuthGuard(kSecret), origins);
    } catch (const tt::Error& e) {
        return e.Code();
    }
    return tt::ErrorCode::kInternal;  // not refused
}

TEST(WsAuth, QueryTokenBearerAndCookieIdentifyTheUser) {
    api::AuthGuard guard(kSecret);
    const std::vector<std::string> origins{"http://localhost:5173"};
    tt::http::Context query;
    query.query["token"] = Token();
    query.request.set(tt::http::beast_http::field::origin, "https://evil.example");  // not a cookie: no check
    EXPECT_EQ(AuthenticateUpgrade(query, guard, origins).sub, kUser);
    tt::http::Context bearer;
    bearer.request.set(tt::http::beast_http::field::authorization, "Bearer " + Token());
    EXPECT_EQ(AuthenticateUpgrade(bearer, guard, origins).sub, kUser);
    tt::http::Context cookie;
    cookie.request.set(tt::http::beast_http::field::cookie, "theme=dark; access_token=" + Token());
    EXPECT_EQ(AuthenticateUpgrade(cookie, guard, origins).sub, kUser);  // no Origin (not a browser)
    cookie.request.set(tt::http::beast_http::field::origin, "http://localhost:5173");
    EXPECT_EQ(AuthenticateUpgrade(cookie, guard, origins).sub, kUser);
}

TEST(WsAuth, CookieFromAForeignOriginIsForbidden) {
    tt::http::Context cookie;
    cookie.request.set(tt::http::beast_http::field::cookie, "access_token=" + Token());
    cookie.request.set(tt::http::beast_http::field::origin, "https://evil.example");
    EXPECT_EQ(CodeOf(cookie, {"http://localhost:5173"}), tt::ErrorCode::kPermissionDenied);
    EXPECT_EQ(CodeOf(cookie, {}), tt::ErrorCode::kPermissionDenied);
    EXPECT_EQ(CodeOf(cookie, {"*"}), tt::ErrorCode::kInternal);  // "*" allows any origin
}

TEST(WsAuth, MissingBadExpiredOrRefreshTokensAreUnauthenticated) {
    tt::http::Context none;
    EXPECT_EQ(CodeOf(none, {"*"}), tt::ErrorCode::kUnauthenticated);
    tt::http::Context empty;
    empty.query["token"] = "";
    EXPECT_EQ(CodeOf(empty, {"*"}), tt::ErrorCode::kUnauthenticated);
    tt::http::Context bad;
    bad.query["token"] = "abc.def.ghi";
    EXPECT_EQ(CodeOf(bad, {"*"}), tt::ErrorCode::kUnauthenticated);
    tt::http::Context expired;
    expired.query["token"] = Token(-1);
    EXPECT_EQ(CodeOf(expired, {"*"}), tt::ErrorCode::kUnauthenticated);
    tt::http::Context refresh;
    refresh.query["token"] = Token(60, "refresh");
    EXPECT_EQ(CodeOf(refresh, {"*"}), tt::ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace gateway::realtime
