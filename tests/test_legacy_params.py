"""The legacy parameters end to end: Expected (every ComparisonOperator,
Exists true/false, ConditionalOperator AND/OR) on PutItem, DeleteItem and
UpdateItem, AttributeUpdates (PUT, ADD, DELETE on every type), AttributesToGet
on GetItem and BatchGetItem, and DynamoDB's refusal to mix legacy and
expression parameters in one request. Failed conditions and refused requests
write nothing (read back)."""
import pytest

from expr_helpers import CCF, CCF_MSG, V, create_table, delete_table_quietly, get, new_key, norm
from helpers import raises_ddb


@pytest.fixture(scope="module")
def tbl(ddb):
    name = create_table(ddb)
    yield name
    delete_table_quietly(ddb, name)


def N(x):
    return {"N": str(x)}


def S(x):
    return {"S": x}


ITEM = {
    "s": S("hello"),
    "n": N(10),
    "b": {"B": b"\x01\x02"},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": [b"\x01"]},
    "l": {"L": [S("x"), N(1)]},
    "m": {"M": {"k": S("v")}},
    "t": {"BOOL": True},
    "nul": {"NULL": True},
}


def cmp(op, *values):
    return {"ComparisonOperator": op, "AttributeValueList": list(values)}


# (Expected, ConditionalOperator, passes)
EXPECTED = [
    # Exists / Value
    ({"s": {"Value": S("hello")}}, None, True),
    ({"s": {"Value": S("Hello")}}, None, False),
    ({"s": {"Exists": True, "Value": S("hello")}}, None, True),
    ({"n": {"Exists": True, "Value": N("10.0")}}, None, True),
    ({"ss": {"Value": {"SS": ["b", "a"]}}}, None, True),
    ({"zz": {"Value": S("x")}}, None, False),
    ({"zz": {"Exists": False}}, None, True),
    ({"s": {"Exists": False}}, None, False),
    ({"nul": {"Exists": False}}, None, False),
    # EQ / NE
    ({"s": cmp("EQ", S("hello"))}, None, True),
    ({"n": cmp("EQ", N("1E1"))}, None, True),
    ({"n": cmp("EQ", S("10"))}, None, False),
    ({"b": cmp("EQ", {"B": b"\x01\x02"})}, None, True),
    ({"ns": cmp("EQ", {"NS": ["2", "1"]})}, None, True),
    ({"bs": cmp("EQ", {"BS": [b"\x01"]})}, None, True),
    ({"zz": cmp("EQ", S("x"))}, None, False),
    ({"s": cmp("NE", S("x"))}, None, True),
    ({"s": cmp("NE", S("hello"))}, None, False),
    ({"n": cmp("NE", S("10"))}, None, True),
    ({"zz": cmp("NE", S("x"))}, None, True),     # a missing attribute is "not equal"
    # LT LE GT GE on N, S, B
    ({"n": cmp("LT", N(11))}, None, True),
    ({"n": cmp("LT", N(10))}, None, False),
    ({"n": cmp("LE", N(10))}, None, True),
    ({"n": cmp("GT", N("9.5"))}, None, True),
    ({"n": cmp("GE", N(10))}, None, True),
    ({"n": cmp("GE", N(11))}, None, False),
    ({"s": cmp("LT", S("help"))}, None, True),
    ({"s": cmp("GT", S("Zebra"))}, None, True),    # 'h' > 'Z' in byte order
    ({"b": cmp("GT", {"B": b"\x01"})}, None, True),
    ({"b": cmp("LE", {"B": b"\x01\x01"})}, None, False),
    ({"n": cmp("LT", S("99"))}, None, False),       # another type: false
    ({"zz": cmp("LT", N(1))}, None, False),
    ({"zz": cmp("GE", N(1))}, None, False),
    # NULL / NOT_NULL: whether the attribute exists
    ({"zz": cmp("NULL")}, None, True),
    ({"s": cmp("NULL")}, None, False),
    ({"nul": cmp("NULL")}, None, False),            # a NULL value exists
    ({"s": cmp("NOT_NULL")}, None, True),
    ({"nul": cmp("NOT_NULL")}, None, True),
    ({"zz": cmp("NOT_NULL")}, None, False),
    # CONTAINS / NOT_CONTAINS
    ({"s": cmp("CONTAINS", S("ell"))}, None, True),
    ({"s": cmp("CONTAINS", S("xyz"))}, None, False),
    ({"b": cmp("CONTAINS", {"B": b"\x02"})}, None, True),
    ({"ss": cmp("CONTAINS", S("a"))}, None, True),
    ({"ss": cmp("CONTAINS", S("c"))}, None, False),
    ({"ns": cmp("CONTAINS", N("2.0"))}, None, True),
    ({"bs": cmp("CONTAINS", {"B": b"\x01"})}, None, True),
    ({"l": cmp("CONTAINS", S("x"))}, None, True),
    ({"l": cmp("CONTAINS", N(1))}, None, True),
    ({"n": cmp("CONTAINS", N(1))}, None, False),
    ({"zz": cmp("CONTAINS", S("a"))}, None, False),
    ({"s": cmp("NOT_CONTAINS", S("xyz"))}, None, True),
    ({"s": cmp("NOT_CONTAINS", S("ell"))}, None, False),
    ({"ss": cmp("NOT_CONTAINS", S("c"))}, None, True),
    ({"l": cmp("NOT_CONTAINS", S("y"))}, None, True),
    ({"zz": cmp("NOT_CONTAINS", S("a"))}, None, False),   # false for a missing attribute
    # BEGINS_WITH
    ({"s": cmp("BEGINS_WITH", S("he"))}, None, True),
    ({"s": cmp("BEGINS_WITH", S("lo"))}, None, False),
    ({"b": cmp("BEGINS_WITH", {"B": b"\x01"})}, None, True),
    ({"ss": cmp("BEGINS_WITH", S("a"))}, None, False),
    ({"zz": cmp("BEGINS_WITH", S(""))}, None, False),
    # IN
    ({"s": cmp("IN", S("x"), S("hello"))}, None, True),
    ({"n": cmp("IN", N(1), N(2))}, None, False),
    ({"n": cmp("IN", N(1), N("10.00"))}, None, True),
    ({"b": cmp("IN", {"B": b"\x01\x02"})}, None, True),
    ({"zz": cmp("IN", S("x"))}, None, False),
    # BETWEEN (inclusive)
    ({"n": cmp("BETWEEN", N(10), N(10))}, None, True),
    ({"n": cmp("BETWEEN", N(1), N(9))}, None, False),
    ({"s": cmp("BETWEEN", S("a"), S("z"))}, None, True),
    ({"b": cmp("BETWEEN", {"B": b"\x01"}, {"B": b"\x02"})}, None, True),
    ({"s": cmp("BETWEEN", N(1), N(100))}, None, False),
    ({"zz": cmp("BETWEEN", N(1), N(2))}, None, False),
    # several conditions: AND by default, or ConditionalOperator
    ({"s": {"Value": S("hello")}, "n": cmp("GT", N(5))}, None, True),
    ({"s": {"Value": S("hello")}, "n": cmp("GT", N(50))}, None, False),
    ({"s": {"Value": S("hello")}, "n": cmp("GT", N(50))}, "AND", False),
    ({"s": {"Value": S("hello")}, "n": cmp("GT", N(50))}, "OR", True),
    ({"s": {"Value": S("nope")}, "n": cmp("GT", N(50))}, "OR", False),
    ({"zz": {"Exists": False}, "n": cmp("EQ", N(10)), "ss": cmp("CONTAINS", S("b"))}, "AND", True),
    ({"zz": {"Exists": True, "Value": N(1)}, "n": cmp("EQ", N(0)), "t": cmp("NOT_NULL")},
     "OR", True),
    ({"zz": {"Exists": True, "Value": N(1)}, "n": cmp("EQ", N(0)), "t": cmp("NULL")},
     "OR", False),
]


