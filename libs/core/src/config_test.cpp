#include "tt/core/config.hpp"

#include <gtest/gtest.h>

#include <map>

#include "tt/core/error.hpp"

namespace tt::config {
namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> values) {
    return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
        auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

TEST(ConfigReader, FirstSetNameWinsAndDefaultsApply) {
    Reader reader(FakeEnv({{"DB_HOST", "db.local"}}));
    EXPECT_EQ(reader.String({"AUTH_DB_HOST", "DB_HOST"}, "localhost", "host"), "db.local");
    EXPECT_EQ(reader.String({"AUTH_DB_NAME", "DB_NAME"}, "tiktok_auth", "name"), "tiktok_auth");
    EXPECT_NO_THROW(reader.Validate());
}

TEST(ConfigReader, OutOfRangeIntegerIsReportedWithItsName) {
    Reader reader(FakeEnv({{"PORT", "70000"}}));
    EXPECT_EQ(reader.Int({"PORT"}, 3000, 0, 65535, "gateway port"), 3000);
    try {
        reader.Validate();
        FAIL() << "expected a configuration error";
    } catch (const Error& e) {
        EXPECT_EQ(e.Code(), ErrorCode::kInvalidArgument);
        EXPECT_NE(std::string(e.what()).find("PORT='70000'"), std::string::npos);
    }
}

TEST(ConfigReader, MissingSecretIsAProblemAndIsMaskedInDescribe) {
    Reader reader(FakeEnv({{"JWT_REFRESH_SECRET", "0123456789abcdef0123456789abcdef"}}));
    reader.RequiredSecret("JWT_ACCESS_SECRET", 16, "access token key");
    reader.RequiredSecret("JWT_REFRESH_SECRET", 16, "refresh token key");
    EXPECT_THROW(reader.Validate(), Error);
    EXPECT_EQ(reader.Describe().find("0123456789abcdef"), std::string::npos);
}

TEST(ConfigReader, DurationsParseAndBadOnesAreReported) {
    Reader reader(FakeEnv({{"JWT_ACCESS_EXPIRATION", "3d"}, {"JWT_REFRESH_EXPIRATION", "soon"}}));
    EXPECT_EQ(reader.Duration("JWT_ACCESS_EXPIRATION", "15m", "access").count(), 259200);
    EXPECT_EQ(reader.Duration("JWT_REFRESH_EXPIRATION", "7d", "refresh").count(), 604800);
    EXPECT_THROW(reader.Validate(), Error);
}

TEST(ParseDuration, UnderstandsTheOriginalsFormats) {
    EXPECT_EQ(ParseDuration("15m")->count(), 900);
    EXPECT_EQ(ParseDuration("3d")->count(), 259200);
    EXPECT_EQ(ParseDuration("3600")->count(), 3600);
    EXPECT_FALSE(ParseDuration("soon").has_value());
    EXPECT_FALSE(ParseDuration("0m").has_value());
}

}  // namespace
}  // namespace tt::config
