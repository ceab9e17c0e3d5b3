#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tt::http {

// The boundary parameter of a multipart/form-data Content-Type (quoted or not), nullopt when the
// type is not multipart/form-data or has no usable boundary (1..70 printable ASCII characters, not
// ending in a space).
std::optional<std::string> MultipartBoundary(std::string_view content_type);

struct PartHeaders {
    std::string name;                     // from Content-Disposition: form-data; name="..."
    std::optional<std::string> filename;  // filename="..." when present (may be empty string)
    std::string content_type;             // the part's Content-Type header, empty if absent
};

// Incremental multipart/form-data parser (RFC 7578 / RFC 2046). Feed the body in chunks of any size
// (down to 1 byte) as they arrive; it holds at most the part headers (8 KiB) or fewer bytes than the
// delimiter, so a multi-gigabyte file passes through without being buffered.
class MultipartParser {
public:
    struct Callbacks {
        std::function<void(const PartHeaders&)> on_part_begin;
        std::function<void(std::string_view)> on_part_data;  // may be called many times per part
        std::function<void()> on_part_end;
    };

    // Largest accepted header block of one part, without the blank line that ends it.
    static constexpr std::size_t kMaxHeaderBytes = 8 * 1024;

    // Throws tt::Error(kInvalidArgument) when `boundary` is not usable (see MultipartBoundary).
    MultipartParser(std::string boundary, Callbacks callbacks);

    // Throws tt::Error(kInvalidArgument) on malformed input: a boundary followed by anything but "--"
    // or CRLF, part headers over kMaxHeaderBytes, a part without a Content-Disposition: form-data
    // name. The preamble before the first boundary and the epilogue after the closing one are
    // ignored. After a throw every later call throws too.
    void Feed(std::string_view chunk);
    // True once the closing delimiter ("--boundary--") has been seen.
    bool Done() const { return state_ == State::kDone; }
    // Call when the body ended: throws kInvalidArgument unless Done().
    void Finish();
    // Bytes currently held back (for tests and metrics).
    std::size_t Buffered() const { return held_.size(); }

private:
    enum class State {
        kPreamble,         // looking for the first delimiter, discarding bytes
        kAfterBoundary,    // right after "--boundary": expecting "--", padding or CRLF
        kCloseDash,        // saw one '-' after the boundary
        kBoundaryPadding,  // saw spaces/tabs after the boundary
        kBoundaryCr,       // saw CR after the boundary
        kHeaders,          // collecting part headers up to CRLFCRLF
        kBody,             // streaming part data
        kDone,             // closing delimiter seen; the rest is epilogue
        kFailed,
    };

    void Step(std::string_view& input);
    void ScanForDelimiter(std::string_view& input, bool emit);
    void OnDelimiter();
    void ScanBoundaryLine(std::string_view& input);
    void ScanHeaders(std::string_view& input);
    void Emit(std::string_view data);

    std::string delimiter_;  // CRLF "--" boundary
    Callbacks callbacks_;
    State state_ = State::kPreamble;
    // Preamble/body: a tail that may start a delimiter (shorter than it). Headers: the header block.
    std::string held_;
};

}  // namespace tt::http
