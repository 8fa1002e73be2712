// SPDX-License-Identifier: MIT
// The real berth binary, started as the runner starts it: env only, no shell.
#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include <fstream>
#include <iterator>

#include "core/log_line.hpp"
#include "core/text.hpp"

#include "support/fixtures.hpp"
#include "support/runner_files.hpp"
#include "support/spawn.hpp"

namespace berth {
namespace {

using testing::run;
using testing::RunResult;

std::vector<std::string> json_strings(const std::string& text, const char* key) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  EXPECT_FALSE(doc.HasParseError()) << text;
  std::vector<std::string> out;
  if (!doc.HasParseError() && doc.HasMember(key)) {
    for (const auto& v : doc[key].GetArray()) {
      out.emplace_back(v.GetString());
    }
  }
  return out;
}

TEST(BinaryTest, TagsPrintsJson) {
  const RunResult r = run({testing::berth_binary(), "tags"}, testing::load_event("push_tag_semver"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json_strings(r.out, "tags"),
            (std::vector<std::string>{"ghcr.io/alice/bot:1.2.3", "ghcr.io/alice/bot:1.2",
                                      "ghcr.io/alice/bot:1", "ghcr.io/alice/bot:latest"}));
  EXPECT_NE(r.out.find("\"version\": \"1.2.3\""), std::string::npos);
  EXPECT_NE(r.out.find("\"latest\": true"), std::string::npos);
  EXPECT_EQ(r.err, "");
}

TEST(BinaryTest, FlagsOverrideInputsAndContext) {
  io::Env env = testing::load_event("push_default");
  env.set("INPUT_CALVER", "false");
  const RunResult r = run({testing::berth_binary(), "tags", "--calver", "true", "--ref",
                           "refs/heads/topic", "--images", "a/b", "--images", "c/d"},
                          env);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json_strings(r.out, "tag_names"),
            (std::vector<std::string>{"2023.2-a1239a5", "topic", "sha-a1239a5"}));
  EXPECT_EQ(json_strings(r.out, "images"), (std::vector<std::string>{"a/b", "c/d"}));
}

// Returns the workflow commands the runner would read in `log`: lines split
// on CR, LF and CRLF, Unicode whitespace trimmed, stop-commands honoured.
std::vector<std::string> commands_read(const std::string& log) {
  std::vector<std::string> out;
  std::string resume;
  for (const std::string_view raw : core::runner_lines(log)) {
    const std::string line(core::trim_space(raw));
    if (!resume.empty()) {
      if (line == resume) {
        resume.clear();
      }
      continue;
    }
    if (line.rfind("::stop-commands::", 0) == 0) {
      resume = "::" + line.substr(17) + "::";
      continue;
    }
    if (core::may_be_command(line)) {
      out.push_back(line.substr(0, line.find("::", 2) + 2));
    }
  }
  return out;
}

// Hostile text in inputs and in the event payload reaches the log, through
// the plan a dry run prints, only as text.
TEST(BinaryTest, HostileInputsNeverBecomeWorkflowCommands) {
  testing::TempDir dir;
  io::Env env = testing::load_event("push_default");
  std::string payload;
  {
    std::ifstream in(env.get("GITHUB_EVENT_PATH"));
    payload.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const std::string description = "\"A chat bot\"";
  payload.replace(payload.find(description), description.size(),
                  "\"bot\\n::set-output name=x::y\\r\\u00a0::warning::from the payload\"");
  env.set("GITHUB_EVENT_PATH", dir.write("event.json", payload));
  env.set("GITHUB_OUTPUT", dir.write("output", ""));
  env.set("INPUT_DRY-RUN", "true");
  env.set("INPUT_CONTEXT", dir.path());
  dir.write("Dockerfile", "FROM scratch\n");
  env.set("INPUT_REGISTRY", "127.0.0.1:1");
  env.set("BERTH_RETRY_ATTEMPTS", "1");
  env.set("BERTH_DOCKER", dir.path() + "/no-docker-here");
  env.set("INPUT_BUILD-ARGS", "MSG=x ::warning::pwned\nB=\xc2\xa0::error::pwned");
  env.set("INPUT_LABELS", "a=b\r::add-mask::ghcr.io\nc=\xe2\x80\xa8::notice::pwned");
  env.set("INPUT_TARGET", "t\r::warning::pwned");
  const RunResult r = run({testing::berth_binary()}, env);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  ASSERT_NE(r.out.find("pwned"), std::string::npos) << "the hostile text is not in the plan";
  for (const std::string& command : commands_read(r.out + r.err)) {
    EXPECT_TRUE(command == "::group::" || command == "::endgroup::" || command == "::warning::")
        << command << " in\n" << r.out;
  }
  std::size_t warnings = 0;
  for (const std::string& command : commands_read(r.out)) {
    warnings += command == "::warning::" ? 1 : 0;
  }
  EXPECT_EQ(warnings, 2u) << r.out;  // no docker, no registry: berth's own
  const auto outputs = testing::parse_runner_file(dir.read("output"));
  EXPECT_EQ(outputs.count("x"), 0u);
}

TEST(BinaryTest, ActionWritesOutputsAndSummary) {
  testing::TempDir dir;
  io::Env env = testing::load_event("push_default");
  env.set("GITHUB_OUTPUT", dir.write("output", ""));
  env.set("GITHUB_STEP_SUMMARY", dir.write("summary", ""));
  env.set("INPUT_PASSWORD", "pa55-w0rd-XYZ");
  env.set("INPUT_DRY-RUN", "true");
  env.set("INPUT_CONTEXT", dir.path());
  dir.write("Dockerfile", "FROM scratch\n");
  // Nothing listens there: the dry run warns that it cannot check the
  // registry, and goes on.
  env.set("INPUT_REGISTRY", "127.0.0.1:1");
  env.set("BERTH_RETRY_ATTEMPTS", "1");
  env.set("INPUT_CALVER", "true");
  const RunResult r = run({testing::berth_binary()}, env);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  // The mask comes first, before any other line.
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "::add-mask::pa55-w0rd-XYZ");
  const auto outputs = testing::parse_runner_file(dir.read("output"));
  EXPECT_EQ(outputs.at("version"), "2023.2-a1239a5");
  EXPECT_EQ(outputs.at("tags"),
            "127.0.0.1:1/alice/bot:2023.2-a1239a5\n127.0.0.1:1/alice/bot:sha-a1239a5\n"
            "127.0.0.1:1/alice/bot:latest");
  EXPECT_EQ(outputs.at("image"), "127.0.0.1:1/alice/bot");
  EXPECT_NE(r.out.find("::warning::dry run: cannot check 127.0.0.1:1/alice/bot"),
            std::string::npos);
  EXPECT_EQ(outputs.at("latest"), "true");
  EXPECT_EQ(outputs.at("push"), "true");
  EXPECT_NE(outputs.at("labels").find("org.opencontainers.image.version=2023.2-a1239a5"),
            std::string::npos);
  EXPECT_EQ(json_strings(outputs.at("json"), "tag_names").size(), 3u);
  const std::string summary = dir.read("summary");
  EXPECT_NE(summary.find("dry run"), std::string::npos);
  EXPECT_NE(summary.find("`latest`"), std::string::npos);
  // The secret appears only inside the add-mask command.
  const std::string everything = r.out.substr(r.out.find('\n')) + r.err +
                                 dir.read("output") + summary;
  EXPECT_EQ(everything.find("pa55-w0rd-XYZ"), std::string::npos);
}

TEST(BinaryTest, BuildSecretsAreMaskedFirstAndShownNowhere) {
  testing::TempDir dir;
  io::Env env = testing::load_event("push_default");
  env.set("GITHUB_OUTPUT", dir.write("output", ""));
  env.set("GITHUB_STEP_SUMMARY", dir.write("summary", ""));
  env.set("INPUT_PASSWORD", "pa55-w0rd-XYZ");
  env.set("INPUT_SECRETS", "tok=s3cr3t-one\n\"ml=first-line\nsecond-line\"\n");
  env.set("INPUT_DRY-RUN", "true");
  env.set("INPUT_CONTEXT", dir.path());
  dir.write("Dockerfile", "FROM scratch\n");
  env.set("INPUT_REGISTRY", "127.0.0.1:1");
  env.set("BERTH_RETRY_ATTEMPTS", "1");
  const RunResult r = run({testing::berth_binary()}, env);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::vector<std::string> lines;
  for (std::string_view line : core::split(r.out, '\n')) {
    lines.emplace_back(line);
  }
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0], "::add-mask::pa55-w0rd-XYZ");
  EXPECT_EQ(lines[1], "::add-mask::s3cr3t-one");
  EXPECT_EQ(lines[2], "::add-mask::first-line");
  EXPECT_EQ(lines[3], "::add-mask::second-line");
  std::string everything = r.err + dir.read("output") + dir.read("summary");
  for (std::size_t i = 4; i < lines.size(); ++i) {
    everything += lines[i] + "\n";
  }
  for (const char* secret : {"s3cr3t-one", "first-line", "second-line"}) {
    EXPECT_EQ(everything.find(secret), std::string::npos) << secret << " in\n" << everything;
  }
}

