#include "tt/core/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace tt::metrics {
namespace {

TEST(Histogram, WritesCumulativeBucketsSumAndCount) {
    Histogram h;
    h.Observe(0.0002);  // <= 0.00025
    h.Observe(0.003);   // <= 0.005
    h.Observe(20);      // +Inf
    MetricsText out;
    h.Write(out, "tt_x_seconds", "x", {{"route", "/a"}});
    const auto& text = out.Text();
    EXPECT_NE(text.find("# TYPE tt_x_seconds histogram\n"), std::string::npos);
    EXPECT_NE(text.find("tt_x_seconds_bucket{route=\"/a\",le=\"0.0001\"} 0\n"), std::string::npos);
    EXPECT_NE(text.find("tt_x_seconds_bucket{route=\"/a\",le=\"0.00025\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("tt_x_seconds_bucket{route=\"/a\",le=\"0.005\"} 2\n"), std::string::npos);
    EXPECT_NE(text.find("tt_x_seconds_bucket{route=\"/a\",le=\"10\"} 2\n"), std::string::npos);
    EXPECT_NE(text.find("tt_x_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n"), std::string::npos);
    EXPECT_NE(text.find("tt_x_seconds_count{route=\"/a\"} 3\n"), std::string::npos);
    EXPECT_NE(text.find("tt_x_seconds_sum{route=\"/a\"} 20.0032"), std::string::npos);
}

TEST(Registry, FamiliesAreSharedByNameAndSeriesByLabels) {
    Registry registry;
    auto& family = registry.Histograms("tt_req_seconds", "requests", {"route", "status"});
    EXPECT_EQ(&family, &registry.Histograms("tt_req_seconds", "ignored", {"ignored"}));
    auto& ok = family.With({"/v/:id", "2xx"});
    EXPECT_EQ(&ok, &family.With({"/v/:id", "2xx"}));
    EXPECT_NE(&ok, &family.With({"/v/:id", "5xx"}));

    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i) family.With({"/v/:id", "2xx"}).Observe(0.001);
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(ok.Count(), 4000u);

    registry.Counters("tt_events_total", "events", {"topic"}).With({"video.liked"}).Add(5);
    MetricsText out;
    registry.Write(out);
    EXPECT_NE(out.Text().find("tt_req_seconds_count{route=\"/v/:id\",status=\"2xx\"} 4000\n"), std::string::npos);
    EXPECT_NE(out.Text().find("tt_events_total{topic=\"video.liked\"} 5\n"), std::string::npos);
}

TEST(ProcessMetrics, ReportCpuMemoryAndThreads) {
    MetricsText out;
    WriteProcessMetrics(out);
    const auto& text = out.Text();
    for (const char* name : {"process_cpu_seconds_total ", "process_resident_memory_bytes ", "process_threads ",
                             "process_open_fds ", "process_start_time_seconds "}) {
        EXPECT_NE(text.find(std::string("\n") + name), std::string::npos) << name << "\n" << text;
    }
    EXPECT_EQ(text.find("process_resident_memory_bytes 0\n"), std::string::npos);
}

TEST(StatusClass, GroupsByHundreds) {
    EXPECT_EQ(StatusClass(204), "2xx");
    EXPECT_EQ(StatusClass(503), "5xx");
    EXPECT_EQ(StatusClass(0), "other");
}

}  // namespace
}  // namespace tt::metrics
