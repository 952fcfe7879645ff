#pragma once

// Test support: runs the table-driven expression cases recorded from the
// reference (testdata/*.jsonl, see testdata/README.md) through the engine.

#include <string>
#include <vector>

namespace riptide::expr::testing {

enum class CaseKind { kCondition, kUpdate, kProjection, kLegacy };

struct CaseReport {
  int run = 0;
  std::vector<std::string> failures;  // one description per failing case
};

// Runs every case of a .jsonl file. A file that cannot be read is a failure.
CaseReport RunCaseFile(const std::string& path, CaseKind kind);

}  // namespace riptide::expr::testing
