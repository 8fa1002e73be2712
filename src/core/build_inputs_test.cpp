// SPDX-License-Identifier: MIT
// The BuildKit inputs: build-push-action's grammar for each, and one error per
// malformed line that names its input (and never quotes a `secrets` line).
#include "core/build_inputs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/inputs.hpp"

namespace berth::core {
namespace {

// The errors of parsing `values` (none if valid).
std::vector<Error> errors_of(const InputValues& values) {
  try {
    parse_inputs(values);
    return {};
  } catch (const Errors& e) {
    return e.all();
  }
}

using Secret = BuildSecret::Source;

TEST(BuildInputsTest, DefaultsAddNothing) {
  const BuildOptions o = parse_inputs({}).build;
  EXPECT_TRUE(o.secrets.empty());
  EXPECT_FALSE(o.no_cache);
  EXPECT_FALSE(o.pull);
  EXPECT_EQ(o.provenance, "");
  EXPECT_EQ(o.sbom, "");
  EXPECT_EQ(o.builder, "");
}

TEST(BuildInputsTest, SecretsKeepTheirValueVerbatim) {
  // As getInputList with ignoreComma and no trimming: '=' and ',' stay in the
  // value, a quoted value spans lines, blank lines are skipped.
  const BuildOptions o = parse_inputs({{"secrets",
                                        "GIT_AUTH_TOKEN=abc=def\n"
                                        "\n"
                                        "\"KEY=line one\nline \"\"two\"\"\"\n"
                                        "CSV=a,b , c \n"}})
                             .build;
  ASSERT_EQ(o.secrets.size(), 3u);
  EXPECT_EQ(o.secrets[0].id, "GIT_AUTH_TOKEN");
  EXPECT_EQ(o.secrets[0].source, Secret::k_value);
  EXPECT_EQ(o.secrets[1].id, "KEY");
  EXPECT_EQ(o.secrets[2].id, "CSV");
  EXPECT_EQ(o.secret_values.at("GIT_AUTH_TOKEN"), "abc=def");
  EXPECT_EQ(o.secret_values.at("KEY"), "line one\nline \"two\"");
  EXPECT_EQ(o.secret_values.at("CSV"), "a,b , c ");
}

TEST(BuildInputsTest, SecretErrorsNeverQuoteTheLine) {
  const std::vector<Error> errors =
      errors_of({{"secrets", "hunter2-no-id\n=hunter3\nid with space=hunter4\nEMPTY=\n"
                             "DUP=hunter5\nDUP=hunter6\n"}});
  ASSERT_EQ(errors.size(), 5u);
  const std::vector<std::string> lines = {"line 1:", "line 2:", "line 3:", "line 4:", "line 6:"};
  for (std::size_t i = 0; i < errors.size(); ++i) {
    const std::string message = errors[i].what();
    EXPECT_EQ(errors[i].input(), "secrets");
    EXPECT_NE(message.find(lines[i]), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter"), std::string::npos) << message;
    EXPECT_EQ(message.find("DUP"), std::string::npos) << message;
  }
  // A quote that is not closed stops the input's parse: one error, no text.
  const std::vector<Error> quote = errors_of({{"secrets", "A=1\n\"B=hunter7\n"}});
  ASSERT_EQ(quote.size(), 1u);
  EXPECT_NE(std::string(quote[0].what()).find("secrets: line 2: a double quote is not closed"),
            std::string::npos)
      << quote[0].what();
  EXPECT_EQ(std::string(quote[0].what()).find("hunter"), std::string::npos);
}

TEST(BuildInputsTest, SecretFilesAndEnvs) {
  const BuildOptions o = parse_inputs({{"secrets", "A=1"},
                                       {"secret-files", "npmrc=/home/u/.npmrc\nB=./my, file"},
                                       {"secret-envs", "C=MY_VAR, D=OTHER\nE=_X1"}})
                             .build;
  ASSERT_EQ(o.secrets.size(), 6u);
  EXPECT_EQ(o.secrets[1].id, "npmrc");
  EXPECT_EQ(o.secrets[1].source, Secret::k_file);
  EXPECT_EQ(o.secrets[1].from, "/home/u/.npmrc");
  EXPECT_EQ(o.secrets[2].from, "./my, file");
  EXPECT_EQ(o.secrets[3].source, Secret::k_env);
  EXPECT_EQ(o.secrets[3].from, "MY_VAR");
  EXPECT_EQ(o.secrets[4].id, "D");
  EXPECT_EQ(o.secrets[5].from, "_X1");
}

TEST(BuildInputsTest, ListsAndWords) {
  const BuildOptions o = parse_inputs({
                                          {"builder", "mybuilder"},
                                          {"ssh", "default, github=/tmp/key"},
                                          {"build-contexts", "alpine=docker-image://alpine:3.19\nsrc=../src"},
                                          {"no-cache", "true"},
                                          {"no-cache-filters", "build,test\nlint"},
                                          {"pull", "True"},
                                          {"network", "host"},
                                          {"add-hosts", "db:10.0.0.2, v6=::1\ngw:host-gateway"},
                                          {"shm-size", "2g"},
                                          {"ulimit", "nofile=1024:2048\nnproc=-1"},
                                          {"provenance", "mode=max"},
                                          {"sbom", "TRUE"},
                                          {"annotations",
                                           "org.opencontainers.image.title=app\n"
                                           "index:a.b=c,d\n"
                                           "manifest[linux/amd64]:x=y\n"
                                           "Foo:bar=baz"},
                                      })
                             .build;
  EXPECT_EQ(o.builder, "mybuilder");
  EXPECT_EQ(o.ssh, (std::vector<std::string>{"default", "github=/tmp/key"}));
  EXPECT_EQ(o.build_contexts,
            (std::vector<std::string>{"alpine=docker-image://alpine:3.19", "src=../src"}));
  EXPECT_TRUE(o.no_cache);
  EXPECT_EQ(o.no_cache_filters, (std::vector<std::string>{"build", "test", "lint"}));
  EXPECT_TRUE(o.pull);
  EXPECT_EQ(o.network, "host");
  EXPECT_EQ(o.add_hosts, (std::vector<std::string>{"db:10.0.0.2", "v6:::1", "gw:host-gateway"}));
  EXPECT_EQ(o.shm_size, "2g");
  EXPECT_EQ(o.ulimits, (std::vector<std::string>{"nofile=1024:2048", "nproc=-1"}));
  EXPECT_EQ(o.provenance, "mode=max");
  EXPECT_EQ(o.sbom, "true");
  EXPECT_EQ(o.annotations.size(), 4u);
  EXPECT_EQ(o.annotations[1], "index:a.b=c,d");
}

TEST(BuildInputsTest, ProvenanceBooleans) {
  EXPECT_EQ(parse_inputs({{"provenance", "False"}}).build.provenance, "false");
  EXPECT_EQ(parse_inputs({{"provenance", "true"}}).build.provenance, "true");
  EXPECT_EQ(parse_inputs({{"provenance", "mode=min,inline-only=true"}}).build.provenance,
            "mode=min,inline-only=true");
}

// Each bad value: its input, and the text its error must hold.
struct BadCase {
  const char* input;
  const char* value;
  const char* says;
};

class BadBuildInputTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadBuildInputTest, IsOneErrorNamingItsInput) {
  const BadCase& c = GetParam();
  const std::vector<Error> errors = errors_of({{c.input, c.value}});
  ASSERT_EQ(errors.size(), 1u) << c.input << ": " << c.value;
  EXPECT_EQ(errors[0].input(), c.input);
  EXPECT_NE(std::string(errors[0].what()).find(c.says), std::string::npos) << errors[0].what();
}

INSTANTIATE_TEST_SUITE_P(
    Grammar, BadBuildInputTest,
    ::testing::Values(
        BadCase{"builder", "my builder", "is not a builder name"},
        BadCase{"secret-files", "ok=/a\nnopath", "line 2: \"nopath\" is not id=path"},
        BadCase{"secret-files", "x=", "is not id=path"},
        BadCase{"secret-envs", "A=1BAD", "is not id=VARIABLE"},
        BadCase{"secret-envs", "A=B\nC", "line 2: \"C\" is not id=VARIABLE"},
        BadCase{"secret-envs", "A=INPUT_PASSWORD", "does not pass to docker"},
        BadCase{"secret-envs", "A=X,A=Y", "id \"A\" is already given (secret-envs line 1)"},
        BadCase{"ssh", "my key=/k", "is not default, ID or ID=path"},
        BadCase{"ssh", "id=", "is not default, ID or ID=path"},
        BadCase{"build-contexts", "noequals", "line 1: \"noequals\" is not name=value"},
        BadCase{"build-contexts", "a=b\n\nc=", "line 3: \"c=\" is not name=value"},
        BadCase{"no-cache", "yes", "\"yes\" is not a boolean"},
        BadCase{"no-cache-filters", "a b", "is not a stage name"},
        BadCase{"pull", "1", "is not a boolean"},
        BadCase{"network", "my net", "is not a network"},
        BadCase{"add-hosts", "db", "\"db\" is not host:ip"},
        BadCase{"add-hosts", "db:not-an-ip", "is not host:ip"},
        BadCase{"shm-size", "2 gigs", "is not a size"},
        BadCase{"shm-size", "-1g", "is not a size"},
        BadCase{"ulimit", "nofile=1024:2048\nfoo=1", "line 2: \"foo=1\" is not type=soft[:hard]"},
        BadCase{"ulimit", "nofile=abc", "is not type=soft[:hard]"},
        BadCase{"ulimit", "nofile=2048:1024", "soft limit above its hard limit"},
        BadCase{"provenance", "maybe", "neither true, false nor an attribute"},
        BadCase{"provenance", "mode=full", "mode must be min or max"},
        BadCase{"sbom", "generator=", "neither true, false nor an attribute"},
        BadCase{"annotations", "novalue", "is not [type:]key=value"},
        BadCase{"annotations", "foo:bar=x", "unknown type \"foo\""},
        BadCase{"annotations", "manifest[amd64]:a=b", "platform that is not os/arch"},
        BadCase{"annotations", "index:=b", "has no key after its type"},
        BadCase{"annotations", "a=1\nindex:=b", "line 2:"}));

TEST(BuildInputsTest, SecretIdsAreUniqueAcrossTheThreeInputs) {
  const std::vector<Error> errors = errors_of(
      {{"secrets", "tok=1"}, {"secret-files", "tok=/f"}, {"secret-envs", "tok=V"}});
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].input(), "secret-files");
  EXPECT_NE(std::string(errors[0].what()).find("(secrets line 1)"), std::string::npos);
  EXPECT_EQ(errors[1].input(), "secret-envs");
}

TEST(BuildInputsTest, EveryBadInputIsReportedAtOnce) {
  const std::vector<Error> errors =
      errors_of({{"pull", "x"}, {"no-cache", "y"}, {"ulimit", "bad"}, {"registry", "a b"}});
  EXPECT_EQ(errors.size(), 4u);
}

TEST(BuildInputsTest, MaskingFindsEveryValue) {
  const auto values = secret_values_to_mask("A=one-value\n\"B=two\nlines\"\n");
  EXPECT_EQ(values, (std::vector<std::string>{"one-value", "two\nlines"}));
  // A value that does not parse: the whole text, and each line after its '='.
  const auto fallback = secret_values_to_mask("A=first\n\"B=unclosed");
  EXPECT_EQ(fallback[0], "A=first\n\"B=unclosed");
  EXPECT_NE(std::find(fallback.begin(), fallback.end(), "first"), fallback.end());
  EXPECT_NE(std::find(fallback.begin(), fallback.end(), "unclosed"), fallback.end());
}

}  // namespace
}  // namespace berth::core
