// SPDX-License-Identifier: MIT
// Fuzzes the metadata-action rule parsers: the `tags`, `flavor` and `images`
// inputs (the first byte picks one; the rest is the input). Invariants: only
// berth::Error escapes, naming the input parsed; tag rules come out ordered
// by priority, highest first (ties in input order), each with a line of the
// input; a match rule has its regex; images have non-empty names.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/meta_rules.hpp"
#include "fuzz/check.hpp"

using namespace berth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string detail = fuzz::printable(text);
  const char* input = "tags";
  try {
    switch (data[0] % 3) {
      case 0: {
        const auto rules = core::parse_tags_input(text);
        for (std::size_t i = 0; i < rules.size(); ++i) {
          BERTH_FUZZ_CHECK(rules[i].line >= 1, detail);
          BERTH_FUZZ_CHECK(i == 0 || rules[i - 1].priority >= rules[i].priority, detail);
          BERTH_FUZZ_CHECK(i == 0 || rules[i - 1].priority > rules[i].priority ||
                               rules[i - 1].line <= rules[i].line,
                           detail);
          const bool needs_regex = rules[i].type == core::TagType::k_match;
          BERTH_FUZZ_CHECK(!needs_regex || rules[i].regex.has_value(), detail);
        }
        break;
      }
      case 1: {
        input = "flavor";
        (void)core::parse_flavor_input(text);
        break;
      }
      default: {
        input = "images";
        for (const core::ImageRule& rule : core::parse_images_input(text)) {
          BERTH_FUZZ_CHECK(!rule.name.empty() && rule.line >= 1, detail);
        }
        break;
      }
    }
  } catch (const Error& e) {
    BERTH_FUZZ_CHECK(e.input() == input, detail + ": " + e.what() + " names " + e.input());
  }
  return 0;
}
