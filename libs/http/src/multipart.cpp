#include "tt/http/multipart.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "tt/core/error.hpp"

namespace tt::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";

bool IsSpace(char c) {
    return c == ' ' || c == '\t';
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
    while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
    return text;
}

char Lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool IEquals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return Lower(x) == Lower(y); });
}

// A header value of the form `value; name=token; name="quoted \"string\""`.
struct HeaderValue {
    std::string_view value;
    std::vector<std::pair<std::string, std::string>> params;  // names lowercased, values unescaped

    const std::string* Param(std::string_view name) const {
        for (const auto& [key, val] : params) {
            if (key == name) return &val;
        }
        return nullptr;
    }
};

// nullopt when a quoted string is unterminated or followed by something other than ';'.
std::optional<HeaderValue> ParseHeaderValue(std::string_view text) {
    HeaderValue result;
    std::size_t i = std::min(text.find(';'), text.size());
    result.value = Trim(text.substr(0, i));
    const std::size_t n = text.size();
    auto skip_space = [&] {
        while (i < n && IsSpace(text[i])) ++i;
    };
    // Invariant at the top: i == n or text[i] == ';'.
    while (i < n) {
        ++i;
        skip_space();
        std::size_t start = i;
        while (i < n && text[i] != '=' && text[i] != ';') ++i;
        std::string name(Trim(text.substr(start, i - start)));
        std::transform(name.begin(), name.end(), name.begin(), Lower);
        std::string value;
        if (i < n && text[i] == '=') {
            ++i;
            skip_space();
            if (i < n && text[i] == '"') {
                ++i;
                bool closed = false;
                while (i < n) {
                    char c = text[i++];
                    if (c == '\\' && i < n) {
                        value.push_back(text[i++]);
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.push_back(c);
                    }
                }
                if (!closed) return std::nullopt;
                skip_space();
                if (i < n && text[i] != ';') return std::nullopt;
            } else {
                start = i;
                while (i < n && text[i] != ';') ++i;
                value = Trim(text.substr(start, i - start));
            }
        }
        if (!name.empty()) result.params.emplace_back(std::move(name), std::move(value));
    }
    return result;
}

// RFC 2046 allows 1..70 characters; any printable ASCII is accepted here, but not a trailing space.
bool UsableBoundary(std::string_view boundary) {
    if (boundary.empty() || boundary.size() > 70 || boundary.back() == ' ') return false;
    return std::all_of(boundary.begin(), boundary.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

// Length of the longest proper prefix of `delimiter` that `data` ends with.
std::size_t PartialDelimiterSuffix(std::string_view data, std::string_view delimiter) {
    std::size_t longest = std::min(data.size(), delimiter.size() - 1);
    for (std::size_t k = longest; k > 0; --k) {
        if (data[data.size() - k] == delimiter[0] && data.substr(data.size() - k) == delimiter.substr(0, k)) return k;
    }
    return 0;
}

PartHeaders ParsePartHeaders(std::string_view block) {
    std::vector<std::pair<std::string_view, std::string>> fields;
    while (!block.empty()) {
        std::size_t end = std::min(block.find(kCrlf), block.size());
        std::string_view line = block.substr(0, end);
        block.remove_prefix(std::min(end + kCrlf.size(), block.size()));
        if (!line.empty() && IsSpace(line.front()) && !fields.empty()) {
            // Obsolete line folding: a continuation of the previous field.
            fields.back().second.append(" ").append(Trim(line));
            continue;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || Trim(line.substr(0, colon)).empty()) {
            throw Error(ErrorCode::kInvalidArgument, "multipart part header line is not 'Name: value'");
        }
        fields.emplace_back(Trim(line.substr(0, colon)), std::string(Trim(line.substr(colon + 1))));
    }

    PartHeaders headers;
    bool have_disposition = false;
    bool have_type = false;
    for (const auto& [field, value] : fields) {
        if (!have_disposition && IEquals(field, "Content-Disposition")) {
            have_disposition = true;
            auto parsed = ParseHeaderValue(value);
            if (!parsed) throw Error(ErrorCode::kInvalidArgument, "multipart part has a malformed Content-Disposition");
            if (!IEquals(parsed->value, "form-data")) {
                throw Error(ErrorCode::kInvalidArgument, "multipart part Content-Disposition is not form-data");
            }
            const std::string* name = parsed->Param("name");
            if (!name) throw Error(ErrorCode::kInvalidArgument, "multipart part Content-Disposition has no name");
            headers.name = *name;
            if (const std::string* filename = parsed->Param("filename")) headers.filename = *filename;
        } else if (!have_type && IEquals(field, "Content-Type")) {
            have_type = true;
            headers.content_type = value;
        }
    }
    if (!have_disposition) {
        throw Error(ErrorCode::kInvalidArgument, "multipart part has no Content-Disposition: form-data header");
    }
    return headers;
}

}  // namespace

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
    auto parsed = ParseHeaderValue(content_type);
    if (!parsed || !IEquals(parsed->value, "multipart/form-data")) return std::nullopt;
    const std::string* boundary = parsed->Param("boundary");
    if (!boundary || !UsableBoundary(*boundary)) return std::nullopt;
    return *boundary;
}

MultipartParser::MultipartParser(std::string boundary, Callbacks callbacks)
    : delimiter_("\r\n--" + boundary), callbacks_(std::move(callbacks)), held_(kCrlf) {
    // held_ starts as a virtual CRLF so that a first boundary at the very start of the body matches
    // the same delimiter as all later ones.
    if (!UsableBoundary(boundary)) {
        throw Error(ErrorCode::kInvalidArgument, "multipart boundary must be 1..70 printable characters");
    }
}

