#include "tt/core/metrics_text.hpp"

#include <gtest/gtest.h>

namespace tt {
namespace {

TEST(MetricsText, DeclaresEachNameOnceAndEscapesLabels) {
    MetricsText m;
    m.Gauge("tt_outbox_unsent_events", "Events not yet acknowledged by Kafka", 3);
    m.Counter("tt_consumer_handled_total", "Handled events", 10, {{"topic", "video.liked"}});
    m.Counter("tt_consumer_handled_total", "Handled events", 2, {{"topic", "a\"b\\c"}});
    EXPECT_EQ(m.Text(),
              "# HELP tt_outbox_unsent_events Events not yet acknowledged by Kafka\n"
              "# TYPE tt_outbox_unsent_events gauge\n"
              "tt_outbox_unsent_events 3\n"
              "# HELP tt_consumer_handled_total Handled events\n"
              "# TYPE tt_consumer_handled_total counter\n"
              "tt_consumer_handled_total{topic=\"video.liked\"} 10\n"
              "tt_consumer_handled_total{topic=\"a\\\"b\\\\c\"} 2\n");
}

TEST(MetricsText, FractionsKeepTheirPrecision) {
    MetricsText m;
    m.Gauge("g", "h", 0.25);
    EXPECT_NE(m.Text().find("g 0.25\n"), std::string::npos);
}

}  // namespace
}  // namespace tt
