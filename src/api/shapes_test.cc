// Tests for request shape checking (api/shapes.h): a member of the wrong
// JSON type anywhere in a request is a SerializationException, before any
// validation. Nulls count as absent and unknown members are ignored, as in
// DynamoDB. The message texts are Coral's wording (see json_value.h
// JsonTypeMismatch); DynamoDB Local answers 500 or coerces for most of these,
// so only the error type is confirmed by the black-box tests.

#include "api/shapes.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

namespace riptide {
namespace {

// "OK", or "S:message" for a SerializationException.
std::string Check(std::string_view json, const Shape& shape) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  JsonElement el;
  if (parser.parse(padded).get(el) != simdjson::SUCCESS) return "bad test JSON";
  Status st = CheckShape(el, shape);
  if (st.ok()) return "OK";
  if (st.code() == ErrorCode::kSerialization) return "S:" + st.message();
  return st.ToString();
}

struct Case {
  const Shape* shape;
  std::string json;
  std::string want;
};

const std::string kNumberToString = "S:NUMBER_VALUE cannot be converted to String";
const std::string kObjectHere = "S:Start of structure or map found where not expected.";
const std::string kListHere = "S:Start of list found where not expected";
const std::string kBadBase64 = "S:Base64 encoded value is not valid";

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(Check(c.json, *c.shape), c.want) << c.shape->name << " " << c.json;
  }
}

TEST(ShapesTest, ValidRequestsPass) {
  RunCases({
      {&kGetItemInput,
       R"({"TableName":"t","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"ConsistentRead":true,
           "AttributesToGet":["a","b"],"ProjectionExpression":"a",
           "ExpressionAttributeNames":{"#a":"a"},
           "ReturnConsumedCapacity":"TOTAL"})",
       "OK"},
      {&kPutItemInput,
       R"({"TableName":"t","Item":{"s":{"S":"x"},"n":{"N":"1"},"b":{"B":"AP8="},
           "bool":{"BOOL":false},
           "null":{"NULL":true},"m":{"M":{"k":{"L":[{"SS":["a"]},{"NS":["1"]},{"BS":["AQ=="]}]}}}},
           "Expected":{"a":{"Value":{"S":"x"},"Exists":true,"ComparisonOperator":"EQ",
           "AttributeValueList":[{"N":"1"}]}},"ExpressionAttributeValues":{":v":{"S":"x"}}})",
       "OK"},
      {&kCreateTableInput,
       R"({"TableName":"t","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
           "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
           "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5},
           "BillingMode":"PROVISIONED","DeletionProtectionEnabled":false,
           "Tags":[{"Key":"k","Value":"v"}],"StreamSpecification":{"StreamEnabled":false},
           "GlobalSecondaryIndexes":[{"IndexName":"i","KeySchema":[],"Projection":
             {"ProjectionType":"INCLUDE","NonKeyAttributes":["x"]}}]})",
       "OK"},
      {&kListTablesInput, R"({"Limit":10,"ExclusiveStartTableName":"abc"})", "OK"},
      {&kScanInput, R"({"TableName":"t","Segment":0,"TotalSegments":4,"Limit":5,
                        "ExclusiveStartKey":{"pk":{"S":"a"}},"ScanFilter":{"a":
                        {"ComparisonOperator":"NULL"}}})",
       "OK"},
      {&kBatchWriteItemInput,
       R"({"RequestItems":{"t":[{"PutRequest":{"Item":{"a":{"S":"x"}}}},
                                {"DeleteRequest":{"Key":{"a":{"S":"x"}}}}]}})",
       "OK"},
      {&kBatchGetItemInput,
       R"({"RequestItems":{"t":{"Keys":[{"a":{"S":"x"}}],"ConsistentRead":true}}})", "OK"},
      {&kUpdateItemInput,
       R"({"TableName":"t","Key":{"a":{"S":"x"}},"AttributeUpdates":{"b":{"Action":"PUT",
           "Value":{"N":"1"}}},"UpdateExpression":"SET b = :v"})",
       "OK"},
      {&kDescribeTableInput, R"({"TableName":"t"})", "OK"},
      {&kDeleteTableInput, R"({})", "OK"},
  });
}

