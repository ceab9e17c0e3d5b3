#include "tt/core/metrics.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tt/core/log.hpp"

namespace tt::metrics {

void Histogram::Observe(double seconds) {
    std::size_t i = 0;
    while (i < kLatencyBuckets.size() && seconds > kLatencyBuckets[i]) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    double ns = seconds > 0 ? seconds * 1e9 : 0;
    sum_ns_.fetch_add(static_cast<std::uint64_t>(std::llround(ns)), std::memory_order_relaxed);
}

void Histogram::Write(MetricsText& out, const std::string& name, const std::string& help,
                      const MetricsText::Labels& labels) const {
    std::vector<std::uint64_t> counts;
    counts.reserve(buckets_.size());
    for (const auto& bucket : buckets_) counts.push_back(bucket.load(std::memory_order_relaxed));
    std::vector<double> bounds(kLatencyBuckets.begin(), kLatencyBuckets.end());
    out.Histogram(name, help, bounds, counts, static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9,
                  labels);
}

template <>
void Family<Histogram>::Write(MetricsText& out) const {
    std::lock_guard lock(mutex_);
    for (const auto& [values, series] : series_) series->Write(out, name_, help_, LabelsOf(values));
}

template <>
void Family<Counter>::Write(MetricsText& out) const {
    std::lock_guard lock(mutex_);
    for (const auto& [values, series] : series_) {
        out.Counter(name_, help_, static_cast<double>(series->Value()), LabelsOf(values));
    }
}

HistogramFamily& Registry::Histograms(const std::string& name, const std::string& help,
                                      std::vector<std::string> label_names) {
    std::lock_guard lock(mutex_);
    auto& slot = histograms_[name];
    if (!slot) slot = std::make_unique<HistogramFamily>(name, help, std::move(label_names));
    return *slot;
}

CounterFamily& Registry::Counters(const std::string& name, const std::string& help,
                                  std::vector<std::string> label_names) {
    std::lock_guard lock(mutex_);
    auto& slot = counters_[name];
    if (!slot) slot = std::make_unique<CounterFamily>(name, help, std::move(label_names));
    return *slot;
}

void Registry::Write(MetricsText& out) const {
    std::lock_guard lock(mutex_);
    for (const auto& [name, family] : histograms_) family->Write(out);
    for (const auto& [name, family] : counters_) family->Write(out);
}

Registry& Global() {
    static Registry registry;
    return registry;
}

namespace {

// Fields of /proc/self/stat after the command name (which may contain spaces and parentheses).
std::vector<std::string> StatFields() {
    std::ifstream in("/proc/self/stat");
    std::string line;
    std::getline(in, line);
    auto close = line.rfind(')');
    std::vector<std::string> fields;
    if (close == std::string::npos) return fields;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    while (rest >> field) fields.push_back(field);
    return fields;  // fields[0] is "state" (field 3 of proc(5))
}

// VmRSS / VmHWM / VmSize / Threads from /proc/self/status, in bytes (kB lines) or plain numbers.
double StatusValue(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key + ":", 0) != 0) continue;
        std::istringstream value(line.substr(key.size() + 1));
        double number = 0;
        std::string unit;
        value >> number >> unit;
        return unit == "kB" ? number * 1024 : number;
    }
    return 0;
}

double BootTime() {
    std::ifstream in("/proc/stat");
    std::string key;
    double value = 0;
    while (in >> key) {
        if (key == "btime") {
            in >> value;
            return value;
        }
        in.ignore(1 << 16, '\n');
    }
    return 0;
}

}  // namespace

void WriteProcessMetrics(MetricsText& out) {
    auto fields = StatFields();
    double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    if (fields.size() > 19 && ticks > 0) {
        // proc(5): utime is field 14, stime 15, starttime 22; fields[0] is field 3.
        double cpu = (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
        out.Counter("process_cpu_seconds_total", "user and system CPU time of this process", cpu);
        out.Gauge("process_start_time_seconds", "start time of this process since the epoch",
                  BootTime() + std::stod(fields[19]) / ticks);
    }
    out.Gauge("process_resident_memory_bytes", "resident set size", StatusValue("VmRSS"));
    out.Gauge("process_resident_memory_peak_bytes", "peak resident set size (VmHWM)", StatusValue("VmHWM"));
    out.Gauge("process_virtual_memory_bytes", "virtual memory size", StatusValue("VmSize"));
    out.Gauge("process_threads", "threads of this process", StatusValue("Threads"));
    std::error_code ec;
    double fds = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++fds;
    }
    out.Gauge("process_open_fds", "open file descriptors", fds);
    out.Counter("tt_log_dropped_bytes_total", "bytes of log lines dropped because stdout could not take them",
                static_cast<double>(log::DroppedBytes()));
    out.Gauge("tt_allocator_info", "the malloc in effect (label allocator), always 1", 1,
              {{"allocator", AllocatorName()}});
}

const char* AllocatorName() {
    // jemalloc exports mallctl; glibc does not.
    return ::dlsym(RTLD_DEFAULT, "mallctl") != nullptr ? "jemalloc" : "glibc";
}

std::string StatusClass(unsigned status) {
    if (status < 100 || status > 599) return "other";
    return std::to_string(status / 100) + "xx";
}

}  // namespace tt::metrics
