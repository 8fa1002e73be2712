// SPDX-License-Identifier: MIT
#include "io/file_commands.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "support/fixtures.hpp"
#include "support/runner_files.hpp"

namespace berth::io {
namespace {

TEST(FileCommandsTest, OutputsRoundTripThroughTheRunnersParser) {
  testing::TempDir dir;
  const std::string path = dir.write("output", "earlier=1\n");
  const Outputs outputs = {
      {"tags", "ghcr.io/a/b:1.2.3\nghcr.io/a/b:latest"},
      {"version", "1.2.3"},
      {"empty", ""},
      {"json", "{\n  \"a\": \"x=y<<z\"\n}"},
  };
  write_outputs(path, outputs);
  const auto parsed = testing::parse_runner_file(dir.read("output"));
  EXPECT_EQ(parsed.at("earlier"), "1");
  for (const auto& [name, value] : outputs) {
    EXPECT_EQ(parsed.at(name), value) << name;
  }
}

TEST(FileCommandsTest, UsesAFreshDelimiterEachTime) {
  testing::TempDir dir;
  const std::string path = dir.write("output", "");
  write_outputs(path, {{"a", "1"}});
  write_outputs(path, {{"b", "2"}});
  const std::string text = dir.read("output");
  const auto delimiter_after = [&](const std::string& head) {
    const auto start = text.find(head) + head.size();
    return text.substr(start, text.find('\n', start) - start);
  };
  const std::string first = delimiter_after("a<<");
  const std::string second = delimiter_after("b<<");
  EXPECT_GE(first.size(), 32u);
  EXPECT_NE(first, second);
  EXPECT_EQ(testing::parse_runner_file(text).size(), 2u);
}

TEST(FileCommandsTest, AValueCannotInjectAnOutput) {
  testing::TempDir dir;
  const std::string path = dir.write("output", "");
  // A value that tries every delimiter shape, without knowing the random one.
  const Outputs outputs = {{"tags", "x\nEOF\nevil=1\nghadelimiter_x\nberth_\nevil2<<EOF"}};
  write_outputs(path, outputs);
  const auto parsed = testing::parse_runner_file(dir.read("output"));
  EXPECT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed.at("tags"), outputs[0].second);
}

TEST(FileCommandsTest, WritesNothingWhenAnEntryIsRefused) {
  testing::TempDir dir;
  const std::string path = dir.write("output", "");
  EXPECT_THROW(write_outputs(path, {{"good", "1"}, {"bad name", "2"}}), Error);
  EXPECT_EQ(dir.read("output"), "");
}

TEST(FileCommandsTest, FailsOnAnUnwritablePath) {
  try {
    write_outputs("/nonexistent/dir/output", {{"a", "1"}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "GITHUB_OUTPUT");
  }
}

TEST(FileCommandsTest, CutsAnOversizedSummary) {
  testing::TempDir dir;
  const std::string path = dir.write("summary", "");
  write_summary(path, std::string(2 * 1024 * 1024, 'x'));
  const std::string text = dir.read("summary");
  EXPECT_LE(text.size(), 1024u * 1024u);
  EXPECT_NE(text.find("summary cut at 1 MiB"), std::string::npos);
}

}  // namespace
}  // namespace berth::io
