// SPDX-License-Identifier: MIT
#include "core/junit.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(JUnitTest, EscapesAsATable) {
  const struct {
    std::string in;
    std::string out;
  } cases[] = {
      {"plain", "plain"},
      {"a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&apos;"},
      {"tab\tlf\ncr\r", "tab\tlf\ncr\r"},
      {std::string("nul\x00x", 5), "nul\xEF\xBF\xBDx"},
      {"esc\x1b[31mred", "esc\xEF\xBF\xBD[31mred"},
      {"del\x7f", "del\xEF\xBF\xBD"},
      {"caf\xC3\xA9", "caf\xC3\xA9"},                      // é stays
      {"\xE2\x9C\x93 ok", "\xE2\x9C\x93 ok"},              // ✓ stays
      {"\xF0\x9F\x90\xB3", "\xF0\x9F\x90\xB3"},            // a whale stays
      {"bad\xFF" "byte", "bad\xEF\xBF\xBD" "byte"},           // not UTF-8
      {"cut\xC3", "cut\xEF\xBF\xBD"},                      // truncated sequence
      {"over\xC0\xAF", "over\xEF\xBF\xBD\xEF\xBF\xBD"},    // overlong '/'
      {"sur\xED\xA0\x80", "sur\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // a surrogate
      {"\xEF\xBF\xBF", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // U+FFFF is not XML
  };
  for (const auto& c : cases) {
    EXPECT_EQ(xml_escape(c.in), c.out) << c.in;
  }
}

TEST(JUnitTest, OneSuiteWithPassedFailedAndSkippedCases) {
  const std::vector<JUnitCase> cases = {
      {"not-root", "common", 1234, JUnitCase::Result::k_passed, "", ""},
      {"pip", "own", 56, JUnitCase::Result::k_failed, "exit status 1", "line 1\n<boom> & done"},
      {"later", "own", 0, JUnitCase::Result::k_skipped, "the build failed", ""},
  };
  EXPECT_EQ(junit_xml("ghcr.io/acme/child", cases),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"ghcr.io/acme/child\" tests=\"3\" failures=\"1\" errors=\"0\" "
            "skipped=\"1\" time=\"1.290\">\n"
            "  <testsuite name=\"ghcr.io/acme/child\" tests=\"3\" failures=\"1\" errors=\"0\" "
            "skipped=\"1\" time=\"1.290\">\n"
            "    <testcase name=\"not-root\" classname=\"common\" time=\"1.234\"/>\n"
            "    <testcase name=\"pip\" classname=\"own\" time=\"0.056\">\n"
            "      <failure message=\"exit status 1\" type=\"failure\">line 1\n"
            "&lt;boom&gt; &amp; done</failure>\n"
            "    </testcase>\n"
            "    <testcase name=\"later\" classname=\"own\" time=\"0.000\">\n"
            "      <skipped message=\"the build failed\"/>\n"
            "    </testcase>\n"
            "  </testsuite>\n"
            "</testsuites>\n");
}

TEST(JUnitTest, AnEmptySuiteAndPassedOutput) {
  EXPECT_NE(junit_xml("a\"b", {}).find("<testsuite name=\"a&quot;b\" tests=\"0\" failures=\"0\""),
            std::string::npos);
  const std::string xml = junit_xml("s", {{"t", "own", 5, JUnitCase::Result::k_passed, "", "hi"}});
  EXPECT_NE(xml.find("<system-out>hi</system-out>"), std::string::npos) << xml;
}

TEST(JUnitTest, FileNamesAsATable) {
  EXPECT_EQ(junit_file_name("base"), "base.xml");
  EXPECT_EQ(junit_file_name("ml-gpu_2.x"), "ml-gpu_2.x.xml");
  EXPECT_EQ(junit_file_name("../etc/passwd"), "_.._etc_passwd.xml");
  EXPECT_EQ(junit_file_name("a/b c"), "a_b_c.xml");
  EXPECT_EQ(junit_file_name(""), "_.xml");
}

}  // namespace
}  // namespace berth::core
