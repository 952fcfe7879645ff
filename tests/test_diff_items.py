"""Cases found by comparing Riptide with DynamoDB Local request by request:
attribute name limits, the order in which GetItem, BatchGetItem,
BatchWriteItem and CreateTable report several mistakes, and stream settings."""
import uuid

import pytest

from helpers import raises_ddb

V = "ValidationException"
RNF = "ResourceNotFoundException"
NAME_TOO_LARGE = "Attribute name is too large, must be less than 65536 bytes"
BAD_TABLE_NAME = ("Invalid table/index name.  Table/index names must be between 3 and 255 "
                  "characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', "
                  "and '.'")
NOT_FOUND = "Cannot do operations on a non-existent table"
TYPE_MISMATCH = "One or more parameter values were invalid: Type mismatch for key"
DUPLICATE_KEYS = "Provided list of item keys contains duplicates"
NOT_A_NUMBER = "A value provided cannot be converted into a number"
EMPTY_AV = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
TWO_TYPES = ("Supplied AttributeValue has more than one datatypes set, must contain exactly one "
             "of the supported datatypes")
BG_TOO_MANY = "Too many items requested for the BatchGetItem call"
BW_TOO_MANY = "Too many items requested for the BatchWriteItem call"
MISSING = "rt_missing_" + uuid.uuid4().hex[:8]
LONG = "a" * 65536


def key(k):
    return {"pk": {"S": k}}


def expect(call, code, message, op, body):
    with raises_ddb(code, message):
        call(op, body)


# --- attribute names are at most 65535 bytes, nested ones too -------------------------------

@pytest.mark.parametrize("name", ["a" * 65535, "\u00e9" * 32767 + "a"])
def test_attribute_name_at_limit(call, table, name):
    call("PutItem", {"TableName": table, "Item": {"pk": {"S": "n"}, name: {"S": "v"}}})
    got = call("GetItem", {"TableName": table, "Key": key("n")})["Item"]
    assert set(got) == {"pk", name}


@pytest.mark.parametrize("item", [
    {"pk": {"S": "n"}, LONG: {"S": "v"}},
    {"pk": {"S": "n"}, "\u00e9" * 32768: {"S": "v"}},
    {"pk": {"S": "n"}, "m": {"M": {LONG: {"S": "v"}}}},
    {"pk": {"S": "n"}, "l": {"L": [{"M": {LONG: {"N": "1"}}}]}},
    # The name is checked before the value of a later attribute...
    {"pk": {"S": "n"}, LONG: {"S": "v"}, "z": {"N": "x"}},
    # ... and before its own size counts towards the item's.
    {"pk": {"S": "n"}, "b": {"S": "x" * 400000}, LONG: {"S": "v"}},
], ids=["top", "utf8", "map", "list-map", "before-later-value", "before-item-size"])
def test_attribute_name_too_large(call, table, item):
    expect(call, V, NAME_TOO_LARGE, "PutItem", {"TableName": table, "Item": item})


@pytest.mark.parametrize("value,message", [
    ({}, EMPTY_AV), ({"N": "x"}, NOT_A_NUMBER), (None, None)])
def test_attribute_name_checked_after_its_value(call, table, value, message):
    item = {"pk": {"S": "n"}, LONG: value}
    if value is None:
        message = "The supplied Item contains a null AttributeValue: " + LONG + " is null"
    expect(call, V, message, "PutItem", {"TableName": table, "Item": item})


def test_attribute_name_too_large_in_key_and_batch(call, table):
    expect(call, V, NAME_TOO_LARGE, "GetItem",
           {"TableName": table, "Key": {"pk": {"S": "n"}, LONG: {"S": "v"}}})
    expect(call, V, NAME_TOO_LARGE, "BatchWriteItem", {"RequestItems": {table: [
        {"PutRequest": {"Item": {"pk": {"S": "n"}, LONG: {"S": "v"}}}}]}})


