#include "domain/hash_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tt/core/deadline.hpp"
#include "tt/core/error.hpp"

namespace auth::domain {
namespace {

using std::chrono::milliseconds;

TEST(HashGate, RunsAtMostLimitAtOnce) {
    HashGate gate(2);
    std::atomic<int> running{0};
    std::atomic<int> most{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&] {
            gate.Run([&] {
                int now = ++running;
                int seen = most.load();
                while (now > seen && !most.compare_exchange_weak(seen, now)) {
                }
                std::this_thread::sleep_for(milliseconds(20));
                --running;
                return 0;
            });
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(most.load(), 2);
}

TEST(HashGate, AWaiterWhoseDeadlineComesIsRefusedAndTheSlotIsReleasedAfterAFailure) {
    HashGate gate(1, milliseconds(10));
    std::atomic<bool> holding{false};
    std::thread holder([&] {
        gate.Run([&] {
            holding = true;
            std::this_thread::sleep_for(milliseconds(300));
            return 0;
        });
    });
    while (!holding) std::this_thread::yield();
    {
        tt::DeadlineScope scope(std::chrono::system_clock::now() + milliseconds(60));
        try {
            gate.Run([] { return 0; });
            ADD_FAILURE() << "expected a refusal while the only slot is held past the deadline";
        } catch (const tt::Error& e) {
            EXPECT_EQ(e.Code(), tt::ErrorCode::kUnavailable);
        }
    }
    holder.join();
    EXPECT_THROW(gate.Run([]() -> int { throw std::runtime_error("hash failed"); }), std::runtime_error);
    EXPECT_EQ(gate.Run([] { return 7; }), 7);  // the slot came back after the exception
}

}  // namespace
}  // namespace auth::domain
