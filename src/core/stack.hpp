// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <map>
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

// The input stack errors blame.
inline constexpr const char* k_stack_input = "stack";

// Returns an Error-ready message "PATH:LINE: TEXT" ("PATH: TEXT" without a line).
std::string stack_message(const std::string& path, std::size_t line, const std::string& text);

// Returns BuildKit's named-context key of the image reference `ref` (as a
// Dockerfile's FROM writes it): the reference in its familiar form, Docker
// Hub's "docker.io/" and "library/" dropped, with ":latest" trimmed
// ("ghcr.io/acme/base:latest" → "ghcr.io/acme/base", "docker.io/library/debian"
// → "debian"), the key `--build-context KEY=docker-image://...` must use for
// the FROM to take it. Throws Error (blaming `input`) when `ref` is not a reference.
std::string named_context_key(const std::string& ref, const std::string& input);

// Finds every image's parents and puts the images in build order.
// `dockerfiles` holds each image's Dockerfile text by image name; a FROM line
// (variables from the global ARGs, the image's build args, then
// `build_args`, the action's, which win) naming another image of the stack
// (any tag) is a link, recorded with its named-context key; `depends_on`
// adds links without a FROM. Images then stand in build order: parents
// first, otherwise in file order. Throws Errors blaming the `stack` input,
// each naming the stack file's line (or the Dockerfile's): two images with
// one name or one image name, a depends-on naming no image of the stack, an
// image that is its own parent, a cycle ("base → ml → base"), a missing
// Dockerfile text.
void link_stack(Stack& stack, const std::map<std::string, std::string>& dockerfiles,
                const std::vector<std::string>& build_args);

// Returns the images' names by dependency level, for a matrix: level 0
// holds the images without parents, level n those whose deepest parent is on
// level n-1; each level in build order. Needs a linked stack.
std::vector<std::vector<std::string>> stack_levels(const Stack& stack);

// Returns the image named `name`, or null.
const StackImage* find_stack_image(const Stack& stack, const std::string& name);

// Returns the image prefix a stack file without `prefix` gets: the registry
// and the repository's owner (`owner`, else the part of `repository` before
// '/'), lower case ("ghcr.io/acme").
std::string default_stack_prefix(const std::string& registry, const std::string& owner,
                                 const std::string& repository);

}  // namespace berth::core
