// SPDX-License-Identifier: MIT
// The registries a Dockerfile pulls from, as a table.
#include "core/dockerfile_sources.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

using Lines = std::vector<std::string>;

TEST(DockerfileSourcesTest, FindsTheRegistriesOfEveryImageThatIsPulled) {
  struct Case {
    std::string dockerfile;
    Lines build_args;
    Lines hosts;
    Lines unresolved;
  };
  const Case cases[] = {
      {"FROM debian:bookworm\n", {}, {"docker.io"}, {}},
      {"FROM scratch\nCOPY a /\n", {}, {}, {}},
      {"from --platform=$BUILDPLATFORM ghcr.io/o/base:1 AS build\nFROM build\n", {}, {"ghcr.io"}, {}},
      {"FROM 127.0.0.1:5002/private/base@sha256:" + std::string(64, 'a') + "\n", {},
       {"127.0.0.1:5002"}, {}},
      // Global ARG defaults, overridden by build-args; ${X:-d} and friends.
      {"ARG REG=quay.io\nARG BASE=${REG}/o/base:1\nFROM $BASE\n", {}, {"quay.io"}, {}},
      {"ARG BASE=quay.io/o/base:1\nFROM ${BASE}\n", {"BASE=ghcr.io/o/x:2"}, {"ghcr.io"}, {}},
      {"ARG TAG\nFROM ${REG:-registry.example.com}/app:${TAG:-latest}\n", {}, {"registry.example.com"}, {}},
      {"ARG MIRROR\nFROM ${MIRROR:+${MIRROR}/}library/debian\n", {}, {"docker.io"}, {}},
      {"ARG MIRROR\nFROM ${MIRROR:+${MIRROR}/}library/debian\n", {"MIRROR=mirror.example:5000"},
       {"mirror.example:5000"}, {}},
      // An ARG without a value: berth cannot tell.
      {"ARG BASE\nFROM $BASE\n", {}, {}, {"$BASE"}},
      // A stage's ARG does not reach a later FROM.
      {"FROM a.io/x\nARG B=b.io/y\nFROM $B\n", {}, {"a.io"}, {"$B"}},
      // COPY --from and RUN --mount from= pull images; stage names and indexes do not.
      {"FROM a.io/x AS one\nFROM scratch\nCOPY --from=one / /\nCOPY --from=0 / /\n"
       "COPY --from=c.io/tool:1 /t /t\nRUN --mount=type=bind,from=d.io/cache,target=/c true\n",
       {}, {"a.io", "c.io", "d.io"}, {}},
      // Continuations, comments between them, CRLF, the escape directive.
      {"FROM \\\n  # base\n  e.io/x \\\n  AS a\r\n", {}, {"e.io"}, {}},
      {"# escape=`\nFROM `\n f.io/x\n", {}, {"f.io"}, {}},
      // Duplicates once, in order.
      {"FROM g.io/a\nFROM h.io/b\nFROM g.io/c\n", {}, {"g.io", "h.io"}, {}},
      {"FROM Not_A/Reference!!\n", {}, {}, {"Not_A/Reference!!"}},
  };
  for (const Case& c : cases) {
    const PullSources s = dockerfile_pull_sources(c.dockerfile, c.build_args);
    EXPECT_EQ(s.hosts, c.hosts) << c.dockerfile;
    EXPECT_EQ(s.unresolved, c.unresolved) << c.dockerfile;
  }
}

TEST(DockerfileSourcesTest, ReferenceHost) {
  EXPECT_EQ(reference_host("debian"), "docker.io");
  EXPECT_EQ(reference_host("localhost:5000/a:1"), "localhost:5000");
  EXPECT_EQ(reference_host("ghcr.io/o/a:1"), "ghcr.io");
  EXPECT_EQ(reference_host(""), "");
}

TEST(DockerfileSourcesTest, ListsTheImagesOfFromLinesWithTheirLines) {
  struct Case {
    std::string dockerfile;
    Lines build_args;
    std::vector<FromImage> want;
  };
  const Case cases[] = {
      {"FROM debian\n", {}, {{"debian", "debian", 1}}},
      // ARG defaults and build args; a later build arg wins.
      {"ARG P=ghcr.io/a\n\nFROM ${P}/base:1 AS b\nFROM b\nFROM scratch\n", {},
       {{"${P}/base:1", "ghcr.io/a/base:1", 3}}},
      {"ARG P=ghcr.io/a\nFROM $P/base\n", {"P=x.io/y", "P=z.io/w"}, {{"$P/base", "z.io/w/base", 2}}},
      // The line a continued FROM starts on; comments count as lines.
      {"# c\nFROM --platform=$BUILDPLATFORM \\\n  a.io/x AS one\nRUN true\nFROM a.io/y\n", {},
       {{"a.io/x", "a.io/x", 2}, {"a.io/y", "a.io/y", 5}}},
      // Unset variables stay.
      {"ARG B\nFROM $B\n", {}, {{"$B", "$B", 2}}},
      // COPY --from is no FROM line.
      {"FROM a.io/x\nCOPY --from=c.io/tool / /\n", {}, {{"a.io/x", "a.io/x", 1}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.dockerfile);
    const std::vector<FromImage> got = dockerfile_from_images(c.dockerfile, c.build_args);
    ASSERT_EQ(got.size(), c.want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].written, c.want[i].written);
      EXPECT_EQ(got[i].expanded, c.want[i].expanded);
      EXPECT_EQ(got[i].line, c.want[i].line);
    }
  }
}

}  // namespace
}  // namespace berth::core
