#include "report.hpp"

#include <cstdio>
#include <ctime>

namespace tt::bench {
namespace {

double Ms(std::int64_t us) {
    return static_cast<double>(us) / 1000.0;
}

std::string IsoUtc(std::chrono::system_clock::time_point t) {
    const auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(t - secs).count();
    const std::time_t tt = std::chrono::system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
    return buf;
}

}  // namespace

nlohmann::ordered_json LatencyJson(const Histogram& h) {
    return {{"p50", Ms(h.Percentile(50))},    {"p90", Ms(h.Percentile(90))},      {"p99", Ms(h.Percentile(99))},
            {"p999", Ms(h.Percentile(99.9))}, {"p9999", Ms(h.Percentile(99.99))}, {"max", Ms(h.Max())},
            {"mean", h.Mean() / 1000.0}};
}

nlohmann::ordered_json BuildReport(const Options& o, const RunStats& s,
                                   std::chrono::system_clock::time_point started_at) {
    nlohmann::ordered_json j;
    j["tool"] = "tt-loadgen";
    j["scenario"] = ScenarioName(o.scenario);
    j["label"] = o.label;
    j["url"] = o.url;
    j["offered_rate"] = o.rate;
    j["duration_s"] = o.duration;
    j["warmup_s"] = o.warmup;
    j["connections"] = o.connections;
    j["threads"] = o.threads;
    j["seed"] = o.seed;
    j["zipf"] = o.zipf;
    if (o.scenario == Scenario::kLike || o.scenario == Scenario::kUnlike) {
        j["pair_offset"] = o.pair_offset;
    }
    if (o.scenario == Scenario::kMixed) {
        nlohmann::ordered_json mix;
        for (const auto& w : kMixWeights) {
            mix[std::string(OpName(w.op))] = w.weight;
        }
        j["mix"] = mix;
    }
    j["started_at"] = IsoUtc(started_at);
    j["scheduled"] = s.scheduled;
    j["sent"] = s.sent;
    j["completed"] = s.completed;
    j["achieved_rate"] = static_cast<double>(s.completed) / o.duration;
    std::array<std::uint64_t, 6> classes{};
    nlohmann::ordered_json codes = nlohmann::ordered_json::object();
    for (std::size_t code = 0; code < s.status_codes.size(); ++code) {
        if (s.status_codes[code] != 0) {
            classes[std::min<std::size_t>(code / 100, 5)] += s.status_codes[code];
            codes[std::to_string(code)] = s.status_codes[code];
        }
    }
    j["status"] = {{"2xx", classes[2]}, {"3xx", classes[3]}, {"4xx", classes[4]}, {"5xx", classes[5]}};
    j["status_codes"] = codes;
    j["errors"] = {{"connect", s.errors_connect},
                   {"timeout", s.errors_timeout},
                   {"io", s.errors_io},
                   {"exhausted", s.errors_exhausted}};
    j["late_sends"] = s.late_sends;
    j["max_backlog"] = s.max_backlog;
    j["reconnects"] = s.reconnects;
    j["latency_ms"] = LatencyJson(s.latency);
    nlohmann::ordered_json buckets = nlohmann::ordered_json::array();
    for (const auto& [upper, count] : s.latency.NonEmptyBuckets()) {
        buckets.push_back({upper, count});
    }
    j["histogram_us"] = buckets;
    if (o.scenario == Scenario::kMixed) {
        nlohmann::ordered_json per_op = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < s.per_op.size(); ++i) {
            if (s.per_op[i].sent != 0 || s.per_op[i].latency.Count() != 0) {
                per_op[std::string(OpName(static_cast<Op>(i)))] = {{"sent", s.per_op[i].sent},
                                                                   {"completed", s.per_op[i].latency.Count()},
                                                                   {"latency_ms", LatencyJson(s.per_op[i].latency)}};
            }
        }
        j["per_op"] = per_op;
    }
    return j;
}

std::string Summary(const Options& o, const RunStats& s) {
    std::uint64_t ok = 0;
    for (std::size_t code = 200; code < 300; ++code) {
        ok += s.status_codes[code];
    }
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "tt-loadgen %s: offered %.0f/s achieved %.0f/s, %llu sent, %llu completed (%llu 2xx), "
                  "p50 %.2f ms p99 %.2f ms p99.9 %.2f ms max %.2f ms, errors connect %llu timeout %llu io %llu "
                  "exhausted %llu, late %llu, backlog %llu",
                  std::string(ScenarioName(o.scenario)).c_str(), o.rate, static_cast<double>(s.completed) / o.duration,
                  static_cast<unsigned long long>(s.sent), static_cast<unsigned long long>(s.completed),
                  static_cast<unsigned long long>(ok), Ms(s.latency.Percentile(50)), Ms(s.latency.Percentile(99)),
                  Ms(s.latency.Percentile(99.9)), Ms(s.latency.Max()),
                  static_cast<unsigned long long>(s.errors_connect), static_cast<unsigned long long>(s.errors_timeout),
                  static_cast<unsigned long long>(s.errors_io), static_cast<unsigned long long>(s.errors_exhausted),
                  static_cast<unsigned long long>(s.late_sends), static_cast<unsigned long long>(s.max_backlog));
    return buf;
}

}  // namespace tt::bench
