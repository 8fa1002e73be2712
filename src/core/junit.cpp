// SPDX-License-Identifier: MIT
#include "core/junit.hpp"

#include "core/text.hpp"

namespace berth::core {
namespace {

constexpr const char* k_replacement = "\xEF\xBF\xBD";  // U+FFFD

// Returns the length of the UTF-8 sequence at `s[i]` (1 to 4), or 0 when it
// is not one (overlong forms, surrogates and values above U+10FFFF included).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if (c < 0x80) {
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  const std::uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
      cp == 0xFFFF) {
    return 0;
  }
  return n;
}

std::string seconds(std::int64_t ms) {
  if (ms < 0) {
    ms = 0;
  }
  std::string frac = std::to_string(ms % 1000);
  frac.insert(0, 3 - frac.size(), '0');
  return std::to_string(ms / 1000) + "." + frac;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\t': case '\n': case '\r': out += c; break;
        default:
          if (u < 0x20 || u == 0x7F) {
            out += k_replacement;
          } else {
            out += c;
          }
      }
      ++i;
      continue;
    }
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      out += k_replacement;
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string junit_xml(const std::string& suite, const std::vector<JUnitCase>& cases) {
  std::int64_t total_ms = 0;
  int failures = 0;
  int skipped = 0;
  for (const JUnitCase& c : cases) {
    total_ms += c.ms;
    failures += c.result == JUnitCase::Result::k_failed ? 1 : 0;
    skipped += c.result == JUnitCase::Result::k_skipped ? 1 : 0;
  }
  const std::string counts = " tests=\"" + std::to_string(cases.size()) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
                             std::to_string(skipped) + "\" time=\"" + seconds(total_ms) + "\"";
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites name=\"" + xml_escape(suite) + "\"" + counts + ">\n";
  xml += "  <testsuite name=\"" + xml_escape(suite) + "\"" + counts + ">\n";
  for (const JUnitCase& c : cases) {
    xml += "    <testcase name=\"" + xml_escape(c.name) + "\" classname=\"" +
           xml_escape(c.classname) + "\" time=\"" + seconds(c.ms) + "\"";
    if (c.result == JUnitCase::Result::k_passed && c.output.empty()) {
      xml += "/>\n";
      continue;
    }
    xml += ">\n";
    if (c.result == JUnitCase::Result::k_failed) {
      xml += "      <failure message=\"" + xml_escape(c.message) + "\" type=\"failure\">" +
             xml_escape(c.output) + "</failure>\n";
    } else if (c.result == JUnitCase::Result::k_skipped) {
      xml += "      <skipped message=\"" + xml_escape(c.message) + "\"/>\n";
    }
    if (!c.output.empty() && c.result != JUnitCase::Result::k_failed) {
      xml += "      <system-out>" + xml_escape(c.output) + "</system-out>\n";
    }
    xml += "    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

std::string junit_file_name(const std::string& suite) {
  std::string out;
  for (char c : suite) {
    const bool ok = is_lower(c) || is_upper(c) || is_digit(c) || c == '.' || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  if (out.empty() || out[0] == '.') {
    out.insert(0, "_");
  }
  return out + ".xml";
}

}  // namespace berth::core
