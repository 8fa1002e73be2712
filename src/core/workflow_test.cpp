// SPDX-License-Identifier: MIT
#include "core/workflow.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace berth::core {
namespace {

TEST(WorkflowTest, EscapesLikeTheToolkit) {
  EXPECT_EQ(escape_data("100%\r\nnext"), "100%25%0D%0Anext");
  EXPECT_EQ(escape_data("%0A"), "%250A");
  EXPECT_EQ(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
}

TEST(WorkflowTest, FormatsCommands) {
  EXPECT_EQ(workflow_command("add-mask", {}, "s3cret"), "::add-mask::s3cret");
  EXPECT_EQ(workflow_command("error", {{"title", "Invalid input 'tags'"}}, "bad\nline"),
            "::error title=Invalid input 'tags'::bad%0Aline");
  EXPECT_EQ(workflow_command("error", {{"title", ""}, {"file", "a:b"}}, "x"),
            "::error file=a%3Ab::x");
}

TEST(WorkflowTest, WritesHeredocEntries) {
  EXPECT_EQ(heredoc_entry("tags", "a\nb", "EOF_1"), "tags<<EOF_1\na\nb\nEOF_1\n");
  EXPECT_EQ(heredoc_entry("version", "", "D"), "version<<D\n\nD\n");
}

TEST(WorkflowTest, RefusesTheDelimiterInAValue) {
  try {
    heredoc_entry("tags", "x\nDELIM\nevil=1", "DELIM");
    FAIL() << "accepted a value holding the delimiter";
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "tags");
  }
  EXPECT_THROW(heredoc_entry("bad name", "v", "D"), Error);
  EXPECT_THROW(heredoc_entry("x<<y", "v", "D"), Error);
  EXPECT_THROW(heredoc_entry("x", "v", ""), Error);
}

// fuzz/fuzz_heredoc.cpp: with a delimiter holding a line break, the runner
// read "lAe<<U\nU\n\nU\n\n" as lAe = "\n" instead of "".
TEST(WorkflowTest, RefusesADelimiterWithALineBreak) {
  EXPECT_THROW(heredoc_entry("lAe", "", "U\n"), Error);
  EXPECT_THROW(heredoc_entry("out", "v", "A\nB"), Error);
  EXPECT_THROW(heredoc_entry("out", "v", "D\r"), Error);
}

TEST(WorkflowTest, AnnotationsStayOneLine) {
  struct Case {
    const char* message;
    const char* line;
  };
  const Case cases[] = {
      {"a\rb", "::warning::a%0Db"},
      {"a\nb", "::warning::a%0Ab"},
      {"a\r\nb", "::warning::a%0D%0Ab"},
      {"x\r::warning::pwned", "::warning::x%0D::warning::pwned"},
      {"\n::set-output name=x::y", "::warning::%0A::set-output name=x::y"},
      {"100% %0A done", "::warning::100%25 %250A done"},
      {"\n\r\n\r", "::warning::%0A%0D%0A%0D"},
  };
  for (const Case& c : cases) {
    const std::string line = workflow_command("warning", {}, c.message);
    EXPECT_EQ(line, c.line);
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace berth::core
