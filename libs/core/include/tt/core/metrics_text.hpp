#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace tt {

// Builds a Prometheus text-format (0.0.4) exposition: one HELP/TYPE pair per metric name, then its
// samples. Label values are escaped; names are the caller's (snake_case, tt_ prefix by convention).
class MetricsText {
public:
    using Labels = std::vector<std::pair<std::string, std::string>>;

    void Gauge(const std::string& name, const std::string& help, double value, const Labels& labels = {});
    void Counter(const std::string& name, const std::string& help, double value, const Labels& labels = {});
    // <name>_bucket{le=...} (cumulative), <name>_sum and <name>_count. `counts` holds one count per
    // bound plus the overflow (+Inf) bucket, not cumulative.
    void Histogram(const std::string& name, const std::string& help, const std::vector<double>& bounds,
                   const std::vector<std::uint64_t>& counts, double sum, const Labels& labels = {});
    const std::string& Text() const { return text_; }

private:
    void Sample(const std::string& name, const std::string& type, const std::string& help, double value,
                const Labels& labels);
    void Declare(const std::string& name, const std::string& type, const std::string& help);
    void Line(const std::string& name, double value, const Labels& labels);

    std::string text_;
    std::set<std::string> declared_;
};

}  // namespace tt
