"""Query/Scan cases found by differential testing against the reference
(DynamoDB Local 1.25.1): the order in which several faults in one request are
reported, an empty Select, and filters on attributes an index does not
project. Each request has two or more faults; the message is the one the
reference reports first."""
import uuid

import pytest

from helpers import attr_defs, delete_table_quietly, index_def, key_schema, put_items, raises_ddb

V = "ValidationException"
P = {":p": {"S": "p1"}}
KC = {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p1"}]}}
G = {"g": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "g1"}]}}

SELECT_BAD = "Select must be ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, COUNT, or SPECIFIC_ATTRIBUTES"
SPECIFIC = ("Must specify the AttributesToGet or ProjectionExpression when choosing to get "
            "SPECIFIC_ATTRIBUTES")
ESK_SIZE = "Exclusive Start Key must have same size as table's key schema"
ESK_RANGE = "The provided starting key does not match the range key predicate"
MISSED = "Query condition missed key schema element"
FILTER_KEY = "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"


def not_projected(index, names):
    return (f"One or more parameter values were invalid: Secondary index {index} does not project "
            f"one or more filter attributes: [{names}]")


@pytest.fixture(scope="module")
def t(ddb):
    """pk S, sk N; gkk: GSI g (KEYS_ONLY); gii: GSI g INCLUDE a; lkk: LSI l (KEYS_ONLY)."""
    name = "rt_dq_" + uuid.uuid4().hex[:12]
    ddb.create_table(
        TableName=name, KeySchema=key_schema(("pk", "HASH"), ("sk", "RANGE")),
        AttributeDefinitions=attr_defs(("pk", "S"), ("sk", "N"), ("g", "S"), ("l", "S")),
        GlobalSecondaryIndexes=[index_def("gkk", ("g", "HASH"), projection="KEYS_ONLY"),
                                index_def("gii", ("g", "HASH"), projection="INCLUDE", non_key=["a"])],
        LocalSecondaryIndexes=[index_def("lkk", ("pk", "HASH"), ("l", "RANGE"), projection="KEYS_ONLY")],
        BillingMode="PAY_PER_REQUEST")
    put_items(ddb, name, [{"pk": {"S": f"p{i % 2}"}, "sk": {"N": str(i)}, "g": {"S": f"g{i % 2}"},
                           "l": {"S": f"l{i:02d}"}, "a": {"N": str(i)}, "c": {"S": "c" * (i % 3)}}
                          for i in range(12)])
    yield name
    delete_table_quietly(ddb, name)


def fails(call, op, body, message):
    with raises_ddb(V, message):
        call(op, body)


def query(t, kc="pk = :p", values=P, **kw):
    body = {"TableName": t, "KeyConditionExpression": kc, **kw}
    if values is not None:
        body["ExpressionAttributeValues"] = values
    return body


# --- Query: Select is checked after everything else ----------------------------------------------

QUERY_ORDER = [
    ({"Select": "FOO", "FilterExpression": "v ="},
     'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "="'),
    ({"Select": "FOO", "ProjectionExpression": ""},
     "Invalid ProjectionExpression: The expression can not be empty;"),
    ({"Select": "FOO", "KeyConditionExpression": "v = :p"}, MISSED),
    ({"Select": "FOO", "ExclusiveStartKey": {"zz": {"S": "a"}}}, ESK_SIZE),
    ({"Select": "FOO", "FilterExpression": "sk > :p"}, FILTER_KEY),
    ({"Select": "SPECIFIC_ATTRIBUTES", "KeyConditionExpression": "pk ="},
     'Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: "="'),
    ({"Select": "ALL_PROJECTED_ATTRIBUTES", "ExclusiveStartKey": {}}, ESK_SIZE),
    ({"Select": "SPECIFIC_ATTRIBUTES", "ExpressionAttributeNames": {}},
     "ExpressionAttributeNames must not be empty"),
    # The filter and the projection are parsed before the key condition.
    ({"FilterExpression": "v =", "KeyConditionExpression": "pk ="},
     'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "="'),
    ({"ProjectionExpression": "", "KeyConditionExpression": "pk ="},
     "Invalid ProjectionExpression: The expression can not be empty;"),
    # ExclusiveStartKey comes before key attributes in the filter.
    ({"ExclusiveStartKey": {"zz": {"S": "a"}}, "FilterExpression": "sk > :p"}, ESK_SIZE),
    # Limit comes before the index.
    ({"IndexName": "nope", "Limit": 0}, "Limit must be greater than or equal to 1"),
]


