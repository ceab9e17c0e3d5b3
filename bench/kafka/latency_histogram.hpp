#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

namespace tt::bench {

// Log-linear histogram of non-negative integer values (microseconds here): exact below 1024, then
// 512 buckets per power of two, so a reported percentile is within 0.2% of the true value. Fixed
// memory (about 220 KiB) however many values are recorded, which keeps the benchmark's own RSS out
// of the client's footprint. Not thread-safe: one writer (the consumer thread), read after it stops.
class LatencyHistogram {
public:
    LatencyHistogram() : counts_(kBuckets, 0) {}

    void Record(std::int64_t value) {
        value = std::max<std::int64_t>(value, 0);
        ++counts_[Index(static_cast<std::uint64_t>(value))];
        ++count_;
        max_ = std::max(max_, value);
    }

    std::uint64_t Count() const { return count_; }
    std::int64_t Max() const { return max_; }

    // The value at quantile q (0 < q <= 1): the upper edge of the bucket holding the ceil(q*count)-th
    // smallest value, capped by the exact maximum. 0 when empty.
    std::int64_t Percentile(double q) const {
        if (count_ == 0) return 0;
        auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
        rank = std::clamp<std::uint64_t>(rank, 1, count_);
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < counts_.size(); ++i) {
            seen += counts_[i];
            if (seen >= rank) return std::min(UpperEdge(i), max_);
        }
        return max_;
    }

private:
    static constexpr int kSubBits = 9;  // 512 sub-buckets per power of two above 1024
    static constexpr std::uint64_t kLinear = 1u << (kSubBits + 1);
    static constexpr std::size_t kBuckets = kLinear + (63 - kSubBits) * (1u << kSubBits);

    static std::size_t Index(std::uint64_t v) {
        if (v < kLinear) return static_cast<std::size_t>(v);
        int shift = (63 - std::countl_zero(v)) - kSubBits;  // >= 1
        std::uint64_t sub = (v >> shift) - (1u << kSubBits);
        return static_cast<std::size_t>(kLinear + static_cast<std::uint64_t>(shift - 1) * (1u << kSubBits) + sub);
    }

    static std::int64_t UpperEdge(std::size_t index) {
        if (index < kLinear) return static_cast<std::int64_t>(index);
        std::size_t rest = index - kLinear;
        int shift = static_cast<int>(rest >> kSubBits) + 1;
        std::uint64_t sub = (rest & ((1u << kSubBits) - 1)) + (1u << kSubBits);
        return static_cast<std::int64_t>(((sub + 1) << shift) - 1);
    }

    std::vector<std::uint64_t> counts_;
    std::uint64_t count_ = 0;
    std::int64_t max_ = 0;
};

}  // namespace tt::bench
