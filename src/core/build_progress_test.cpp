// SPDX-License-Identifier: MIT
#include "core/build_progress.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/fixtures.hpp"

namespace berth::core {
namespace {

constexpr std::int64_t k_ms = 1'000'000;

// Feeds `lines`, the i-th arriving at i ms.
BuildProgress read(const std::vector<std::string>& lines) {
  BuildProgress p;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    p.add_line(lines[i], static_cast<std::int64_t>(i) * k_ms);
  }
  return p;
}

TEST(BuildProgressTest, ReadsNameStartEndAndBuildKitsTime) {
  const BuildProgress p = read({
      "#5 [build 2/4] RUN make",  // 0 ms
      "#5 0.215 some output",
      "#5 DONE 1.3s",             // 2 ms
  });
  ASSERT_EQ(p.steps().size(), 1u);
  const BuildStep& s = p.steps()[0];
  EXPECT_EQ(s.id, 5);
  EXPECT_EQ(s.name, "[build 2/4] RUN make");
  EXPECT_EQ(s.start_ns, 0);
  EXPECT_EQ(s.end_ns, 2 * k_ms);
  EXPECT_EQ(s.reported_ms, 1300);
  EXPECT_EQ(s.ms(), 1300);  // BuildKit's time, not the lines' arrival
  EXPECT_FALSE(s.cached);
  EXPECT_EQ(std::string(s.status()), "done");
  EXPECT_TRUE(s.dockerfile());
}

TEST(BuildProgressTest, MarksCachedFailedCanceledAndUnfinishedSteps) {
  const BuildProgress p = read({
      "#6 [stage-1 1/2] COPY --link app /app",
      "#6 CACHED",
      "#8 [build 3/4] RUN false",
      "#8 0.101 /bin/sh: false",
      "#8 ERROR: process \"/bin/sh -c false\" did not complete successfully: exit code: 1",
      "#9 [build 4/4] RUN sleep 9",
      "#9 CANCELED",
      "#10 exporting to image",
      "#10 exporting layers",
  });
  ASSERT_EQ(p.steps().size(), 4u);
  EXPECT_TRUE(p.steps()[0].cached);
  EXPECT_EQ(std::string(p.steps()[0].status()), "cached");
  EXPECT_EQ(p.steps()[0].ms(), 0);
  EXPECT_EQ(p.steps()[1].error,
            "process \"/bin/sh -c false\" did not complete successfully: exit code: 1");
  EXPECT_EQ(std::string(p.steps()[1].status()), "failed");
  EXPECT_EQ(p.steps()[1].ms(), 2);  // no DONE: from its first line to its ERROR
  EXPECT_EQ(p.steps()[2].error, "canceled");
  EXPECT_FALSE(p.steps()[3].finished());
  EXPECT_EQ(std::string(p.steps()[3].status()), "unfinished");
  EXPECT_EQ(p.steps()[3].ms(), 1);  // to its latest line
  EXPECT_FALSE(p.steps()[3].dockerfile());
}

TEST(BuildProgressTest, FollowsInterleavedVertexesByTheirIds) {
  const BuildProgress p = read({
      "#1 [internal] load build definition from Dockerfile",  // 0
      "#1 transferring dockerfile: 2B done",
      "#1 DONE 0.0s",                                        // 2
      "",
      "#4 [a 1/1] RUN sleep 1",                              // 4
      "#5 [b 1/1] RUN sleep 2",                              // 5
      "#4 ...",
      "",
      "#5 [b 1/1] RUN sleep 2",  // shown again: not a new step, nor a new name
      "#5 0.5 DONE 9.9s",        // a log line saying DONE is not the end
      "#4 [a 1/1] RUN sleep 1",
      "#4 DONE 1.0s",                                        // 11
      "#5 DONE 2.1s",                                        // 12
  });
  ASSERT_EQ(p.steps().size(), 3u);
  EXPECT_EQ(p.steps()[1].id, 4);
  EXPECT_EQ(p.steps()[1].start_ns, 4 * k_ms);
  EXPECT_EQ(p.steps()[1].end_ns, 11 * k_ms);
  EXPECT_EQ(p.steps()[1].ms(), 1000);
  EXPECT_EQ(p.steps()[2].name, "[b 1/1] RUN sleep 2");
  EXPECT_EQ(p.steps()[2].start_ns, 5 * k_ms);
  EXPECT_EQ(p.steps()[2].reported_ms, 2100);
}

TEST(BuildProgressTest, IgnoresLinesThatAreNotProgress) {
  const BuildProgress p = read({
      "ERROR: failed to solve: process \"/bin/sh -c false\" did not complete successfully",
      "------",
      " > [build 3/4] RUN false:",
      "Dockerfile:3",
      "#",
      "#x [not] a step",
      "#12",
      "#12 ",
      "Step 1/2 : FROM scratch",
      "# a comment",
      "#3[a 1/1] RUN x",
  });
  EXPECT_TRUE(p.steps().empty());
}

TEST(BuildProgressTest, TellsDockerfileInstructionsFromBuildKitsOwnWork) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"[build 2/4] RUN make", true},
      {"[2/2] COPY hello /hello", true},
      {"[linux/arm64 build 2/4] RUN make", true},
      {"[stage-1 1/2] COPY --link app /app", true},
      {"[internal] load build definition from Dockerfile", false},
      {"[internal] load metadata for docker.io/library/alpine:3.19", false},
      {"[auth] library/alpine:pull token for registry-1.docker.io", false},
      {"exporting to image", false},
      {"[build 2/] RUN x", false},
      {"[build /4] RUN x", false},
      {"[build 2/4]RUN x", false},
      {"[build 2/4", false},
  };
  for (const auto& [name, want] : cases) {
    BuildStep s;
    s.name = name;
    EXPECT_EQ(s.dockerfile(), want) << name;
  }
}

