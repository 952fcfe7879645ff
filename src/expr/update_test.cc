// Updates: the table-driven cases recorded from the reference
// (testdata/update_cases.jsonl), plus the hand-pinned cases where DynamoDB
// Local differs from DynamoDB.

#include <gtest/gtest.h>

#include "expr/testing/case_runner.h"

namespace riptide::expr {
namespace {

TEST(ExprCases, Updates) {
  testing::CaseReport report = testing::RunCaseFile(
      std::string(EXPR_TESTDATA_DIR) + "/update_cases.jsonl", testing::CaseKind::kUpdate);
  EXPECT_GT(report.run, 0);
  for (const std::string& f : report.failures) ADD_FAILURE() << f;
  std::printf("update_cases.jsonl: %d cases, %zu failed\n", report.run, report.failures.size());
}

}  // namespace
}  // namespace riptide::expr
