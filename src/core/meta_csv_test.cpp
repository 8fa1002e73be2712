// SPDX-License-Identifier: MIT
// split_input_list: @docker/actions-toolkit's getInputList, as the BuildKit
// inputs use it.
#include "core/meta_csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"

namespace berth::core {
namespace {

std::vector<std::string> texts(const std::vector<ListItem>& items) {
  std::vector<std::string> out;
  for (const ListItem& item : items) {
    out.push_back(item.text);
  }
  return out;
}

using Strings = std::vector<std::string>;

TEST(InputListTest, CommasSplitUnlessIgnored) {
  const std::string text = "\n a, b\nc\n\n\"d,e\",f\n";
  EXPECT_EQ(texts(split_input_list(text, "x", {false, true})), (Strings{"a", "b", "c", "d,e", "f"}));
  EXPECT_EQ(texts(split_input_list(text, "x", {true, true})), (Strings{"a, b", "c", "d,e,f"}));
  // Line numbers point into the text as written, leading blank lines included.
  const auto items = split_input_list(text, "x", {true, true});
  EXPECT_EQ(items[0].line, 2u);
  EXPECT_EQ(items[2].line, 5u);
}

TEST(InputListTest, UntrimmedKeepsBlanksAndDropsBlankItems) {
  const auto items = split_input_list("A= x \n   \n\"B=1\n2 \"\n# C=3\n", "secrets", {true, false});
  EXPECT_EQ(texts(items), (Strings{"A= x ", "B=1\n2 ", "# C=3"}));
  EXPECT_EQ(items[1].line, 3u);
  EXPECT_EQ(items[2].line, 5u);
}

TEST(InputListTest, BadQuotingNamesInputAndLine) {
  try {
    split_input_list("a\n\"b\"c\n", "ulimit", {true, true});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "ulimit");
    EXPECT_NE(std::string(e.what()).find("ulimit: line 2:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace berth::core