def case_id(case):
    expected, op, passes = case
    parts = []
    for name, cond in expected.items():
        kind = cond.get("ComparisonOperator") or ("Exists" if "Exists" in cond else "Value")
        parts.append(f"{name}:{kind}")
    return f"{'|'.join(parts)}{'-' + op if op else ''}-{'T' if passes else 'F'}"


def legacy_args(expected, op):
    args = {"Expected": expected}
    if op:
        args["ConditionalOperator"] = op
    return args


def stored(key):
    return norm(dict(ITEM, **key))


@pytest.mark.parametrize("case", EXPECTED, ids=[case_id(c) for c in EXPECTED])
def test_expected_on_put(ddb, tbl, case):
    expected, op, passes = case
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(ITEM, **key))
    new = dict(key, marker=S("put"))
    if passes:
        ddb.put_item(TableName=tbl, Item=new, **legacy_args(expected, op))
        assert get(ddb, tbl, key) == new
    else:
        with raises_ddb(CCF, CCF_MSG):
            ddb.put_item(TableName=tbl, Item=new, **legacy_args(expected, op))
        assert get(ddb, tbl, key) == stored(key)


SUBSET = EXPECTED[::3]


@pytest.mark.parametrize("case", SUBSET, ids=[case_id(c) for c in SUBSET])
def test_expected_on_delete(ddb, tbl, case):
    expected, op, passes = case
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(ITEM, **key))
    if passes:
        ddb.delete_item(TableName=tbl, Key=key, **legacy_args(expected, op))
        assert get(ddb, tbl, key) is None
    else:
        with raises_ddb(CCF, CCF_MSG):
            ddb.delete_item(TableName=tbl, Key=key, **legacy_args(expected, op))
        assert get(ddb, tbl, key) == stored(key)