TEST(ShapesTest, ScalarMismatches) {
  RunCases({
      {&kGetItemInput, R"({"TableName":5})", kNumberToString},
      {&kGetItemInput, R"({"TableName":true})", "S:TRUE_VALUE cannot be converted to String"},
      {&kGetItemInput, R"({"TableName":{}})", kObjectHere},
      {&kGetItemInput, R"({"TableName":[]})", kListHere},
      {&kGetItemInput, R"({"ConsistentRead":"yes"})",
       "S:STRING_VALUE cannot be converted to Boolean"},
      {&kGetItemInput, R"({"ConsistentRead":1})", "S:NUMBER_VALUE cannot be converted to Boolean"},
      {&kListTablesInput, R"({"Limit":"a"})", "S:STRING_VALUE cannot be converted to Integer"},
      {&kListTablesInput, R"({"Limit":"5"})", "S:STRING_VALUE cannot be converted to Integer"},
      {&kListTablesInput, R"({"Limit":false})", "S:FALSE_VALUE cannot be converted to Integer"},
      {&kListTablesInput, R"({"Limit":[1]})", kListHere},
      {&kListTablesInput, R"({"ExclusiveStartTableName":1})", kNumberToString},
      {&kCreateTableInput, R"({"ProvisionedThroughput":{"ReadCapacityUnits":"5"}})",
       "S:STRING_VALUE cannot be converted to Long"},
      {&kScanInput, R"({"TotalSegments":"2"})", "S:STRING_VALUE cannot be converted to Integer"},
      {&kQueryInput, R"({"ScanIndexForward":"false"})",
       "S:STRING_VALUE cannot be converted to Boolean"},
  });
}

