#include "tt/rpc/client.hpp"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include "runtime.hpp"

namespace tt::rpc {

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
    detail::PrepareRuntime();
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 20000);
    args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 5000);
    // Reconnect quickly after the service restarts instead of backing off for up to 2 minutes.
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
    return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

void Prepare(grpc::ClientContext& context, std::chrono::milliseconds deadline, std::string_view request_id) {
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    if (!request_id.empty()) context.AddMetadata("x-request-id", std::string(request_id));
}

bool WaitConnected(grpc::Channel& channel, std::chrono::milliseconds timeout) {
    return channel.WaitForConnected(std::chrono::system_clock::now() + timeout);
}

}  // namespace tt::rpc
