// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/execute.hpp"
#include "app/run.hpp"
#include "app/services.hpp"
#include "core/plan.hpp"
#include "core/reference.hpp"
#include "io/console.hpp"
#include "io/env.hpp"

namespace berth::app {

// One image a promotion reads: its name, and for a stack its name in the
// stack file (errors name it).
struct PromotionImage {
  core::ImageName name;
  std::string stack_name;
};

// What a promotion did (or, in a dry run, would do), image by image.
struct PromotionReport {
  struct Image {
    std::string name;                  // as written: "ghcr.io/o/app"
    std::string digest;                // of the source manifest
    std::string media_type;
    std::vector<std::string> written;  // target references written
    std::vector<std::string> pending;  // target references not written (dry run, or failure)
    std::string stack_name;            // its name in the stack file ("" without a stack)
  };
  std::string source;
  std::string stack;  // the stack file whose images these are ("" without a stack)
  std::vector<std::string> targets;
  bool dry_run = false;
  std::vector<Image> images;
  int requests = 0;             // HTTP requests, token requests included
  std::uint64_t bytes_received = 0;
  std::uint64_t bytes_sent = 0;
  std::vector<std::string> request_log;  // "GET 200 https://..." per request
  core::Plan plan;
  Execution execution;
};

// Promotes the build tag `promote` of every image to the `promote-to` tags
// (default YYYY.Q-stable) through the registry API; with `stack`, the
// images are the stack file's (core::default_stack_prefix when it names no
// prefix), and an error names the stack's image: one manifest GET per
// image, one PUT per target, no layer moved. Every input is checked and
// every source read before anything is written, so a missing source writes
// nothing; all input errors are reported at once. A dry run only reads, and
// says which targets would move. Throws Error, Errors or Cancelled; a
// failure part-way says which targets were written and which were not.
PromotionReport run_promotion(const RunContext& rc, Services& s);

// The same over the real registries of `env` (tests and benchmarks).
PromotionReport run_promotion(const io::Env& env, io::Console& console);

// Runs a promotion as the action: writes the outputs and a job summary.
int run_promote_action(const RunContext& rc, Services& s);

// Runs `berth promote` over the real registries: prints the report as JSON
// on stdout.
int run_promote_command(const io::Env& env, io::Console& console);


// Returns the step outputs of a promotion: promoted, digest, json.
io::Outputs promotion_outputs(const PromotionReport& report);

}  // namespace berth::app