TEST(BuildProgressTest, ReadsBuildKitsSeconds) {
  const std::vector<std::pair<std::string, std::int64_t>> cases = {
      {"0.0s", 0},   {"1.3s", 1300}, {"12s", 12'000}, {"0.25s", 250}, {"123.4s", 123'400},
      {"", -1},      {"s", -1},      {"1.s", -1},     {"1,3s", -1},   {"1.3", -1},
      {"-1.0s", -1}, {"1.3ms", -1},
  };
  for (const auto& [text, want] : cases) {
    EXPECT_EQ(parse_seconds_ms(text), want) << text;
  }
}

TEST(BuildProgressTest, ACarriageReturnAtTheEndIsNotPartOfTheLine) {
  const BuildProgress p = read({"#2 [1/1] RUN x\r", "#2 CACHED\r"});
  ASSERT_EQ(p.steps().size(), 1u);
  EXPECT_EQ(p.steps()[0].name, "[1/1] RUN x");
  EXPECT_TRUE(p.steps()[0].cached);
}

// Feeds the captured output testdata/buildkit/`name` (see its README), the
// i-th line arriving at i ms.
BuildProgress captured(const std::string& name) {
  std::ifstream in(berth::testing::testdata("buildkit/" + name));
  EXPECT_TRUE(in.good()) << name;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return read(lines);
}

// One step as a row of a table: "id|status|ms|dockerfile|name".
std::string row(const BuildStep& s) {
  return std::to_string(s.id) + "|" + s.status() + "|" + std::to_string(s.ms()) + "|" +
         (s.dockerfile() ? "D" : "-") + "|" + s.name;
}

std::vector<std::string> rows(const BuildProgress& p) {
  std::vector<std::string> out;
  for (const BuildStep& s : p.steps()) {
    out.push_back(row(s));
  }
  return out;
}

const std::string k_cache_run =
    "[base 2/2] RUN --mount=type=cache,id=berth-e2e-modern,target=/var/cache/berth-e2e     "
    "date +%s >>/var/cache/berth-e2e/runs && wc -l </var/cache/berth-e2e/runs >/cache-runs";
const std::string k_secret_run =
    "[build 2/4] RUN --mount=type=secret,id=token,required=true     test -s /run/secrets/token "
    "&& sha256sum </run/secrets/token | cut -d' ' -f1 >/token.sha256";
const std::string k_injected_run =
    "[final 3/3] RUN echo \"::set-output name=injected::from-the-dockerfile\"  && echo "
    "\"::warning::injected from the dockerfile\"";

