// SPDX-License-Identifier: MIT
#include "app/telemetry_stack.hpp"

#include <algorithm>

#include "app/packages.hpp"

namespace berth::app {
namespace {

using core::Attribute;

// Whether `plan` builds the stack image `name` (else it re-tags it).
bool builds(const core::Plan& plan, const std::string& name) {
  return std::any_of(plan.steps.begin(), plan.steps.end(), [&](const core::Step& s) {
    return s.kind == core::StepKind::k_build && s.stack_image == name;
  });
}

void bump(core::Span& span, const char* key) {
  for (Attribute& a : span.attributes) {
    if (a.key == key) {
      ++a.number;
      return;
    }
  }
}

}  // namespace

void add_package_attributes(const core::Step& step, const StepOutcome& o,
                            std::vector<core::Attribute>& out) {
  if (step.kind != core::StepKind::k_packages && step.kind != core::StepKind::k_packages_store) {
    return;
  }
  out.push_back(Attribute::integer("berth.registry.requests", o.registry_requests));
  const PackagesResult* p = o.packages.get();
  if (p == nullptr || !p->manifest) {
    return;
  }
  std::vector<std::string> tools;
  for (const auto& [tool, packages] : p->manifest->tools) {
    tools.push_back(tool + "=" + std::to_string(packages.size()));
  }
  out.push_back(Attribute::strings("berth.packages.tools", tools));
  if (p->previous) {
    out.push_back(Attribute::string("berth.packages.compared_with", step.source.str()));
    out.push_back(Attribute::integer("berth.packages.changed",
                                     static_cast<std::int64_t>(p->diff.changes.size())));
  }
}

StackImageSpans::StackImageSpans(std::vector<core::Span>& spans, const core::Span& root,
                                 std::function<std::string()> ids)
    : m_spans(spans), m_root(root), m_ids(std::move(ids)) {}

std::string StackImageSpans::parent_of(const core::Plan& plan, const core::Step& step,
                                       const StepOutcome& o, std::int64_t start,
                                       std::int64_t end) {
  if (step.stack_image.empty()) {
    return m_root.span_id;
  }
  auto it = m_index.find(step.stack_image);
  if (it == m_index.end()) {
    core::Span s;
    s.name = "image " + step.stack_image;
    s.trace_id = m_root.trace_id;
    s.span_id = m_ids().substr(0, 16);
    s.parent_span_id = m_root.span_id;
    s.start_ns = start;
    s.end_ns = end;
    s.attributes = {
        Attribute::string("cicd.pipeline.task.name", s.name),
        Attribute::string("cicd.pipeline.task.type", "build"),
        Attribute::string("berth.step", "stack-image"),
        Attribute::string("berth.stack.image", step.stack_image),
        Attribute::string("berth.image", step.target.name.written),
        Attribute::string("berth.stack.action",
                          builds(plan, step.stack_image) ? "build" : "retag"),
        Attribute::integer("berth.tests.passed", 0),
        Attribute::integer("berth.tests.failed", 0),
    };
    m_spans.push_back(std::move(s));
    it = m_index.emplace(step.stack_image, m_spans.size() - 1).first;
  }
  core::Span& image = m_spans[it->second];
  image.start_ns = std::min(image.start_ns, start);
  image.end_ns = std::max(image.end_ns, end);
  if (o.status == StepStatus::k_failed) {
    image.failed = true;
    if (image.status_message.empty()) {
      image.status_message = step_title(plan, step) + " failed";
    }
  }
  if (step.kind == core::StepKind::k_test) {
    bump(image, o.status == StepStatus::k_done ? "berth.tests.passed" : "berth.tests.failed");
  }
  return image.span_id;
}

}  // namespace berth::app
