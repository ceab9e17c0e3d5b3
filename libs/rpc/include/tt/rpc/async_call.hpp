#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <grpcpp/client_context.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "tt/rpc/client.hpp"

namespace tt::rpc {

// Awaits a unary call made with the gRPC callback API: the coroutine suspends, gRPC's thread
// completes the call and the coroutine resumes on its own executor. Throws tt::Error on failure.
//   auto reply = co_await AsyncCall<LikeResponse>(
//       [stub](auto* ctx, auto* req, auto* resp, auto done) { stub->async()->LikeVideo(ctx, req, resp, done); },
//       request, "interaction-service", deadline, request_id);
template <typename Response, typename Request, typename Start>
boost::asio::awaitable<Response> AsyncCall(Start start, Request request, std::string peer,
                                           std::chrono::milliseconds deadline, std::string request_id) {
    struct State {
        grpc::ClientContext context;
        Request request;
        Response response;
        grpc::Status status;
    };
    auto state = std::make_shared<State>();
    state->request = std::move(request);
    Prepare(state->context, deadline, request_id);

    co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void()>(
        [state, start](auto handler) mutable {
            // std::function needs a copyable callable; the awaitable handler is move-only.
            auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
            start(&state->context, &state->request, &state->response,
                  std::function<void(grpc::Status)>([state, shared_handler](grpc::Status status) {
                      state->status = std::move(status);
                      auto executor = boost::asio::get_associated_executor(*shared_handler);
                      boost::asio::dispatch(executor, [shared_handler]() { (*shared_handler)(); });
                  }));
        },
        boost::asio::use_awaitable);
    if (!state->status.ok()) throw FromStatus(state->status, peer);
    co_return std::move(state->response);
}

}  // namespace tt::rpc
