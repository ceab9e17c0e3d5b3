#include "tt/core/deadline.hpp"

#include <gtest/gtest.h>

#include "tt/core/error.hpp"

namespace tt {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

TEST(Deadline, OutsideARequestNothingIsChecked) {
    EXPECT_NO_THROW(CheckDeadline("commit"));
}

TEST(Deadline, APassedOrTooCloseDeadlineRefusesAndScopesNest) {
    DeadlineScope outer(system_clock::now() + std::chrono::hours(1));
    EXPECT_NO_THROW(CheckDeadline("commit"));
    {
        DeadlineScope inner(system_clock::now() + milliseconds(50));  // inside the 100 ms margin
        try {
            CheckDeadline("commit");
            FAIL() << "expected kDeadlineExceeded";
        } catch (const Error& e) {
            EXPECT_EQ(e.Code(), ErrorCode::kDeadlineExceeded);
        }
    }
    EXPECT_NO_THROW(CheckDeadline("commit"));  // the outer deadline is back
}

}  // namespace
}  // namespace tt
