// SPDX-License-Identifier: MIT
#include "core/log_line.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace berth::core {
namespace {

// Every code point .NET's char.IsWhiteSpace accepts, UTF-8 encoded, plus the
// margin berth trims as well.
const char* const k_spaces[] = {
    " ",            "\t",           "\v",           "\f",           "\x1C",
    "\x1F",         "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE1\xA0\x8E",
    "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84",
    "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89",
    "\xE2\x80\x8A", "\xE2\x80\x8B", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
    "\xE2\x81\x9F", "\xE3\x80\x80", "\xEF\xBB\xBF",
};

std::vector<std::string> strings(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}

TEST(RunnerLines, SplitsOnCrLfAndCrLf) {
  struct Case {
    const char* text;
    std::vector<std::string> lines;
  };
  const Case cases[] = {
      {"", {""}},
      {"one", {"one"}},
      {"a\nb", {"a", "b"}},
      {"a\rb", {"a", "b"}},
      {"a\r\nb", {"a", "b"}},
      {"a\n\rb", {"a", "", "b"}},
      {"a\r\r\nb", {"a", "", "b"}},
      {"a\n", {"a", ""}},
      {"\r", {"", ""}},
      {"ok\r::warning::x", {"ok", "::warning::x"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(strings(runner_lines(c.text)), c.lines) << c.text;
  }
}

TEST(LeadingSpace, TrimsEveryUnicodeSpaceButNotLookAlikes) {
  for (const char* space : k_spaces) {
    const std::string s(space);
    EXPECT_EQ(leading_space(s + s + "x"), 2 * s.size()) << s;
    EXPECT_EQ(trim_space(s + "x" + s + "y" + s), "x" + s + "y") << s;
  }
  // Invalid or overlong UTF-8 is U+FFFD to the runner, not whitespace.
  for (const char* other : {"x", "\xC2", "\xC0\xA0", "\xE0\x80\xA0", "\xE2\x80", "\xED\xA0\x80",
                            "\xC2\xA1", "\xE2\x80\x8C"}) {
    EXPECT_EQ(leading_space(std::string(other) + "::"), 0U) << other;
  }
  EXPECT_EQ(trim_space(" \xC2"), "\xC2");
}

TEST(MayBeCommand, SeesWhatTheRunnerReads) {
  for (const char* line : {"::set-output name=x::y", "::warning::x", "   ::error::x", "::",
                           "  ::", "::not-a-command::x", "::ADD-MASK::x", "branch ##[error]boom",
                           "##[", "\t\v\f::debug::x"}) {
    EXPECT_TRUE(may_be_command(line)) << line;
  }
  for (const char* space : k_spaces) {
    EXPECT_TRUE(may_be_command(std::string(space) + "::warning::x")) << space;
    EXPECT_TRUE(may_be_command(std::string(space) + space + "::")) << space;
  }
  for (const char* line : {"", "ghcr.io/a/b:latest", "a ::b", ":warning:x", "#[x]", "##x[",
                           "\xC2::warning::x", "x\xC2\xA0::warning::x"}) {
    EXPECT_FALSE(may_be_command(line)) << line;
  }
}

TEST(ContainsToken, IgnoresAsciiCase) {
  EXPECT_TRUE(contains_token("x ::ABCdef12:: y", "abcDEF12"));
  EXPECT_FALSE(contains_token("abcdef1", "abcdef12"));
}

// A token source that hands out `tokens` in turn.
std::function<std::string()> tokens(std::vector<std::string> list) {
  auto next = std::make_shared<std::size_t>(0);
  return [list, next] { return list.at((*next)++); };
}

TEST(TextLines, PassesPlainTextUnchanged) {
  EXPECT_EQ(text_lines("ghcr.io/a/b:1.2.3", tokens({})),
            std::vector<std::string>({"ghcr.io/a/b:1.2.3"}));
  EXPECT_EQ(text_lines("step 1\r\nstep 2\rstep 3", tokens({})),
            std::vector<std::string>({"step 1", "step 2", "step 3"}));
}

TEST(TextLines, FencesEveryWayACommandGetsThrough) {
  const std::string nbsp = "\xC2\xA0";
  struct Case {
    std::string text;
    std::vector<std::string> body;
  };
  const std::vector<Case> cases = {
      {nbsp + "::warning::x", {nbsp + "::warning::x"}},
      {"ok\r::warning::x", {"ok", "::warning::x"}},
      {"ok\n::warning::x", {"ok", "::warning::x"}},
      {"ok\r\n::warning::x", {"ok", "::warning::x"}},
      {"MSG=x\r::warning::pwned", {"MSG=x", "::warning::pwned"}},
      {"a=b\r::add-mask::ghcr.io", {"a=b", "::add-mask::ghcr.io"}},
      {"repo\n::set-output name=x::y", {"repo", "::set-output name=x::y"}},
      {"sha256:abc\r::warning::...", {"sha256:abc", "::warning::..."}},
      {"a\n\r\r\n ::x", {"a", "", "", " ::x"}},
      {" \t::", {" \t::"}},
      {"x ##[error]y", {"x ##[error]y"}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> expected = {"::stop-commands::tok12345"};
    expected.insert(expected.end(), c.body.begin(), c.body.end());
    expected.push_back("::tok12345::");
    EXPECT_EQ(text_lines(c.text, tokens({"tok12345"})), expected) << c.text;
  }
  for (const char* space : k_spaces) {
    const std::string text = std::string("build\r") + space + "::warning::x";
    EXPECT_EQ(text_lines(text, tokens({"tok12345"})).front(), "::stop-commands::tok12345")
        << space;
  }
}

TEST(TextLines, DrawsAgainWhileTheTextHoldsTheToken) {
  const auto lines = text_lines("::warning::x ::TOKENAAA::", tokens({"tokenaaa", "tokenbbb"}));
  EXPECT_EQ(lines.front(), "::stop-commands::tokenbbb");
  EXPECT_EQ(lines.back(), "::tokenbbb::");
  EXPECT_THROW(text_lines("::warning::x", tokens({""})), Error);
  EXPECT_THROW(text_lines("::warning::x", tokens({"short"})), Error);
  EXPECT_THROW(text_lines("::warning::x", tokens({"has:colon"})), Error);
  EXPECT_THROW(text_lines("::warning::x", tokens({"has space"})), Error);
  EXPECT_THROW(text_lines("::x::aaaaaaaa", [] { return std::string("aaaaaaaa"); }), Error);
}

TEST(SecretLines, GivesEachNonBlankLineTrimmed) {
  struct Case {
    const char* secret;
    std::vector<std::string> lines;
  };
  const Case cases[] = {
      {"", {}},
      {" \n\t", {}},
      {"s3cret", {"s3cret"}},
      {"  s3cret \n", {"s3cret"}},
      {"one\ntwo", {"one", "two"}},
      {"one\rtwo\r\nthree", {"one", "two", "three"}},
      {"one\n\n \ntwo\none", {"one", "two"}},
      {"\xC2\xA0key\xE2\x80\xA8", {"key"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(strings(secret_lines(c.secret)), c.lines) << c.secret;
  }
}

}  // namespace
}  // namespace berth::core
