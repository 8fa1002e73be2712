// SPDX-License-Identifier: MIT
#include "app/run.hpp"

#include <chrono>
#include <cstdio>

#include "app/build.hpp"
#include "app/report.hpp"
#include "core/error.hpp"
#include "core/metadata.hpp"
#include "core/text.hpp"
#include "io/file_commands.hpp"
#include "io/github_context.hpp"
#include "io/process.hpp"
#include "io/timezones.hpp"

namespace berth::app {
namespace {

core::Clock read_clock(const io::Env& env) {
  core::Clock clock;
  clock.now = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  if (const auto sde = env.find("SOURCE_DATE_EPOCH"); sde && !core::trim(*sde).empty()) {
    clock.source_date_epoch = core::parse_epoch_seconds(*sde);
    if (!clock.source_date_epoch) {
      throw Error::variable("SOURCE_DATE_EPOCH \"" + *sde + "\" is not a number of seconds",
                  "SOURCE_DATE_EPOCH");
    }
  }
  return clock;
}

// Everything a command needs, validated before anything is written.
struct Plan {
  core::Inputs inputs;
  core::Metadata metadata;
};

Plan make_plan(const io::Env& env) {
  const io::ZoneInfoTimeZones zones(io::zoneinfo_directory(env.get("TZDIR")));
  // Inputs and context are checked side by side, so that one run reports
  // every mistake at once.
  std::vector<Error> errors;
  const auto collect = [&errors](const auto& step) {
    try {
      step();
    } catch (const Errors& e) {
      errors.insert(errors.end(), e.all().begin(), e.all().end());
    } catch (const Error& e) {
      errors.push_back(e);
    }
  };
  Plan plan;
  core::GitHubContext ctx;
  core::Clock clock;
  collect([&] { plan.inputs = core::parse_inputs(io::read_inputs(env)); });
  collect([&] { ctx = io::read_github_context(env); });
  collect([&] { clock = read_clock(env); });
  if (!errors.empty()) {
    throw Errors(std::move(errors));
  }
  clock.zones = &zones;
  plan.metadata = core::compute_metadata(plan.inputs, ctx, clock);
  return plan;
}

void print_warnings(const core::Metadata& m, io::Console& console) {
  for (const std::string& w : m.tag_set.warnings) {
    console.warning(w);
  }
}

}  // namespace

core::Metadata plan_metadata(const io::Env& env) { return make_plan(env).metadata; }

int run_tags(const io::Env& env, io::Console& console) {
  const Plan plan = make_plan(env);
  print_warnings(plan.metadata, console);
  const std::string json = metadata_json(plan.metadata) + "\n";
  std::fwrite(json.data(), 1, json.size(), stdout);
  std::fflush(stdout);
  return 0;
}

int run_action(const io::Env& env, io::Console& console) {
  Plan plan = make_plan(env);
  core::Metadata& m = plan.metadata;
  print_warnings(m, console);

  io::PosixProcessRunner runner;
  const BuildReport build = build_and_push(plan.inputs, m, env, console, runner);
  console.group(plan.inputs.dry_run ? "berth: tags (dry run)" : "berth: tags");
  for (const std::string& tag : m.tags) {
    console.info(tag);
  }
  console.endgroup();
  if (!build.digest.empty()) {
    console.info("digest " + build.digest);
  }

  // Outputs are written in dry-run too: they are the plan, and later steps of
  // a dry-run workflow read them. Registries and daemons are left alone.
  if (const std::string path = env.get("GITHUB_OUTPUT"); !path.empty()) {
    io::write_outputs(path, metadata_outputs(m, &build));
  }
  if (const std::string path = env.get("GITHUB_STEP_SUMMARY"); !path.empty()) {
    io::write_summary(path, metadata_summary(m, plan.inputs.dry_run, &build));
  }
  return 0;
}

}  // namespace berth::app
