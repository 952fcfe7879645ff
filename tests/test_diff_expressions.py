"""Cases found by comparing Riptide with DynamoDB Local request by request
(randomised expressions, legacy parameters): which path two DynamoDB names
when document paths overlap or conflict, when AttributeUpdates entries are
checked (after the condition, entry by entry), and where Expected and
ConditionalOperator sit in the order of validation."""
import pytest

from expr_helpers import CCF, CCF_MSG, V, get
from helpers import call_json, raises_ddb

INVALID = "One or more parameter values were invalid: "
ONLY_DELETE = INVALID + "Only DELETE action is allowed when no attribute value is specified"
KEY_PK = INVALID + "Cannot update attribute pk. This attribute is part of the key"
MISMATCH = "Type mismatch for attribute to update"
EXISTS_TRUE = INVALID + "Value must be provided when Exists is true for Attribute: b"
TWO_OR_MORE = ("ConditionalOperator can only be used when Filter or Expected has two or more "
               "elements")
KEY = {"pk": {"S": "k"}}


@pytest.fixture
def filled(table, ddb):
    ddb.put_item(TableName=table, Item={"pk": {"S": "k"}, "y": {"S": "a"},
                                        "x": {"N": "9e125"}, "l": {"L": []}})
    return table


def pair_message(kind, what, one, two):
    return (f"Invalid {kind}: Two document paths {what} with each other; must remove or "
            f"rewrite one of these paths; path one: {one}, path two: {two}")


# Path two is found by descending, from the node where the new path collides,
# through the paths already seen (the later ones in the request), taking the
# child with the highest hash bucket (index + 1, or String.hashCode() + 1, of
# 16) at each level.
PROJECTION_PAIRS = [
    ("a.x, a[2], a[0]", "conflict", "[a, x]", "[a, [2]]"),
    ("a, a.x, a[2], a[0]", "conflict", "[a, x]", "[a, [2]]"),
    ("a.x, a[3], a[1], a[2]", "conflict", "[a, x]", "[a, [3]]"),
    ("a.x, a[10], a[9]", "conflict", "[a, x]", "[a, [10]]"),
    ("a.x, a[15], a[16]", "conflict", "[a, x]", "[a, [16]]"),
    ("a.x, a[16], a[0]", "conflict", "[a, x]", "[a, [0]]"),
    ("a.x, a[0], a[16]", "conflict", "[a, x]", "[a, [16]]"),
    ("a.x, a[2], a[0].b", "conflict", "[a, x]", "[a, [2]]"),
    ("a.x, a[2].b.c, a[0]", "conflict", "[a, x]", "[a, [2], b, c]"),
    ("a.x, a[2].c, a[2].b", "conflict", "[a, x]", "[a, [2], c]"),
    ("a.x, a[2][1], a[2][0]", "conflict", "[a, x]", "[a, [2], [1]]"),
    ("a.x, a[0].q, a[16], a[0].p", "conflict", "[a, x]", "[a, [0], q]"),
    ("a.x.b, a.x[1], a.x[0]", "conflict", "[a, x, b]", "[a, x, [1]]"),
    ("a[0], a.y, a.x", "conflict", "[a, [0]]", "[a, y]"),
    ("a[1], a.x.q, a.y, a.x.r", "conflict", "[a, [1]]", "[a, y]"),
    ("a, c.y, c.x, a.b", "overlap", "[a]", "[c, y]"),
    ("z, x.a, x.c.y, x.a.b", "overlap", "[x, a]", "[x, c, y]"),
    ("z, x.a.b, x.c.y, x.a", "overlap", "[x, a, b]", "[x, c, y]"),
    ("x.a, z, x.a.b", "overlap", "[x, a]", "[x, a, b]"),
    ("x.a.b, z, x.a", "overlap", "[x, a, b]", "[x, a]"),
]


@pytest.mark.parametrize("projection,what,one,two", PROJECTION_PAIRS)
def test_projection_path_two(raw, table, projection, what, one, two):
    with raises_ddb(V, pair_message("ProjectionExpression", what, one, two)):
        call_json(raw, "GetItem", {"TableName": table, "Key": KEY,
                                   "ProjectionExpression": projection})


