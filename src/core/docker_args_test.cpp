// SPDX-License-Identifier: MIT
#include "core/docker_args.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.hpp"

namespace berth::core {
namespace {

using Argv = std::vector<std::string>;

BuildSpec spec() {
  BuildSpec s;
  s.context = "app";
  s.labels = {{"a", "1"}, {"b", "two words"}};
  s.tags = {"r/x:1", "r/x:latest"};
  s.iidfile = "/tmp/p/iid";
  return s;
}

DockerCapabilities buildx() {
  DockerCapabilities caps;
  caps.buildx = true;
  return caps;
}

TEST(BuildArgv, ClassicBuilder) {
  BuildSpec s = spec();
  s.config_dir = "/tmp/p/docker";
  s.build_args = {"K=V"};
  s.target = "final";
  EXPECT_EQ(build_argv(s, {}),
            (Argv{"docker", "--config", "/tmp/p/docker", "build", "--target", "final",
                  "--build-arg", "K=V", "--label", "a=1", "--label", "b=two words", "--tag",
                  "r/x:1", "--tag", "r/x:latest", "--iidfile", "/tmp/p/iid", "app"}));
}

TEST(BuildArgv, BuildxLoadsOrPushes) {
  BuildSpec s = spec();
  s.labels.clear();
  s.tags = {"r/x:1"};
  s.platforms = {"linux/amd64", "linux/arm64"};
  s.push = true;
  s.metadata_file = "/tmp/p/meta.json";
  s.builder = "berth-1";
  EXPECT_EQ(build_argv(s, buildx()),
            (Argv{"docker", "buildx", "build", "--progress=plain", "--builder", "berth-1",
                  "--platform", "linux/amd64,linux/arm64", "--tag", "r/x:1", "--iidfile",
                  "/tmp/p/iid", "--metadata-file", "/tmp/p/meta.json", "--push",
                  "--provenance=false", "app"}));
  s.push = false;
  s.load = true;
  const Argv load = build_argv(s, buildx());
  EXPECT_NE(std::find(load.begin(), load.end(), "--load"), load.end());
  EXPECT_EQ(std::find(load.begin(), load.end(), "--push"), load.end());
  // Neither: the result stays in the build cache.
  s.load = false;
  const Argv neither = build_argv(s, buildx());
  EXPECT_EQ(std::find(neither.begin(), neither.end(), "--load"), neither.end());
  EXPECT_EQ(std::find(neither.begin(), neither.end(), "--push"), neither.end());
}

TEST(BuildArgv, ProvenanceOffUnlessAsked) {
  BuildSpec s = spec();
  s.options.provenance = "mode=max";
  const Argv argv = build_argv(s, buildx());
  EXPECT_EQ(std::find(argv.begin(), argv.end(), "--provenance=false"), argv.end());
}

TEST(BuilderArgv, CreateAndRemoveInTheGivenConfig) {
  EXPECT_EQ(builder_create_argv("docker", "/p/docker", "berth-1"),
            (Argv{"docker", "--config", "/p/docker", "buildx", "create", "--name", "berth-1",
                  "--driver", "docker-container", "--bootstrap"}));
  EXPECT_EQ(builder_remove_argv("docker", "/p/docker", "berth-1"),
            (Argv{"docker", "--config", "/p/docker", "buildx", "rm", "berth-1"}));
}

TEST(CheckBuilder, NamesWhatTheClassicBuilderCannotDo) {
  Inputs in;
  in.platforms = {"linux/amd64", "linux/arm64"};
  in.cache_to = {"type=gha"};
  in.cache_from = {"r/x:cache", "type=registry,ref=r/x:cache"};
  try {
    check_builder(in, {});
    FAIL() << "no error";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 3u);
    EXPECT_EQ(e.all()[0].input(), "platforms");
    EXPECT_EQ(e.all()[1].input(), "cache-to");
    EXPECT_EQ(e.all()[2].input(), "cache-from");
  }
  EXPECT_NO_THROW(check_builder(in, buildx()));
  in = Inputs{};
  in.build.builder = "ci";
  try {
    check_builder(in, {});
    FAIL() << "no error";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 1u);
    EXPECT_EQ(e.all()[0].input(), "builder");
  }
}

TEST(LabelStep, OneLabelInstructionWithEverythingQuoted) {
  const Labels labels = {{"org.opencontainers.image.title", "app"},
                         {"quote", "say \"hi\" \\ $HOME ${X}"},
                         {"empty", ""}};
  EXPECT_EQ(label_dockerfile("berth-bare:0123", labels),
            "FROM berth-bare:0123\n"
            "LABEL \"org.opencontainers.image.title\"=\"app\" "
            "\"quote\"=\"say \\\"hi\\\" \\\\ \\$HOME \\${X}\" \"empty\"=\"\"\n");
}

TEST(LabelStep, LineBreaksDoNotFitADockerfile) {
  EXPECT_TRUE(labels_fit_dockerfile({{"a", "b c"}}));
  EXPECT_FALSE(labels_fit_dockerfile({{"a", "two\nlines"}}));
  EXPECT_FALSE(labels_fit_dockerfile({{"a\r", "b"}}));
}

TEST(LabelStep, ArgvTagsAndReadsStdin) {
  BuildSpec s = spec();
  s.config_dir = "/tmp/p/docker";
  EXPECT_EQ(label_argv(s), (Argv{"docker", "--config", "/tmp/p/docker", "build", "--tag", "r/x:1",
                                 "--tag", "r/x:latest", "--iidfile", "/tmp/p/iid", "-"}));
}

TEST(LabelStep, UntagDropsOnlyTheTemporaryTag) {
  EXPECT_EQ(untag_argv("docker", "berth-bare:0123"), (Argv{"docker", "image", "rm", "berth-bare:0123"}));
}

TEST(FormatArgv, QuotesOnlyWhatAShellWouldSplit) {
  EXPECT_EQ(format_argv({"docker", "build", "--label", "b=two words", "it's", ""}),
            "docker build --label 'b=two words' 'it'\\''s' ''");
}

// A control character never reaches the log raw: a line break inside an
// argument would otherwise start a new log line.
TEST(FormatArgv, WritesControlCharactersAsEscapes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"t\r::warning::x", "$'t\\r::warning::x'"},
      {"a\nb", "$'a\\nb'"},
      {"tab\there", "$'tab\\there'"},
      {std::string("v\x0b'q\\", 5), "$'v\\x0b\\'q\\\\'"},
      {"del\x7f", "$'del\\x7f'"},
  };
  for (const auto& [arg, shown] : cases) {
    EXPECT_EQ(format_argv({arg}), shown) << arg;
    EXPECT_EQ(format_argv({arg}).find_first_of("\r\n"), std::string::npos);
  }
}

}  // namespace
}  // namespace berth::core