TEST(BuildProgressTest, ReadsAFirstBuildOnTheClassicStore) {
  EXPECT_EQ(rows(captured("modern-classic-first.txt")),
            (std::vector<std::string>{
                "1|done|200|-|[internal] load build definition from Dockerfile",
                "2|done|0|-|[internal] load metadata for docker.io/berth-base/debian:bookworm-slim",
                "3|done|200|-|[internal] load .dockerignore",
                "4|done|0|D|[base 1/2] FROM docker.io/berth-base/debian:bookworm-slim",
                "5|done|100|-|[internal] preparing inline document",
                "6|done|100|-|[internal] load build context",
                "7|done|500|D|" + k_cache_run,
                "8|done|100|D|[build 1/4] COPY hello.txt /run-nonce",
                "9|done|100|D|[final 1/3] COPY --link hello.txt /hello.txt",
                "10|done|300|D|" + k_secret_run,
                "11|done|200|D|[build 3/4] COPY <<HEREDOC /heredoc.txt",
                "12|done|400|D|[build 4/4] RUN <<SCRIPT (set -e...)",
                "13|done|100|D|[final 2/3] COPY --link --from=build /token.sha256 /heredoc.txt "
                "/heredoc-run.txt /",
                "14|done|200|D|" + k_injected_run,
                "15|done|200|-|exporting to image",
                "16|done|10800|-|pushing 127.0.0.1:8000/cap/modern:1 with docker",
            }));
}

TEST(BuildProgressTest, MarksTheStepsASecondBuildTookFromTheCache) {
  const BuildProgress again = captured("modern-classic-again.txt");
  std::vector<std::string> cached;
  for (const BuildStep& s : again.steps()) {
    if (s.cached) {
      cached.push_back(std::to_string(s.id));
    }
  }
  // The cache-mount RUN, before the changed COPY; and the heredoc document,
  // which BuildKit showed again as CACHED after its DONE.
  EXPECT_EQ(cached, (std::vector<std::string>{"5", "7"}));
  EXPECT_EQ(row(again.steps()[6]), "7|cached|0|D|" + k_cache_run);
  EXPECT_EQ(row(again.steps()[9]), "10|done|400|D|" + k_secret_run);
  EXPECT_EQ(again.steps().size(), 16u);

  // Unchanged, on the containerd store: every Dockerfile step but FROM.
  const BuildProgress all = captured("modern-containerd-cached.txt");
  int dockerfile = 0;
  int from_cache = 0;
  for (const BuildStep& s : all.steps()) {
    dockerfile += s.dockerfile() ? 1 : 0;
    from_cache += s.dockerfile() && s.cached ? 1 : 0;
    EXPECT_TRUE(s.finished()) << s.name;
  }
  EXPECT_EQ(dockerfile, 9);
  EXPECT_EQ(from_cache, 8);
  EXPECT_EQ(row(all.steps()[14]), "15|done|500|-|exporting to image");
}

TEST(BuildProgressTest, ReadsAMultiPlatformBuild) {
  EXPECT_EQ(rows(captured("multi-platform-containerd.txt")),
            (std::vector<std::string>{
                "1|done|100|-|[internal] load build definition from Dockerfile",
                "2|done|200|-|[internal] load .dockerignore",
                "3|done|200|-|[internal] load build context",
                "4|done|100|-|[internal] preparing inline document",
                "5|done|100|D|[linux/arm64 1/2] COPY hello /hello",
                "6|done|200|D|[linux/arm64 2/2] COPY <<EOF /note",
                "7|done|1500|-|exporting to image",
                "8|done|500|-|pushing 127.0.0.1:8000/cap/mp:1 with docker",
            }));
}

TEST(BuildProgressTest, ReadsAFailedBuild) {
  const BuildProgress p = captured("error-classic.txt");
  EXPECT_EQ(rows(p), (std::vector<std::string>{
                         "1|done|100|-|[internal] load build definition from Dockerfile",
                         "2|done|0|-|[internal] load metadata for "
                         "docker.io/berth-base/debian:bookworm-slim",
                         "3|done|0|-|[internal] load .dockerignore",
                         "4|cached|0|D|[1/3] FROM docker.io/berth-base/debian:bookworm-slim",
                         "5|done|1200|D|[2/3] RUN echo start && sleep 1",
                         "6|failed|2|D|[3/3] RUN echo boom && false",
                     }));
  EXPECT_EQ(p.steps()[5].error,
            "process \"/bin/sh -c echo boom && false\" did not complete successfully: exit "
            "code: 1");
}

}  // namespace
}  // namespace berth::core
