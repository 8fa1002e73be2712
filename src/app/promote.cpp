// SPDX-License-Identifier: MIT
#include "app/promote.hpp"

#include <algorithm>
#include <cstdio>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "app/registries.hpp"
#include "core/error.hpp"
#include "core/images.hpp"
#include "core/promotion.hpp"
#include "core/text.hpp"
#include "io/file_commands.hpp"
#include "io/github_context.hpp"
#include "io/http.hpp"
#include "io/registry.hpp"

namespace berth::app {
PromotionReport run_promotion(const io::Env& env, io::Console& console) {
  // 1. Validate everything before the first request.
  const core::Inputs in = core::parse_inputs(io::read_inputs(env));
  if (in.promote.empty()) {
    throw Error("promote: name the build tag to promote", "promote");
  }
  const core::GitHubContext ctx = io::read_github_context(env);
  const std::vector<core::ImageName> images = core::resolve_images(in, ctx);
  PromotionReport report;
  report.source = in.promote;
  report.targets = core::promotion_targets(in.promote, in.promote_to);
  report.dry_run = in.dry_run;
  for (const std::string& t : report.targets) {
    if (t == in.promote) {
      throw Error("promote-to: \"" + t + "\" is the source tag itself", "promote-to");
    }
  }

  // 2. One HTTP stack and one client per registry; one token per registry
  // covers every repository of the run.
  Registries registries(env, in, console);
  for (const core::ImageName& image : images) {
    registries.client(image.registry)
        .add_scope(image.repository, in.dry_run ? "pull" : "pull,push");
  }
  const auto client_of = [&](const core::ImageName& image) -> io::RegistryClient& {
    return registries.client(image.registry);
  };

  // 3. Read every source first: nothing is written unless all exist.
  std::vector<io::Manifest> manifests;
  std::vector<Error> missing;
  for (const core::ImageName& image : images) {
    try {
      manifests.push_back(client_of(image).get_manifest(image.repository, in.promote));
    } catch (const io::TransportError& e) {
      // The registry could not be reached: its name is the input to check.
      missing.emplace_back(std::string("promote: ") + e.what(), core::registry_input(in));
    } catch (const Error& e) {
      missing.emplace_back(std::string("promote: ") + e.what(), e.input().empty() ? "promote" : e.input());
    }
  }
  if (!missing.empty()) {
    throw Errors(std::move(missing));
  }

  // 4. Write (or, dry, only look at) each target.
  for (std::size_t i = 0; i < images.size(); ++i) {
    const core::ImageName& image = images[i];
    io::RegistryClient& client = client_of(image);
    PromotionReport::Image result{image.written, manifests[i].digest, manifests[i].media_type, {}, {}};
    for (const std::string& target : report.targets) {
      const std::string ref = image.written + ":" + target;
      if (in.dry_run) {
        const auto current = client.head_manifest(image.repository, target);
        console.info("dry run: " + ref + (current == manifests[i].digest ? " already points at "
                                                                           : " would point at ") +
                     manifests[i].digest +
                     (current && *current != manifests[i].digest ? " (now " + *current + ")" : ""));
        result.pending.push_back(ref);
        continue;
      }
      try {
        client.put_manifest(image.repository, target, manifests[i]);
        result.written.push_back(ref);
        console.info(ref + " -> " + manifests[i].digest);
      } catch (const Error& e) {
        // Say exactly what a re-run still has to do.
        std::vector<std::string> written = result.written, pending;
        for (const auto& done : report.images) {
          written.insert(written.end(), done.written.begin(), done.written.end());
        }
        for (std::size_t j = i; j < images.size(); ++j) {
          for (const std::string& t : report.targets) {
            const std::string r = images[j].written + ":" + t;
            if (std::find(written.begin(), written.end(), r) == written.end()) {
              pending.push_back(r);
            }
          }
        }
        throw Error(std::string(e.what()) + "; written: " +
                        (written.empty() ? "none" : core::join(written, ", ")) +
                        "; not written: " + core::join(pending, ", ") +
                        " (a re-run finishes the job)",
                    e.input());
      }
    }
    report.images.push_back(std::move(result));
  }
  const io::CountingHttpClient& http = registries.http();
  report.requests = http.requests();
  report.bytes_received = http.bytes_received();
  report.bytes_sent = http.bytes_sent();
  report.request_log = http.log();
  return report;
}

std::string promotion_json(const PromotionReport& r) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  const auto strings = [&w](const char* key, const std::vector<std::string>& items) {
    w.Key(key);
    w.StartArray();
    for (const std::string& s : items) {
      w.String(s);
    }
    w.EndArray();
  };
  w.StartObject();
  w.Key("source");
  w.String(r.source);
  strings("targets", r.targets);
  w.Key("dry_run");
  w.Bool(r.dry_run);
  w.Key("images");
  w.StartArray();
  for (const auto& image : r.images) {
    w.StartObject();
    w.Key("image");
    w.String(image.name);
    w.Key("digest");
    w.String(image.digest);
    w.Key("media_type");
    w.String(image.media_type);
    strings("promoted", image.written);
    strings("pending", image.pending);
    w.EndObject();
  }
  w.EndArray();
  w.Key("requests");
  w.Int(r.requests);
  w.Key("bytes_received");
  w.Uint64(r.bytes_received);
  w.Key("bytes_sent");
  w.Uint64(r.bytes_sent);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
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
  };
}

int run_promote_action(const io::Env& env, io::Console& console) {
  const PromotionReport report = run_promotion(env, console);
  if (const std::string path = env.get("GITHUB_OUTPUT"); !path.empty()) {
    io::write_outputs(path, promotion_outputs(report));
  }
  if (const std::string path = env.get("GITHUB_STEP_SUMMARY"); !path.empty()) {
    std::string md = "### berth promotion";
    md += report.dry_run ? " (dry run: nothing was written)\n\n" : "\n\n";
    md += "| image | digest | " + std::string(report.dry_run ? "would promote" : "promoted") +
          " |\n|---|---|---|\n";
    for (const auto& image : report.images) {
      const auto& refs = report.dry_run ? image.pending : image.written;
      md += "| `" + image.name + ":" + report.source + "` | `" + image.digest + "` | " +
            core::join(refs, "<br>") + " |\n";
    }
    md += "\n" + std::to_string(report.requests) + " registry requests, " +
          std::to_string(report.bytes_received) + " bytes received\n";
    io::write_summary(path, md);
  }
  return 0;
}

int run_promote_command(const io::Env& env, io::Console& console) {
  const std::string json = promotion_json(run_promotion(env, console)) + "\n";
  std::fwrite(json.data(), 1, json.size(), stdout);
  std::fflush(stdout);
  return 0;
}

}  // namespace berth::app
