#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tt/core/metrics_text.hpp"

namespace tt::metrics {

// Latency buckets (upper bounds, seconds) shared by every duration histogram: sub-millisecond
// resolution where the hot paths live, up to the 10 s that no request should reach.
inline constexpr std::array<double, 16> kLatencyBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                           0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                                           1,      2.5,     5,      10};

// One labelled histogram series. Observe() is lock-free (relaxed atomics); a scrape may see a
// sample's bucket before its count, which Prometheus tolerates.
class Histogram {
public:
    void Observe(double seconds);
    void Write(MetricsText& out, const std::string& name, const std::string& help,
               const MetricsText::Labels& labels) const;
    std::uint64_t Count() const { return count_.load(std::memory_order_relaxed); }

private:
    std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> buckets_{};
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_ns_{0};
};

class Counter {
public:
    void Add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

// A metric name with fixed label names; each distinct label-value tuple is one series, created on
// first use and never removed. Callers keep label values bounded (route templates, method names,
// topics, status classes — never ids). Thread-safe; series references stay valid forever.
template <typename Series>
class Family {
public:
    Family(std::string name, std::string help, std::vector<std::string> label_names)
        : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}

    Series& With(const std::vector<std::string>& label_values) {
        std::lock_guard lock(mutex_);
        auto& slot = series_[label_values];
        if (!slot) slot = std::make_unique<Series>();
        return *slot;
    }
    void Write(MetricsText& out) const;

private:
    MetricsText::Labels LabelsOf(const std::vector<std::string>& values) const {
        MetricsText::Labels labels;
        for (std::size_t i = 0; i < label_names_.size() && i < values.size(); ++i) {
            labels.emplace_back(label_names_[i], values[i]);
        }
        return labels;
    }

    std::string name_;
    std::string help_;
    std::vector<std::string> label_names_;
    mutable std::mutex mutex_;
    std::map<std::vector<std::string>, std::unique_ptr<Series>> series_;
};

using HistogramFamily = Family<Histogram>;
using CounterFamily = Family<Counter>;

// The process-wide families the shared libraries record into (HTTP routes, gRPC methods, Kafka
// produce/consume); GET /metrics writes them all. Get-or-create by name: the first caller's help
// and label names win.
class Registry {
public:
    HistogramFamily& Histograms(const std::string& name, const std::string& help,
                                std::vector<std::string> label_names);
    CounterFamily& Counters(const std::string& name, const std::string& help, std::vector<std::string> label_names);
    void Write(MetricsText& out) const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::unique_ptr<HistogramFamily>> histograms_;
    std::map<std::string, std::unique_ptr<CounterFamily>> counters_;
};

Registry& Global();

// process_cpu_seconds_total, process_resident_memory_bytes (and its peak), process_virtual_memory_bytes,
// process_threads, process_open_fds, process_start_time_seconds — from /proc/self.
// Also tt_log_dropped_bytes_total and tt_allocator_info{allocator}.
void WriteProcessMetrics(MetricsText& out);

// "jemalloc" when jemalloc took the place of glibc's malloc (api-gateway links it: cmake/Dependencies.cmake,
// tt_malloc), otherwise "glibc".
const char* AllocatorName();

// "2xx" for 204 and so on: the status label of request histograms.
std::string StatusClass(unsigned status);

}  // namespace tt::metrics
