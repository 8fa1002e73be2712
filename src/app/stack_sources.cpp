// SPDX-License-Identifier: MIT
// The seams of a stack run to the parts built beside it: the stack file
// reader (io/stack_file.hpp, link_stack), the git adapter with
// find_last_build, and decide_stack. Until they are merged each says so in a
// clear error; the lead replaces these bodies with the calls.
#include "app/stack.hpp"

#include "core/error.hpp"

namespace berth::app {

StackSources stack_sources(Services& s) {
  (void)s;
  StackSources src;
  src.load = [](const std::string& path) -> core::Stack {
    throw Error("stack: reading " + path +
                    " needs the stack file reader (io/stack_file.hpp) and link_stack, which "
                    "this build of berth does not have yet",
                "stack");
  };
  src.changes = [](const core::Stack&, const RunContext& rc) -> core::ChangeSet {
    if (rc.inputs.rebuild_all) {
      core::ChangeSet all;
      all.all = true;
      all.all_reason = "rebuild: all (input)";
      return all;
    }
    throw Error("stack: finding what changed needs the git adapter (io/git.hpp) and "
                "find_last_build, which this build of berth does not have yet; "
                "rebuild: all builds every image",
                "rebuild");
  };
  src.decide = [](const core::Stack& stack,
                  const core::ChangeSet& changes) -> std::vector<core::StackDecision> {
    if (!changes.all) {
      throw Error("stack: deciding what to rebuild needs decide_stack, which this build of "
                  "berth does not have yet",
                  "stack");
    }
    std::vector<core::StackDecision> out;
    for (const core::StackImage& image : stack.images) {
      out.push_back({image.name, core::StackAction::k_build, changes.all_reason});
    }
    return out;
  };
  return src;
}

}  // namespace berth::app
