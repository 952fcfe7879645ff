// The legacy parameters (Expected, AttributeUpdates, AttributesToGet) and the
// refusal to mix them with expressions: cases recorded from the reference
// (testdata/legacy_cases.jsonl).

#include "expr/legacy.h"

#include <gtest/gtest.h>

#include "expr/testing/case_runner.h"

namespace riptide::expr {
namespace {

TEST(ExprCases, Legacy) {
  testing::CaseReport report = testing::RunCaseFile(
      std::string(EXPR_TESTDATA_DIR) + "/legacy_cases.jsonl", testing::CaseKind::kLegacy);
  EXPECT_GT(report.run, 0);
  for (const std::string& f : report.failures) ADD_FAILURE() << f;
  std::printf("legacy_cases.jsonl: %d cases, %zu failed\n", report.run, report.failures.size());
}

TEST(Legacy, MixedParametersOrder) {
  RequestParameters p;
  p.query_filter = p.key_conditions = p.conditional_operator = p.attributes_to_get = true;
  p.filter_expression = p.key_condition_expression = p.projection_expression = true;
  EXPECT_EQ(CheckNoMixedParameters(p).message(),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {AttributesToGet, QueryFilter, ConditionalOperator, "
            "KeyConditions} Expression parameters: {ProjectionExpression, FilterExpression, "
            "KeyConditionExpression}");
  RequestParameters only_legacy;
  only_legacy.expected = true;
  EXPECT_TRUE(CheckNoMixedParameters(only_legacy).ok());
}

TEST(Legacy, EmptyExpectedHasNoCondition) {
  Result<OwnedCondition> c = ConvertExpected({});
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->has_condition);
}

}  // namespace
}  // namespace riptide::expr
