// Conditions and projections: the table-driven cases recorded from the
// reference (testdata/condition_cases.jsonl, testdata/projection_cases.jsonl).

#include <gtest/gtest.h>

#include "expr/testing/case_runner.h"

namespace riptide::expr {
namespace {

void ExpectAllPass(const char* file, testing::CaseKind kind) {
  testing::CaseReport report =
      testing::RunCaseFile(std::string(EXPR_TESTDATA_DIR) + "/" + file, kind);
  EXPECT_GT(report.run, 0) << file;
  for (const std::string& f : report.failures) ADD_FAILURE() << f;
  std::printf("%s: %d cases, %zu failed\n", file, report.run, report.failures.size());
}

TEST(ExprCases, Conditions) {
  ExpectAllPass("condition_cases.jsonl", testing::CaseKind::kCondition);
}

TEST(ExprCases, Projections) {
  ExpectAllPass("projection_cases.jsonl", testing::CaseKind::kProjection);
}

}  // namespace
}  // namespace riptide::expr
