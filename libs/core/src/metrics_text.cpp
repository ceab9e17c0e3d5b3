#include "tt/core/metrics_text.hpp"

#include <cmath>
#include <cstdio>

namespace tt {
namespace {

std::string Escape(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string Number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

// Bucket bounds as people write them ("0.0001", not 17 significant digits).
std::string Bound(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

}  // namespace

void MetricsText::Gauge(const std::string& name, const std::string& help, double value, const Labels& labels) {
    Sample(name, "gauge", help, value, labels);
}

void MetricsText::Counter(const std::string& name, const std::string& help, double value, const Labels& labels) {
    Sample(name, "counter", help, value, labels);
}

void MetricsText::Histogram(const std::string& name, const std::string& help, const std::vector<double>& bounds,
                            const std::vector<std::uint64_t>& counts, double sum, const Labels& labels) {
    Declare(name, "histogram", help);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        cumulative += counts[i];
        Labels with_le = labels;
        with_le.emplace_back("le", i < bounds.size() ? Bound(bounds[i]) : "+Inf");
        Line(name + "_bucket", static_cast<double>(cumulative), with_le);
    }
    Line(name + "_sum", sum, labels);
    Line(name + "_count", static_cast<double>(cumulative), labels);
}

void MetricsText::Sample(const std::string& name, const std::string& type, const std::string& help, double value,
                         const Labels& labels) {
    Declare(name, type, help);
    Line(name, value, labels);
}

void MetricsText::Declare(const std::string& name, const std::string& type, const std::string& help) {
    if (declared_.insert(name).second) text_ += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void MetricsText::Line(const std::string& name, double value, const Labels& labels) {
    text_ += name;
    if (!labels.empty()) {
        text_ += '{';
        for (std::size_t i = 0; i < labels.size(); ++i) {
            text_ += (i ? "," : "") + labels[i].first + "=\"" + Escape(labels[i].second) + "\"";
        }
        text_ += '}';
    }
    text_ += " " + Number(value) + "\n";
}

}  // namespace tt
