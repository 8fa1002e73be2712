// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "app/execute.hpp"
#include "core/plan.hpp"
#include "core/trace.hpp"

// The shape of a stack run's trace: under the root span "berth stack", one
// span per image of the stack ("image NAME") holding that image's steps
// (build, tests, packages, push or re-tag, its moving tags); the logins and
// checks stay under the root.
namespace berth::app {

// Adds a packages step's attributes: berth.packages.tools ("dpkg=88", ...),
// berth.packages.changed (when compared), berth.packages.compared_with, and
// the registry requests of a packages or packages-store step.
void add_package_attributes(const core::Step& step, const StepOutcome& o,
                            std::vector<core::Attribute>& out);

class StackImageSpans {
 public:
  // Adds image spans to `spans` (under `root`), ids from `ids`.
  StackImageSpans(std::vector<core::Span>& spans, const core::Span& root,
                  std::function<std::string()> ids);

  // Returns the span id the span of step `step` (from `start` to `end` unix
  // ns, failed or not) goes under: its image's span, made at the image's
  // first step and stretched over each later one; the root's for a step of
  // no stack image.
  std::string parent_of(const core::Plan& plan, const core::Step& step, const StepOutcome& o,
                        std::int64_t start, std::int64_t end);

 private:
  std::vector<core::Span>& m_spans;
  const core::Span& m_root;
  std::function<std::string()> m_ids;
  std::map<std::string, std::size_t> m_index;  // image name -> its span in m_spans
};

}  // namespace berth::app
