#include "domain/tags.hpp"

#include <algorithm>

namespace video::domain {
namespace {

bool IsWordByte(unsigned char c, bool allow_unicode) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           (allow_unicode && c >= 0x80);
}

std::vector<std::string> Parse(const std::string& text, char sigil, bool allow_unicode, std::size_t min_len,
                               std::size_t max_len, std::size_t max_count) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size() && out.size() < max_count; ++i) {
        if (text[i] != sigil) continue;
        // The sigil must start a word: "a#b" is not a tag.
        if (i > 0 && IsWordByte(static_cast<unsigned char>(text[i - 1]), allow_unicode)) continue;
        std::size_t end = i + 1;
        while (end < text.size() && IsWordByte(static_cast<unsigned char>(text[end]), allow_unicode)) ++end;
        std::string word = text.substr(i + 1, end - i - 1);
        i = end - 1;
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

}  // namespace video::domain
