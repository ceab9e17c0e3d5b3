#include "app/media_probe.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "tt/core/ids.hpp"
#include "tt/core/process.hpp"

namespace video::app {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST(ParseProbeOutput, ReadsDurationAndSizeOfTheFirstVideoStream) {
    std::string error;
    auto info = ParseProbeOutput(R"({"streams":[{"codec_type":"audio"},
        {"codec_type":"video","width":720,"height":1280,"duration":"4.96"}],
        "format":{"duration":"5.012000"}})",
                                 error);
    ASSERT_TRUE(info) << error;
    EXPECT_EQ(info->width, 720);
    EXPECT_EQ(info->height, 1280);
    EXPECT_DOUBLE_EQ(info->duration_seconds, 5.012);
}

TEST(ParseProbeOutput, AudioWithCoverArtOrNoStreamsIsNotAVideo) {
    std::string error;
    EXPECT_FALSE(ParseProbeOutput(R"({"streams":[{"codec_type":"audio"},
        {"codec_type":"video","width":500,"height":500,"disposition":{"attached_pic":1}}]})",
                                  error));
    EXPECT_EQ(error, "the file has no video stream");
    EXPECT_FALSE(ParseProbeOutput(R"({"streams":[]})", error));
    EXPECT_FALSE(ParseProbeOutput("not json", error));
    EXPECT_EQ(error, "ffprobe printed no readable result");
}

// The real tools (scripts/deps.txt installs ffmpeg): a generated clip probes and yields a thumbnail;
// garbage with a video extension fails with ffprobe's reason.
class RealTools : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("tt-probe-" + tt::NewUuid());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

TEST_F(RealTools, GeneratedClipIsProbedAndThumbnailed) {
    auto clip = dir_ / "clip.mp4";
    auto made = tt::RunProcess({"ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                                "testsrc=size=320x240:rate=15:duration=2", "-pix_fmt", "yuv420p", clip.string()},
                               60s);
    ASSERT_EQ(made.exit_code, 0) << made.err;
    std::string error;
    auto info = ProbeMedia(clip, 30s, error);
    ASSERT_TRUE(info) << error;
    EXPECT_EQ(info->width, 320);
    EXPECT_EQ(info->height, 240);
    EXPECT_NEAR(info->duration_seconds, 2.0, 0.2);
    auto thumb = dir_ / "thumb.jpg";
    ASSERT_TRUE(ExtractThumbnail(clip, 1.0, thumb, 30s, error)) << error;
    EXPECT_GT(fs::file_size(thumb), 100u);
}

TEST_F(RealTools, UnreadableFileFailsWithTheReason) {
    auto junk = dir_ / "junk.mp4";
    {
        std::ofstream out(junk);
        out << std::string(
                   "\0\0\0\x18"
                   "ftypisom",
                   12)
            << std::string(4000, 'x');
    }
    std::string error;
    EXPECT_FALSE(ProbeMedia(junk, 30s, error));
    EXPECT_NE(error.find("ffprobe cannot read the file"), std::string::npos) << error;
}

}  // namespace
}  // namespace video::app
