// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// JUnit XML, the report format CI tools read: one <testsuite> per stack
// image, one <testcase> per test. Pure: text in, text out.
namespace berth::core {

struct JUnitCase {
  std::string name;       // "pip"
  std::string classname;  // where it comes from: "common", "base", "own"
  std::int64_t ms = 0;
  enum class Result { k_passed, k_failed, k_skipped } result = Result::k_passed;
  std::string message;    // failed: "exit status 1"; skipped: why
  std::string output;     // the test's last output lines (system-out)
};

// Returns `text` fit for an XML attribute or text node: & < > " ' as
// entities; characters XML 1.0 forbids (controls other than tab, LF, CR) as
// U+FFFD; each byte of a sequence that is not UTF-8 or not an XML character
// (U+FFFE, U+FFFF) as U+FFFD.
std::string xml_escape(std::string_view text);

// Returns one JUnit XML document: <testsuites> holding one <testsuite
// name=SUITE tests= failures= skipped= time=> of `cases`, times in seconds.
std::string junit_xml(const std::string& suite, const std::vector<JUnitCase>& cases);

// Returns the file name of a suite's report: its name with every character
// but [A-Za-z0-9._-] as '_', then ".xml" ("base.xml").
std::string junit_file_name(const std::string& suite);

}  // namespace berth::core
