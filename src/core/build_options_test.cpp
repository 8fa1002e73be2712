// SPDX-License-Identifier: MIT
// The BuildKit inputs as flags: buildx's, the classic builder's subset, the
// secret variables, and which inputs only BuildKit serves.
#include "core/build_options.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/inputs.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

using Flags = std::vector<std::string>;

BuildOptions options_of(const InputValues& values) { return parse_inputs(values).build; }

TEST(BuildOptionsTest, DefaultsGiveOnlyProvenanceFalse) {
  EXPECT_EQ(buildkit_flags({}), (Flags{"--provenance=false"}));
  EXPECT_TRUE(classic_flags({}).empty());
  EXPECT_TRUE(secret_vars({}).empty());
  EXPECT_TRUE(buildkit_only_inputs({}).empty());
}

TEST(BuildOptionsTest, EveryInputBecomesItsFlag) {
  const BuildOptions o = options_of({
      {"secrets", "tok=hunter2\nother=x=y"},
      {"secret-files", "npmrc=/home/u/.npmrc\nodd=./a,b\nq=./a\"b"},
      {"secret-envs", "env1=MY_VAR"},
      {"ssh", "default"},
      {"build-contexts", "alpine=docker-image://alpine:3.19"},
      {"no-cache", "true"},
      {"no-cache-filters", "test"},
      {"pull", "true"},
      {"network", "host"},
      {"add-hosts", "db=10.0.0.2"},
      {"shm-size", "2g"},
      {"ulimit", "nofile=1024:2048"},
      {"provenance", "mode=max"},
      {"sbom", "true"},
      {"annotations", "index:org.example=1"},
  });
  EXPECT_EQ(buildkit_flags(o),
            (Flags{"--secret", "id=tok,env=BERTH_SECRET_0",
                   "--secret", "id=other,env=BERTH_SECRET_1",
                   "--secret", "id=npmrc,src=/home/u/.npmrc",
                   "--secret", "id=odd,\"src=./a,b\"",
                   "--secret", "id=q,\"src=./a\"\"b\"",
                   "--secret", "id=env1,env=MY_VAR",
                   "--ssh", "default",
                   "--build-context", "alpine=docker-image://alpine:3.19",
                   "--no-cache", "--pull",
                   "--network", "host",
                   "--add-host", "db:10.0.0.2",
                   "--shm-size", "2g",
                   "--ulimit", "nofile=1024:2048",
                   "--no-cache-filter", "test",
                   "--provenance=mode=max", "--sbom=true",
                   "--annotation", "index:org.example=1"}));
  EXPECT_EQ(classic_flags(o), (Flags{"--no-cache", "--pull", "--network", "host", "--add-host",
                                     "db:10.0.0.2", "--shm-size", "2g", "--ulimit",
                                     "nofile=1024:2048"}));
  const std::vector<SecretVar> vars = secret_vars(o);
  ASSERT_EQ(vars.size(), 2u);
  EXPECT_EQ(vars[0].variable, "BERTH_SECRET_0");
  EXPECT_EQ(vars[0].input, "secrets");
  EXPECT_EQ(vars[0].key, "tok");
  EXPECT_EQ(vars[1].variable, "BERTH_SECRET_1");
  EXPECT_EQ(vars[1].key, "other");
  EXPECT_EQ(buildkit_only_inputs(o),
            (Flags{"secrets", "secret-files", "secret-envs", "ssh", "build-contexts",
                   "no-cache-filters", "provenance", "sbom", "annotations"}));
}

TEST(BuildOptionsTest, NoSecretValueInAnyFlag) {
  const BuildOptions o = options_of({{"secrets", "a=hunter2-value\n\"b=multi\nline-secret\""}});
  const std::string argv = join(buildkit_flags(o), " ") + join(classic_flags(o), " ");
  EXPECT_EQ(argv.find("hunter2"), std::string::npos) << argv;
  EXPECT_EQ(argv.find("line-secret"), std::string::npos) << argv;
  EXPECT_NE(argv.find("id=b,env=BERTH_SECRET_1"), std::string::npos) << argv;
}

TEST(BuildOptionsTest, ProvenanceAndSbomAsTheUserSetThem) {
  EXPECT_EQ(buildkit_flags(options_of({{"provenance", "true"}})),
            (Flags{"--provenance=true"}));
  EXPECT_EQ(buildkit_flags(options_of({{"provenance", "FALSE"}, {"sbom", "false"}})),
            (Flags{"--provenance=false", "--sbom=false"}));
  // false serves on any builder; so does an empty input.
  EXPECT_TRUE(buildkit_only_inputs(options_of({{"provenance", "false"}, {"sbom", "false"}})).empty());
  EXPECT_EQ(buildkit_only_inputs(options_of({{"sbom", "generator=x/y"}})), (Flags{"sbom"}));
}

TEST(BuildOptionsTest, BuilderIsNeverAFlag) {
  const BuildOptions o = options_of({{"builder", "b1"}});
  EXPECT_EQ(buildkit_flags(o), (Flags{"--provenance=false"}));
  EXPECT_TRUE(classic_flags(o).empty());
  EXPECT_EQ(buildkit_only_inputs(o), (Flags{"builder"}));
}

TEST(BuildOptionsTest, ClassicInputsAreNotBuildkitOnly) {
  const BuildOptions o = options_of({{"no-cache", "true"},
                                     {"pull", "true"},
                                     {"network", "none"},
                                     {"add-hosts", "a:1.2.3.4"},
                                     {"shm-size", "64m"},
                                     {"ulimit", "nproc=10"}});
  EXPECT_TRUE(buildkit_only_inputs(o).empty());
  EXPECT_EQ(classic_flags(o).size(), 10u);
}

}  // namespace
}  // namespace berth::core
