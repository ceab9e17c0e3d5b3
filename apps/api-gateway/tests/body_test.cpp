#include "api/body.hpp"

#include <gtest/gtest.h>

#include "tt/core/error.hpp"

namespace gateway::api {
namespace {

std::string ProblemsOf(const nlohmann::json& body) {
    try {
        ValidateBody(body, {{"videoId", FieldType::kString, true, 10}, {"n", FieldType::kInteger, false}});
        return "";
    } catch (const tt::Error& e) {
        EXPECT_EQ(e.Code(), tt::ErrorCode::kInvalidArgument);
        return e.what();
    }
}

TEST(ValidateBody, AcceptsAValidBody) {
    EXPECT_EQ(ProblemsOf({{"videoId", "abc"}, {"n", 3}}), "");
}

TEST(ValidateBody, ListsEveryProblemLikeTheOriginalsValidationPipe) {
    auto problems = ProblemsOf({{"extra", 1}, {"n", "three"}});
    EXPECT_NE(problems.find("property extra should not exist"), std::string::npos);
    EXPECT_NE(problems.find("videoId should not be empty"), std::string::npos);
    EXPECT_NE(problems.find("n must be an integer number"), std::string::npos);
}

TEST(ValidateBody, RejectsWrongTypesEmptyAndTooLongStrings) {
    EXPECT_NE(ProblemsOf({{"videoId", 5}}).find("must be a string"), std::string::npos);
    EXPECT_NE(ProblemsOf({{"videoId", ""}}).find("should not be empty"), std::string::npos);
    EXPECT_NE(ProblemsOf({{"videoId", "01234567890"}}).find("shorter than or equal to 10"), std::string::npos);
}

TEST(QueryInt, DefaultsBoundsAndGarbage) {
    std::map<std::string, std::string> q{{"page", "2"}, {"limit", "500"}, {"bad", "1e3"}};
    EXPECT_EQ(QueryInt(q, "page", 1, 1, 100), 2);
    EXPECT_EQ(QueryInt(q, "missing", 7, 1, 100), 7);
    EXPECT_THROW(QueryInt(q, "limit", 20, 1, 100), tt::Error);
    EXPECT_THROW(QueryInt(q, "bad", 20, 1, 100), tt::Error);
}

}  // namespace
}  // namespace gateway::api
