// SPDX-License-Identifier: MIT
// Fuzzes io::parse_stack_file, then core::link_stack and the rebuild
// decisions on what it read. Invariants: a file is either read or refused
// with berth::Error (never another exception); a file read has images, each
// with a name, an image name, a context and a Dockerfile, every test a `run`
// and every rebuild-all glob one glob_problem accepts; linking either fails
// with Errors or orders every image after its parents; there is one decision
// per image.
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "core/error.hpp"
#include "core/stack.hpp"
#include "core/stack_changes.hpp"
#include "fuzz/check.hpp"
#include "io/stack_file.hpp"

using namespace berth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string detail = fuzz::printable(text);
  core::Stack stack;
  try {
    stack = io::parse_stack_file(text, ".github/berth-stack.yml", "ghcr.io/acme");
  } catch (const Error& e) {
    BERTH_FUZZ_CHECK(e.input() == "stack", detail);
    return 0;
  }
  BERTH_FUZZ_CHECK(!stack.images.empty(), detail);
  for (const core::StackImage& image : stack.images) {
    BERTH_FUZZ_CHECK(!image.name.empty() && !image.image.empty() && !image.context.empty() &&
                         !image.dockerfile.empty(),
                     detail);
    for (const core::StackTest& test : image.tests) {
      BERTH_FUZZ_CHECK(!test.run.empty() && !test.name.empty(), detail);
    }
  }
  for (const std::string& glob : stack.rebuild_all) {
    BERTH_FUZZ_CHECK(core::glob_problem(glob).empty(), detail);
  }
  // Each image's Dockerfile names the image before it in the file, so the
  // links are known: a chain, plus whatever depends-on adds.
  std::map<std::string, std::string> dockerfiles;
  for (std::size_t i = 0; i < stack.images.size(); ++i) {
    dockerfiles[stack.images[i].name] =
        i == 0 ? std::string("FROM debian\n") : "FROM " + stack.images[i - 1].image + "\n";
  }
  try {
    core::link_stack(stack, dockerfiles, {});
  } catch (const Errors& e) {
    BERTH_FUZZ_CHECK(!e.all().empty(), detail);
    return 0;
  }
  std::set<std::string> placed;
  for (const core::StackImage& image : stack.images) {
    for (const core::StackParent& parent : image.parents) {
      BERTH_FUZZ_CHECK(placed.count(parent.name) == 1, detail);
    }
    placed.insert(image.name);
  }
  core::ChangeSet changes;
  for (const core::StackImage& image : stack.images) {
    changes.paths.push_back(image.context + "/x");
  }
  changes.paths.insert(changes.paths.end(), stack.rebuild_all.begin(), stack.rebuild_all.end());
  BERTH_FUZZ_CHECK(core::decide_stack(stack, changes).size() == stack.images.size(), detail);
  return 0;
}
