#include "tt/core/tags.hpp"

#include <algorithm>

namespace tt {
namespace {

bool IsAsciiWord(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A non-ASCII code point that belongs in a word: letters and digits of any script, roughly: everything
// from U+00C0 up except spaces, punctuation and symbols (general punctuation to arrows and shapes,
// CJK and fullwidth punctuation) and emoji.
bool IsUnicodeWord(char32_t cp) {
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;
    if (cp >= 0x3000 && cp <= 0x303F) return false;
    if (cp >= 0xFE30 && cp <= 0xFE4F) return false;
    if ((cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
        (cp >= 0xFF5B && cp <= 0xFF65)) {
        return false;
    }
    return cp < 0x1F000;
}

// Length in bytes of the word character at text[i], 0 when there is none.
std::size_t WordCharAt(const std::string& text, std::size_t i, bool allow_unicode) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) return IsAsciiWord(c) ? 1 : 0;
    if (!allow_unicode) return 0;
    std::size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return 0;
    char32_t cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
        auto cont = static_cast<unsigned char>(text[i + k]);
        if ((cont >> 6) != 0x2) return 0;
        cp = (cp << 6) | (cont & 0x3F);
    }
    return IsUnicodeWord(cp) ? n : 0;
}

// Whether text[i - 1] ends a word character (any byte >= 0x80 right before counts, conservatively).
bool AfterWord(const std::string& text, std::size_t i, bool allow_unicode) {
    if (i == 0) return false;
    auto c = static_cast<unsigned char>(text[i - 1]);
    return c < 0x80 ? IsAsciiWord(c) : allow_unicode;
}

std::vector<std::string> Parse(const std::string& text, char sigil, bool allow_unicode, std::size_t min_len,
                               std::size_t max_len, std::size_t max_count) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size() && out.size() < max_count; ++i) {
        if (text[i] != sigil) continue;
        // The sigil must start a word: "a#b" is not a tag.
        if (AfterWord(text, i, allow_unicode)) continue;
        std::size_t end = i + 1;
        while (end < text.size()) {
            std::size_t n = WordCharAt(text, end, allow_unicode);
            if (n == 0) break;
            end += n;
        }
        std::string word = text.substr(i + 1, end - i - 1);
        i = end > i + 1 ? end - 1 : i;
        if (word.size() < min_len || word.size() > max_len) continue;
        std::transform(word.begin(), word.end(), word.begin(),
                       [](unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
        if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
    }
    return out;
}

}  // namespace

std::vector<std::string> ParseHashtags(const std::string& text) {
    return Parse(text, '#', true, 1, 100, 30);
}

std::vector<std::string> ParseMentions(const std::string& text) {
    return Parse(text, '@', false, 3, 20, 30);
}

}  // namespace tt
