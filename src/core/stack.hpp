// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

// A stack: several images of one repository, each built FROM another or
// beside it, described by one stack file (YAML, read by io/stack_file.hpp).
// This header is the stack as plain data and the rules that need no I/O.
namespace berth::core {

// One test: a shell command run in a built image (`sh -c RUN`).
struct StackTest {
  std::string name;
  std::string run;
  std::size_t line = 0;  // the stack file's line of the test
};

// A link to a parent image of the stack.
struct StackParent {
  std::string name;      // the parent's name in the stack file
  std::string from_ref;  // the reference the child's Dockerfile names (FROM), "" for a link
                         // the file declares (depends-on) without a FROM
};

// One image of a stack.
struct StackImage {
  std::string name;        // its key in the stack file: "base"
  std::string image;       // the image name without tag: "ghcr.io/acme/base"
  std::string context;     // the build context, relative to the repository root: "images/base"
  std::string dockerfile;  // relative to the repository root: "images/base/Dockerfile"
  std::vector<std::string> build_args;  // NAME=value
  std::vector<std::string> platforms;   // "linux/amd64"; empty: the builder's own
  std::vector<StackTest> tests;
  std::vector<std::string> depends_on;  // parents the file names itself
  std::vector<StackParent> parents;     // every parent: FROM links and depends_on
  std::size_t line = 0;                 // the stack file's line of the image
};

// A whole stack, as the file gives it and, after link_stack, with its links
// found and its images in build order.
struct Stack {
  std::string path;                  // the stack file, relative to the repository root
  std::vector<StackImage> images;    // file order; after link_stack: build order
  std::vector<StackTest> common_tests;      // run in every image
  std::vector<std::string> rebuild_all;     // path globs whose change rebuilds every image
};

}  // namespace berth::core