TEST(BinaryTest, PasswordStdinKeepsTheSecretOutOfArgv) {
  testing::TempDir dir;
  dir.write("Dockerfile", "FROM scratch\n");
  io::Env env = testing::load_event("push_default");
  env.set("INPUT_DRY-RUN", "true");
  env.set("INPUT_CONTEXT", dir.path());
  env.set("INPUT_REGISTRY", "127.0.0.1:1");
  env.set("BERTH_RETRY_ATTEMPTS", "1");
  const RunResult r = run({testing::berth_binary(), "--password-stdin"}, env, "from-stdin-1\n");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "::add-mask::from-stdin-1");
}

struct BadCase {
  const char* name;
  std::vector<std::pair<std::string, std::string>> env;
  const char* title;  // expected ::error title
};

TEST(BinaryTest, BadInputsFailWithAnErrorNamingTheInput) {
  const BadCase cases[] = {
      {"image", {{"INPUT_IMAGE", "Bad Image"}}, "Invalid input 'image'"},
      {"images", {{"INPUT_IMAGES", "ok/app\nghcr.io/missing-owner"}}, "Invalid input 'images'"},
      {"registry", {{"INPUT_REGISTRY", "https://ghcr.io"}}, "Invalid input 'registry'"},
      {"event", {{"GITHUB_EVENT_NAME", "pushed"}}, "Invalid GitHub context 'GITHUB_EVENT_NAME'"},
      {"calver", {{"INPUT_CALVER", "quarterly"}}, "Invalid input 'calver'"},
      {"push", {{"INPUT_PUSH", "maybe"}}, "Invalid input 'push'"},
      {"dry-run", {{"INPUT_DRY-RUN", "yes"}}, "Invalid input 'dry-run'"},
      {"tags", {{"INPUT_TAGS", "good\n.bad"}}, "Invalid input 'tags'"},
      {"promote", {{"INPUT_PROMOTE", "latest"}}, "Invalid input 'promote'"},
      {"missing payload", {{"GITHUB_EVENT_PATH", "/nonexistent/event.json"}},
       "Invalid GitHub context 'GITHUB_EVENT_PATH'"},
      {"sde", {{"SOURCE_DATE_EPOCH", "yesterday"}}, "Invalid variable 'SOURCE_DATE_EPOCH'"},
      {"promotion, registry unreachable",
       {{"INPUT_PROMOTE", "2023.2-a1239a5"}, {"INPUT_REGISTRY", "127.0.0.1:1"},
        {"BERTH_RETRY_ATTEMPTS", "1"}},
       "Invalid input 'registry'"},
      {"promotion, images unreachable",
       {{"INPUT_PROMOTE", "2023.2-a1239a5"}, {"INPUT_IMAGES", "127.0.0.1:1/a/b"},
        {"BERTH_RETRY_ATTEMPTS", "1"}},
       "Invalid input 'images'"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    testing::TempDir dir;
    io::Env env = testing::load_event("push_default");
    env.set("GITHUB_OUTPUT", dir.write("output", ""));
    for (const auto& [k, v] : c.env) {
      env.set(k, v);
    }
    const RunResult r = run({testing::berth_binary()}, env);
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find(std::string("::error title=") + c.title + "::"), std::string::npos)
        << r.out;
    EXPECT_EQ(dir.read("output"), "") << "wrote outputs despite the error";
  }
}

TEST(BinaryTest, MalformedPayloadFails) {
  testing::TempDir dir;
  io::Env env = testing::load_event("push_default");
  env.set("GITHUB_EVENT_PATH", dir.write("event.json", "{\"repository\": {\"name\": "));
  const RunResult r = run({testing::berth_binary(), "tags"}, env);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("::error title=Invalid GitHub context 'GITHUB_EVENT_PATH'::"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(BinaryTest, HelpVersionAndUsage) {
  const io::Env env;
  const RunResult help = run({testing::berth_binary(), "--help"}, env);
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("--dry-run"), std::string::npos);
  EXPECT_NE(help.out.find("--secret-envs"), std::string::npos);
  // No secret goes on a command line.
  EXPECT_EQ(help.out.find("--password "), std::string::npos);
  EXPECT_EQ(help.out.find("--secrets "), std::string::npos) << help.out;
  const RunResult version = run({testing::berth_binary(), "--version"}, env);
  EXPECT_EQ(version.status, 0);
  EXPECT_NE(version.out.find("libcurl/"), std::string::npos);
  const RunResult bad = run({testing::berth_binary(), "--no-such-flag"}, env);
  EXPECT_EQ(bad.status, 2);
}

}  // namespace
}  // namespace berth