@pytest.mark.parametrize("case", SUBSET, ids=[case_id(c) for c in SUBSET])
def test_expected_on_update(ddb, tbl, case):
    expected, op, passes = case
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(ITEM, **key))
    updates = {"marker": {"Action": "PUT", "Value": S("updated")}}
    if passes:
        ddb.update_item(TableName=tbl, Key=key, AttributeUpdates=updates,
                        **legacy_args(expected, op))
        assert get(ddb, tbl, key) == norm(dict(ITEM, marker=S("updated"), **key))
    else:
        with raises_ddb(CCF, CCF_MSG):
            ddb.update_item(TableName=tbl, Key=key, AttributeUpdates=updates,
                            **legacy_args(expected, op))
        assert get(ddb, tbl, key) == stored(key)


@pytest.mark.parametrize("expected,passes", [
    ({"pk": {"Exists": False}}, True),
    ({"a": {"Exists": False}}, True),
    ({"a": cmp("NULL")}, True),
    ({"a": cmp("NE", N(1))}, True),
    ({"a": cmp("NOT_CONTAINS", S("x"))}, False),
    ({"a": {"Value": N(1)}}, False),
    ({"pk": cmp("NOT_NULL")}, False),
])
@pytest.mark.parametrize("op", ["PutItem", "DeleteItem", "UpdateItem"])
def test_expected_on_missing_item(ddb, tbl, op, expected, passes):
    key = new_key()
    call_op = {
        "PutItem": lambda: ddb.put_item(TableName=tbl, Item=dict(key, a=N(5)), Expected=expected),
        "DeleteItem": lambda: ddb.delete_item(TableName=tbl, Key=key, Expected=expected),
        "UpdateItem": lambda: ddb.update_item(
            TableName=tbl, Key=key, Expected=expected,
            AttributeUpdates={"a": {"Action": "PUT", "Value": N(5)}}),
    }[op]
    if passes:
        call_op()
        assert get(ddb, tbl, key) == (None if op == "DeleteItem" else dict(key, a=N(5)))
    else:
        with raises_ddb(CCF, CCF_MSG):
            call_op()
        assert get(ddb, tbl, key) is None


