// SPDX-License-Identifier: MIT
#include "core/text.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(MarkdownCellTest, KeepsATableRowAndACodeSpanWhole) {
  EXPECT_EQ(markdown_cell("a|b <c> & d\ne `f`"), "a\\|b &lt;c&gt; &amp; d<br>e 'f'");
  EXPECT_EQ(markdown_cell("plain"), "plain");
}

}  // namespace
}  // namespace berth::core
