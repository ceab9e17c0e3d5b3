#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <memory>
#include <type_traits>

namespace tt::rpc {

// Runs blocking `work` (libpq, a probe) on `pool` and resumes the awaiting coroutine on its own
// executor with the result, or rethrows what `work` threw. Keeps event-loop threads unblocked.
// Deliberately not a coroutine itself: g++ 12 mishandles closures passed by value to coroutines
// (they can be destroyed twice), so the work lives in the initiation's handler instead.
// The result type must be default-constructible and movable.
template <typename Work>
auto RunBlocking(boost::asio::thread_pool& pool, Work work) {
    using Result = std::invoke_result_t<Work>;
    return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(std::exception_ptr, Result)>(
        [&pool](auto handler, Work work) {
            boost::asio::post(pool, [handler = std::move(handler), work = std::move(work)]() mutable {
                std::exception_ptr failure;
                Result result{};
                try {
                    result = work();
                } catch (...) {
                    failure = std::current_exception();
                }
                auto executor = boost::asio::get_associated_executor(handler);
                boost::asio::dispatch(executor,
                                      [handler = std::move(handler), failure, result = std::move(result)]() mutable {
                                          std::move(handler)(failure, std::move(result));
                                      });
            });
        },
        boost::asio::use_awaitable, std::move(work));
}

}  // namespace tt::rpc