P = "One or more parameter values were invalid: "
EXPECTED_ERRORS = [
    ({"a": {"Exists": True}}, None,
     P + "Value must be provided when Exists is true for Attribute: a"),
    ({"a": {"Exists": False, "Value": S("x")}}, None,
     P + "Value cannot be used when Exists is false for Attribute: a"),
    ({"a": {}}, None, P + "Value must be provided when Exists is null for Attribute: a"),
    ({"a": {"ComparisonOperator": "EQ"}}, None,
     P + "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a"),
    ({"a": cmp("EQ", S("x"), S("y"))}, None,
     P + "Invalid number of argument(s) for the EQ ComparisonOperator"),
    ({"a": dict(cmp("EQ", S("x")), Value=S("x"))}, None,
     P + "Value and AttributeValueList cannot be used together for Attribute: a"),
    ({"a": dict(cmp("EQ", S("x")), Exists=True)}, None,
     P + "Exists and ComparisonOperator cannot be used together for Attribute: a"),
    ({"a": {"AttributeValueList": [S("x")]}}, None,
     P + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a"),
    ({"a": cmp("NULL", S("x"))}, None,
     P + "Invalid number of argument(s) for the NULL ComparisonOperator"),
    ({"a": cmp("BETWEEN", N(1))}, None,
     P + "Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
    ({"a": cmp("IN")}, None, P + "Invalid number of argument(s) for the IN ComparisonOperator"),
    ({"a": cmp("LT", {"BOOL": True})}, None,
     P + "ComparisonOperator LT is not valid for BOOL AttributeValue type"),
    ({"a": cmp("GE", {"SS": ["x"]})}, None,
     P + "ComparisonOperator GE is not valid for SS AttributeValue type"),
    ({"a": cmp("CONTAINS", {"SS": ["x"]})}, None,
     P + "ComparisonOperator CONTAINS is not valid for SS AttributeValue type"),
    ({"a": cmp("BEGINS_WITH", N(5))}, None,
     P + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"),
    ({"a": cmp("IN", {"BOOL": True}, N(1))}, None,
     P + "ComparisonOperator IN is not valid for BOOL AttributeValue type"),
    ({"a": cmp("BETWEEN", N(5), S("1"))}, None,
     P + "AttributeValues inside AttributeValueList must be of same type"),
    ({"a": cmp("IN", S("10"), N(10))}, None,
     P + "AttributeValues inside AttributeValueList must be of same type"),
    ({"a": cmp("BETWEEN", S("z"), S("a"))}, None,
     "The BETWEEN condition was provided a range where the lower bound is greater than the "
     "upper bound"),
    ({"a": cmp("FOO", S("x"))}, None, "Comparison type does not exist in DynamoDB"),
    ({"": {"Exists": False}}, None, "Empty attribute name"),
    ({"a": {"Exists": False}}, "OR",
     "ConditionalOperator can only be used when Filter or Expected has two or more elements"),
    ({}, "OR", "ConditionalOperator cannot be used without Filter or Expected"),
    (None, "AND", "ConditionalOperator cannot be used without Filter or Expected"),
]


@pytest.mark.parametrize("op", ["PutItem", "DeleteItem", "UpdateItem"])
@pytest.mark.parametrize("case", EXPECTED_ERRORS, ids=[c[2][-60:] for c in EXPECTED_ERRORS])
def test_expected_errors_write_nothing(ddb_nv, tbl, op, case):
    expected, cond_op, message = case
    key = new_key()
    ddb_nv.put_item(TableName=tbl, Item=dict(key, a=S("x")))
    args = {}
    if expected is not None:
        args["Expected"] = expected
    if cond_op:
        args["ConditionalOperator"] = cond_op
    with raises_ddb(V, message):
        if op == "PutItem":
            ddb_nv.put_item(TableName=tbl, Item=dict(key, a=S("new")), **args)
        elif op == "DeleteItem":
            ddb_nv.delete_item(TableName=tbl, Key=key, **args)
        else:
            ddb_nv.update_item(TableName=tbl, Key=key,
                               AttributeUpdates={"a": {"Action": "PUT", "Value": S("new")}},
                               **args)
    assert get(ddb_nv, tbl, key) == dict(key, a=S("x"))


def test_empty_expected_is_no_condition(ddb, tbl):
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(key, a=N(1)), Expected={})
    ddb.put_item(TableName=tbl, Item=dict(key, a=N(2)), Expected={})
    assert get(ddb, tbl, key) == dict(key, a=N(2))


def test_expected_on_condition_check_failure_returns_old_item(call, tbl):
    from helpers import DdbError
    key = new_key()
    call("PutItem", {"TableName": tbl, "Item": dict(key, a={"N": "1"})})
    with pytest.raises(DdbError) as info:
        call("UpdateItem", {"TableName": tbl, "Key": key,
                            "AttributeUpdates": {"a": {"Action": "ADD", "Value": {"N": "1"}}},
                            "Expected": {"a": {"Value": {"N": "2"}}},
                            "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    assert info.value.code == CCF
    assert info.value.response.json()["Item"] == dict(key, a={"N": "1"})


# --- AttributeUpdates ------------------------------------------------------------------------

START = {
    "n": N(5),
    "s": S("str"),
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": [b"\x01", b"\x02"]},
    "l": {"L": [N(1)]},
    "m": {"M": {"k": S("v")}},
}


def with_(**kw):
    out = dict(START)
    for k, x in kw.items():
        if x is None:
            out.pop(k, None)
        else:
            out[k] = x
    return out


def put(v):
    return {"Action": "PUT", "Value": v}


def add(v):
    return {"Action": "ADD", "Value": v}


def delete(v=None):
    return {"Action": "DELETE"} if v is None else {"Action": "DELETE", "Value": v}


ATTRIBUTE_UPDATES = [
    # PUT: every type, new or replacing
    ({"x": put(S("new"))}, with_(x=S("new"))),
    ({"x": put(N("-1.5"))}, with_(x=N("-1.5"))),
    ({"x": put({"B": b"\x00"})}, with_(x={"B": b"\x00"})),
    ({"x": put({"BOOL": False})}, with_(x={"BOOL": False})),
    ({"x": put({"NULL": True})}, with_(x={"NULL": True})),
    ({"x": put({"SS": ["q"]})}, with_(x={"SS": ["q"]})),
    ({"x": put({"NS": ["7"]})}, with_(x={"NS": ["7"]})),
    ({"x": put({"BS": [b"\x07"]})}, with_(x={"BS": [b"\x07"]})),
    ({"x": put({"L": [S("a"), {"L": []}]})}, with_(x={"L": [S("a"), {"L": []}]})),
    ({"x": put({"M": {"a": {"M": {}}}})}, with_(x={"M": {"a": {"M": {}}}})),
    ({"x": put(S(""))}, with_(x=S(""))),
    ({"s": put(N(1))}, with_(s=N(1))),
    ({"m": put({"M": {}})}, with_(m={"M": {}})),
    ({"a.b": put(S("dotted"))}, with_(**{"a.b": S("dotted")})),    # a plain name, no path
    ({"x": {"Value": S("default action")}}, with_(x=S("default action"))),   # PUT is the default
    # ADD: numbers, sets, lists
    ({"n": add(N(1))}, with_(n=N(6))),
    ({"n": add(N("-5"))}, with_(n=N(0))),
    ({"n": add(N("0.25"))}, with_(n=N("5.25"))),
    ({"x": add(N(3))}, with_(x=N(3))),                                 # as if it were 0
    ({"ss": add({"SS": ["b", "c"]})}, with_(ss={"SS": ["a", "b", "c"]})),
    ({"ns": add({"NS": ["3", "1.0"]})}, with_(ns={"NS": ["1", "2", "3"]})),
    ({"bs": add({"BS": [b"\x03"]})}, with_(bs={"BS": [b"\x01", b"\x02", b"\x03"]})),
    ({"x": add({"SS": ["q"]})}, with_(x={"SS": ["q"]})),
    ({"x": add({"NS": ["1"]})}, with_(x={"NS": ["1"]})),
    ({"x": add({"BS": [b"\x01"]})}, with_(x={"BS": [b"\x01"]})),
    ({"l": add({"L": [N(2), S("x")]})}, with_(l={"L": [N(1), N(2), S("x")]})),
    ({"x": add({"L": [N(2)]})}, with_(x={"L": [N(2)]})),
    # DELETE: the attribute, or members of a set
    ({"s": delete()}, with_(s=None)),
    ({"nope": delete()}, START),
    ({"ss": delete({"SS": ["a"]})}, with_(ss={"SS": ["b"]})),
    ({"ss": delete({"SS": ["a", "b"]})}, with_(ss=None)),       # emptied: removed
    ({"ss": delete({"SS": ["zz"]})}, START),
    ({"ns": delete({"NS": ["2.0"]})}, with_(ns={"NS": ["1"]})),
    ({"bs": delete({"BS": [b"\x01"]})}, with_(bs={"BS": [b"\x02"]})),
    ({"nope": delete({"SS": ["a"]})}, START),
    # several at once
    ({"n": add(N(1)), "s": delete(), "x": put(S("y")), "ss": delete({"SS": ["a"]})},
     with_(n=N(6), s=None, x=S("y"), ss={"SS": ["b"]})),
    ({}, START),
]


def au_id(case):
    updates = case[0]
    return ",".join(f"{k}:{v.get('Action', 'PUT')}:{next(iter(v.get('Value', {'-': 0})))}"
                    for k, v in updates.items()) or "<empty>"


@pytest.mark.parametrize("case", ATTRIBUTE_UPDATES, ids=[au_id(c) for c in ATTRIBUTE_UPDATES])
def test_attribute_updates(ddb, tbl, case):
    updates, after = case
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(START, **key))
    r = ddb.update_item(TableName=tbl, Key=key, AttributeUpdates=updates, ReturnValues="ALL_NEW")
    assert norm(r["Attributes"]) == norm(dict(after, **key))
    assert get(ddb, tbl, key) == norm(dict(after, **key))


AU_ERRORS = [
    ({"a": {"Action": "PUT"}},
     P + "Only DELETE action is allowed when no attribute value is specified"),
    ({"a": {"Action": "ADD"}},
     P + "Only DELETE action is allowed when no attribute value is specified"),
    ({"s": delete(S("x"))}, P + "DELETE action with value is not supported for the type STRING"),
    ({"n": delete(N(1))}, P + "DELETE action with value is not supported for the type NUMBER"),
    ({"l": delete({"L": []})}, P + "DELETE action with value is not supported for the type LIST"),
    ({"s": add(S("y"))}, P + "ADD action is not supported for the type STRING"),
    ({"m": add({"M": {}})}, P + "ADD action is not supported for the type MAP"),
    ({"x": add({"BOOL": True})}, P + "ADD action is not supported for the type BOOLEAN"),
    ({"x": add({"B": b"\x01"})}, P + "ADD action is not supported for the type BINARY"),
    ({"x": add({"NULL": True})}, P + "ADD action is not supported for the type NULL"),
    ({"ns": delete({"SS": ["1"]})}, "Type mismatch for attribute to update"),
    ({"ss": add({"NS": ["1"]})}, "Type mismatch for attribute to update"),
    ({"n": add({"SS": ["1"]})}, "Type mismatch for attribute to update"),
    ({"s": add(N(1))}, "Type mismatch for attribute to update"),
    ({"l": add(N(1))}, "Type mismatch for attribute to update"),
    ({"s": delete({"SS": ["x"]})}, "Type mismatch for attribute to update"),
    ({"pk": put(S("other"))},
     P + "Cannot update attribute pk. This attribute is part of the key"),
    ({"pk": delete()}, P + "Cannot update attribute pk. This attribute is part of the key"),
    ({"n": add(N("1E125"))}, "DynamoDB only supports precision up to 38 digits"),
    ({"n": add(N("9.99E125"))}, "DynamoDB only supports precision up to 38 digits"),
    ({"x": put({"SS": []})}, P + "An string set  may not be empty"),
    ({"": put(S("x"))}, "Empty attribute name"),
    ({"x": {"Action": "FOO", "Value": S("x")}}, None),   # enum: message checked below
]


@pytest.mark.parametrize("case", AU_ERRORS, ids=[c[1] and c[1][-50:] or "enum" for c in AU_ERRORS])
def test_attribute_updates_errors_write_nothing(ddb_nv, tbl, case):
    updates, message = case
    key = new_key()
    ddb_nv.put_item(TableName=tbl, Item=dict(START, **key))
    with raises_ddb(V, message) as info:
        ddb_nv.update_item(TableName=tbl, Key=key, AttributeUpdates=updates)
    if message is None:
        assert "Member must satisfy enum value set: [ADD, DELETE, PUT]" in \
            info.value.response["Error"]["Message"]
    assert get(ddb_nv, tbl, key) == norm(dict(START, **key))


def test_attribute_updates_number_overflow(ddb, tbl):
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(key, n=N("9E125")))
    with raises_ddb(V, "Number overflow. Attempting to store a number with magnitude larger "
                       "than supported range"):
        ddb.update_item(TableName=tbl, Key=key, AttributeUpdates={"n": add(N("9E125"))})
    assert get(ddb, tbl, key) == norm(dict(key, n=N("9E125")))


@pytest.mark.parametrize("updates,created", [
    ({"a": put(S("x"))}, {"a": S("x")}),
    ({"a": add(N(2))}, {"a": N(2)}),
    ({"a": add({"SS": ["x"]})}, {"a": {"SS": ["x"]}}),
    ({"a": add({"L": [N(1)]})}, {"a": {"L": [N(1)]}}),
    ({}, {}),                                   # an empty update creates the item
])
def test_attribute_updates_create_item(ddb, tbl, updates, created):
    key = new_key()
    ddb.update_item(TableName=tbl, Key=key, AttributeUpdates=updates)
    assert get(ddb, tbl, key) == norm(dict(created, **key))


@pytest.mark.reference_differs(
    "DynamoDB does not create an item for an AttributeUpdates that only deletes "
    "(ScyllaDB alternator's DynamoDB-verified test_update_item_non_existent and "
    "test_update_item_delete); DynamoDB Local creates it")
@pytest.mark.parametrize("updates", [
    {"a": delete()},
    {"a": delete({"SS": ["x"]})},
    {"a": delete(), "b": delete({"NS": ["1"]})},
])
def test_attribute_updates_delete_only_does_not_create(ddb, tbl, updates):
    key = new_key()
    ddb.update_item(TableName=tbl, Key=key, AttributeUpdates=updates)
    assert get(ddb, tbl, key) is None


@pytest.mark.parametrize("mode,expected", [
    ("NONE", None),
    ("ALL_OLD", "old"),
    ("UPDATED_OLD", {"n": N(5), "s": S("str")}),
    ("ALL_NEW", "new"),
    ("UPDATED_NEW", {"n": N(6), "x": S("y")}),
])
def test_attribute_updates_return_values(ddb, tbl, mode, expected):
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(START, **key))
    updates = {"n": add(N(1)), "s": delete(), "x": put(S("y"))}
    r = ddb.update_item(TableName=tbl, Key=key, AttributeUpdates=updates, ReturnValues=mode)
    r.pop("ResponseMetadata")
    if expected is None:
        assert r == {}
    elif expected == "old":
        assert norm(r) == norm({"Attributes": dict(START, **key)})
    elif expected == "new":
        assert norm(r) == norm({"Attributes": dict(with_(n=N(6), s=None, x=S("y")), **key)})
    else:
        assert norm(r) == norm({"Attributes": expected})


def test_expected_checked_before_attribute_updates(ddb, tbl):
    """A failing Expected wins over an invalid update (key attribute, type
    mismatch); a passing one lets the update's error through."""
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(START, **key))
    for updates in ({"pk": put(S("y"))}, {"s": add(N(1))}):
        with raises_ddb(CCF, CCF_MSG):
            ddb.update_item(TableName=tbl, Key=key, AttributeUpdates=updates,
                            Expected={"s": {"Value": S("nope")}})
    with raises_ddb(V, P + "Cannot update attribute pk. This attribute is part of the key"):
        ddb.update_item(TableName=tbl, Key=key, AttributeUpdates={"pk": put(S("y"))},
                        Expected={"s": {"Value": S("str")}})
    assert get(ddb, tbl, key) == norm(dict(START, **key))