@pytest.mark.parametrize("extra,message", QUERY_ORDER, ids=[str(i) for i in range(len(QUERY_ORDER))])
def test_query_validation_order(call, t, extra, message):
    fails(call, "Query", {**query(t), **extra}, message)


def test_query_filter_parsed_before_missing_key_condition(call, t):
    fails(call, "Query", {"TableName": t, "FilterExpression": "v =", "ExpressionAttributeValues": P},
          'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "="')


LEGACY_QUERY_ORDER = [
    # QueryFilter and ConditionalOperator are checked after KeyConditions and ExclusiveStartKey.
    ({"QueryFilter": {"v": {"ComparisonOperator": "FOO"}},
      "KeyConditions": {"v": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p1"}]}}}, MISSED),
    ({"QueryFilter": {"v": {"ComparisonOperator": "EQ"}},
      "ExclusiveStartKey": {"pk": {"S": "p2"}, "sk": {"N": "1"}}}, ESK_RANGE),
    ({"ConditionalOperator": "AND",
      "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}}},
     "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ({"QueryFilter": {"v": {"ComparisonOperator": "FOO"}}, "Select": "FOO"},
     "Comparison type does not exist in DynamoDB"),
]


@pytest.mark.parametrize("extra,message", LEGACY_QUERY_ORDER,
                         ids=[str(i) for i in range(len(LEGACY_QUERY_ORDER))])
def test_legacy_query_validation_order(call, t, extra, message):
    fails(call, "Query", {"TableName": t, "KeyConditions": KC, **extra}, message)


# --- Scan ------------------------------------------------------------------------------------------

SCAN_ORDER = [
    # ScanFilter and the mixing of parameters come before Limit.
    ({"Limit": 0, "ScanFilter": {"v": {"ComparisonOperator": "FOO"}}},
     "Comparison type does not exist in DynamoDB"),
    ({"Limit": 0, "ConditionalOperator": "AND"}, "ConditionalOperator cannot be used without Filter or Expected"),
    ({"Limit": 0, "ProjectionExpression": "v", "AttributesToGet": ["v"]},
     "Can not use both expression and non-expression parameters in the same request: "
     "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"),
    # A comparison operator is checked before the number of conditions.
    ({"ConditionalOperator": "AND", "ScanFilter": {"v": {"ComparisonOperator": "FOO"}}},
     "Comparison type does not exist in DynamoDB"),
    # Select after the expressions and ExclusiveStartKey, segments after Select.
    ({"Select": "FOO", "FilterExpression": "v ="},
     'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "="'),
    ({"Select": "FOO", "ExclusiveStartKey": {}}, ESK_SIZE),
    ({"Select": "SPECIFIC_ATTRIBUTES", "ProjectionExpression": ""},
     "Invalid ProjectionExpression: The expression can not be empty;"),
    ({"Select": "FOO", "Segment": 3, "TotalSegments": 2}, SELECT_BAD),
    ({"Select": "SPECIFIC_ATTRIBUTES", "Segment": 0}, SPECIFIC),
    ({"ExclusiveStartKey": {"zz": {"S": "a"}}, "TotalSegments": 2}, ESK_SIZE),
    ({"FilterExpression": "v =", "Segment": 0},
     'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "="'),
    # AttributesToGet is checked last.
    ({"AttributesToGet": ["v", "v"], "Segment": 0},
     "If segment is specified, total segment must also be specified"),
]


@pytest.mark.parametrize("extra,message", SCAN_ORDER, ids=[str(i) for i in range(len(SCAN_ORDER))])
def test_scan_validation_order(call, t, extra, message):
    fails(call, "Scan", {"TableName": t, **extra}, message)


# --- Select "" -------------------------------------------------------------------------------------

@pytest.mark.parametrize("op", ["Query", "Scan"])
def test_empty_select_is_no_select(call, t, op):
    body = {"TableName": t, "Select": "", "AttributesToGet": ["a"]}
    if op == "Query":
        body["KeyConditions"] = KC
    r = call(op, body)
    assert r["Count"] > 0 and all(set(item) == {"a"} for item in r["Items"])
    body = {"TableName": t, "Select": "", "IndexName": "gkk"}
    if op == "Query":
        body["KeyConditions"] = G
    r = call(op, body)
    assert r["Count"] > 0 and all(set(item) == {"pk", "sk", "g"} for item in r["Items"])


# --- filters on attributes an index does not project ----------------------------------------------

@pytest.mark.parametrize("index,filt,names", [
    ("lkk", "c = :c", "c"),
    ("lkk", "attribute_exists(a) OR c = :c", "a, c"),
    ("gkk", "c = :c", "c"),
])
def test_query_filter_on_unprojected_attribute_refused(call, t, index, filt, names):
    kc, values = ("pk = :p", P) if index == "lkk" else ("g = :p", {":p": {"S": "g1"}})
    for select in [None, "ALL_ATTRIBUTES"] if index == "lkk" else [None]:
        extra = {"Select": select} if select else {}
        fails(call, "Query", query(t, kc, {**values, ":c": {"S": "c"}}, IndexName=index,
                                   FilterExpression=filt, **extra), not_projected(index, names))


def test_legacy_query_filter_on_lsi_unprojected_attribute_refused(call, t):
    fails(call, "Query", {"TableName": t, "IndexName": "lkk", "KeyConditions": KC,
                          "QueryFilter": {"c": {"ComparisonOperator": "NULL"}}},
          not_projected("lkk", "c"))


def test_query_filter_projection_checked_before_select(call, t):
    fails(call, "Query", query(t, "g = :p", {":p": {"S": "g1"}, ":c": {"S": "c"}}, IndexName="gii",
                               FilterExpression="c = :c", Select="FOO"), not_projected("gii", "c"))
    fails(call, "Query", query(t, "g = :p", {":p": {"S": "g1"}, ":c": {"S": "c"}}, IndexName="gii",
                               FilterExpression="c = :c", ProjectionExpression="c"),
          not_projected("gii", "c"))


@pytest.mark.parametrize("index", ["gkk", "gii", "lkk"])
def test_scan_filter_on_unprojected_attribute_returns_index_entries(call, t, index):
    # A Scan of an index evaluates such a filter on the table's items and
    # returns the index entries, as the reference does.
    r = call("Scan", {"TableName": t, "IndexName": index, "FilterExpression": "c = :c",
                      "ExpressionAttributeValues": {":c": {"S": "cc"}}})
    keys = {"gkk": {"pk", "sk", "g"}, "gii": {"pk", "sk", "g", "a"}, "lkk": {"pk", "sk", "l"}}[index]
    assert sorted(int(i["sk"]["N"]) for i in r["Items"]) == [2, 5, 8, 11]
    assert all(set(item) == keys for item in r["Items"])
    assert r["ScannedCount"] == 12


def test_scan_projection_of_unprojected_attribute_checked_before_filter(call, t):
    with raises_ddb(V, "One or more parameter values were invalid: Global secondary index gii does "
                       "not project [c]"):
        call("Scan", {"TableName": t, "IndexName": "gii", "FilterExpression": "c = :c",
                      "ProjectionExpression": "c", "ExpressionAttributeValues": {":c": {"S": "c"}}})
