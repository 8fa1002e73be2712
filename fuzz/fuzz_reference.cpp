// SPDX-License-Identifier: MIT
// Fuzzes core::parse_reference and core::parse_image_name, and the tag rules
// of core/tag.hpp. Invariants: only berth::Error escapes; a parsed reference
// written back in full ("registry/repository[:tag][@digest]") parses to the
// same parts; the repository is lowercase; the tag is valid; a name the name
// parser takes is taken by the reference parser with no tag or digest;
// sanitize_tag gives "" or a valid lowercase tag, is idempotent, and leaves a
// valid lowercase tag as it is.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/reference.hpp"
#include "core/tag.hpp"
#include "core/text.hpp"
#include "fuzz/check.hpp"

using namespace berth;

namespace {

std::string written_back(const core::Reference& ref) {
  std::string out = ref.name.full();
  if (!ref.tag.empty()) {
    out += ":" + ref.tag;
  }
  if (!ref.digest.empty()) {
    out += "@" + ref.digest;
  }
  return out;
}

void check_reference(const std::string& text, const core::Reference& ref) {
  const std::string detail = fuzz::printable(text);
  BERTH_FUZZ_CHECK(!ref.name.registry.empty() && !ref.name.repository.empty(), detail);
  BERTH_FUZZ_CHECK(core::is_valid_registry(ref.name.registry), detail);
  BERTH_FUZZ_CHECK(core::to_lower(ref.name.repository) == ref.name.repository, detail);
  BERTH_FUZZ_CHECK(ref.name.full().size() <= 255, detail);
  BERTH_FUZZ_CHECK(ref.tag.empty() || core::is_valid_tag(ref.tag), detail);
  BERTH_FUZZ_CHECK(ref.digest.empty() || ref.digest.size() == 71, detail);

  const std::string again_text = written_back(ref);
  core::Reference again;
  try {
    again = core::parse_reference(again_text, "images");
  } catch (const Error& e) {
    fuzz::fail(__FILE__, __LINE__, "written-back reference re-parses",
               detail + " -> " + fuzz::printable(again_text) + ": " + e.what());
  }
  BERTH_FUZZ_CHECK(again.name.registry == ref.name.registry &&
                       again.name.repository == ref.name.repository &&
                       again.tag == ref.tag && again.digest == ref.digest,
                   detail + " -> " + fuzz::printable(again_text) + " -> " +
                       fuzz::printable(written_back(again)));

  // The name as written re-parses to the same name.
  const core::ImageName name = core::parse_image_name(ref.name.written, "images");
  BERTH_FUZZ_CHECK(name.full() == ref.name.full(), detail);
}

void check_tag_rules(const std::string& text) {
  const std::string detail = fuzz::printable(text);
  const std::string tag = core::sanitize_tag(text);
  BERTH_FUZZ_CHECK(tag.empty() || core::is_valid_tag(tag), detail + " -> " + tag);
  BERTH_FUZZ_CHECK(core::to_lower(tag) == tag, detail);
  BERTH_FUZZ_CHECK(core::sanitize_tag(tag) == tag, detail);
  if (core::is_valid_tag(text) && core::to_lower(text) == text) {
    BERTH_FUZZ_CHECK(tag == text, detail);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  check_tag_rules(text);
  try {
    check_reference(text, core::parse_reference(text, "images"));
  } catch (const Error&) {
  }
  try {
    const core::ImageName name = core::parse_image_name(text, "images");
    core::Reference ref;
    try {
      ref = core::parse_reference(text, "images");
    } catch (const Error& e) {
      fuzz::fail(__FILE__, __LINE__, "a valid name is a valid reference",
                 fuzz::printable(text) + ": " + e.what());
    }
    BERTH_FUZZ_CHECK(ref.tag.empty() && ref.digest.empty() &&
                         ref.name.full() == name.full() && ref.name.written == name.written,
                     fuzz::printable(text));
  } catch (const Error&) {
  }
  return 0;
}