# --- AttributesToGet ---------------------------------------------------------------------------

@pytest.mark.parametrize("names,expected", [
    (["s"], {"s": S("str")}),
    (["s", "n", "pk"], "s n pk"),
    (["m", "nope"], {"m": {"M": {"k": S("v")}}}),
    (["nope"], {}),                     # the item exists: an empty Item
    (["m.k"], {}),                      # names, not paths
    (["l"], {"l": {"L": [N(1)]}}),
])
def test_attributes_to_get(ddb, tbl, names, expected):
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(START, **key))
    if expected == "s n pk":
        expected = {"s": S("str"), "n": N(5), **key}
    r = ddb.get_item(TableName=tbl, Key=key, AttributesToGet=names)
    assert norm(r["Item"]) == norm(expected)
    r = ddb.batch_get_item(RequestItems={tbl: {"Keys": [key], "AttributesToGet": names}})
    assert [norm(i) for i in r["Responses"][tbl]] == [norm(expected)]


@pytest.mark.parametrize("names,message", [
    (["a", "a"], "Cannot have two attributes with the same name"),
    ([], "AttributesToGet cannot be empty"),
    ([""], "Empty attribute name"),
])
def test_attributes_to_get_errors(ddb_nv, tbl, names, message):
    with raises_ddb(V, message):
        ddb_nv.get_item(TableName=tbl, Key=new_key(), AttributesToGet=names)


