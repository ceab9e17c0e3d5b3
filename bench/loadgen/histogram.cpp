#include "histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace tt::bench {
namespace {

constexpr int kSubBucketBits = 7;  // 128 linear sub-buckets per power of two
constexpr std::int64_t kSubBuckets = std::int64_t{1} << kSubBucketBits;

}  // namespace

std::size_t Histogram::BucketIndex(std::int64_t value_us) {
    const auto v = static_cast<std::uint64_t>(std::clamp<std::int64_t>(value_us, 0, kMaxValueUs));
    if (v < static_cast<std::uint64_t>(kSubBuckets)) {
        return static_cast<std::size_t>(v);
    }
    const int msb = 63 - std::countl_zero(v);  // >= kSubBucketBits
    const int shift = msb - kSubBucketBits;
    const auto sub = (v >> shift) - static_cast<std::uint64_t>(kSubBuckets);
    return static_cast<std::size_t>(kSubBuckets + shift * kSubBuckets + static_cast<std::int64_t>(sub));
}

std::int64_t Histogram::BucketUpperBound(std::size_t index) {
    const auto i = static_cast<std::int64_t>(index);
    if (i < kSubBuckets) {
        return i;
    }
    const std::int64_t shift = (i - kSubBuckets) / kSubBuckets;
    const std::int64_t sub = (i - kSubBuckets) % kSubBuckets;
    const std::int64_t lower = (kSubBuckets + sub) << shift;
    return lower + (std::int64_t{1} << shift) - 1;
}

Histogram::Histogram() : counts_(BucketIndex(kMaxValueUs) + 1, 0) {}

void Histogram::Record(std::int64_t value_us) {
    value_us = std::max<std::int64_t>(value_us, 0);
    ++counts_[BucketIndex(value_us)];
    ++count_;
    max_ = std::max(max_, value_us);
    sum_ += static_cast<long double>(value_us);
}

void Histogram::Merge(const Histogram& other) {
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        counts_[i] += other.counts_[i];
    }
    count_ += other.count_;
    max_ = std::max(max_, other.max_);
    sum_ += other.sum_;
}

double Histogram::Mean() const {
    return count_ == 0 ? 0.0 : static_cast<double>(sum_ / static_cast<long double>(count_));
}

std::int64_t Histogram::Percentile(double q) const {
    if (count_ == 0) {
        return 0;
    }
    const double wanted = std::ceil(std::clamp(q, 0.0, 100.0) / 100.0 * static_cast<double>(count_));
    const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(wanted));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        seen += counts_[i];
        if (seen >= rank) {
            return std::min(BucketUpperBound(i), max_);
        }
    }
    return max_;
}

std::vector<std::pair<std::int64_t, std::uint64_t>> Histogram::NonEmptyBuckets() const {
    std::vector<std::pair<std::int64_t, std::uint64_t>> out;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        if (counts_[i] != 0) {
            out.emplace_back(std::min(BucketUpperBound(i), std::max(max_, std::int64_t{0})), counts_[i]);
        }
    }
    return out;
}

}  // namespace tt::bench