def test_attribute_name_too_large_in_expression_value(call, table):
    expect(call, V, "ExpressionAttributeValues contains invalid value: " + NAME_TOO_LARGE +
           " for key :v", "PutItem",
           {"TableName": table, "Item": key("n"), "ConditionExpression": "a = :v",
            "ExpressionAttributeValues": {":v": {"M": {LONG: {"S": "x"}}}}})


# --- GetItem: the table name's syntax comes before AttributesToGet ---------------------------

@pytest.mark.parametrize("atg", [[], ["a", "a"]])
@pytest.mark.parametrize("name", ["ab", None])
def test_get_item_table_name_before_attributes_to_get(call, name, atg):
    body = {"Key": key("a"), "AttributesToGet": atg}
    if name is not None:
        body["TableName"] = name
    expect(call, V, BAD_TABLE_NAME, "GetItem", body)


# --- BatchGetItem: what needs no table, then the count, the names, then table by table ------
# (Which of two tables DynamoDB Local looks up first depends on an internal
# order, so no case here has problems in two tables after the names.)

def bg_cases(t, hr):
    k = [key(f"k{i}") for i in range(101)]
    bad = {"pk": {"N": "1"}}
    hr_key = {"pk": {"S": "p"}, "sk": {"N": "1"}}
    return [
        ("bad-name-then-empty-keys", {"ab": {"Keys": k[:1]}, t: {"Keys": []}},
         V, f"The list of keys in RequestItems for BatchGetItem is required: {t} has empty list"),
        ("bad-name-then-too-many", {"ab": {"Keys": k[:1]}, t: {"Keys": k}}, V, BG_TOO_MANY),
        ("missing-then-too-many", {MISSING: {"Keys": k[:1]}, t: {"Keys": k[:100]}},
         V, BG_TOO_MANY),
        ("missing-then-duplicates", {MISSING: {"Keys": k[:1]}, t: {"Keys": k[:1] * 2}},
         V, DUPLICATE_KEYS),
        ("duplicates-in-missing", {MISSING: {"Keys": k[:1] * 2}}, V, DUPLICATE_KEYS),
        ("bad-number-in-missing", {MISSING: {"Keys": [{"pk": {"N": "x"}}]}}, V, NOT_A_NUMBER),
        ("empty-value-in-missing", {MISSING: {"Keys": [{"pk": {}}]}}, V, EMPTY_AV),
        ("empty-atg-in-missing", {MISSING: {"Keys": k[:1], "AttributesToGet": []}},
         RNF, NOT_FOUND),
        ("duplicate-atg-in-missing", {MISSING: {"Keys": k[:1], "AttributesToGet": ["a", "a"]}},
         V, "One or more parameter values were invalid: Duplicate value in attribute name: a"),
        ("bad-key-and-empty-atg", {t: {"Keys": [bad], "AttributesToGet": []}},
         V, "AttributesToGet cannot be empty"),
        ("bad-key-and-duplicate-atg", {t: {"Keys": [bad], "AttributesToGet": ["a", "a"]}},
         V, "One or more parameter values were invalid: Duplicate value in attribute name: a"),
        ("bad-key-and-both-projections", {t: {"Keys": [bad], "AttributesToGet": ["a"],
                                              "ProjectionExpression": "a"}},
         V, "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {AttributesToGet} Expression parameters: "
            "{ProjectionExpression}"),
        ("bad-key-then-duplicates", {t: {"Keys": [bad] + k[:1] * 2}}, V, DUPLICATE_KEYS),
        ("too-many-duplicates", {t: {"Keys": k[:1] * 101}}, V, DUPLICATE_KEYS),
        ("too-many-with-bad-number", {t: {"Keys": [{"pk": {"N": "x"}}] + k[:100]}},
         V, NOT_A_NUMBER),
        ("too-many-with-bad-key", {t: {"Keys": [bad] + k[:100]}}, V, BG_TOO_MANY),
        ("missing-then-bad-projection", {MISSING: {"Keys": k[:1]},
                                         hr: {"Keys": [hr_key], "ProjectionExpression": "a,"}},
         RNF, NOT_FOUND),
    ]


BG_IDS = [c[0] for c in bg_cases("t", "hr")]


