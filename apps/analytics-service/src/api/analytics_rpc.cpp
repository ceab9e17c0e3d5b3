#include "api/analytics_rpc.hpp"

#include <algorithm>
#include <cctype>

#include "tt/core/ids.hpp"
#include "tt/rpc/server.hpp"

namespace analytics::api {
namespace {

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 50;

}  // namespace

grpc::Status AnalyticsRpc::GetTrending(grpc::ServerContext* context, const GetTrendingRequest* request,
                                       TrendingResponse* response) {
    return tt::rpc::Handle(context, "GetTrending", [&] {
        const auto* window = domain::WindowNamed(request->window().empty() ? "1h" : request->window());
        if (window == nullptr) throw tt::Error(tt::ErrorCode::kInvalidArgument, "window must be one of: 1h, 24h");
        int limit = request->limit() == 0 ? kDefaultLimit : request->limit();
        if (limit < 1 || limit > kMaxLimit) {
            throw tt::Error(tt::ErrorCode::kInvalidArgument, "limit must be an integer between 1 and 50");
        }
        auto conn = pool_.Acquire();
        for (const auto& [id, score] : stats_.Trending(*conn, *window, limit)) {
            auto* out = response->add_videos();
            out->set_videoid(id);
            out->set_score(score);
        }
        response->set_window(std::string(window->name));
    });
}

grpc::Status AnalyticsRpc::GetVideoStats(grpc::ServerContext* context, const GetVideoStatsRequest* request,
                                         VideoStatsResponse* response) {
    return tt::rpc::Handle(context, "GetVideoStats", [&] {
        if (!tt::IsUuid(request->videoid())) throw tt::Error(tt::ErrorCode::kNotFound, "Video not found");
        std::string id = request->videoid();
        std::transform(id.begin(), id.end(), id.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        auto conn = pool_.Acquire();
        auto row = stats_.Find(*conn, id).value_or(store::VideoRow{});
        response->set_videoid(id);
        response->set_views(row.counters.views);
        response->set_uniqueviewers(row.unique_viewers);
        // Stored as signed sums (an unlike may be applied before its like: they travel on different
        // topics); below zero only while the other event is on its way.
        response->set_likes(std::max<std::int64_t>(0, row.counters.likes));
        response->set_comments(std::max<std::int64_t>(0, row.counters.comments));
        response->set_shares(row.counters.shares);
        response->set_score1h(row.scores.hour);
        response->set_score24h(row.scores.day);
    });
}

}  // namespace analytics::api