def test_attributes_to_get_errors_beat_key_and_mixing(raw, tbl):
    r = raw.post("GetItem", {"TableName": tbl, "Key": {"pk": {"N": "1"}},
                             "AttributesToGet": ["a", "a"]})
    assert r.message == "Cannot have two attributes with the same name"
    r = raw.post("GetItem", {"TableName": tbl, "Key": {"pk": {"S": "a"}},
                             "AttributesToGet": ["a", "a"], "ProjectionExpression": "a"})
    assert r.message == "Cannot have two attributes with the same name"
    r = raw.post("GetItem", {"TableName": tbl, "Key": {"pk": {"S": "a"}},
                             "AttributesToGet": [], "ProjectionExpression": "a"})
    assert r.message == "AttributesToGet cannot be empty"


# --- mixing legacy and expression parameters ---------------------------------------------------

MIX = ("Can not use both expression and non-expression parameters in the same request: "
       "Non-expression parameters: {{{}}} Expression parameters: {{{}}}")
LEGACY = {
    "Expected": {"a": {"Exists": False}},
    "AttributeUpdates": {"a": {"Action": "PUT", "Value": {"S": "x"}}},
    "ConditionalOperator": "AND",
    "AttributesToGet": ["a"],
}
EXPRESSIONS = {
    "ConditionExpression": "attribute_not_exists(a)",
    "UpdateExpression": "SET b = :v",
    "ProjectionExpression": "a",
}
MIXES = [
    ("PutItem", ["Expected"], ["ConditionExpression"], "Expected", "ConditionExpression"),
    ("PutItem", ["ConditionalOperator"], ["ConditionExpression"],
     "ConditionalOperator", "ConditionExpression"),
    ("PutItem", ["Expected", "ConditionalOperator"], ["ConditionExpression"],
     "Expected, ConditionalOperator", "ConditionExpression"),
    ("DeleteItem", ["Expected"], ["ConditionExpression"], "Expected", "ConditionExpression"),
    ("DeleteItem", ["Expected", "ConditionalOperator"], ["ConditionExpression"],
     "Expected, ConditionalOperator", "ConditionExpression"),
    ("UpdateItem", ["AttributeUpdates"], ["UpdateExpression"],
     "AttributeUpdates", "UpdateExpression"),
    ("UpdateItem", ["Expected"], ["ConditionExpression"], "Expected", "ConditionExpression"),
    ("UpdateItem", ["Expected"], ["UpdateExpression"], "Expected", "UpdateExpression"),
    ("UpdateItem", ["AttributeUpdates"], ["ConditionExpression"],
     "AttributeUpdates", "ConditionExpression"),
    ("UpdateItem", ["AttributeUpdates"], ["ConditionExpression", "UpdateExpression"],
     "AttributeUpdates", "UpdateExpression, ConditionExpression"),
    ("UpdateItem", ["Expected", "AttributeUpdates"], ["UpdateExpression"],
     "AttributeUpdates, Expected", "UpdateExpression"),
    ("UpdateItem", ["ConditionalOperator", "AttributeUpdates"], ["UpdateExpression"],
     "AttributeUpdates, ConditionalOperator", "UpdateExpression"),
    ("UpdateItem", ["ConditionalOperator", "Expected", "AttributeUpdates"],
     ["ConditionExpression", "UpdateExpression"],
     "AttributeUpdates, Expected, ConditionalOperator", "UpdateExpression, ConditionExpression"),
    ("GetItem", ["AttributesToGet"], ["ProjectionExpression"],
     "AttributesToGet", "ProjectionExpression"),
]


