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

}  // namespace

void MetricsText::Gauge(const std::string& name, const std::string& help, double value, const Labels& labels) {
    Sample(name, "gauge", help, value, labels);
}

void MetricsText::Counter(const std::string& name, const std::string& help, double value, const Labels& labels) {
    Sample(name, "counter", help, value, labels);
}

void MetricsText::Sample(const std::string& name, const std::string& type, const std::string& help, double value,
                         const Labels& labels) {
    if (declared_.insert(name).second) text_ += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
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
