// SPDX-License-Identifier: MIT
#include "core/reference.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace berth::core {
namespace {

TEST(ReferenceTest, ParsesNames) {
  struct Case {
    const char* text;
    const char* registry;
    const char* repository;
    const char* written;
  };
  const Case cases[] = {
      {"debian", "docker.io", "library/debian", "debian"},
      {"alice/bot", "docker.io", "alice/bot", "alice/bot"},
      {"docker.io/debian", "docker.io", "library/debian", "docker.io/debian"},
      {"index.docker.io/alice/bot", "docker.io", "alice/bot", "index.docker.io/alice/bot"},
      {"ghcr.io/Alice/Bot", "ghcr.io", "alice/bot", "ghcr.io/alice/bot"},
      {"ghcr.io/org/team/app", "ghcr.io", "org/team/app", "ghcr.io/org/team/app"},
      {"localhost:5000/x", "localhost:5000", "x", "localhost:5000/x"},
      {"localhost/x", "localhost", "x", "localhost/x"},
      {"127.0.0.1:5443/a/b", "127.0.0.1:5443", "a/b", "127.0.0.1:5443/a/b"},
      {"[::1]:5000/a", "[::1]:5000", "a", "[::1]:5000/a"},
      {"docker.pkg.github.com/alice/bot/app", "docker.pkg.github.com", "alice/bot/app",
       "docker.pkg.github.com/alice/bot/app"},
      {"registry.example.com/a__b/c-d/e.f/g---h", "registry.example.com",
       "a__b/c-d/e.f/g---h", "registry.example.com/a__b/c-d/e.f/g---h"},
      {"  alice/bot\n", "docker.io", "alice/bot", "alice/bot"},
  };
  for (const Case& c : cases) {
    const ImageName n = parse_image_name(c.text, "image");
    EXPECT_EQ(n.registry, c.registry) << c.text;
    EXPECT_EQ(n.repository, c.repository) << c.text;
    EXPECT_EQ(n.written, c.written) << c.text;
  }
}

TEST(ReferenceTest, RejectsBadNames) {
  const char* bad[] = {
      "",
      "a//b",
      "/a",
      "a/",
      "a b",
      "a:tag",
      "ghcr.io/a:1.0",
      "a@sha256:abc",
      "_a",
      "a_",
      "a___b",
      "a..b",
      "a.-b",
      "ghcr.io/onlyname",
      "docker.pkg.github.com/alice/bot",
      "docker.pkg.github.com/a/b/c/d",
      "bad_host.example.com/a",
      "-host.com/a",
      "host.com:99999999/a",
      "host.com:/a",
      "[zz::1]/a",
      "caf\xc3\xa9/x",
  };
  for (const char* text : bad) {
    try {
      parse_image_name(text, "images");
      ADD_FAILURE() << "accepted " << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.input(), "images") << text;
    }
  }
  EXPECT_THROW(parse_image_name("a/" + std::string(260, 'b'), "image"), Error);
}

TEST(ReferenceTest, ParsesReferences) {
  const Reference r = parse_reference("localhost:5000/team/app:2023.2-a1239a5", "promote");
  EXPECT_EQ(r.name.registry, "localhost:5000");
  EXPECT_EQ(r.name.repository, "team/app");
  EXPECT_EQ(r.tag, "2023.2-a1239a5");
  EXPECT_EQ(r.digest, "");

  const std::string digest = "sha256:" + std::string(64, 'a');
  const Reference d = parse_reference("ghcr.io/a/b:v1@" + digest, "x");
  EXPECT_EQ(d.tag, "v1");
  EXPECT_EQ(d.digest, digest);

  const Reference p = parse_reference("localhost:5000/app", "x");
  EXPECT_EQ(p.tag, "");
  EXPECT_EQ(p.name.registry, "localhost:5000");

  EXPECT_THROW(parse_reference("a:-bad", "x"), Error);
  EXPECT_THROW(parse_reference("a@sha256:short", "x"), Error);
  EXPECT_THROW(parse_reference("a@md5:" + std::string(64, 'a'), "x"), Error);
}

TEST(ReferenceTest, RendersTagAndDigestReferencesThatParseBack) {
  const std::string digest = "sha256:" + std::string(64, 'c');
  struct Case {
    const char* name;
    Reference ref;
    const char* text;
  };
  const ImageName hub = parse_image_name("Alice/Bot", "images");
  const ImageName local = parse_image_name("localhost:5000/team/app", "images");
  const Case cases[] = {
      {"tag", Reference::with_tag(hub, "1.2"), "alice/bot:1.2"},
      {"tag after a port", Reference::with_tag(local, "latest"),
       "localhost:5000/team/app:latest"},
      {"digest", Reference::with_digest(local, digest),
       "localhost:5000/team/app@sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"},
      {"name only", Reference{hub, "", ""}, "alice/bot"},
      {"tag and digest", Reference{hub, "v1", digest},
       "alice/bot:v1@sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.ref.str(), c.text) << c.name;
    const Reference back = parse_reference(c.ref.str(), "x");
    EXPECT_EQ(back.name.full(), c.ref.name.full()) << c.name;
    EXPECT_EQ(back.tag, c.ref.tag) << c.name;
    EXPECT_EQ(back.digest, c.ref.digest) << c.name;
  }
}

TEST(ReferenceTest, ValidatesRegistries) {
  EXPECT_TRUE(is_valid_registry("ghcr.io"));
  EXPECT_TRUE(is_valid_registry("localhost:5000"));
  EXPECT_TRUE(is_valid_registry("127.0.0.1:5443"));
  EXPECT_TRUE(is_valid_registry("[::1]:5000"));
  EXPECT_TRUE(is_valid_registry("Registry.Example.com"));
  EXPECT_FALSE(is_valid_registry(""));
  EXPECT_FALSE(is_valid_registry("https://ghcr.io"));
  EXPECT_FALSE(is_valid_registry("ghcr.io/"));
  EXPECT_FALSE(is_valid_registry("a b"));
  EXPECT_FALSE(is_valid_registry("host:"));
  EXPECT_FALSE(is_valid_registry("host:port"));
}

}  // namespace
}  // namespace berth::core
