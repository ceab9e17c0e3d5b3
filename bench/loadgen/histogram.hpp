#pragma once

// Log-linear latency histogram in the spirit of HdrHistogram: values are integer microseconds from 0 to
// kMaxValueUs (100 s); every power-of-two range is split into 128 linear sub-buckets, so a recorded value
// is known to within 1/128 (< 0.8 %, about two significant digits). Values below 128 µs are exact.
// Larger values are clamped into the last bucket (the exact maximum is kept apart).
//
// Not thread-safe: give every thread its own histogram and Merge() them at the end.

#include <cstdint>
#include <utility>
#include <vector>

namespace tt::bench {

class Histogram {
public:
    static constexpr std::int64_t kMaxValueUs = 100'000'000;  // 100 s

    Histogram();

    void Record(std::int64_t value_us);
    // Adds every count of `other` (same bucket layout by construction).
    void Merge(const Histogram& other);

    std::uint64_t Count() const { return count_; }
    // Exact maximum and mean of the recorded (unclamped) values; 0 when empty.
    std::int64_t Max() const { return max_; }
    double Mean() const;
    // Value at percentile q (0 < q <= 100): the highest value equivalent to the bucket holding the
    // ceil(q/100 * count)-th smallest value, capped at Max(). 0 when empty.
    std::int64_t Percentile(double q) const;
    // Non-empty buckets as (highest value in the bucket, count), ascending.
    std::vector<std::pair<std::int64_t, std::uint64_t>> NonEmptyBuckets() const;

    static std::size_t BucketIndex(std::int64_t value_us);
    static std::int64_t BucketUpperBound(std::size_t index);

private:
    std::vector<std::uint64_t> counts_;
    std::uint64_t count_ = 0;
    std::int64_t max_ = 0;
    long double sum_ = 0;
};

}  // namespace tt::bench
