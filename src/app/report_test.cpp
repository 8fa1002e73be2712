// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "app/report.hpp"
#include "core/text.hpp"

namespace berth {
namespace {

std::string output(const io::Outputs& outputs, const std::string& name) {
  for (const auto& [key, value] : outputs) {
    if (key == name) {
      return value;
    }
  }
  return "<none>";
}

// A list output is one item a line: a line break inside an item (a
// repository description can hold one) must not make a second item.
TEST(ReportTest, ListOutputsKeepOneItemALine) {
  core::Metadata m;
  m.labels = {{"org.opencontainers.image.description", "first\nsecond\r\nthird\rfourth"},
              {"org.opencontainers.image.title", "app"}};
  const std::string labels = output(app::metadata_outputs(m), "labels");
  EXPECT_EQ(core::input_lines(labels).size(), 2u) << labels;
  EXPECT_EQ(labels,
            "org.opencontainers.image.description=first\\nsecond\\nthird\\nfourth\n"
            "org.opencontainers.image.title=app");
  // The json output keeps the exact value.
  EXPECT_NE(output(app::metadata_outputs(m), "json").find("first\\nsecond\\r\\nthird\\rfourth"),
            std::string::npos);
}

}  // namespace
}  // namespace berth
