#include "tt/core/process.hpp"

#include <gtest/gtest.h>

#include "tt/core/error.hpp"

namespace tt {
namespace {

using namespace std::chrono_literals;

TEST(RunProcess, CapturesOutputAndExitCode) {
    auto ok = RunProcess({"sh", "-c", "echo out; echo err >&2; exit 3"}, 5s);
    EXPECT_EQ(ok.exit_code, 3);
    EXPECT_FALSE(ok.timed_out);
    EXPECT_EQ(ok.out, "out\n");
    EXPECT_EQ(ok.err, "err\n");
}

TEST(RunProcess, KillsAProgramThatRunsPastItsDeadline) {
    auto start = std::chrono::steady_clock::now();
    auto slow = RunProcess({"sleep", "30"}, 200ms);
    EXPECT_TRUE(slow.timed_out);
    EXPECT_EQ(slow.exit_code, -1);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST(RunProcess, AMissingProgramIsUnavailable) {
    try {
        RunProcess({"tt-no-such-program-here"}, 1s);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.Code(), ErrorCode::kUnavailable);
    }
}

}  // namespace
}  // namespace tt