UPDATE_PAIRS = [
    ("SET a = :v, c.y = :v, c.x = :v, a.b = :v", "overlap", "[a]", "[c, y]"),
    ("SET z = :v, x.a = :v, x.c.y = :v, x.a.b = :v", "overlap", "[x, a]", "[x, c, y]"),
    ("SET a.x = :v, a[2] = :v, a[0] = :v", "conflict", "[a, x]", "[a, [2]]"),
    ("REMOVE a.x, a[0].q, a[16], a[0].p", "conflict", "[a, x]", "[a, [0], q]"),
    ("SET a[1] = :v, a.x.q = :v, a.y = :v, a.x.r = :v", "conflict", "[a, [1]]", "[a, y]"),
]


@pytest.mark.parametrize("update,what,one,two", UPDATE_PAIRS)
def test_update_path_two(raw, table, update, what, one, two):
    body = {"TableName": table, "Key": KEY, "UpdateExpression": update}
    if ":v" in update:
        body["ExpressionAttributeValues"] = {":v": {"N": "1"}}
    with raises_ddb(V, pair_message("UpdateExpression", what, one, two)):
        call_json(raw, "UpdateItem", body)


# AttributeUpdates entries are checked when they are applied: after the
# condition, one by one in request order (the key, the entry, the type of the
# attribute added to or deleted from), and arithmetic only after all of them.
FAILED_CONDITION_WINS = [
    {"x": {"Action": "ADD"}},
    {"x": {"Action": "PUT"}},
    {"x": {"Action": "DELETE", "Value": {"N": "1"}}},
    {"x": {"Action": "DELETE", "Value": {"L": []}}},
    {"x": {"Action": "ADD", "Value": {"S": "x"}}},
    {"": {"Action": "PUT", "Value": {"S": "x"}}},
    {"pk": {"Action": "PUT", "Value": {"S": "x"}}},
]


@pytest.mark.parametrize("updates", FAILED_CONDITION_WINS)
def test_attribute_updates_checked_after_expected(raw, ddb, filled, updates):
    with raises_ddb(CCF, CCF_MSG):
        call_json(raw, "UpdateItem", {"TableName": filled, "Key": KEY,
                                      "Expected": {"y": {"ComparisonOperator": "NULL"}},
                                      "AttributeUpdates": updates})
    assert get(ddb, filled, KEY)["y"] == {"S": "a"}


ENTRY_ORDER = [
    ({"y": {"Action": "ADD", "Value": {"N": "1"}}, "x": {"Action": "ADD"}}, MISMATCH),
    ({"x": {"Action": "ADD"}, "y": {"Action": "ADD", "Value": {"N": "1"}}}, ONLY_DELETE),
    ({"y": {"Action": "DELETE", "Value": {"SS": ["a"]}}, "q": {"Action": "ADD"}}, MISMATCH),
    ({"q": {"Action": "ADD"}, "y": {"Action": "DELETE", "Value": {"SS": ["a"]}}}, ONLY_DELETE),
    ({"pk": {"Action": "PUT", "Value": {"S": "1"}}, "x": {"Action": "ADD"}}, KEY_PK),
    ({"x": {"Action": "ADD"}, "pk": {"Action": "PUT", "Value": {"S": "1"}}}, ONLY_DELETE),
    ({"pk": {"Action": "ADD"}}, KEY_PK),
    ({"y": {"Action": "ADD", "Value": {"N": "1"}}, "": {"Action": "PUT", "Value": {"N": "1"}}},
     MISMATCH),
    ({"": {"Action": "PUT", "Value": {"N": "1"}}, "y": {"Action": "ADD"}}, "Empty attribute name"),
    # the overflow of x + 9e125 is found only after every entry was checked
    ({"x": {"Action": "ADD", "Value": {"N": "9e125"}}, "y": {"Action": "ADD", "Value": {"N": "1"}}},
     MISMATCH),
    ({"x": {"Action": "ADD", "Value": {"N": "9e125"}}, "y": {"Action": "ADD"}}, ONLY_DELETE),
    ({"x": {"Action": "ADD", "Value": {"N": "9e125"}}},
     "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ({"l": {"Action": "DELETE", "Value": {"SS": ["a"]}}, "y": {"Action": "ADD", "Value": {"N": "1"}}},
     MISMATCH),
]