@pytest.mark.parametrize("case", BG_IDS)
def test_batch_get_validation_order(call, table, table_hr, case):
    _, items, code, message = next(c for c in bg_cases(table, table_hr) if c[0] == case)
    expect(call, code, message, "BatchGetItem", {"RequestItems": items})


def test_batch_get_duplicates_compare_keys_as_sent(call, table_hr):
    call("PutItem", {"TableName": table_hr, "Item": {"pk": {"S": "p"}, "sk": {"N": "1"}}})
    r = call("BatchGetItem", {"RequestItems": {table_hr: {"Keys": [
        {"pk": {"S": "p"}, "sk": {"N": "1"}}, {"pk": {"S": "p"}, "sk": {"N": "1.0"}}]}}})
    assert r["Responses"][table_hr] == [{"pk": {"S": "p"}, "sk": {"N": "1"}}] * 2
    # The same key with its members in another order is a duplicate.
    expect(call, V, DUPLICATE_KEYS, "BatchGetItem", {"RequestItems": {table_hr: {"Keys": [
        {"pk": {"S": "p"}, "sk": {"N": "1"}}, {"sk": {"N": "1"}, "pk": {"S": "p"}}]}}})


# --- BatchWriteItem: the same phases ----------------------------------------------------------

def put(k):
    return {"PutRequest": {"Item": key(k)}}


def bw_cases(t):
    many = [put(f"k{i}") for i in range(26)]
    bad = {"PutRequest": {"Item": {"pk": {"N": "1"}}}}
    return [
        ("bad-name-then-empty-list", {"ab": [put("a")], t: []},
         V, f"The batch write request list for a table cannot be null or empty: {t}"),
        ("bad-name-then-too-many", {"ab": [put("a")], t: many}, V, BW_TOO_MANY),
        ("missing-then-too-many", {MISSING: [put("a")], t: many}, V, BW_TOO_MANY),
        ("missing-then-empty-list", {MISSING: [put("a")], t: []},
         V, f"The batch write request list for a table cannot be null or empty: {t}"),
        ("duplicates-in-missing", {MISSING: [put("a"), put("a")]}, RNF, NOT_FOUND),
        ("empty-request-in-missing", {MISSING: [{}]}, V, TWO_TYPES),
        ("bad-number-in-missing", {MISSING: [{"PutRequest": {"Item": {"pk": {"N": "x"}}}}]},
         V, NOT_A_NUMBER),
        ("no-item-in-missing", {MISSING: [{"PutRequest": {}}]},
         V, "The supplied Item contains a null AttributeValue"),
        ("too-many-with-bad-number",
         {t: [{"PutRequest": {"Item": {"pk": {"N": "x"}}}}] + many[:25]}, V, NOT_A_NUMBER),
        ("too-many-with-empty-request", {t: [{}] + many[:25]}, V, TWO_TYPES),
        ("too-many-duplicates", {t: [put("a")] * 26}, V, BW_TOO_MANY),
        ("bad-key-then-duplicates", {t: [bad, put("a"), put("a")]}, V, TYPE_MISMATCH),
    ]


BW_IDS = [c[0] for c in bw_cases("t")]


@pytest.mark.parametrize("case", BW_IDS)
def test_batch_write_validation_order(call, table, case):
    _, items, code, message = next(c for c in bw_cases(table) if c[0] == case)
    expect(call, code, message, "BatchWriteItem", {"RequestItems": items})
    assert "Item" not in call("GetItem", {"TableName": table, "Key": key("a")})


def test_batch_write_too_many_tables(call):
    items = {f"rt_missing_{i:02d}_{uuid.uuid4().hex[:6]}": [put("a")] for i in range(26)}
    expect(call, V, BW_TOO_MANY, "BatchWriteItem", {"RequestItems": items})
    expect(call, V, BG_TOO_MANY, "BatchGetItem",
           {"RequestItems": {f"rt_missing_{i:03d}": {"Keys": [key("a")]} for i in range(101)}})


# --- CreateTable: key schema, then attribute definitions --------------------------------------