TEST(ShapesTest, StructureListAndMapMismatches) {
  RunCases({
      {&kGetItemInput, R"({"Key":"x"})", "S:STRING_VALUE cannot be converted to Map"},
      {&kGetItemInput, R"({"Key":[]})", kListHere},
      {&kGetItemInput, R"({"Key":5})", "S:NUMBER_VALUE cannot be converted to Map"},
      {&kGetItemInput, R"({"AttributesToGet":"a"})", "S:STRING_VALUE cannot be converted to List"},
      {&kGetItemInput, R"({"AttributesToGet":{}})", kObjectHere},
      {&kGetItemInput, R"({"AttributesToGet":["a",1]})", kNumberToString},
      {&kGetItemInput, R"({"ExpressionAttributeNames":[]})", kListHere},
      {&kGetItemInput, R"({"ExpressionAttributeNames":{"#a":1}})", kNumberToString},
      {&kCreateTableInput, R"({"KeySchema":{}})", kObjectHere},
      {&kCreateTableInput, R"({"KeySchema":["x"]})",
       "S:STRING_VALUE cannot be converted to KeySchemaElement"},
      {&kCreateTableInput, R"({"KeySchema":[{"AttributeName":1}]})", kNumberToString},
      {&kCreateTableInput, R"({"AttributeDefinitions":[{"AttributeType":[]}]})", kListHere},
      {&kCreateTableInput, R"({"ProvisionedThroughput":"x"})",
       "S:STRING_VALUE cannot be converted to ProvisionedThroughput"},
      {&kCreateTableInput, R"({"Tags":[{"Key":true}]})",
       "S:TRUE_VALUE cannot be converted to String"},
      {&kCreateTableInput,
       R"({"GlobalSecondaryIndexes":[{"Projection":{"NonKeyAttributes":"x"}}]})",
       "S:STRING_VALUE cannot be converted to List"},
      {&kUpdateTableInput, R"({"GlobalSecondaryIndexUpdates":[{"Delete":"i"}]})",
       "S:STRING_VALUE cannot be converted to DeleteGlobalSecondaryIndexAction"},
      {&kPutItemInput, R"({"Expected":{"a":{"Exists":"true"}}})",
       "S:STRING_VALUE cannot be converted to Boolean"},
      {&kPutItemInput, R"({"Expected":{"a":"x"}})",
       "S:STRING_VALUE cannot be converted to ExpectedAttributeValue"},
      {&kUpdateItemInput, R"({"AttributeUpdates":{"a":{"Action":1}}})", kNumberToString},
      {&kQueryInput, R"({"KeyConditions":{"a":{"AttributeValueList":{}}}})", kObjectHere},
      {&kBatchGetItemInput, R"({"RequestItems":[]})", kListHere},
      {&kBatchGetItemInput, R"({"RequestItems":{"t":{"Keys":{}}}})", kObjectHere},
      {&kBatchGetItemInput, R"({"RequestItems":{"t":[]}})", kListHere},
      {&kBatchWriteItemInput, R"({"RequestItems":{"t":{}}})", kObjectHere},
      {&kBatchWriteItemInput, R"({"RequestItems":{"t":["x"]}})",
       "S:STRING_VALUE cannot be converted to WriteRequest"},
      {&kBatchWriteItemInput, R"({"RequestItems":{"t":[{"PutRequest":{"Item":[]}}]}})", kListHere},
      // The request itself must be an object.
      {&kGetItemInput, R"([])", kListHere},
      {&kGetItemInput, R"("x")", "S:STRING_VALUE cannot be converted to GetItemInput"},
  });
}

TEST(ShapesTest, AttributeValueMismatches) {
  RunCases({
      {&kGetItemInput, R"({"Key":{"a":"x"}})",
       "S:STRING_VALUE cannot be converted to AttributeValue"},
      {&kGetItemInput, R"({"Key":{"a":[]}})", kListHere},
      {&kGetItemInput, R"({"Key":{"a":{"S":5}}})", kNumberToString},
      {&kGetItemInput, R"({"Key":{"a":{"N":5}}})", kNumberToString},
      {&kGetItemInput, R"({"Key":{"a":{"N":1.5}}})", kNumberToString},
      {&kGetItemInput, R"({"Key":{"a":{"S":{}}}})", kObjectHere},
      {&kPutItemInput, R"({"Item":{"a":{"BOOL":"true"}}})",
       "S:STRING_VALUE cannot be converted to Boolean"},
      {&kPutItemInput, R"({"Item":{"a":{"NULL":"x"}}})",
       "S:STRING_VALUE cannot be converted to Boolean"},
      {&kPutItemInput, R"({"Item":{"a":{"SS":"a"}}})",
       "S:STRING_VALUE cannot be converted to List"},
      {&kPutItemInput, R"({"Item":{"a":{"SS":[1]}}})", kNumberToString},
      {&kPutItemInput, R"({"Item":{"a":{"NS":[1]}}})", kNumberToString},
      {&kPutItemInput, R"({"Item":{"a":{"BS":[1]}}})",
       "S:NUMBER_VALUE cannot be converted to ByteBuffer"},
      {&kPutItemInput, R"({"Item":{"a":{"L":{}}}})", kObjectHere},
      {&kPutItemInput, R"({"Item":{"a":{"M":[]}}})", kListHere},
      {&kPutItemInput, R"({"Item":{"a":{"B":5}}})",
       "S:NUMBER_VALUE cannot be converted to ByteBuffer"},
      // Bad base64 (reference inputs: "!!!!", "YQ=Z", "Y Q=").
      {&kPutItemInput, R"({"Item":{"a":{"B":"!!!!"}}})", kBadBase64},
      {&kPutItemInput, R"({"Item":{"a":{"B":"YQ=Z"}}})", kBadBase64},
      {&kPutItemInput, R"({"Item":{"a":{"B":"Y Q="}}})", kBadBase64},
      {&kPutItemInput, R"({"Item":{"a":{"BS":["YQ==","YQ"]}}})", kBadBase64},
      // Deep inside maps and lists.
      {&kPutItemInput, R"({"Item":{"a":{"L":[{"M":{"b":{"L":[{"N":5}]}}}]}}})", kNumberToString},
      {&kPutItemInput, R"({"Item":{"a":{"M":{"b":{"B":"!"}}}}})", kBadBase64},
      {&kPutItemInput, R"({"Item":{"a":{"L":["x"]}}})",
       "S:STRING_VALUE cannot be converted to AttributeValue"},
      // Everywhere an AttributeValue appears.
      {&kPutItemInput, R"({"ExpressionAttributeValues":{":v":{"N":5}}})", kNumberToString},
      {&kPutItemInput, R"({"Expected":{"a":{"Value":{"N":5}}}})", kNumberToString},
      {&kPutItemInput, R"({"Expected":{"a":{"AttributeValueList":[{"B":"!!!!"}]}}})", kBadBase64},
      {&kUpdateItemInput, R"({"AttributeUpdates":{"a":{"Value":{"S":1}}}})", kNumberToString},
      {&kQueryInput, R"({"KeyConditions":{"a":{"AttributeValueList":[{"N":1}]}}})",
       kNumberToString},
      {&kQueryInput, R"({"ExclusiveStartKey":{"a":{"S":true}}})",
       "S:TRUE_VALUE cannot be converted to String"},
      {&kScanInput, R"({"ExclusiveStartKey":{"a":"x"}})",
       "S:STRING_VALUE cannot be converted to AttributeValue"},
      {&kBatchGetItemInput, R"({"RequestItems":{"t":{"Keys":[{"a":{"BS":["!"]}}]}}})", kBadBase64},
      {&kBatchWriteItemInput, R"({"RequestItems":{"t":[{"PutRequest":{"Item":{"a":{"S":1}}}}]}})",
       kNumberToString},
      {&kBatchWriteItemInput,
       R"({"RequestItems":{"t":[{"DeleteRequest":{"Key":{"a":{"N":[]}}}}]}})", kListHere},
      {&kDeleteItemInput, R"({"Key":{"a":{"BOOL":0}}})",
       "S:NUMBER_VALUE cannot be converted to Boolean"},
  });
}

TEST(ShapesTest, FirstMismatchInDocumentOrderWins) {
  RunCases({
      {&kGetItemInput, R"({"TableName":5,"Key":"x"})", kNumberToString},
      {&kGetItemInput, R"({"Key":"x","TableName":5})", "S:STRING_VALUE cannot be converted to Map"},
  });
}

TEST(ShapesTest, NullsAreAbsent) {
  RunCases({
      {&kGetItemInput, R"(null)", "OK"},
      {&kGetItemInput, R"({"TableName":null,"Key":null,"ConsistentRead":null})", "OK"},
      {&kGetItemInput, R"({"Key":{"a":null}})", "OK"},
      {&kGetItemInput, R"({"Key":{"a":{"S":null,"N":"1"}}})", "OK"},
      {&kGetItemInput, R"({"AttributesToGet":[null]})", "OK"},
      {&kPutItemInput, R"({"Item":{"a":{"L":[null,{"S":"x"}]}}})", "OK"},
      {&kPutItemInput, R"({"Item":{"a":{"SS":[null]},"b":{"BS":[null]},"c":{"NS":[null]}}})", "OK"},
      {&kPutItemInput, R"({"Item":{"a":{"M":{"b":null}}}})", "OK"},
      {&kCreateTableInput, R"({"KeySchema":[null],"ProvisionedThroughput":null})", "OK"},
      {&kBatchWriteItemInput, R"({"RequestItems":{"t":null}})", "OK"},
  });
}

TEST(ShapesTest, UnknownMembersAreIgnored) {
  RunCases({
      {&kGetItemInput, R"({"Foo":5,"Bar":{"x":[1,2]},"tablename":7})", "OK"},
      {&kGetItemInput, R"({"Key":{"a":{"S":"x","Foo":5,"s":1}}})", "OK"},
      {&kCreateTableInput, R"({"ProvisionedThroughput":{"Extra":"x","ReadCapacityUnits":1}})",
       "OK"},
      {&kCreateTableInput, R"({"KeySchema":[{"AttributeName":"a","Nope":[]}]})", "OK"},
      {&kBatchGetItemInput, R"({"RequestItems":{"t":{"Keys":[],"Other":5}}})", "OK"},
      // Members of one operation mean nothing to another.
      {&kDescribeTableInput, R"({"Key":"x","Limit":"y"})", "OK"},
  });
}

TEST(ShapesTest, ValuesAreNotValidatedHere) {
  // Shape checking looks at JSON types only; values are validated later
  // (ValidationException), after the table lookup.
  RunCases({
      {&kPutItemInput, R"({"Item":{"a":{"N":"not a number"}}})", "OK"},
      {&kPutItemInput, R"({"Item":{"a":{},"b":{"S":"x","N":"1"}}})", "OK"},
      {&kPutItemInput, R"({"Item":{"a":{"SS":[]},"b":{"NULL":false}}})", "OK"},
      {&kPutItemInput, R"({"Item":{"":{"S":"x"}}})", "OK"},
      {&kGetItemInput, R"({"TableName":"","AttributesToGet":[]})", "OK"},
      {&kListTablesInput, R"({"Limit":-5})", "OK"},
      {&kPutItemInput, R"({"Item":{"a":{"B":"YQ==YQ=="}}})", "OK"},
  });
}

}  // namespace
}  // namespace riptide
