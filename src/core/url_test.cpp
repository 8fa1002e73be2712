// SPDX-License-Identifier: MIT
#include "core/url.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

struct ParseCase {
  std::string text;
  bool ok;
  std::string host = {};
  std::string port = {};
  std::string target = {};
  bool userinfo = false;
};

TEST(UrlTest, ParsesAbsoluteHttpUrls) {
  const ParseCase cases[] = {
      {"https://Registry.Example.com/v2/", true, "registry.example.com", "", "/v2/"},
      {"http://127.0.0.1:5000/token?a=b", true, "127.0.0.1", "5000", "/token?a=b"},
      {"https://[::1]:443/x#frag", true, "[::1]", "443", "/x"},
      {"https://host", true, "host", "", "/"},
      {"https://host/a/./b/../c", true, "host", "", "/a/c"},
      {"http://127.0.0.1@203.0.113.7/token", true, "203.0.113.7", "", "/token", true},
      {"https://u:p@host:1/", true, "host", "1", "/", true},
      {"ftp://host/", false},
      {"/v2/a", false},
      {"https:/host", false},
      {"https://", false},
      {"https://:5000/", false},
      {"https://host:0/", false},
      {"https://host:65536/", false},
      {"https://host:/", false},
      {"https://host:12a/", false},
      {"https://ho st/", false},
      {"https://host/a b", false},
      {"https://host/\x01", false},
      {"https://[::1/", false},
      {"https://[zz]/", false},
      {"https://-host/", false},
      {"https://host\\@evil/", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    const auto url = parse_url(c.text);
    ASSERT_EQ(url.has_value(), c.ok);
    if (c.ok) {
      EXPECT_EQ(url->host, c.host);
      EXPECT_EQ(url->port, c.port);
      EXPECT_EQ(url->target(), c.target);
      EXPECT_EQ(url->has_userinfo, c.userinfo);
    }
  }
}

TEST(UrlTest, ResolvesReferencesAgainstABase) {
  const Url base = *parse_url("https://reg.example:5000/v2/a/b/tags/list?n=10");
  const std::pair<std::string, std::string> cases[] = {
      {"/v2/a/b/tags/list?last=x&n=10", "https://reg.example:5000/v2/a/b/tags/list?last=x&n=10"},
      {"list?last=x", "https://reg.example:5000/v2/a/b/tags/list?last=x"},
      {"?last=x", "https://reg.example:5000/v2/a/b/tags/list?last=x"},
      {"../x", "https://reg.example:5000/v2/a/b/x"},
      {"../../../../../etc", "https://reg.example:5000/etc"},
      {"", "https://reg.example:5000/v2/a/b/tags/list?n=10"},
      {"#frag", "https://reg.example:5000/v2/a/b/tags/list?n=10"},
      {"//other.example/p", "https://other.example/p"},
      {"http://evil.example", "http://evil.example/"},
      {"HTTPS://Reg.Example:5000/v2/?x", "https://reg.example:5000/v2/?x"},
      // "@host:port/..." is a relative path, not an authority.
      {"@127.0.0.1:18093/v2/a/b/tags/list", "https://reg.example:5000/v2/a/b/tags/@127.0.0.1:18093/v2/a/b/tags/list"},
  };
  for (const auto& [ref, want] : cases) {
    SCOPED_TRACE(ref);
    const auto url = resolve_url(base, ref);
    ASSERT_TRUE(url.has_value());
    EXPECT_EQ(url->to_string(), want);
  }
  for (const char* bad : {"a b", "javascript:alert(1)", "//", "//host:99999/", "mailto:x@y",
                          "\x7f", "<x>"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(resolve_url(base, bad).has_value());
  }
}

TEST(UrlTest, ResolvesAgainstAnEmptyBasePath) {
  const Url base = *parse_url("https://h");
  EXPECT_EQ(resolve_url(base, "x?y")->to_string(), "https://h/x?y");
}

TEST(UrlTest, ComparesOrigins) {
  const Url a = *parse_url("https://reg.example/v2/");
  EXPECT_TRUE(same_origin(a, *parse_url("https://REG.example:443/other")));
  EXPECT_FALSE(same_origin(a, *parse_url("http://reg.example/v2/")));
  EXPECT_FALSE(same_origin(a, *parse_url("https://reg.example:5000/v2/")));
  EXPECT_FALSE(same_origin(a, *parse_url("https://reg.example.evil/v2/")));
}

TEST(UrlTest, ParsesRegistryAuthorities) {
  EXPECT_EQ(parse_authority("localhost:5000")->port, "5000");
  EXPECT_EQ(parse_authority("[::1]:5000")->host, "[::1]");
  EXPECT_EQ(parse_authority("ghcr.io")->authority(), "ghcr.io");
  for (const char* bad : {"", "a@b", "a/b", "a?b", "a:b", "a b", "[::1"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(parse_authority(bad).has_value());
  }
}

}  // namespace
}  // namespace berth::core

namespace berth::core {
namespace {

// Where a server may send berth next with the same credentials.
TEST(UrlTest, ResolveOnOriginKeepsTheOriginOnly) {
  const Url base = *parse_url("https://registry.test:5000/v2/a/tags/list?n=1");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/v2/a/tags/list?last=x", "https://registry.test:5000/v2/a/tags/list?last=x"},
      {"//registry.test:5000/v2/b", "https://registry.test:5000/v2/b"},
      {"https://REGISTRY.test:5000/x", "https://registry.test:5000/x"},
      {"@127.0.0.1:18093/v2/a", "https://registry.test:5000/v2/a/tags/@127.0.0.1:18093/v2/a"},
      {"http://registry.test:5000/x", ""},
      {"https://registry.test/x", ""},
      {"https://user@registry.test:5000/x", ""},
      {"//evil.example/v2/a", ""},
  };
  for (const auto& [reference, want] : cases) {
    const auto got = resolve_on_origin(base, reference);
    EXPECT_EQ(got ? got->to_string() : std::string(), want) << reference;
  }
}

}  // namespace
}  // namespace berth::core
