#pragma once

#include "analytics.grpc.pb.h"
#include "store/stats_store.hpp"
#include "tt/pg/pool.hpp"

namespace analytics::api {

// analytics.AnalyticsService: validates requests and reads video_stats (PostgreSQL, the pool's threads).
class AnalyticsRpc final : public ::analytics::AnalyticsService::Service {
public:
    AnalyticsRpc(tt::pg::Pool& pool, store::StatsStore& stats) : pool_(pool), stats_(stats) {}

    grpc::Status GetTrending(grpc::ServerContext* context, const GetTrendingRequest* request,
                             TrendingResponse* response) override;
    grpc::Status GetVideoStats(grpc::ServerContext* context, const GetVideoStatsRequest* request,
                               VideoStatsResponse* response) override;

private:
    tt::pg::Pool& pool_;
    store::StatsStore& stats_;
};

}  // namespace analytics::api