@pytest.mark.parametrize("updates,message", ENTRY_ORDER)
def test_attribute_updates_entry_order(raw, ddb, filled, updates, message):
    with raises_ddb(V, message):
        call_json(raw, "UpdateItem", {"TableName": filled, "Key": KEY,
                                      "AttributeUpdates": updates})
    assert get(ddb, filled, KEY)["x"] == {"N": "9" + "0" * 125}


# Expected's entries are checked right after the table on DeleteItem and
# UpdateItem, and before ConditionalOperator's count everywhere.
BAD_EXPECTED = {"b": {"Exists": True}}
EXPECTED_FIRST = [
    ("UpdateItem", {"Key": {"pk": {"N": "1"}}}),
    ("UpdateItem", {"Key": {"pk": {"S": "k"}, "x": {"S": "k"}}}),
    ("UpdateItem", {"ReturnValues": "BAD"}),
    ("UpdateItem", {"UpdateExpression": "SET a = :a"}),
    ("UpdateItem", {"ExpressionAttributeNames": {"#a": "a"}}),
    ("UpdateItem", {"ExpressionAttributeValues": {":a": {"S": "a"}}}),
    ("UpdateItem", {"ConditionalOperator": "AND"}),
    ("UpdateItem", {"AttributeUpdates": {"x": {"Action": "ADD"}}}),
    ("DeleteItem", {"Key": {"pk": {"N": "1"}}}),
    ("DeleteItem", {"Key": {}}),
    ("DeleteItem", {"ReturnValues": "ALL_NEW"}),
    ("DeleteItem", {"ConditionExpression": "a = "}),
    ("PutItem", {"Item": KEY, "ConditionalOperator": "OR"}),
]


@pytest.mark.parametrize("op,extra", EXPECTED_FIRST)
def test_expected_checked_early(raw, table, op, extra):
    body = {"TableName": table, "Expected": BAD_EXPECTED}
    if op != "PutItem":
        body["Key"] = KEY
    body.update(extra)
    with raises_ddb(V, EXISTS_TRUE):
        call_json(raw, op, body)



# ...but PutItem checks ReturnValues, the item and the mixing of parameters
# before Expected.
PUT_BEFORE_EXPECTED = [
    ({"Item": {"pk": {"N": "1"}}}, INVALID + "Type mismatch for key"),
    ({"Item": KEY, "ReturnValues": "ALL_NEW"}, "Return values set to invalid value"),
    ({"Item": KEY, "ConditionExpression": "a = b"},
     "Can not use both expression and non-expression parameters in the same request: "
     "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"),
    ({"Item": KEY, "ExpressionAttributeNames": {"#a": "a"}},
     "ExpressionAttributeNames can only be specified when using expressions"),
]


@pytest.mark.parametrize("extra,message", PUT_BEFORE_EXPECTED)
def test_put_item_checks_before_expected(raw, table, extra, message):
    body = {"TableName": table, "Expected": BAD_EXPECTED}
    body.update(extra)
    with raises_ddb(V, message):
        call_json(raw, "PutItem", body)


# ConditionalOperator's count of Expected entries comes after the key.
@pytest.mark.parametrize("op,extra,message", [
    ("PutItem", {"Item": {"pk": {"N": "1"}}, "Expected": {"b": {"Exists": False}}},
     INVALID + "Type mismatch for key"),
    ("PutItem", {"Item": {"pk": {"N": "1"}}}, INVALID + "Type mismatch for key"),
    ("DeleteItem", {"Key": {"pk": {"N": "1"}}, "Expected": {"b": {"Exists": False}}},
     INVALID + "Type mismatch for key"),
    ("UpdateItem", {"Key": {"pk": {"N": "1"}}}, INVALID + "Type mismatch for key"),
    ("DeleteItem", {"Key": KEY, "Expected": {"b": {"Exists": False}},
                    "ReturnValues": "ALL_NEW"}, "Return values set to invalid value"),
    ("DeleteItem", {"Key": KEY, "Expected": {"b": {"Exists": False}}}, TWO_OR_MORE),
    ("PutItem", {"Item": KEY, "Expected": {}},
     "ConditionalOperator cannot be used without Filter or Expected"),
])
def test_conditional_operator_count_after_key(raw, table, op, extra, message):
    body = {"TableName": table, "ConditionalOperator": "OR"}
    body.update(extra)
    with raises_ddb(V, message):
        call_json(raw, op, body)


