// SPDX-License-Identifier: MIT
#include "core/log_line.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

// One code point decoded from the start of UTF-8 text; size 0 when the bytes
// are not valid UTF-8 there (.NET decodes them as U+FFFD, never whitespace).
struct CodePoint {
  char32_t value = 0;
  std::size_t size = 0;
};

CodePoint decode(std::string_view s) {
  if (s.empty()) {
    return {};
  }
  const auto byte = [&s](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned lead = byte(0);
  if (lead < 0x80) {
    return {lead, 1};
  }
  std::size_t size = 0;
  char32_t value = 0;
  char32_t smallest = 0;
  if ((lead & 0xE0) == 0xC0) {
    size = 2, value = lead & 0x1F, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    size = 3, value = lead & 0x0F, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    size = 4, value = lead & 0x07, smallest = 0x10000;
  } else {
    return {};
  }
  if (s.size() < size) {
    return {};
  }
  for (std::size_t i = 1; i < size; ++i) {
    if ((byte(i) & 0xC0) != 0x80) {
      return {};
    }
    value = (value << 6) | (byte(i) & 0x3F);
  }
  // Overlong forms and surrogates are invalid, so they are not whitespace.
  if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return {};
  }
  return {value, size};
}

// .NET's char.IsWhiteSpace (the runner's TrimStart), plus a margin: the
// information separators U+001C-U+001F (whitespace to other readers), U+180E
// and U+FEFF (whitespace in older .NET) and U+200B.
bool is_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// A token fences only if the runner reads "::TOKEN::" back as a command named
// TOKEN: no ':' or blanks, and long enough not to be guessed.
bool usable_token(std::string_view token) {
  return token.size() >= 8 && std::all_of(token.begin(), token.end(), [](char c) {
           return is_alnum(c) || c == '-' || c == '_';
         });
}

constexpr int k_token_draws = 16;

}  // namespace

std::vector<std::string_view> runner_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r' && text[i] != '\n') {
      continue;
    }
    lines.push_back(text.substr(start, i - start));
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
    }
    start = i + 1;
  }
  lines.push_back(text.substr(start));
  return lines;
}

std::size_t leading_space(std::string_view line) {
  std::size_t pos = 0;
  while (pos < line.size()) {
    const CodePoint c = decode(line.substr(pos));
    if (c.size == 0 || !is_space(c.value)) {
      break;
    }
    pos += c.size;
  }
  return pos;
}

std::string_view trim_space(std::string_view text) {
  text.remove_prefix(leading_space(text));
  // Walk forward (UTF-8 cannot be decoded backwards safely) and remember
  // where the last non-space code point ends.
  std::size_t end = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const CodePoint c = decode(text.substr(pos));
    const std::size_t size = c.size == 0 ? 1 : c.size;
    pos += size;
    if (c.size == 0 || !is_space(c.value)) {
      end = pos;
    }
  }
  return text.substr(0, end);
}

bool may_be_command(std::string_view line) {
  return starts_with(line.substr(leading_space(line)), "::") ||
         line.find("##[") != std::string_view::npos;
}

bool contains_token(std::string_view text, std::string_view token) {
  if (token.empty()) {
    return true;
  }
  const auto it = std::search(text.begin(), text.end(), token.begin(), token.end(),
                              [](char a, char b) { return lower(a) == lower(b); });
  return it != text.end();
}

std::vector<std::string> text_lines(std::string_view text,
                                    const std::function<std::string()>& new_token) {
  const std::vector<std::string_view> lines = runner_lines(text);
  std::vector<std::string> out(lines.begin(), lines.end());
  if (std::none_of(lines.begin(), lines.end(), may_be_command)) {
    return out;
  }
  // The runner resumes at the first command named TOKEN, so the token must
  // not occur in the text it fences.
  for (int draw = 0; draw < k_token_draws; ++draw) {
    const std::string token = new_token();
    if (!usable_token(token)) {
      throw Error("stop-commands token \"" + token + "\" cannot fence text");
    }
    if (contains_token(text, token)) {
      continue;
    }
    out.insert(out.begin(), "::stop-commands::" + token);
    out.push_back("::" + token + "::");
    return out;
  }
  throw Error("no stop-commands token drawn is absent from the text to fence");
}

std::vector<std::string_view> secret_lines(std::string_view secret) {
  std::vector<std::string_view> out;
  for (std::string_view line : runner_lines(secret)) {
    line = trim_space(line);
    if (!line.empty() && std::find(out.begin(), out.end(), line) == out.end()) {
      out.push_back(line);
    }
  }
  return out;
}

}  // namespace berth::core
