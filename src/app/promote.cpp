// SPDX-License-Identifier: MIT
#include "app/promote.hpp"

#include <cstdio>

#include "app/build.hpp"
#include "core/error.hpp"
#include "app/report.hpp"
#include "app/terminal.hpp"
#include "app/timings.hpp"
#include "core/images.hpp"
#include "core/promote_plan.hpp"
#include "core/promotion.hpp"
#include "core/stack.hpp"
#include "core/text.hpp"
#include "io/http.hpp"
#include "io/stack_file.hpp"

namespace berth::app {
namespace {

// Fills the report's per-image lists from the plan and what became of it.
void tally(PromotionReport& report) {
  for (PromotionReport::Image& image : report.images) {
    for (std::size_t i = 0; i < report.plan.steps.size(); ++i) {
      const core::Step& step = report.plan.steps[i];
      if (step.target.name.written != image.name) {
        continue;
      }
      const bool done = report.execution.outcomes[i].status == StepStatus::k_done;
      (done ? image.written : image.pending).push_back(step.target.str());
    }
  }
}

// The images of the stack file `in.stack` (relative to the workspace), each
// with its name in the file. Only the image names are needed: the
// Dockerfiles are not read.
std::vector<PromotionImage> stack_images(const RunContext& rc, io::Files& files) {
  const core::Inputs& in = rc.inputs;
  if (!in.image_rules.empty() || !in.image.empty()) {
    throw Error("stack: a stack promotion takes its images from the stack file; drop " +
                    std::string(in.image_rules.empty() ? "image" : "images"),
                "stack");
  }
  if (!files.is_regular_file(in.stack)) {
    throw Error("stack: the stack file " + in.stack +
                    " is not there (`stack` names a file in the repository)",
                "stack");
  }
  const core::Stack stack = io::parse_stack_file(
      files.read_text(in.stack), in.stack,
      core::default_stack_prefix(in.registry, rc.github.repository_owner, rc.github.repository));
  std::vector<PromotionImage> out;
  ErrorCollector errors;
  for (const core::StackImage& image : stack.images) {
    errors.guard([&] {
      const core::ImageName name = core::parse_image_name(image.image, "stack");
      for (const PromotionImage& seen : out) {
        if (seen.name.full() == name.full()) {
          throw Error(core::stack_message(stack.path, image.line,
                                          "images \"" + seen.stack_name + "\" and \"" +
                                              image.name + "\" are one image, " + image.image),
                      "stack");
        }
      }
      out.push_back({name, image.name});
    });
  }
  errors.throw_if_any();
  if (out.empty()) {
    throw Error("stack: " + in.stack + " holds no image", "stack");
  }
  return out;
}

// The images to promote: the stack file's, else the `images`/`image` inputs'.
std::vector<PromotionImage> promotion_images(const RunContext& rc, io::Files& files) {
  if (!rc.inputs.stack.empty()) {
    return stack_images(rc, files);
  }
  std::vector<PromotionImage> out;
  for (const core::ImageName& name : core::resolve_images(rc.inputs, rc.github)) {
    out.push_back({name, ""});
  }
  return out;
}

}  // namespace

PromotionReport run_promotion(const RunContext& rc, Services& s) {
  const core::Inputs& in = rc.inputs;
  PromotionReport report;
  report.source = in.promote;
  report.dry_run = in.dry_run;

  // 1. Validate everything before the first request; report every mistake.
  ErrorCollector errors;
  std::vector<PromotionImage> sources;
  if (in.promote.empty()) {
    errors.add(Error("promote: name the build tag to promote", "promote"));
  }
  errors.guard([&] { sources = promotion_images(rc, s.files); });
  errors.guard([&] { report.targets = core::promotion_targets(in.promote, in.promote_to); });
  std::vector<core::ImageName> images;
  for (const PromotionImage& source : sources) {
    images.push_back(source.name);
  }
  errors.guard([&] {
    report.plan = core::plan_promotion(images, in.promote, report.targets, in.dry_run);
  });
  errors.throw_if_any();
  report.stack = in.stack;

  // 2. One token per registry covers every repository of the run.
  for (const core::ImageName& image : images) {
    s.registries.registry(image.registry)
        .add_scope(image.repository, in.dry_run ? "pull" : "pull,push");
  }

  // 3. Read every source first: nothing is written unless all exist.
  Executor executor(report.plan, s, {});
  for (const PromotionImage& source : sources) {
    const core::ImageName& image = source.name;
    // A stack's image is named as the stack file names it.
    const std::string which =
        source.stack_name.empty() ? "" : "stack image \"" + source.stack_name + "\": ";
    errors.guard([&] {
      try {
        const io::Manifest manifest =
            s.registries.registry(image.registry).get_manifest(image.repository, in.promote);
        report.images.push_back(
            {image.written, manifest.digest, manifest.media_type, {}, {}, source.stack_name});
        executor.know_manifest(core::Reference::with_tag(image, in.promote), manifest);
      } catch (const io::TransportError& e) {
        // The registry could not be reached: its name is the input to check.
        throw Error("promote: " + which + e.what(), core::registry_input(in));
      } catch (const Cancelled&) {
        throw;
      } catch (const Error& e) {
        throw Error("promote: " + which + e.what(), e.input().empty() ? "promote" : e.input());
      }
    });
  }
  errors.throw_if_any();

  // 4. Write (or, dry, only look at) each target.
  print_plan(report.plan, s);
  report.execution = in.dry_run ? executor.preview() : executor.run();
  tally(report);
  const HttpStats stats = s.registries.stats();
  report.requests = stats.requests;
  report.bytes_received = stats.bytes_received;
  report.bytes_sent = stats.bytes_sent;
  report.request_log = stats.log;
  return report;
}

PromotionReport run_promotion(const io::Env& env, io::Console& console) {
  const RunContext rc = read_run_context(env);
  PromotionReport report;
  with_live_services(env, console, rc.inputs, [&](Services& s) {
    report = run_promotion(rc, s);
    return 0;
  });
  return report;
}

io::Outputs promotion_outputs(const PromotionReport& r) {
  std::vector<std::string> promoted;
  for (const auto& image : r.images) {
    const auto& refs = r.dry_run ? image.pending : image.written;
    promoted.insert(promoted.end(), refs.begin(), refs.end());
  }
  return {
      {"promoted", core::join(promoted, "\n")},
      {"digest", r.images.empty() ? std::string() : r.images.front().digest},
      {"json", promotion_json(r)},
      {"traceparent", r.execution.traceparent},
  };
}

int run_promote_action(const RunContext& rc, Services& s) {
  const PromotionReport report = run_promotion(rc, s);
  if (const std::string path = s.env.get("GITHUB_OUTPUT"); !path.empty()) {
    s.files.write_outputs(path, promotion_outputs(report));
  }
  if (const std::string path = s.env.get("GITHUB_STEP_SUMMARY"); !path.empty()) {
    std::string md = "### berth promotion";
    md += report.dry_run ? " (dry run: nothing was written)\n\n" : "\n\n";
    if (!report.stack.empty()) {
      md += "Every image of the stack `" + report.stack + "`.\n\n";
    }
    md += "| image | digest | " + std::string(report.dry_run ? "would promote" : "promoted") +
          " |\n|---|---|---|\n";
    for (const auto& image : report.images) {
      const auto& refs = report.dry_run ? image.pending : image.written;
      md += "| `" + image.name + ":" + report.source + "` | `" + image.digest + "` | " +
            core::join(refs, "<br>") + " |\n";
    }
    md += "\n" + std::to_string(report.requests) + " registry requests, " +
          std::to_string(report.bytes_received) + " bytes received\n";
    md += timing_summary(report.plan, report.execution);
    s.files.write_summary(path, md);
  }
  return 0;
}

int run_promote_command(const io::Env& env, io::Console& console) {
  // As berth plan does: where each fact of the context came from (the
  // checkout, the simulated-event flags, the environment).
  const RunContext rc = read_run_context(env);
  print_context(rc.context, console, colour_allowed(is_terminal(stderr), env));
  PromotionReport report;
  with_live_services(env, console, rc.inputs, [&](Services& s) {
    report = run_promotion(rc, s);
    return 0;
  });
  const std::string json = promotion_json(report) + "\n";
  std::fwrite(json.data(), 1, json.size(), stdout);
  std::fflush(stdout);
  return 0;
}

}  // namespace berth::app
