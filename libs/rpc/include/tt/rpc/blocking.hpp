#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <memory>
#include <optional>
#include <type_traits>

namespace tt::rpc {

// Runs blocking `work` (libpq, a probe) on `pool` and resumes the awaiting coroutine on its own
// executor with the result, or rethrows what `work` threw. Keeps event-loop threads unblocked.
template <typename Work>
auto RunBlocking(boost::asio::thread_pool& pool, Work work) -> boost::asio::awaitable<std::invoke_result_t<Work>> {
    using Result = std::invoke_result_t<Work>;
    auto outcome = std::make_shared<std::optional<Result>>();
    auto failure = std::make_shared<std::exception_ptr>();
    co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void()>(
        [&pool, outcome, failure, work = std::move(work)](auto handler) mutable {
            auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
            boost::asio::post(pool, [outcome, failure, shared_handler, work = std::move(work)]() mutable {
                try {
                    outcome->emplace(work());
                } catch (...) {
                    *failure = std::current_exception();
                }
                auto executor = boost::asio::get_associated_executor(*shared_handler);
                boost::asio::dispatch(executor, [shared_handler]() { (*shared_handler)(); });
            });
        },
        boost::asio::use_awaitable);
    if (*failure) std::rethrow_exception(*failure);
    co_return std::move(**outcome);
}

}  // namespace tt::rpc
