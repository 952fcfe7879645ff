#include "scan.h"

#include <gtest/gtest.h>

namespace riptide::bench {
namespace {

TEST(OwnedSegmentsTest, OneSegmentPerConnectionWhenEnough) {
  EXPECT_EQ(OwnedSegments(0, 4, 1), std::vector<int>({0}));
  EXPECT_EQ(OwnedSegments(3, 4, 1), std::vector<int>({0}));
  EXPECT_EQ(OwnedSegments(2, 4, 4), std::vector<int>({2}));
  EXPECT_EQ(OwnedSegments(3, 4, 2), std::vector<int>({1}));
}

TEST(OwnedSegmentsTest, FewerConnectionsThanSegmentsCoverEverySegment) {
  EXPECT_EQ(OwnedSegments(0, 1, 4), std::vector<int>({0, 1, 2, 3}));
  EXPECT_EQ(OwnedSegments(0, 2, 4), std::vector<int>({0, 2}));
  EXPECT_EQ(OwnedSegments(1, 2, 4), std::vector<int>({1, 3}));
  EXPECT_EQ(OwnedSegments(1, 2, 3), std::vector<int>({1}));
}

// Riptide and DynamoDB Local both answer in this order.
TEST(ParseScanPageTest, CountAndLastEvaluatedKey) {
  ScanPage page;
  ASSERT_TRUE(
      ParseScanPage(R"({"Items":[{"pk":{"S":"user0000000001"}}],"Count":1026,"ScannedCount":1026,)"
                    R"("LastEvaluatedKey":{"pk":{"S":"user0000002367"}}})",
                    &page));
  EXPECT_EQ(page.count, 1026);
  EXPECT_EQ(page.last_key, R"({"pk":{"S":"user0000002367"}})");

  ASSERT_TRUE(ParseScanPage(R"({"Items":[],"Count":0,"ScannedCount":0})", &page));
  EXPECT_EQ(page.count, 0);
  EXPECT_TRUE(page.last_key.empty());

  ASSERT_TRUE(ParseScanPage(R"({"TableNames":[]})", &page));
  EXPECT_EQ(page.count, -1);
}

TEST(ParseScanPageTest, KeyWithBracesInAString) {
  ScanPage page;
  ASSERT_TRUE(ParseScanPage(
      R"({"Count": 2, "LastEvaluatedKey": {"pk": {"S": "a}\"{b"}, "sk": {"N": "1"}}})", &page));
  EXPECT_EQ(page.count, 2);
  EXPECT_EQ(page.last_key, R"({"pk": {"S": "a}\"{b"}, "sk": {"N": "1"}})");
  EXPECT_FALSE(ParseScanPage(R"({"Count":2,"LastEvaluatedKey":{"pk":{"S":"a"})", &page));
}

TEST(ScanCursorTest, PagesThroughOneSegmentAndRestarts) {
  ScanCursor cursor({0}, 1);
  std::string body;
  cursor.AppendRequest("t", &body);
  EXPECT_EQ(body, R"({"TableName":"t"})");
  ScanPage page{3, R"({"pk":{"S":"k"}})"};
  EXPECT_FALSE(cursor.Advance(page));
  body.clear();
  cursor.AppendRequest("t", &body);
  EXPECT_EQ(body, R"({"TableName":"t","ExclusiveStartKey":{"pk":{"S":"k"}}})");
  EXPECT_TRUE(cursor.Advance(ScanPage{2, ""}));
  EXPECT_EQ(cursor.pass_items(), 5u);
  EXPECT_EQ(cursor.rounds(), 1u);
  body.clear();
  cursor.AppendRequest("t", &body);
  EXPECT_EQ(body, R"({"TableName":"t"})");
  EXPECT_EQ(cursor.pass_items(), 0u);
}

TEST(ScanCursorTest, TakesItsSegmentsInTurn) {
  ScanCursor cursor({1, 3}, 4);
  std::string body;
  cursor.AppendRequest("t", &body);
  EXPECT_EQ(body, R"({"TableName":"t","Segment":1,"TotalSegments":4})");
  EXPECT_TRUE(cursor.Advance(ScanPage{7, ""}));
  EXPECT_EQ(cursor.segment(), 1);
  EXPECT_EQ(cursor.rounds(), 0u);
  body.clear();
  cursor.AppendRequest("t", &body);
  EXPECT_EQ(body, R"({"TableName":"t","Segment":3,"TotalSegments":4})");
  EXPECT_FALSE(cursor.Advance(ScanPage{1, R"({"pk":{"S":"k"}})"}));
  cursor.Restart();
  body.clear();
  cursor.AppendRequest("t", &body);
  EXPECT_EQ(body, R"({"TableName":"t","Segment":3,"TotalSegments":4})");
  EXPECT_TRUE(cursor.Advance(ScanPage{4, ""}));
  EXPECT_EQ(cursor.pass_items(), 4u);
  EXPECT_EQ(cursor.rounds(), 1u);
}

}  // namespace
}  // namespace riptide::bench
