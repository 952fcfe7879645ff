#include "api/shapes.h"

#include "common/json_writer.h"
#include "model/json_value.h"

namespace riptide {

namespace {

using K = ShapeKind;
using M = ShapeMember;

// --- scalars and shared shapes ---------------------------------------------
const Shape kString{K::kString, "String"};
const Shape kBool{K::kBoolean, "Boolean"};
const Shape kInt{K::kInteger, "Integer"};
const Shape kLong{K::kLong, "Long"};
const Shape kAttributeValue{K::kAttributeValue, "AttributeValue"};
const Shape kAttributeMap{K::kMap, "Map", {}, &kAttributeValue};
const Shape kAttributeMapList{K::kList, "List", {}, &kAttributeMap};
const Shape kAttributeValueList{K::kList, "List", {}, &kAttributeValue};
const Shape kStringList{K::kList, "List", {}, &kString};
const Shape kStringMap{K::kMap, "Map", {}, &kString};

const M kKeySchemaElementMembers[] = {{"AttributeName", &kString}, {"KeyType", &kString}};
const Shape kKeySchemaElement{K::kStructure, "KeySchemaElement", kKeySchemaElementMembers};
const Shape kKeySchema{K::kList, "List", {}, &kKeySchemaElement};

const M kAttributeDefinitionMembers[] = {{"AttributeName", &kString},
                                         {"AttributeType", &kString}};
const Shape kAttributeDefinition{K::kStructure, "AttributeDefinition",
                                 kAttributeDefinitionMembers};
const Shape kAttributeDefinitions{K::kList, "List", {}, &kAttributeDefinition};

const M kProvisionedThroughputMembers[] = {{"ReadCapacityUnits", &kLong},
                                           {"WriteCapacityUnits", &kLong}};
const Shape kProvisionedThroughput{K::kStructure, "ProvisionedThroughput",
                                   kProvisionedThroughputMembers};
const M kOnDemandThroughputMembers[] = {{"MaxReadRequestUnits", &kLong},
                                        {"MaxWriteRequestUnits", &kLong}};
const Shape kOnDemandThroughput{K::kStructure, "OnDemandThroughput", kOnDemandThroughputMembers};
const M kWarmThroughputMembers[] = {{"ReadUnitsPerSecond", &kLong},
                                    {"WriteUnitsPerSecond", &kLong}};
const Shape kWarmThroughput{K::kStructure, "WarmThroughput", kWarmThroughputMembers};

const M kProjectionMembers[] = {{"ProjectionType", &kString}, {"NonKeyAttributes", &kStringList}};
const Shape kProjection{K::kStructure, "Projection", kProjectionMembers};

const M kGlobalSecondaryIndexMembers[] = {
    {"IndexName", &kString},
    {"KeySchema", &kKeySchema},
    {"Projection", &kProjection},
    {"ProvisionedThroughput", &kProvisionedThroughput},
    {"OnDemandThroughput", &kOnDemandThroughput},
    {"WarmThroughput", &kWarmThroughput},
};
const Shape kGlobalSecondaryIndex{K::kStructure, "GlobalSecondaryIndex",
                                  kGlobalSecondaryIndexMembers};
const Shape kGlobalSecondaryIndexes{K::kList, "List", {}, &kGlobalSecondaryIndex};

const M kLocalSecondaryIndexMembers[] = {
    {"IndexName", &kString}, {"KeySchema", &kKeySchema}, {"Projection", &kProjection}};
const Shape kLocalSecondaryIndex{K::kStructure, "LocalSecondaryIndex",
                                 kLocalSecondaryIndexMembers};
const Shape kLocalSecondaryIndexes{K::kList, "List", {}, &kLocalSecondaryIndex};

const M kStreamSpecificationMembers[] = {{"StreamEnabled", &kBool}, {"StreamViewType", &kString}};
const Shape kStreamSpecification{K::kStructure, "StreamSpecification",
                                 kStreamSpecificationMembers};
const M kSSESpecificationMembers[] = {
    {"Enabled", &kBool}, {"SSEType", &kString}, {"KMSMasterKeyId", &kString}};
const Shape kSSESpecification{K::kStructure, "SSESpecification", kSSESpecificationMembers};
const M kTagMembers[] = {{"Key", &kString}, {"Value", &kString}};
const Shape kTag{K::kStructure, "Tag", kTagMembers};
const Shape kTags{K::kList, "List", {}, &kTag};

const M kExpectedAttributeValueMembers[] = {{"Value", &kAttributeValue},
                                            {"Exists", &kBool},
                                            {"ComparisonOperator", &kString},
                                            {"AttributeValueList", &kAttributeValueList}};
const Shape kExpectedAttributeValue{K::kStructure, "ExpectedAttributeValue",
                                    kExpectedAttributeValueMembers};
const Shape kExpected{K::kMap, "Map", {}, &kExpectedAttributeValue};

const M kConditionMembers[] = {{"AttributeValueList", &kAttributeValueList},
                               {"ComparisonOperator", &kString}};
const Shape kCondition{K::kStructure, "Condition", kConditionMembers};
const Shape kConditions{K::kMap, "Map", {}, &kCondition};

const M kAttributeValueUpdateMembers[] = {{"Value", &kAttributeValue}, {"Action", &kString}};
const Shape kAttributeValueUpdate{K::kStructure, "AttributeValueUpdate",
                                  kAttributeValueUpdateMembers};
const Shape kAttributeUpdates{K::kMap, "Map", {}, &kAttributeValueUpdate};

// --- GSI updates (UpdateTable) ----------------------------------------------
const M kUpdateGsiActionMembers[] = {{"IndexName", &kString},
                                     {"ProvisionedThroughput", &kProvisionedThroughput},
                                     {"OnDemandThroughput", &kOnDemandThroughput},
                                     {"WarmThroughput", &kWarmThroughput}};
const Shape kUpdateGsiAction{K::kStructure, "UpdateGlobalSecondaryIndexAction",
                             kUpdateGsiActionMembers};
const M kDeleteGsiActionMembers[] = {{"IndexName", &kString}};
const Shape kDeleteGsiAction{K::kStructure, "DeleteGlobalSecondaryIndexAction",
                             kDeleteGsiActionMembers};
const M kGsiUpdateMembers[] = {{"Update", &kUpdateGsiAction},
                               {"Create", &kGlobalSecondaryIndex},
                               {"Delete", &kDeleteGsiAction}};
const Shape kGsiUpdate{K::kStructure, "GlobalSecondaryIndexUpdate", kGsiUpdateMembers};
const Shape kGsiUpdates{K::kList, "List", {}, &kGsiUpdate};

// --- batch shapes ------------------------------------------------------------
const M kKeysAndAttributesMembers[] = {{"Keys", &kAttributeMapList},
                                       {"AttributesToGet", &kStringList},
                                       {"ConsistentRead", &kBool},
                                       {"ProjectionExpression", &kString},
                                       {"ExpressionAttributeNames", &kStringMap}};
const Shape kKeysAndAttributes{K::kStructure, "KeysAndAttributes", kKeysAndAttributesMembers};
const Shape kBatchGetRequestItems{K::kMap, "Map", {}, &kKeysAndAttributes};

const M kPutRequestMembers[] = {{"Item", &kAttributeMap}};
const Shape kPutRequest{K::kStructure, "PutRequest", kPutRequestMembers};
const M kDeleteRequestMembers[] = {{"Key", &kAttributeMap}};
const Shape kDeleteRequest{K::kStructure, "DeleteRequest", kDeleteRequestMembers};
const M kWriteRequestMembers[] = {{"PutRequest", &kPutRequest}, {"DeleteRequest", &kDeleteRequest}};
const Shape kWriteRequest{K::kStructure, "WriteRequest", kWriteRequestMembers};
const Shape kWriteRequests{K::kList, "List", {}, &kWriteRequest};
const Shape kBatchWriteRequestItems{K::kMap, "Map", {}, &kWriteRequests};

// --- checking ------------------------------------------------------------------

bool IsInteger(const JsonElement& v) {
  return v.is_int64() || v.is_uint64() || v.is_double();
}

Status CheckAttributeValue(const JsonElement& v);

Status CheckAttributeMap(const JsonElement& v) {
  if (!v.is_object()) return JsonTypeMismatch(v, "Map");
  for (auto field : AsObject(v)) {
    if (field.value.is_null()) continue;
    RIPTIDE_RETURN_IF_ERROR(CheckAttributeValue(field.value));
  }
  return Status::OK();
}

Status CheckBase64(const JsonElement& v) {
  if (!v.is_string()) return JsonTypeMismatch(v, "ByteBuffer");
  if (!IsValidBase64(v.get_string().value_unsafe())) {
    return Status::Serialization("Base64 encoded value is not valid");
  }
  return Status::OK();
}

// The union's members and their JSON types. Validation of the values
// themselves (empty sets, numbers, ...) comes later, in model/json_value.cc.
Status CheckAttributeValue(const JsonElement& v) {
  if (!v.is_object()) return JsonTypeMismatch(v, "AttributeValue");
  for (auto field : AsObject(v)) {
    const JsonElement& m = field.value;
    if (m.is_null()) continue;
    std::string_view k = field.key;
    if (k == "S" || k == "N") {
      if (!m.is_string()) return JsonTypeMismatch(m, "String");
    } else if (k == "B") {
      RIPTIDE_RETURN_IF_ERROR(CheckBase64(m));
    } else if (k == "BOOL" || k == "NULL") {
      if (!m.is_bool()) return JsonTypeMismatch(m, "Boolean");
    } else if (k == "M") {
      RIPTIDE_RETURN_IF_ERROR(CheckAttributeMap(m));
    } else if (k == "L") {
      if (!m.is_array()) return JsonTypeMismatch(m, "List");
      for (JsonElement e : AsArray(m)) {
        if (!e.is_null()) RIPTIDE_RETURN_IF_ERROR(CheckAttributeValue(e));
      }
    } else if (k == "SS" || k == "NS" || k == "BS") {
      if (!m.is_array()) return JsonTypeMismatch(m, "List");
      for (JsonElement e : AsArray(m)) {
        if (e.is_null()) continue;
        if (k == "BS") {
          RIPTIDE_RETURN_IF_ERROR(CheckBase64(e));
        } else if (!e.is_string()) {
          return JsonTypeMismatch(e, "String");
        }
      }
    }
  }
  return Status::OK();
}

}  // namespace

Status CheckShape(const JsonElement& v, const Shape& shape) {
  if (v.is_null()) return Status::OK();
  switch (shape.kind) {
    case K::kString:
      return v.is_string() ? Status::OK() : JsonTypeMismatch(v, shape.name);
    case K::kBoolean:
      return v.is_bool() ? Status::OK() : JsonTypeMismatch(v, shape.name);
    case K::kInteger:
    case K::kLong:
    case K::kDouble:
      return IsInteger(v) ? Status::OK() : JsonTypeMismatch(v, shape.name);
    case K::kAttributeValue: return CheckAttributeValue(v);
    case K::kStructure:
      if (!v.is_object()) return JsonTypeMismatch(v, shape.name);
      for (auto field : AsObject(v)) {
        for (const ShapeMember& m : shape.members) {
          if (m.name == field.key) {
            RIPTIDE_RETURN_IF_ERROR(CheckShape(field.value, *m.shape));
            break;
          }
        }
      }
      return Status::OK();
    case K::kList:
      if (!v.is_array()) return JsonTypeMismatch(v, shape.name);
      for (JsonElement e : AsArray(v)) RIPTIDE_RETURN_IF_ERROR(CheckShape(e, *shape.element));
      return Status::OK();
    case K::kMap:
      if (!v.is_object()) return JsonTypeMismatch(v, shape.name);
      if (shape.element == &kAttributeValue) return CheckAttributeMap(v);
      for (auto field : AsObject(v)) RIPTIDE_RETURN_IF_ERROR(CheckShape(field.value, *shape.element));
      return Status::OK();
  }
  return Status::OK();
}

// --- operation inputs ------------------------------------------------------------

namespace {
const M kCreateTableMembers[] = {
    {"AttributeDefinitions", &kAttributeDefinitions},
    {"TableName", &kString},
    {"KeySchema", &kKeySchema},
    {"LocalSecondaryIndexes", &kLocalSecondaryIndexes},
    {"GlobalSecondaryIndexes", &kGlobalSecondaryIndexes},
    {"BillingMode", &kString},
    {"ProvisionedThroughput", &kProvisionedThroughput},
    {"StreamSpecification", &kStreamSpecification},
    {"SSESpecification", &kSSESpecification},
    {"Tags", &kTags},
    {"TableClass", &kString},
    {"DeletionProtectionEnabled", &kBool},
    {"ResourcePolicy", &kString},
    {"OnDemandThroughput", &kOnDemandThroughput},
    {"WarmThroughput", &kWarmThroughput},
};
const M kTableNameMembers[] = {{"TableName", &kString}};
const M kListTablesMembers[] = {{"ExclusiveStartTableName", &kString}, {"Limit", &kInt}};
const M kUpdateTableMembers[] = {
    {"AttributeDefinitions", &kAttributeDefinitions},
    {"TableName", &kString},
    {"BillingMode", &kString},
    {"ProvisionedThroughput", &kProvisionedThroughput},
    {"GlobalSecondaryIndexUpdates", &kGsiUpdates},
    {"StreamSpecification", &kStreamSpecification},
    {"SSESpecification", &kSSESpecification},
    {"TableClass", &kString},
    {"DeletionProtectionEnabled", &kBool},
    {"OnDemandThroughput", &kOnDemandThroughput},
    {"WarmThroughput", &kWarmThroughput},
};
const M kPutItemMembers[] = {
    {"TableName", &kString},
    {"Item", &kAttributeMap},
    {"Expected", &kExpected},
    {"ReturnValues", &kString},
    {"ReturnConsumedCapacity", &kString},
    {"ReturnItemCollectionMetrics", &kString},
    {"ConditionalOperator", &kString},
    {"ConditionExpression", &kString},
    {"ExpressionAttributeNames", &kStringMap},
    {"ExpressionAttributeValues", &kAttributeMap},
    {"ReturnValuesOnConditionCheckFailure", &kString},
};
const M kGetItemMembers[] = {
    {"TableName", &kString},
    {"Key", &kAttributeMap},
    {"AttributesToGet", &kStringList},
    {"ConsistentRead", &kBool},
    {"ReturnConsumedCapacity", &kString},
    {"ProjectionExpression", &kString},
    {"ExpressionAttributeNames", &kStringMap},
};
const M kDeleteItemMembers[] = {
    {"TableName", &kString},
    {"Key", &kAttributeMap},
    {"Expected", &kExpected},
    {"ConditionalOperator", &kString},
    {"ReturnValues", &kString},
    {"ReturnConsumedCapacity", &kString},
    {"ReturnItemCollectionMetrics", &kString},
    {"ConditionExpression", &kString},
    {"ExpressionAttributeNames", &kStringMap},
    {"ExpressionAttributeValues", &kAttributeMap},
    {"ReturnValuesOnConditionCheckFailure", &kString},
};
const M kUpdateItemMembers[] = {
    {"TableName", &kString},
    {"Key", &kAttributeMap},
    {"AttributeUpdates", &kAttributeUpdates},
    {"Expected", &kExpected},
    {"ConditionalOperator", &kString},
    {"ReturnValues", &kString},
    {"ReturnConsumedCapacity", &kString},
    {"ReturnItemCollectionMetrics", &kString},
    {"UpdateExpression", &kString},
    {"ConditionExpression", &kString},
    {"ExpressionAttributeNames", &kStringMap},
    {"ExpressionAttributeValues", &kAttributeMap},
    {"ReturnValuesOnConditionCheckFailure", &kString},
};
const M kBatchGetItemMembers[] = {{"RequestItems", &kBatchGetRequestItems},
                                  {"ReturnConsumedCapacity", &kString}};
const M kBatchWriteItemMembers[] = {{"RequestItems", &kBatchWriteRequestItems},
                                    {"ReturnConsumedCapacity", &kString},
                                    {"ReturnItemCollectionMetrics", &kString}};
const M kQueryMembers[] = {
    {"TableName", &kString},
    {"IndexName", &kString},
    {"Select", &kString},
    {"AttributesToGet", &kStringList},
    {"Limit", &kInt},
    {"ConsistentRead", &kBool},
    {"KeyConditions", &kConditions},
    {"QueryFilter", &kConditions},
    {"ConditionalOperator", &kString},
    {"ScanIndexForward", &kBool},
    {"ExclusiveStartKey", &kAttributeMap},
    {"ReturnConsumedCapacity", &kString},
    {"ProjectionExpression", &kString},
    {"FilterExpression", &kString},
    {"KeyConditionExpression", &kString},
    {"ExpressionAttributeNames", &kStringMap},
    {"ExpressionAttributeValues", &kAttributeMap},
};
const M kScanMembers[] = {
    {"TableName", &kString},
    {"IndexName", &kString},
    {"AttributesToGet", &kStringList},
    {"Limit", &kInt},
    {"Select", &kString},
    {"ScanFilter", &kConditions},
    {"ConditionalOperator", &kString},
    {"ExclusiveStartKey", &kAttributeMap},
    {"ReturnConsumedCapacity", &kString},
    {"TotalSegments", &kInt},
    {"Segment", &kInt},
    {"ProjectionExpression", &kString},
    {"FilterExpression", &kString},
    {"ExpressionAttributeNames", &kStringMap},
    {"ExpressionAttributeValues", &kAttributeMap},
    {"ConsistentRead", &kBool},
};
}  // namespace

const Shape kCreateTableInput{K::kStructure, "CreateTableInput", kCreateTableMembers};
const Shape kDescribeTableInput{K::kStructure, "DescribeTableInput", kTableNameMembers};
const Shape kListTablesInput{K::kStructure, "ListTablesInput", kListTablesMembers};
const Shape kDeleteTableInput{K::kStructure, "DeleteTableInput", kTableNameMembers};
const Shape kUpdateTableInput{K::kStructure, "UpdateTableInput", kUpdateTableMembers};
const Shape kPutItemInput{K::kStructure, "PutItemInput", kPutItemMembers};
const Shape kGetItemInput{K::kStructure, "GetItemInput", kGetItemMembers};
const Shape kDeleteItemInput{K::kStructure, "DeleteItemInput", kDeleteItemMembers};
const Shape kUpdateItemInput{K::kStructure, "UpdateItemInput", kUpdateItemMembers};
const Shape kBatchGetItemInput{K::kStructure, "BatchGetItemInput", kBatchGetItemMembers};
const Shape kBatchWriteItemInput{K::kStructure, "BatchWriteItemInput", kBatchWriteItemMembers};
const Shape kQueryInput{K::kStructure, "QueryInput", kQueryMembers};
const Shape kScanInput{K::kStructure, "ScanInput", kScanMembers};

}  // namespace riptide
