// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

// The workflows `berth init` writes: berth's two standard workflows (build
// and push on pushes and tags; the workflow_dispatch promotion, a dry run by
// default) and, for a repository with a stack file, the stack workflow. Pure:
// text in, text out.
namespace berth::core {

struct InitOptions {
  std::string uses = "berth/berth@v1";  // the action's `uses:` reference
  std::string default_branch = "main";  // pushes to it get latest
  bool calver = false;                  // also tag YYYY.Q-<sha> (and promote them)
  bool stack = false;                   // .github/berth-stack.yml is there
};

struct WorkflowFile {
  std::string path;     // relative to the repository's root
  std::string content;  // YAML
};

// Returns the files to write, in the order they are written.
std::vector<WorkflowFile> init_workflows(const InitOptions& options);

}  // namespace berth::core
