// SPDX-License-Identifier: MIT
#include "core/meta_template.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace berth::core {
namespace {

std::string render(const std::string& text,
                   TemplateScope scope = TemplateScope::k_global) {
  return render_template(parse_template(text, scope), [](const Mustache& m) {
    std::string out = m.name;
    for (const TemplateParam& p : m.params) {
      out += (p.quoted ? "|q:" : "|w:") + p.text;
    }
    for (const auto& [k, v] : m.hash) {
      out += "|" + k + "=" + v.text;
    }
    return out;
  });
}

TEST(MetaTemplateTest, ParsesMustaches) {
  EXPECT_EQ(render("a-{{ branch }}-b"), "a-branch-b");
  EXPECT_EQ(render("{{date 'YYYY MM' tz=\"Asia/Tokyo\"}}"),
            "date|q:YYYY MM|tz&#x3D;Asia/Tokyo");
  EXPECT_EQ(render("{{{commit_date YYYY-MM-DD}}}"), "commit_date|w:YYYY-MM-DD");
  EXPECT_EQ(render("x{{! comment }}{{!-- {{tag}} --}}y\\{{tag}}"), "xy{{tag}}");
  EXPECT_EQ(render("{{&sha}}"), "sha");
  EXPECT_TRUE(parse_template("{{ raw }}", TemplateScope::k_semver).is_only("raw"));
  EXPECT_FALSE(parse_template("v{{raw}}", TemplateScope::k_semver).is_only("raw"));
  EXPECT_FALSE(parse_template("plain", TemplateScope::k_global).has_mustache());
}

TEST(MetaTemplateTest, EscapesLikeHandlebars) {
  EXPECT_EQ(html_escape("a&b<c>d\"e'f`g=h"),
            "a&amp;b&lt;c&gt;d&quot;e&#x27;f&#x60;g&#x3D;h");
}

TEST(MetaTemplateTest, RejectsWhatTheScopeLacks) {
  for (const char* text :
       {"{{version}}", "{{date 'a' 'b'}}", "{{date tz=UTC}}", "{{branch x}}",
        "{{#if x}}{{/if}}", "{{tag", "{{}}", "{{date tz='UTC' 'x'}}"}) {
    EXPECT_THROW(parse_template(text, TemplateScope::k_global), Error) << text;
  }
  EXPECT_THROW(parse_template("{{branch}}", TemplateScope::k_schedule), Error);
  EXPECT_THROW(parse_template("{{build}}", TemplateScope::k_pep440), Error);
  EXPECT_NO_THROW(parse_template("{{build}}.{{prerelease}}", TemplateScope::k_semver));
}

}  // namespace
}  // namespace berth::core
