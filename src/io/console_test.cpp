// SPDX-License-Identifier: MIT
#include "io/console.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace berth::io {
namespace {

// A console over a sink, and every line that reached it.
struct Log {
  std::vector<std::string> lines;
  Console console{[this](const std::string& line) { lines.push_back(line); }};
};

// Returns whether `line` is "::stop-commands::TOKEN" with a 32-hex token.
bool is_stop(const std::string& line) {
  return line.rfind("::stop-commands::", 0) == 0 && line.size() == 17 + 32;
}

TEST(ConsoleInfo, PrintsPlainTextAsIs) {
  Log log;
  log.console.info("ghcr.io/acme/app:1.2.3");
  log.console.info("step 1\r\nstep 2");
  EXPECT_EQ(log.lines, std::vector<std::string>({"ghcr.io/acme/app:1.2.3", "step 1", "step 2"}));
}

TEST(ConsoleInfo, FencesUntrustedCommandsWithAFreshToken) {
  const std::string nbsp = "\xC2\xA0";
  // Build output, echoed inputs, payload fields, registry headers.
  const std::vector<std::string> texts = {
      nbsp + "::warning::x",
      "ok\r::warning::x",
      "--build-arg MSG=x\r::warning::pwned",
      "--label a=b\r::add-mask::ghcr.io",
      "target\n::error::t",
      "description\n::set-output name=x::y",
      "Docker-Content-Digest: sha256:0\r::warning::x",
      "\xE2\x80\xA8\xE3\x80\x80::notice::x",
      " \t::",
  };
  for (const std::string& text : texts) {
    Log log;
    log.console.info(text);
    log.console.info(text);
    ASSERT_GE(log.lines.size(), 6U) << text;
    const std::string& stop = log.lines.front();
    ASSERT_TRUE(is_stop(stop)) << stop;
    const std::string token = stop.substr(17);
    const auto end = std::find(log.lines.begin(), log.lines.end(), "::" + token + "::");
    ASSERT_NE(end, log.lines.end()) << text;
    const std::size_t half = static_cast<std::size_t>(end - log.lines.begin()) + 1;
    ASSERT_EQ(log.lines.size(), 2 * half);
    // The second call draws its own token.
    EXPECT_TRUE(is_stop(log.lines[half]));
    EXPECT_NE(log.lines[half], stop);
    for (const std::string& line : log.lines) {
      EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
    }
  }
}

// Returns code point `c` encoded as UTF-8 (below U+10000).
std::string utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

TEST(ConsoleInfo, FencesAfterEveryUnicodeSpaceAndLineBreak) {
  std::vector<char32_t> spaces = {0x09, 0x0B, 0x0C, 0x20,   0x85,   0xA0,   0x1680, 0x2028,
                                  0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF};
  for (char32_t c = 0x2000; c <= 0x200A; ++c) {
    spaces.push_back(c);
  }
  for (const char32_t space : spaces) {
    for (const char* const brk : {"\r", "\n", "\r\n", "\n\r", "\r\r\n"}) {
      for (const std::string& text : {"ok" + std::string(brk) + utf8(space) + "::warning::x",
                                      utf8(space) + utf8(space) + "::" + brk + "next",
                                      "ok" + std::string(brk) + utf8(space) + "::"}) {
        Log log;
        log.console.info(text);
        ASSERT_FALSE(log.lines.empty());
        EXPECT_TRUE(is_stop(log.lines.front())) << testing::PrintToString(text);
        EXPECT_EQ(log.lines.back(), "::" + log.lines.front().substr(17) + "::");
      }
    }
  }
}

TEST(ConsoleAnnotations, EscapeEveryLineBreak) {
  Log log;
  log.console.warning("a\rb\nc\r\nd 100%");
  log.console.notice("x\r::warning::y");
  log.console.group("title\n::endgroup::");
  log.console.endgroup();
  log.console.error(Error("bad\r::add-mask::x", "tags"));
  log.console.error(Error("plain"));
  EXPECT_EQ(log.lines, std::vector<std::string>({
                           "::warning::a%0Db%0Ac%0D%0Ad 100%25",
                           "::notice::x%0D::warning::y",
                           "::group::title%0A::endgroup::",
                           "::endgroup::",
                           "::error title=Invalid input 'tags'::bad%0D::add-mask::x",
                           "::error::plain",
                       }));
}

TEST(ConsoleAddMask, MasksEachLineFirst) {
  struct Case {
    std::string secret;
    std::vector<std::string> lines;
  };
  const std::vector<Case> cases = {
      {"", {}},
      {" \n ", {}},
      {"s3cret", {"::add-mask::s3cret"}},
      {" s3cret\n", {"::add-mask::s3cret"}},
      {"line-one\nline-two", {"::add-mask::line-one", "::add-mask::line-two"}},
      {"a\rb\r\nc", {"::add-mask::a", "::add-mask::b", "::add-mask::c"}},
      {"100%\n\nkey", {"::add-mask::100%25", "::add-mask::key"}},
      {"-----BEGIN KEY-----\nMIIE\n-----END KEY-----\n",
       {"::add-mask::-----BEGIN KEY-----", "::add-mask::MIIE", "::add-mask::-----END KEY-----"}},
  };
  for (const Case& c : cases) {
    Log log;
    log.console.add_mask(c.secret);
    log.console.info("after");
    std::vector<std::string> expected = c.lines;
    expected.push_back("after");
    EXPECT_EQ(log.lines, expected) << c.secret;
  }
}

// A console in a plain style (berth on a laptop), and every line that reached it.
struct PlainLog {
  explicit PlainLog(ConsoleStyle style)
      : console([this](const std::string& line) { lines.push_back(line); }, style) {}
  std::vector<std::string> lines;
  Console console;
};

TEST(ConsolePlain, ErrorsAndWarningsAreReadableLines) {
  PlainLog log(ConsoleStyle::k_plain);
  log.console.error(Error("promote: name the build tag to promote", "promote"));
  log.console.warning("tag \"a b\" repaired\nto a-b");
  log.console.notice("100% done");
  log.console.group("berth: tags");
  log.console.info("ghcr.io/acme/app:1.2.3\n::warning::from a build log");
  log.console.endgroup();
  EXPECT_EQ(log.lines, std::vector<std::string>({
                           "error: promote: name the build tag to promote",
                           "warning: tag \"a b\" repaired",
                           "  to a-b",
                           "notice: 100% done",
                           "berth: tags",
                           "ghcr.io/acme/app:1.2.3",
                           "::warning::from a build log",  // no runner reads it: no fence
                       }));
}

TEST(ConsolePlain, ColourOnlyLeadsTheLine) {
  PlainLog log(ConsoleStyle::k_plain_colour);
  log.console.error(Error("bad"));
  log.console.warning("careful");
  EXPECT_EQ(log.lines, std::vector<std::string>({"\x1b[1;31merror:\x1b[0m bad",
                                                 "\x1b[1;33mwarning:\x1b[0m careful"}));
}

TEST(ConsolePlain, AMaskPrintsNothing) {
  // No runner hides the line: printing ::add-mask:: would show the secret.
  PlainLog log(ConsoleStyle::k_plain);
  log.console.add_mask("s3cret");
  EXPECT_TRUE(log.lines.empty());
}

}  // namespace
}  // namespace berth::io