# ExpressionAttributeNames without a ProjectionExpression are refused before
# the table is looked up (GetItem) and, in BatchGetItem, right after the
# mixing of AttributesToGet and ProjectionExpression, before any other check
# of any table.
NAMES_UNUSABLE = "ExpressionAttributeNames can only be specified when using expressions"
MIXED_GET = ("Can not use both expression and non-expression parameters in the same request: "
             "Non-expression parameters: {AttributesToGet} Expression parameters: "
             "{ProjectionExpression}")


@pytest.mark.parametrize("extra", [
    {"ExpressionAttributeNames": {"#a": "a"}},
    {"ExpressionAttributeNames": {}},
    {"ExpressionAttributeNames": {"#a": "a"}, "AttributesToGet": ["a"]},
])
def test_get_item_names_before_table(raw, extra):
    body = {"TableName": "rt_missing_table_h2", "Key": KEY}
    body.update(extra)
    with raises_ddb(V, NAMES_UNUSABLE):
        call_json(raw, "GetItem", body)


def test_get_item_projection_after_table(raw):
    with raises_ddb("ResourceNotFoundException"):
        call_json(raw, "GetItem", {"TableName": "rt_missing_table_h2", "Key": KEY,
                                   "ProjectionExpression": "a,,b"})


NAMES = {"ExpressionAttributeNames": {"#a": "a"}}


@pytest.mark.parametrize("items,message", [
    ({"n!": {"Keys": [KEY], **NAMES}}, NAMES_UNUSABLE),
    ({"{t}": {"Keys": [{"pk": {"N": "1"}}], **NAMES}}, NAMES_UNUSABLE),
    ({"{t}": {"Keys": [{"pk": {"SS": []}}], **NAMES}}, NAMES_UNUSABLE),
    ({"{t}": {"Keys": [], **NAMES}}, NAMES_UNUSABLE),
    ({"{t}": {"Keys": [KEY, KEY], **NAMES}}, NAMES_UNUSABLE),
    ({"{t}": {"Keys": [KEY], "AttributesToGet": ["a", "a"], **NAMES}}, NAMES_UNUSABLE),
    ({"{t}": {"Keys": [KEY], "AttributesToGet": [], **NAMES}}, NAMES_UNUSABLE),
    ({"rt_missing_table_h2": {"Keys": [KEY]}, "{t}": {"Keys": [KEY], **NAMES}}, NAMES_UNUSABLE),
    ({"{t}": {"Keys": [KEY], **NAMES}, "rt_missing_table_h2": {"Keys": [KEY]}}, NAMES_UNUSABLE),
    ({"{t}": {"Keys": [{"pk": {"S": f"k{i}"}} for i in range(101)], **NAMES}}, NAMES_UNUSABLE),
    ({"{t}": {"Keys": [], "AttributesToGet": ["a"], "ProjectionExpression": "a"}}, MIXED_GET),
    ({"x_other": {"Keys": []},
      "{t}": {"Keys": [KEY], "AttributesToGet": ["a"], "ProjectionExpression": "a"}}, MIXED_GET),
    ({"{t}": {"Keys": [KEY], "AttributesToGet": ["a", "a"], "ProjectionExpression": "a"}},
     MIXED_GET),
    ({"{t}": {"Keys": [KEY], "AttributesToGet": ["a"], "ProjectionExpression": "a", **NAMES}},
     MIXED_GET),
])
def test_batch_get_names_and_mixing_first(raw, table, items, message):
    request = {name.replace("{t}", table): spec for name, spec in items.items()}
    with raises_ddb(V, message):
        call_json(raw, "BatchGetItem", {"RequestItems": request})
