// SPDX-License-Identifier: MIT
// The real sources of a stack run: the stack file (io/stack_file.hpp), the
// checkout's history (io/git.hpp) against the build tags in the registry
// (core::find_last_build), and core's decisions (core::decide_stack).
#include <algorithm>
#include <memory>

#include "app/stack.hpp"
#include "core/error.hpp"
#include "core/github.hpp"
#include "core/reference.hpp"
#include "io/stack_file.hpp"

namespace berth::app {
namespace {

// How far back berth looks for the last build of a stack.
constexpr std::size_t k_history_limit = 2000;

core::ChangeSet everything(std::string reason) {
  core::ChangeSet c;
  c.all = true;
  c.all_reason = std::move(reason);
  return c;
}

// The tags of every image of `stack`, one list per image; an image the
// registry does not know has none.
std::vector<std::vector<std::string>> registry_tags(const core::Stack& stack, Services& s) {
  std::vector<std::vector<std::string>> out;
  for (const core::StackImage& image : stack.images) {
    const core::ImageName name = core::parse_image_name(image.image, core::k_stack_input);
    try {
      out.push_back(s.registries.registry(name.registry).list_tags(name.repository));
    } catch (const Error& e) {
      throw Error(std::string("stack: finding the last build of the stack: ") + e.what() +
                  " (rebuild: all builds every image without asking the registry)");
    }
  }
  return out;
}

// The commit a run builds: GITHUB_SHA when the checkout has it, else HEAD.
std::string built_commit(io::GitRepo& repo, const RunContext& rc, const std::string& head) {
  return !rc.github.sha.empty() && repo.has_commit(rc.github.sha) ? rc.github.sha : head;
}

core::ChangeSet compare(io::GitRepo& repo, const std::string& from, const std::string& tag,
                        const std::string& to) {
  core::ChangeSet c;
  c.base_sha = from;
  c.base_tag = tag;
  c.paths = repo.changed_paths(from, to);
  return c;
}

core::ChangeSet find_changes(const core::Stack& stack, const RunContext& rc, Services& s) {
  if (rc.inputs.rebuild_all) {
    return everything("rebuild: all (input)");
  }
  if (!s.open_git) {
    return everything("the checkout's history is not readable here");
  }
  std::unique_ptr<io::GitRepo> repo;
  try {
    repo = s.open_git(".");
  } catch (const Error& e) {
    s.console.warning(std::string("stack: every image builds: ") + e.what());
    return everything("no git repository in the workspace");
  }
  const core::CheckoutFacts facts = repo->facts();
  if (facts.head_sha.empty()) {
    return everything("the repository has no commits");
  }
  const std::string head = built_commit(*repo, rc, facts.head_sha);
  const std::string shallow_hint =
      facts.shallow ? " (a shallow clone: actions/checkout with fetch-depth: 0 fetches it)" : "";
  // The newest earlier commit every image has a build of: the images that
  // do not rebuild are re-tagged from it, the children of those built FROM it.
  std::vector<std::string> history = repo->history(head, k_history_limit);
  if (!history.empty()) {
    history.erase(history.begin());  // the commit being built
  }
  if (const auto last =
          core::find_last_build(history, registry_tags(stack, s), rc.inputs.calver.prefix)) {
    return compare(*repo, last->sha, last->tag, head);
  }
  // Without one, a pull request still compares with its base.
  if (core::is_pull_request(rc.github) && !rc.github.pr_base_sha.empty()) {
    const std::string& base = rc.github.pr_base_sha;
    if (!repo->has_commit(base)) {
      return everything("the pull request's base " + base.substr(0, 7) +
                        " is not in the checkout" + shallow_hint);
    }
    return compare(*repo, base, "", head);
  }
  return everything(history.empty()
                        ? "no earlier commit in the checkout" + shallow_hint
                        : "no earlier build of the stack in the last " +
                              std::to_string(history.size()) + " commits" + shallow_hint);
}

}  // namespace

StackSources stack_sources(Services& s, const RunContext& rc) {
  StackSources src;
  src.load = [&s, &rc](const std::string& path) {
    const std::string prefix = core::default_stack_prefix(
        rc.inputs.registry, rc.github.repository_owner, rc.github.repository);
    return io::load_stack(s.files, "", path, prefix, rc.inputs.build_args);
  };
  src.changes = [&s](const core::Stack& stack, const RunContext& run) {
    return find_changes(stack, run, s);
  };
  src.decide = [](const core::Stack& stack, const core::ChangeSet& changes) {
    return core::decide_stack(stack, changes);
  };
  return src;
}

}  // namespace berth::app