PT = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}


def ks(*pairs):
    return [{"AttributeName": n, "KeyType": t} for n, t in pairs]


def ad(*pairs):
    return [{"AttributeName": n, "AttributeType": t} for n, t in pairs]


KS, AD = ks(("pk", "HASH")), ad(("pk", "S"))
NO_HASH = "No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key"
NOT_HASH_OR_RANGE = "One or more keys is not specified as being hash or range."
NAME_LENGTH = ("Names of key attributes and attributes projected into an index must be between 1 "
               "and 255 characters, inclusive")
HASH_NOT_DEFINED = "Hash Key not specified in Attribute Definitions.  Type unknown."
ENUM = "Member must satisfy enum value set: [B, N, S]"

CREATE_CASES = [
    ("ks-null-element", [None], AD, "Key schema element is invalid."),
    ("ks-empty-element", [{}], AD, NOT_HASH_OR_RANGE),
    ("ks-empty-name", ks(("", "HASH")), AD, HASH_NOT_DEFINED),
    ("ks-long-name", ks(("k" * 256, "HASH")), AD, HASH_NOT_DEFINED),
    ("ad-empty-element", KS, [{}], "Attribute name must be specified."),
    ("ad-type-only", KS, [{"AttributeType": "S"}], "Attribute name must be specified."),
    ("ad-empty-name", KS, ad(("", "S")), NAME_LENGTH),
    ("ad-long-extra-name", KS, ad(("pk", "S"), ("k" * 256, "S")), NAME_LENGTH),
    ("ad-duplicate-before-type", KS, ad(("pk", "S"), ("pk", "X")),
     "Cannot have two attributes with the same name"),
    ("ks-bad-keytype-before-ad-type", ks(("pk", "FOO")), ad(("pk", "X")), NO_HASH),
    ("ks-two-hash-before-ad-type", ks(("pk", "HASH"), ("a", "HASH")), ad(("pk", "X")),
     "Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key"),
    ("ks-order-before-ad-type", ks(("a", "RANGE"), ("pk", "HASH")), ad(("pk", "X")),
     "Invalid key order. Hash Key must be specified first in key schema, Range Key must be "
     "specifed second"),
    ("ks-too-big-before-ad-type", ks(("a", "HASH"), ("b", "RANGE"), ("c", "RANGE")),
     ad(("pk", "X")),
     "Key Schema too big.  Key Schema must at most consist of the hash and range key of a table"),
    ("ks-missing-before-ad-type", None, ad(("pk", "X")),
     "No defined key schema.  A key schema containing at least a hash key must be defined for "
     "all tables"),
    ("ks-empty-before-ad-type", [], ad(("pk", "X")), NO_HASH),
    ("ks-empty-element-before-ad", [{}], [{}], NOT_HASH_OR_RANGE),
    ("ks-bad-keytype-before-ad-name", ks(("pk", "FOO")), [{"AttributeName": "pk"}], NO_HASH),
]


@pytest.mark.parametrize("case,key_schema,definitions,message", CREATE_CASES,
                         ids=[c[0] for c in CREATE_CASES])
def test_create_table_schema_order(call, case, key_schema, definitions, message):
    body = {"TableName": "rt_" + uuid.uuid4().hex[:12], "AttributeDefinitions": definitions,
            "ProvisionedThroughput": PT}
    if key_schema is not None:
        body["KeySchema"] = key_schema
    expect(call, V, message, "CreateTable", body)


def test_create_table_second_key_not_hash_is_range(call, make_table):
    name = "rt_" + uuid.uuid4().hex[:12]
    try:
        r = call("CreateTable", {"TableName": name, "KeySchema": ks(("pk", "HASH"), ("sk", "FOO")),
                                 "AttributeDefinitions": ad(("pk", "S"), ("sk", "N")),
                                 "BillingMode": "PAY_PER_REQUEST"})
        assert r["TableDescription"]["KeySchema"] == ks(("pk", "HASH"), ("sk", "RANGE"))
    finally:
        call("DeleteTable", {"TableName": name})