@pytest.mark.parametrize("op,legacy,expressions,lnames,enames", MIXES,
                         ids=[f"{m[0]}:{'+'.join(m[1])}/{'+'.join(m[2])}" for m in MIXES])
def test_mixing_refused(raw, tbl, op, legacy, expressions, lnames, enames):
    key = new_key()
    raw.post("PutItem", {"TableName": tbl, "Item": dict(key, a={"S": "old"})})
    body = {"TableName": tbl}
    body["Item" if op == "PutItem" else "Key"] = dict(key, a={"S": "new"}) \
        if op == "PutItem" else key
    for p in legacy:
        body[p] = LEGACY[p]
    for e in expressions:
        body[e] = EXPRESSIONS[e]
    if "UpdateExpression" in expressions:
        body["ExpressionAttributeValues"] = {":v": {"N": "1"}}
    r = raw.post(op, body)
    assert (r.status, r.error_type, r.message) == (400, V, MIX.format(lnames, enames))
    got = raw.post("GetItem", {"TableName": tbl, "Key": key, "ConsistentRead": True}).json()
    assert got["Item"] == dict(key, a={"S": "old"})


@pytest.mark.parametrize("op,body,message", [
    # mixing beats the expression's own syntax and the key's type
    ("UpdateItem", {"Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET a = = :v",
                    "AttributeUpdates": LEGACY["AttributeUpdates"]},
     MIX.format("AttributeUpdates", "UpdateExpression")),
    ("UpdateItem", {"Key": {"pk": {"N": "1"}}, "UpdateExpression": "SET a = :v",
                    "AttributeUpdates": LEGACY["AttributeUpdates"]},
     MIX.format("AttributeUpdates", "UpdateExpression")),
    # a parameter counts when present, even empty
    ("UpdateItem", {"Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET a = :v",
                    "ExpressionAttributeValues": {":v": {"N": "1"}}, "AttributeUpdates": {}},
     MIX.format("AttributeUpdates", "UpdateExpression")),
    ("PutItem", {"Item": {"pk": {"S": "a"}}, "ConditionExpression": "attribute_exists(a)",
                 "Expected": {}}, MIX.format("Expected", "ConditionExpression")),
    # ReturnValues is checked before mixing
    ("UpdateItem", {"Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET a = :v",
                    "AttributeUpdates": LEGACY["AttributeUpdates"], "ReturnValues": "FOO"},
     "Return values set to invalid value"),
    # names/values need an expression
    ("UpdateItem", {"Key": {"pk": {"S": "a"}}, "AttributeUpdates": LEGACY["AttributeUpdates"],
                    "ExpressionAttributeNames": {"#a": "a"}},
     "ExpressionAttributeNames can only be specified when using expressions"),
    ("UpdateItem", {"Key": {"pk": {"S": "a"}}, "AttributeUpdates": LEGACY["AttributeUpdates"],
                    "ExpressionAttributeValues": {":a": {"S": "a"}}},
     "ExpressionAttributeValues can only be specified when using expressions: "
     "UpdateExpression and ConditionExpression are null"),
    ("PutItem", {"Item": {"pk": {"S": "a"}}, "Expected": {"a": {"Value": {"S": "x"}}},
                 "ExpressionAttributeValues": {":v": {"S": "x"}}},
     "ExpressionAttributeValues can only be specified when using expressions: "
     "ConditionExpression is null"),
    ("GetItem", {"Key": {"pk": {"S": "a"}}, "AttributesToGet": ["a"],
                 "ExpressionAttributeNames": {"#a": "a"}},
     "ExpressionAttributeNames can only be specified when using expressions"),
])
def test_mixing_validation_order(raw, tbl, op, body, message):
    r = raw.post(op, dict(body, TableName=tbl))
    assert (r.status, r.error_type, r.message) == (400, V, message)


def test_mixing_loses_to_missing_table(raw):
    r = raw.post("UpdateItem", {"TableName": "rt_no_such_table_legacy", "Key": {"pk": {"S": "a"}},
                                "UpdateExpression": "SET a = :v",
                                "AttributeUpdates": LEGACY["AttributeUpdates"]})
    assert (r.error_type, r.message) == \
        ("ResourceNotFoundException", "Cannot do operations on a non-existent table")


@pytest.mark.reference_differs(
    "DynamoDB answers an unknown ConditionalOperator with its enum ValidationException; "
    "DynamoDB Local fails with a 500 InternalFailure")
def test_unknown_conditional_operator(raw, tbl):
    r = raw.post("PutItem", {"TableName": tbl, "Item": new_key(), "ConditionalOperator": "XOR",
                             "Expected": {"a": {"Exists": False}, "b": {"Exists": False}}})
    assert (r.status, r.error_type) == (400, V)
    assert r.message == ("1 validation error detected: Value 'XOR' at 'conditionalOperator' "
                         "failed to satisfy constraint: Member must satisfy enum value set: "
                         "[AND, OR]")