void MultipartParser::Feed(std::string_view chunk) {
    if (state_ == State::kFailed) {
        throw Error(ErrorCode::kInvalidArgument, "multipart body is malformed (an earlier part failed to parse)");
    }
    try {
        while (!chunk.empty() && state_ != State::kDone) Step(chunk);
    } catch (...) {
        state_ = State::kFailed;
        held_.clear();
        throw;
    }
}

void MultipartParser::Finish() {
    if (state_ == State::kFailed) {
        throw Error(ErrorCode::kInvalidArgument, "multipart body is malformed (an earlier part failed to parse)");
    }
    if (state_ != State::kDone) {
        throw Error(ErrorCode::kInvalidArgument, "multipart body ended before its closing boundary");
    }
}

void MultipartParser::Step(std::string_view& input) {
    switch (state_) {
        case State::kPreamble:
            ScanForDelimiter(input, false);
            break;
        case State::kBody:
            ScanForDelimiter(input, true);
            break;
        case State::kHeaders:
            ScanHeaders(input);
            break;
        case State::kAfterBoundary:
        case State::kCloseDash:
        case State::kBoundaryPadding:
        case State::kBoundaryCr:
            ScanBoundaryLine(input);
            break;
        case State::kDone:
        case State::kFailed:
            input = {};
            break;
    }
}

// Consumes input up to and including the next delimiter. Bytes that cannot belong to a delimiter are
// emitted (or dropped in the preamble) at once; a tail that may start one is kept in held_.
void MultipartParser::ScanForDelimiter(std::string_view& input, bool emit) {
    const std::size_t d = delimiter_.size();
    if (!held_.empty()) {
        // held_ is shorter than the delimiter, so d more bytes decide whether a match starts in it.
        const std::size_t old = held_.size();
        const std::size_t take = std::min(input.size(), d);
        held_.append(input.substr(0, take));
        const std::string_view held = held_;
        if (std::size_t pos = held.find(delimiter_); pos != std::string_view::npos) {
            if (emit) Emit(held.substr(0, pos));
            input.remove_prefix(pos + d - old);
            held_.clear();
            OnDelimiter();
            return;
        }
        if (take < d) {
            input.remove_prefix(take);
            std::size_t keep = PartialDelimiterSuffix(held, delimiter_);
            if (emit) Emit(held.substr(0, held.size() - keep));
            held_.erase(0, held.size() - keep);
            return;
        }
        // No match starts in the old bytes; the appended ones are scanned again below.
        if (emit) Emit(held.substr(0, old));
        held_.clear();
    }
    if (std::size_t pos = input.find(delimiter_); pos != std::string_view::npos) {
        if (emit) Emit(input.substr(0, pos));
        input.remove_prefix(pos + d);
        OnDelimiter();
        return;
    }
    std::size_t keep = PartialDelimiterSuffix(input, delimiter_);
    if (emit) Emit(input.substr(0, input.size() - keep));
    held_.assign(input.substr(input.size() - keep));
    input = {};
}

void MultipartParser::OnDelimiter() {
    if (state_ == State::kBody && callbacks_.on_part_end) callbacks_.on_part_end();
    state_ = State::kAfterBoundary;
}

// After "--boundary": "--" closes the body; otherwise optional spaces/tabs and CRLF start a part.
void MultipartParser::ScanBoundaryLine(std::string_view& input) {
    while (!input.empty()) {
        char c = input.front();
        input.remove_prefix(1);
        switch (state_) {
            case State::kAfterBoundary:
                if (c == '-') {
                    state_ = State::kCloseDash;
                    continue;
                }
                [[fallthrough]];
            case State::kBoundaryPadding:
                if (IsSpace(c)) {
                    state_ = State::kBoundaryPadding;
                    continue;
                }
                if (c == '\r') {
                    state_ = State::kBoundaryCr;
                    continue;
                }
                break;
            case State::kCloseDash:
                if (c == '-') {
                    state_ = State::kDone;
                    input = {};  // the epilogue is ignored
                    return;
                }
                break;
            case State::kBoundaryCr:
                if (c == '\n') {
                    state_ = State::kHeaders;
                    held_.clear();
                    return;
                }
                break;
            default:
                return;
        }
        throw Error(ErrorCode::kInvalidArgument, "multipart boundary line is followed by unexpected characters");
    }
}

void MultipartParser::ScanHeaders(std::string_view& input) {
    constexpr std::string_view kEnd = "\r\n\r\n";
    const std::size_t limit = kMaxHeaderBytes + kEnd.size();
    const std::size_t old = held_.size();
    const std::size_t take = std::min(input.size(), limit - old);
    held_.append(input.substr(0, take));
    const std::string_view held = held_;

    std::size_t block_size = 0;
    std::size_t consumed = 0;  // of held_, including the blank line
    if (held.substr(0, kCrlf.size()) == kCrlf) {
        consumed = kCrlf.size();  // no header lines at all
    } else if (std::size_t pos = held.find(kEnd, old >= 3 ? old - 3 : 0); pos != std::string_view::npos) {
        block_size = pos;
        consumed = pos + kEnd.size();
    } else {
        if (held.size() >= limit) {
            throw Error(ErrorCode::kInvalidArgument, "multipart part headers are larger than 8 KiB");
        }
        input.remove_prefix(take);
        return;
    }
    input.remove_prefix(consumed - old);
    PartHeaders headers = ParsePartHeaders(held.substr(0, block_size));
    held_.clear();
    state_ = State::kBody;
    if (callbacks_.on_part_begin) callbacks_.on_part_begin(headers);
}

void MultipartParser::Emit(std::string_view data) {
    if (!data.empty() && callbacks_.on_part_data) callbacks_.on_part_data(data);
}

}  // namespace tt::http