# --- StreamSpecification ----------------------------------------------------------------------

STREAM_CASES = [
    ("empty", {}, "Stream StreamEnabled was null"),
    ("view-type-only", {"StreamViewType": "KEYS_ONLY"}, "Stream StreamEnabled was null"),
    ("disabled-with-view-type", {"StreamEnabled": False, "StreamViewType": "KEYS_ONLY"},
     "Invalid StreamViewType: Stream StreamEnabled was false but a StreamViewType was present."),
    ("enabled-without-view-type", {"StreamEnabled": True},
     "Invalid StreamViewType: Stream ViewType must not be null or empty when enabling streams."),
    ("enabled-bad-view-type", {"StreamEnabled": True, "StreamViewType": "X"},
     "Invalid StreamViewType: X"),
]


@pytest.mark.parametrize("case,spec,message", STREAM_CASES, ids=[c[0] for c in STREAM_CASES])
def test_create_table_stream_specification_errors(call, case, spec, message):
    expect(call, V, message, "CreateTable", {
        "TableName": "rt_" + uuid.uuid4().hex[:12], "KeySchema": KS, "AttributeDefinitions": AD,
        "BillingMode": "PAY_PER_REQUEST", "StreamSpecification": spec})


def test_create_table_stream_checked_after_throughput(call):
    expect(call, V, "No provisioned throughput specified for the table", "CreateTable", {
        "TableName": "rt_" + uuid.uuid4().hex[:12], "KeySchema": KS, "AttributeDefinitions": AD,
        "StreamSpecification": {}})


@pytest.mark.parametrize("case,spec,message", STREAM_CASES + [
    ("disable", {"StreamEnabled": False}, "Table has no stream to disable")],
    ids=[c[0] for c in STREAM_CASES] + ["disable"])
def test_update_table_stream_specification_errors(call, table, case, spec, message):
    expect(call, V, message, "UpdateTable", {"TableName": table, "StreamSpecification": spec})


