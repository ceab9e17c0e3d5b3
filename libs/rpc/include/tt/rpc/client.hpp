#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "tt/core/log.hpp"
#include "tt/rpc/status.hpp"

namespace tt::rpc {

// An insecure channel (service mesh or loopback) with keepalive and fast reconnect after an outage.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address);

// tt_grpc_client_duration_seconds{peer, code}: the caller's view, queueing and network included.
void ObserveClientCall(std::string_view peer, grpc::StatusCode code, std::chrono::steady_clock::time_point started);

// Deadline and request id on a client context.
void Prepare(grpc::ClientContext& context, std::chrono::milliseconds deadline, std::string_view request_id);

// Blocking unary call for service-to-service use from blocking code; throws tt::Error on failure.
//   auto video = CallSync<video::VideoResponse>(*stub, &Stub::GetVideo, request, "video-service", deadline);
template <typename Response, typename Stub, typename Method, typename Request>
Response CallSync(Stub& stub, Method method, const Request& request, std::string_view peer,
                  std::chrono::milliseconds deadline) {
    grpc::ClientContext context;
    Prepare(context, deadline, log::CurrentRequestId());
    Response response;
    auto started = std::chrono::steady_clock::now();
    grpc::Status status = (stub.*method)(&context, request, &response);
    ObserveClientCall(peer, status.error_code(), started);
    if (!status.ok()) throw FromStatus(status, peer);
    return response;
}

// Whether the channel connects within `timeout` (the gateway's readiness check).
bool WaitConnected(grpc::Channel& channel, std::chrono::milliseconds timeout);

}  // namespace tt::rpc
