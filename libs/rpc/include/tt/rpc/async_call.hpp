#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <grpcpp/client_context.h>

#include <chrono>
#include <exception>
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
// Not a coroutine itself (see RunBlocking for why); the call's state is shared with the callback.
template <typename Response, typename Request, typename Start>
auto AsyncCall(Start start, Request request, std::string peer, std::chrono::milliseconds deadline,
               std::string request_id) {
    struct State {
        grpc::ClientContext context;
        Request request;
        Response response;
        std::string peer;
        std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    };
    auto state = std::make_shared<State>();
    state->request = std::move(request);
    state->peer = std::move(peer);
    Prepare(state->context, deadline, request_id);

    return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(std::exception_ptr, Response)>(
        [state, start](auto handler) mutable {
            // std::function needs a copyable callable; the awaitable handler is move-only.
            auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
            start(&state->context, &state->request, &state->response,
                  std::function<void(grpc::Status)>([state, shared_handler](grpc::Status status) {
                      ObserveClientCall(state->peer, status.error_code(), state->started);
                      std::exception_ptr failure;
                      if (!status.ok()) failure = std::make_exception_ptr(FromStatus(status, state->peer));
                      auto executor = boost::asio::get_associated_executor(*shared_handler);
                      boost::asio::dispatch(executor, [state, shared_handler, failure]() {
                          std::move (*shared_handler)(failure, std::move(state->response));
                      });
                  }));
        },
        boost::asio::use_awaitable);
}

}  // namespace tt::rpc
