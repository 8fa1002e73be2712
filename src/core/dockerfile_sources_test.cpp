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

}  // namespace
}  // namespace berth::core