def test_update_table_stream_checked_after_throughput(call, make_table):
    t = make_table(billing="PROVISIONED", throughput=(5, 5))
    expect(call, V, "The requested throughput value equals the current value", "UpdateTable", {
        "TableName": t, "StreamSpecification": {"StreamEnabled": False},
        "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}})
    expect(call, V, "Table has no stream to disable", "UpdateTable", {
        "TableName": t, "StreamSpecification": {"StreamEnabled": False},
        "DeletionProtectionEnabled": False})


# --- an attribute value with two types: an invalid member is reported first ---------------

@pytest.mark.parametrize("value,message", [
    ({"SS": ["a", "a"], "NS": ["1"]},
     "One or more parameter values were invalid: Input collection [a, a] contains duplicates"),
    ({"NS": ["1"], "SS": ["a", "a"]},
     "One or more parameter values were invalid: Input collection [a, a] contains duplicates"),
    ({"SS": [], "NS": ["1"]}, "One or more parameter values were invalid: An string set  may not "
                              "be empty"),
    ({"S": "a", "NS": ["x"]}, NOT_A_NUMBER),
    ({"N": "x", "S": "a"}, NOT_A_NUMBER),
    ({"BS": ["YQ==", "YQ=="], "S": "a"},
     "One or more parameter values were invalid: Input collection of type BS contains duplicates."),
    ({"L": [{}], "S": "a"}, EMPTY_AV),
    ({"M": {"a": {}}, "S": "a"}, EMPTY_AV),
    ({"NULL": False, "S": "a"},
     "One or more parameter values were invalid: Null attribute value types must have the value "
     "of true"),
    ({"S": "a", "N": "1"}, TWO_TYPES),
], ids=lambda v: str(v)[:30])
def test_two_types_with_invalid_member(call, table, value, message):
    expect(call, V, message, "PutItem", {"TableName": table, "Item": {"pk": {"S": "q"}, "v": value}})


def test_type_given_twice_last_value_wins(raw, call, table):
    body = ('{"TableName": "%s", "Item": {"pk": {"S": "twice"}, "a": {"S": "1", "S": "2"}}}'
            % table)
    r = raw.post("PutItem", body)
    assert r.status == 200, r
    got = call("GetItem", {"TableName": table, "Key": key("twice")})["Item"]
    assert got == {"pk": {"S": "twice"}, "a": {"S": "2"}}


# --- where the reference differs from DynamoDB ------------------------------------------------

@pytest.mark.reference_differs(
    "DynamoDB Local accepts any ReturnItemCollectionMetrics; DynamoDB validates the enum "
    "(docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html)")
@pytest.mark.parametrize("op,extra", [("PutItem", {"Item": key("m")}),
                                      ("DeleteItem", {"Key": key("m")})])
@pytest.mark.parametrize("value", ["X", "size", ""])
def test_return_item_collection_metrics_enum(call, table, op, extra, value):
    expect(call, V, f"1 validation error detected: Value '{value}' at "
                    "'returnItemCollectionMetrics' failed to satisfy constraint: Member must "
                    "satisfy enum value set: [SIZE, NONE]",
           op, {"TableName": table, "ReturnItemCollectionMetrics": value, **extra})


@pytest.mark.reference_differs(
    "DynamoDB Local charges 2 write units for a BatchWriteItem delete of a missing item; "
    "DynamoDB charges each request of a batch as the single-item operation, and a DeleteItem "
    "of a missing item costs 1 (test_capacity.py)")
def test_batch_write_delete_of_missing_item_costs_one_unit(call, table):
    r = call("BatchWriteItem", {"RequestItems": {table: [
        {"DeleteRequest": {"Key": key("none1")}}, {"DeleteRequest": {"Key": key("none2")}}]},
        "ReturnConsumedCapacity": "TOTAL"})
    assert r["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 2.0}]


@pytest.mark.reference_differs(
    "DynamoDB Local always shows NumberOfDecreasesToday 0; DynamoDB counts the day's decreases "
    "(docs.aws.amazon.com/amazondynamodb/latest/APIReference/"
    "API_ProvisionedThroughputDescription.html)")
def test_update_table_counts_decreases(call, make_table):
    t = make_table(billing="PROVISIONED", throughput=(5, 5))
    r = call("UpdateTable", {"TableName": t, "ProvisionedThroughput": {
        "ReadCapacityUnits": 4, "WriteCapacityUnits": 5}})
    assert r["TableDescription"]["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 1


# --- sets come back in order -----------------------------------------------------------------

def test_set_members_come_back_ordered(call, table):
    """Sets are unordered in DynamoDB; DynamoDB Local returns strings and
    binaries by their bytes (UTF-8: by code point) and numbers by value,
    after PutItem and after ADD alike."""
    import base64
    b = [bytes([x]) for x in (0xFF, 0x01, 0x80, 0x7F)] + [b""]
    call("PutItem", {"TableName": table, "Item": {
        "pk": {"S": "ord"}, "ss": {"SS": ["\uffff", "\U0001F600", "a", "\u00e9", "", "B"]},
        "ns": {"NS": ["1e2", "99.9", "-1e-5", "-100", "0"]},
        "bs": {"BS": [base64.b64encode(x).decode() for x in b]}}})
    r = call("UpdateItem", {"TableName": table, "Key": key("ord"),
                            "UpdateExpression": "ADD ss :s, ns :n",
                            "ExpressionAttributeValues": {":s": {"SS": ["0", "zz"]},
                                                          ":n": {"NS": ["50", "-200"]}},
                            "ReturnValues": "UPDATED_NEW"})
    ss = ["", "0", "B", "a", "zz", "\u00e9", "\uffff", "\U0001F600"]
    ns = ["-200", "-100", "-0.00001", "0", "50", "99.9", "100"]
    assert r["Attributes"] == {"ss": {"SS": ss}, "ns": {"NS": ns}}
    item = call("GetItem", {"TableName": table, "Key": key("ord")})["Item"]
    assert item["ss"] == {"SS": ss} and item["ns"] == {"NS": ns}
    assert [base64.b64decode(x) for x in item["bs"]["BS"]] == sorted(b)
