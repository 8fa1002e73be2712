// SPDX-License-Identifier: MIT
#include "core/init_workflows.hpp"

namespace berth::core {
namespace {

// Single-quoted YAML scalar.
std::string yaml_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    out += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return out + "'";
}

std::string build_workflow(const InitOptions& o) {
  std::string w =
      "# Written by berth init: builds the image on every push and pull request, and\n"
      "# pushes it on pushes to " + o.default_branch +
      " and of version tags (not on pull requests).\n"
      "# Preview locally: berth plan --tag v1.2.3\n"
      "name: berth\n"
      "\n"
      "on:\n"
      "  push:\n"
      "    branches: [" + yaml_quote(o.default_branch) + "]\n"
      "    tags: ['v*']\n"
      "  pull_request:\n"
      "\n"
      "permissions:\n"
      "  contents: read\n"
      "\n"
      "jobs:\n"
      "  image:\n"
      "    runs-on: ubuntu-latest\n"
      "    permissions:\n"
      "      contents: read\n"
      "      packages: write\n"
      "    steps:\n"
      "      - uses: actions/checkout@v4\n"
      "      - name: Build and push\n"
      "        id: berth\n"
      "        uses: " + o.uses + "\n"
      "        with:\n"
      "          default-branch: " + yaml_quote(o.default_branch) + "\n";
  if (o.calver) {
    w += "          calver: true\n";
  }
  return w;
}

std::string promote_workflow(const InitOptions& o) {
  const std::string example = o.calver ? "2025.3-a1b2c3d" : "1.2.3";
  return "# Written by berth init: points the stable tag at a tested build through the\n"
         "# registry API, moving no layer. A dry run unless unticked.\n"
         "# Preview locally: berth promote " + std::string(o.stack ? "--stack true" : "--image IMAGE") +
         " --from " + example + " --dry-run\n"
         "name: promote\n"
         "\n"
         "on:\n"
         "  workflow_dispatch:\n"
         "    inputs:\n"
         "      tag:\n"
         "        description: 'Build tag to promote (for example " + example + ")'\n"
         "        required: true\n"
         "        type: string\n"
         "      dry-run:\n"
         "        description: 'Only show what would move'\n"
         "        required: false\n"
         "        type: boolean\n"
         "        default: true\n"
         "\n"
         "permissions:\n"
         "  contents: read\n"
         "\n"
         "jobs:\n"
         "  promote:\n"
         "    runs-on: ubuntu-latest\n"
         "    permissions:\n"
         "      contents: read\n"
         "      packages: write\n"
         "    concurrency:\n"
         "      group: promote-${{ inputs.tag }}\n"
         "      cancel-in-progress: false\n"
         "    steps:\n"
         "      - uses: actions/checkout@v4\n"
         "      - name: Promote\n"
         "        uses: " + o.uses + "\n"
         "        with:\n"
         "          promote: ${{ inputs.tag }}\n"
         "          dry-run: ${{ inputs.dry-run }}\n" +
         // A stack repository promotes every image of its stack file, or none.
         std::string(o.stack ? "          stack: true\n" : "");
}

std::string stack_workflow(const InitOptions& o) {
  return "# Written by berth init: builds the images of .github/berth-stack.yml that\n"
         "# changed since their last build (and their children), tests every built image,\n"
         "# and pushes only when every test passed.\n"
         "name: stack\n"
         "\n"
         "on:\n"
         "  push:\n"
         "    branches: [" + yaml_quote(o.default_branch) + "]\n"
         "  pull_request:\n"
         "\n"
         "permissions:\n"
         "  contents: read\n"
         "\n"
         "jobs:\n"
         "  stack:\n"
         "    runs-on: ubuntu-latest\n"
         "    permissions:\n"
         "      contents: read\n"
         "      packages: write\n"
         "    steps:\n"
         "      - uses: actions/checkout@v4\n"
         "        with:\n"
         "          fetch-depth: 0  # the history: what changed since the last build\n"
         "      - name: Build, test and push the stack\n"
         "        uses: " + o.uses + "\n"
         "        with:\n"
         "          stack: true\n"
         "          default-branch: " + yaml_quote(o.default_branch) + "\n";
}

}  // namespace

std::vector<WorkflowFile> init_workflows(const InitOptions& options) {
  std::vector<WorkflowFile> files;
  files.push_back({".github/workflows/berth.yml", build_workflow(options)});
  files.push_back({".github/workflows/berth-promote.yml", promote_workflow(options)});
  if (options.stack) {
    files.push_back({".github/workflows/berth-stack.yml", stack_workflow(options)});
  }
  return files;
}

}  // namespace berth::core
