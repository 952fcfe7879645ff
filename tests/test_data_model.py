"""The data model: the ten attribute types, their validation, numbers, keys,
nesting. Messages are DynamoDB's exact text."""
from decimal import Decimal

import boto3.dynamodb.types
import pytest

from helpers import expect_error

V = "ValidationException"
EMPTY_AV = ("Supplied AttributeValue is empty, must contain exactly one of the supported "
            "datatypes")
TWO_TYPES = ("Supplied AttributeValue has more than one datatypes set, must contain exactly one "
             "of the supported datatypes")
NOT_A_NUMBER = "A value provided cannot be converted into a number"
OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
UNDERFLOW = ("Number underflow. Attempting to store a number with magnitude smaller than "
             "supported range")
PRECISION = "DynamoDB only supports precision up to 38 digits"
MISSING_KEY = "One of the required keys was not given a value"
TYPE_MISMATCH = "One or more parameter values were invalid: Type mismatch for key"
INVALID_KEY_TYPE = "Invalid attribute value type"
KEY_CONDITIONS = "The number of conditions on the keys is invalid"
KEY_TOO_BIG = ("Hash primary key values must be under 2048 bytes, and range primary key values "
               "must be under 1024 bytes")
NESTING = ("Nesting Levels have exceeded supported limits: Attributes in the item have nested "
           "levels beyond supported limit")


def empty_key_msg(kind, name):
    return ("One or more parameter values are not valid. The AttributeValue for a key attribute "
            f"cannot contain an empty {kind} value. Key: {name}")


def put(ddb, table, **attrs):
    ddb.put_item(TableName=table, Item={"pk": {"S": "item"}, **attrs})


def get(ddb, table, key="item"):
    return ddb.get_item(TableName=table, Key={"pk": {"S": key}}, ConsistentRead=True)["Item"]


# --- round trips ---------------------------------------------------------------

ROUND_TRIP = [
    {"S": "hello"},
    {"S": "unicode \u00e9\u4e2d\U0001F600 \x00 nul"},
    {"S": "x" * 10000},
    {"S": ""},
    {"N": "42"},
    {"N": "-3.25"},
    {"N": "12345678901234567890123456789012345678"},
    {"N": "0.00000000000000000000000000000000000001"},
    {"B": b"\x00\x01\xfe\xff binary"},
    {"B": b""},
    {"BOOL": True},
    {"BOOL": False},
    {"NULL": True},
    {"M": {}},
    {"L": []},
    {"M": {"a": {"S": "x"}, "b": {"N": "1"}, "n": {"M": {"deep": {"L": [{"NULL": True}]}}}}},
    {"L": [{"S": "a"}, {"N": "1"}, {"B": b"z"}, {"BOOL": False}, {"L": [{"SS": ["q"]}]}]},
    {"M": {" ": {"S": "space key"}}},
    {"L": [{"S": ""}, {"B": b""}]},
]


@pytest.mark.parametrize("value", ROUND_TRIP, ids=lambda v: list(v)[0])
def test_round_trip(ddb, table, value):
    put(ddb, table, v=value)
    assert get(ddb, table)["v"] == value


@pytest.mark.parametrize("kind,members", [
    ("SS", ["a", "b", "c", "\u00e9"]),
    ("SS", [""]),
    ("NS", ["1", "-2.5", "1e3", "0.001"]),
    ("BS", [b"a", b"\x00\xff", b"zz"]),
    ("BS", [b""]),
])
def test_set_round_trip(ddb, table, kind, members):
    put(ddb, table, v={kind: members})
    got = get(ddb, table)["v"][kind]
    if kind == "NS":
        assert sorted(map(Decimal, got)) == sorted(map(Decimal, members))
    else:
        assert sorted(got) == sorted(members)


def test_all_ten_types_in_one_item(ddb, table):
    item = {"pk": {"S": "all"}, "s": {"S": "x"}, "n": {"N": "1"}, "b": {"B": b"\x01"},
            "bool": {"BOOL": True}, "null": {"NULL": True}, "m": {"M": {"k": {"S": "v"}}},
            "l": {"L": [{"N": "2"}]}, "ss": {"SS": ["a"]}, "ns": {"NS": ["3"]},
            "bs": {"BS": [b"\x02"]}}
    ddb.put_item(TableName=table, Item=item)
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "all"}})["Item"] == item


def test_boto3_resource_decimal_precision(endpoint, table):
    """The high-level boto3 resource API uses Decimal with 38-digit context."""
    res = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                         aws_access_key_id="AKIDTESTTESTTEST", aws_secret_access_key="secret")
    t = res.Table(table)
    values = {"a": Decimal("3.14159265358979323846264338327950288"),
              "b": Decimal("-1E+30"), "c": Decimal("1E-120"), "d": 7,
              "e": {1, 2, 3}, "f": {"x", "y"}, "g": boto3.dynamodb.types.Binary(b"\x00\xff"),
              "h": [Decimal("1.5"), "s", None, True, {"k": "v"}], "i": None}
    t.put_item(Item={"pk": "dec", **values})
    got = t.get_item(Key={"pk": "dec"}, ConsistentRead=True)["Item"]
    assert got == {"pk": "dec", **values}


# --- numbers ---------------------------------------------------------------------

@pytest.mark.parametrize("given,normalised", [
    ("+1", "1"), ("1.", "1"), (".5", "0.5"), ("1e5", "100000"), ("-0", "0"), ("1E+2", "100"),
    ("0.0", "0"), ("00012.3400", "12.34"), ("-1.50", "-1.5"), ("1e-5", "0.00001"),
    ("-0.000001", "-0.000001"), ("0e10", "0"), ("1.0e2", "100"), ("100e-2", "1"),
    ("1000", "1000"), ("-00", "0"), ("5E-1", "0.5"), ("1e0", "1"),
    ("1e-130", "0." + "0" * 129 + "1"),
    ("9.9999999999999999999999999999999999999e125", "9" * 38 + "0" * 88),
    ("-9.9999999999999999999999999999999999999e125", "-" + "9" * 38 + "0" * 88),
    ("1" * 38 + "0" * 10, "1" * 38 + "0" * 10),
    ("0.12345678901234567890123456789012345678", "0.12345678901234567890123456789012345678"),
    ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
])
def test_number_normalisation(ddb, table, given, normalised):
    # Only top-level numbers and top-level number sets: DynamoDB Local returns
    # numbers nested in M/L exactly as sent, and DynamoDB's documentation says
    # nothing either way, so nested numbers are not pinned down here.
    put(ddb, table, v={"N": given}, s={"NS": [given]})
    item = get(ddb, table)
    assert item["v"] == {"N": normalised}
    assert item["s"] == {"NS": [normalised]}


@pytest.mark.parametrize("number,message", [
    ("", NOT_A_NUMBER), ("x", NOT_A_NUMBER), (" 1", NOT_A_NUMBER), ("1 ", NOT_A_NUMBER),
    ("0x10", NOT_A_NUMBER), ("NaN", NOT_A_NUMBER), ("Infinity", NOT_A_NUMBER),
    ("-Infinity", NOT_A_NUMBER), ("1e", NOT_A_NUMBER), ("e5", NOT_A_NUMBER), ("--1", NOT_A_NUMBER),
    ("1.2.3", NOT_A_NUMBER), ("1,5", NOT_A_NUMBER), (".", NOT_A_NUMBER), ("-", NOT_A_NUMBER),
    ("1e126", OVERFLOW), ("10e125", OVERFLOW), ("-1e126", OVERFLOW),
    ("1e-131", UNDERFLOW), ("-1e-131", UNDERFLOW), ("0.1e-130", UNDERFLOW),
    ("1" * 39, PRECISION), ("0." + "0" * 10 + "1" * 39, PRECISION), ("1." + "0" * 37 + "1", PRECISION),
    ("-" + "9" * 39, PRECISION),
])
def test_number_errors(ddb_nv, table, number, message):
    for item in ({"v": {"N": number}}, {"v": {"NS": ["1", number]}},
                 {"v": {"L": [{"N": number}]}}, {"v": {"M": {"k": {"N": number}}}}):
        expect_error(ddb_nv.put_item, V, message, TableName=table,
                     Item={"pk": {"S": "a"}, **item})


def test_number_in_key_normalised(ddb, table_hr):
    ddb.put_item(TableName=table_hr, Item={"pk": {"S": "a"}, "sk": {"N": "1.50"}, "v": {"S": "x"}})
    got = ddb.get_item(TableName=table_hr, Key={"pk": {"S": "a"}, "sk": {"N": "001.5e0"}})
    assert got["Item"] == {"pk": {"S": "a"}, "sk": {"N": "1.5"}, "v": {"S": "x"}}


def test_number_trailing_zero_precision_is_not_significant(ddb, table):
    # 38 significant digits followed by zeros is fine: zeros are not significant.
    put(ddb, table, v={"N": "1" * 38 + "0" * 50})
    assert get(ddb, table)["v"] == {"N": "1" * 38 + "0" * 50}


# --- attribute value shape ------------------------------------------------------

@pytest.mark.parametrize("value,message", [
    ({}, EMPTY_AV),
    ({"S": "a", "N": "1"}, TWO_TYPES),
    ({"S": "a", "BOOL": True}, TWO_TYPES),
    ({"NULL": True, "L": []}, TWO_TYPES),
    ({"NULL": False}, "One or more parameter values were invalid: Null attribute value types must "
                      "have the value of true"),
    ({"M": {"a": {}}}, EMPTY_AV),
    ({"L": [{}]}, EMPTY_AV),
    ({"L": [{"S": "a"}, {"S": "b", "N": "1"}]}, TWO_TYPES),
    ({"M": {"": {"S": "x"}}}, "Empty attribute name"),
])
def test_attribute_value_shape_errors(ddb_nv, table, value, message):
    expect_error(ddb_nv.put_item, V, message, TableName=table,
                 Item={"pk": {"S": "a"}, "v": value})


def test_empty_top_level_attribute_name(ddb_nv, table):
    expect_error(ddb_nv.put_item, V, "Empty attribute name", TableName=table,
                 Item={"pk": {"S": "a"}, "": {"S": "x"}})


@pytest.mark.parametrize("value,message", [
    ({"SS": []}, "One or more parameter values were invalid: An string set  may not be empty"),
    ({"NS": []}, "One or more parameter values were invalid: An number set  may not be empty"),
    ({"BS": []}, "One or more parameter values were invalid: Binary sets should not be empty"),
    ({"SS": ["a", "a"]},
     "One or more parameter values were invalid: Input collection [a, a] contains duplicates"),
    ({"SS": ["b", "a", "b"]},
     "One or more parameter values were invalid: Input collection [b, a, b] contains duplicates"),
    ({"NS": ["1", "1"]}, "Input collection contains duplicates"),
    ({"NS": ["1", "1.0"]}, "Input collection contains duplicates"),
    ({"NS": ["1", "01"]}, "Input collection contains duplicates"),
    ({"NS": ["100", "1e2"]}, "Input collection contains duplicates"),
    ({"NS": ["-0", "0"]}, "Input collection contains duplicates"),
    ({"BS": [b"a", b"a"]},
     "One or more parameter values were invalid: Input collection of type BS contains duplicates."),
    ({"NS": [""]}, NOT_A_NUMBER),
    ({"NS": ["x"]}, NOT_A_NUMBER),
])
def test_set_errors(ddb_nv, table, value, message):
    expect_error(ddb_nv.put_item, V, message, TableName=table,
                 Item={"pk": {"S": "a"}, "v": value})
    # The same inside a map and a list.
    expect_error(ddb_nv.put_item, V, message, TableName=table,
                 Item={"pk": {"S": "a"}, "v": {"M": {"x": {"L": [value]}}}})


def test_empty_string_and_binary_allowed_in_non_key(ddb, table):
    put(ddb, table, s={"S": ""}, b={"B": b""}, m={"M": {"e": {"S": ""}}}, l={"L": [{"B": b""}]})
    item = get(ddb, table)
    assert item["s"] == {"S": ""} and item["b"] == {"B": b""}
    assert item["m"] == {"M": {"e": {"S": ""}}} and item["l"] == {"L": [{"B": b""}]}


# --- keys -------------------------------------------------------------------------

@pytest.fixture
def table_bb(make_table):
    return make_table(hash=("pk", "B"), range=("sk", "B"))


@pytest.fixture
def table_ss(make_table):
    return make_table(hash=("pk", "S"), range=("sk", "S"))


def test_empty_string_partition_key(ddb_nv, table):
    msg = empty_key_msg("string", "pk")
    expect_error(ddb_nv.put_item, V, msg, TableName=table, Item={"pk": {"S": ""}})
    expect_error(ddb_nv.get_item, V, msg, TableName=table, Key={"pk": {"S": ""}})
    expect_error(ddb_nv.delete_item, V, msg, TableName=table, Key={"pk": {"S": ""}})


def test_empty_string_sort_key(ddb_nv, table_ss):
    msg = empty_key_msg("string", "sk")
    expect_error(ddb_nv.put_item, V, msg, TableName=table_ss,
                 Item={"pk": {"S": "a"}, "sk": {"S": ""}})
    expect_error(ddb_nv.get_item, V, msg, TableName=table_ss,
                 Key={"pk": {"S": "a"}, "sk": {"S": ""}})


def test_empty_binary_keys(ddb_nv, table_bb):
    expect_error(ddb_nv.put_item, V, empty_key_msg("binary", "pk"), TableName=table_bb,
                 Item={"pk": {"B": b""}, "sk": {"B": b"a"}})
    expect_error(ddb_nv.put_item, V, empty_key_msg("binary", "sk"), TableName=table_bb,
                 Item={"pk": {"B": b"a"}, "sk": {"B": b""}})
    expect_error(ddb_nv.get_item, V, empty_key_msg("binary", "pk"), TableName=table_bb,
                 Key={"pk": {"B": b""}, "sk": {"B": b"a"}})


def test_binary_keys_round_trip(ddb, table_bb):
    key = {"pk": {"B": b"\x00\xff"}, "sk": {"B": b"\x80"}}
    ddb.put_item(TableName=table_bb, Item={**key, "v": {"S": "x"}})
    assert ddb.get_item(TableName=table_bb, Key=key)["Item"] == {**key, "v": {"S": "x"}}
    assert "Item" not in ddb.get_item(TableName=table_bb,
                                      Key={"pk": {"B": b"\x00\xff"}, "sk": {"B": b"\x81"}})


@pytest.mark.parametrize("item,message", [
    ({"x": {"S": "a"}}, MISSING_KEY),
    ({}, MISSING_KEY),
    ({"pk": {"N": "1"}}, TYPE_MISMATCH),
    ({"pk": {"B": b"a"}}, TYPE_MISMATCH),
    ({"pk": {"SS": ["a"]}}, INVALID_KEY_TYPE),
    ({"pk": {"NS": ["1"]}}, INVALID_KEY_TYPE),
    ({"pk": {"BS": [b"1"]}}, INVALID_KEY_TYPE),
    ({"pk": {"NULL": True}}, INVALID_KEY_TYPE),
    ({"pk": {"BOOL": True}}, INVALID_KEY_TYPE),
    ({"pk": {"M": {}}}, INVALID_KEY_TYPE),
    ({"pk": {"L": []}}, INVALID_KEY_TYPE),
])
def test_put_key_errors_hash_only(ddb_nv, table, item, message):
    expect_error(ddb_nv.put_item, V, message, TableName=table, Item=item)


@pytest.mark.parametrize("item,message", [
    ({"pk": {"S": "a"}}, MISSING_KEY),
    ({"sk": {"N": "1"}}, MISSING_KEY),
    ({"pk": {"S": "a"}, "sk": {"S": "1"}}, TYPE_MISMATCH),
    ({"pk": {"N": "1"}, "sk": {"N": "1"}}, TYPE_MISMATCH),
    ({"pk": {"S": "a"}, "sk": {"N": "x"}}, NOT_A_NUMBER),
    ({"pk": {"S": "a"}, "sk": {}}, EMPTY_AV),
    ({"pk": {"S": ""}, "sk": {"N": "1"}}, empty_key_msg("string", "pk")),
])
def test_put_key_errors_hash_range(ddb_nv, table_hr, item, message):
    expect_error(ddb_nv.put_item, V, message, TableName=table_hr, Item=item)


@pytest.mark.parametrize("op", ["get_item", "delete_item"])
@pytest.mark.parametrize("key,message", [
    ({"pk": {"S": "a"}}, KEY_CONDITIONS),
    ({"pk": {"S": "a"}, "sk": {"N": "1"}, "x": {"S": "1"}}, KEY_CONDITIONS),
    ({"pk": {"S": "a"}, "sk": {"S": "1"}}, TYPE_MISMATCH),
    ({"pk": {"B": b"a"}, "sk": {"N": "1"}}, TYPE_MISMATCH),
    ({"pk": {"S": "a"}, "x": {"N": "1"}}, MISSING_KEY),
    ({}, KEY_CONDITIONS),
    ({"pk": {"S": ""}, "sk": {"N": "1"}}, empty_key_msg("string", "pk")),
])
def test_key_errors_hash_range(ddb_nv, table_hr, op, key, message):
    expect_error(getattr(ddb_nv, op), V, message, TableName=table_hr, Key=key)


@pytest.mark.parametrize("op", ["get_item", "delete_item"])
@pytest.mark.parametrize("key,message", [
    ({"pk": {"S": "a"}, "x": {"N": "1"}}, KEY_CONDITIONS),
    ({"x": {"N": "1"}}, MISSING_KEY),
    ({"pk": {"N": "1"}}, TYPE_MISMATCH),
    ({"pk": {"SS": ["a"]}}, INVALID_KEY_TYPE),
])
def test_key_errors_hash_only(ddb_nv, table, op, key, message):
    expect_error(getattr(ddb_nv, op), V, message, TableName=table, Key=key)


# Key size limits: the partition key may be 2048 bytes, the sort key 1024 bytes
# (UTF-8 bytes for S, raw bytes for B).
@pytest.mark.parametrize("size,ok", [(2048, True), (2049, False)])
def test_partition_key_size_limit(ddb_nv, table, size, ok):
    key = {"pk": {"S": "a" * size}}
    if ok:
        ddb_nv.put_item(TableName=table, Item=key)
        assert ddb_nv.get_item(TableName=table, Key=key)["Item"] == key
        ddb_nv.delete_item(TableName=table, Key=key)
    else:
        for fn, arg in ((ddb_nv.put_item, "Item"), (ddb_nv.get_item, "Key"),
                        (ddb_nv.delete_item, "Key")):
            expect_error(fn, V, KEY_TOO_BIG, TableName=table, **{arg: key})


def test_partition_key_size_counts_utf8_bytes(ddb_nv, table):
    ddb_nv.put_item(TableName=table, Item={"pk": {"S": "\u00e9" * 1024}})
    expect_error(ddb_nv.put_item, V, KEY_TOO_BIG, TableName=table,
                 Item={"pk": {"S": "\u00e9" * 1024 + "a"}})


@pytest.mark.parametrize("size,ok", [(1024, True), (1025, False)])
def test_sort_key_size_limit(ddb_nv, table_bb, table_ss, size, ok):
    for table, key in ((table_bb, {"pk": {"B": b"a"}, "sk": {"B": b"b" * size}}),
                       (table_ss, {"pk": {"S": "a"}, "sk": {"S": "b" * size}})):
        if ok:
            ddb_nv.put_item(TableName=table, Item=key)
            assert ddb_nv.get_item(TableName=table, Key=key)["Item"] == key
        else:
            expect_error(ddb_nv.put_item, V, KEY_TOO_BIG, TableName=table, Item=key)
            expect_error(ddb_nv.get_item, V, KEY_TOO_BIG, TableName=table, Key=key)


def test_binary_partition_key_size_limit(ddb_nv, table_bb):
    ddb_nv.put_item(TableName=table_bb, Item={"pk": {"B": b"p" * 2048}, "sk": {"B": b"s"}})
    expect_error(ddb_nv.put_item, V, KEY_TOO_BIG, TableName=table_bb,
                 Item={"pk": {"B": b"p" * 2049}, "sk": {"B": b"s"}})


# --- nesting ----------------------------------------------------------------------

def nest(depth, kind, leaf=None):
    v = leaf or {"S": "leaf"}
    for _ in range(depth):
        v = {"M": {"a": v}} if kind == "M" else {"L": [v]}
    return v


# An attribute may nest 32 levels: the top-level attribute is level 1, so 31
# containers around a scalar (or an empty container at the 31st level) are
# accepted and a 32nd container is refused.
@pytest.mark.parametrize("kind", ["M", "L", "mixed"])
def test_nesting_at_limit(ddb, table, kind):
    if kind == "mixed":
        v = {"S": "leaf"}
        for i in range(31):
            v = {"M": {"a": v}} if i % 2 else {"L": [v]}
    else:
        v = nest(31, kind)
    put(ddb, table, v=v)
    assert get(ddb, table)["v"] == v


@pytest.mark.parametrize("depth", [32, 33, 40])
@pytest.mark.parametrize("kind", ["M", "L"])
def test_nesting_over_limit(ddb_nv, table, kind, depth):
    expect_error(ddb_nv.put_item, V, NESTING, TableName=table,
                 Item={"pk": {"S": "a"}, "v": nest(depth, kind)})


def test_nesting_empty_container_counts(ddb, ddb_nv, table):
    put(ddb, table, v=nest(30, "M", leaf={"M": {}}))
    expect_error(ddb_nv.put_item, V, NESTING, TableName=table,
                 Item={"pk": {"S": "a"}, "v": nest(31, "M", leaf={"M": {}})})


# --- validation order ------------------------------------------------------------
# Confirmed against the reference: the item's attributes are walked in the
# order they appear in the request; each value is validated (numbers, sets,
# NULL false, type counts) and its size added to a running total; as soon as
# the total passes 400 KB the size error is reported, even if later attributes
# are invalid. Only after the walk is the key schema checked.
SIZE = "Item size has exceeded the maximum allowed size"
BIG = "y" * 409600


@pytest.mark.parametrize("item,message", [
    ({"x": {"N": "abc"}}, NOT_A_NUMBER),
    ({"x": {"SS": []}}, "One or more parameter values were invalid: An string set  may not be empty"),
    ({"pk": {"N": "1"}, "y": {"SS": []}},
     "One or more parameter values were invalid: An string set  may not be empty"),
    ({"pk": {"S": "a" * 3000}, "y": {"N": "x"}}, NOT_A_NUMBER),
    ({"pk": {"N": "1"}, "x": {"S": "y" * 400000}}, TYPE_MISMATCH),
    ({"x": {"S": "y" * 400000}}, MISSING_KEY),
    ({"pk": {"S": "a"}, "x": {"S": "y" * 409500}, "z": {"N": "x"}}, NOT_A_NUMBER),
    ({"x": {"S": BIG}}, SIZE),
    ({"pk": {"N": "1"}, "x": {"S": BIG}}, SIZE),
    ({"pk": {"S": ""}, "x": {"S": BIG}}, SIZE),
    ({"pk": {"S": "a" * 3000}, "x": {"S": BIG}}, SIZE),
    ({"pk": {"S": "a"}, "x": {"S": BIG}, "y": {"SS": []}}, SIZE),
    ({"pk": {"S": "a"}, "x": {"S": BIG}, "y": {"N": "x"}}, SIZE),
    ({"pk": {"S": "a"}, "x": {"S": BIG}, "y": {}}, SIZE),
    ({"pk": {"S": "a"}, "x": {"S": BIG}, "y": {"NULL": False}}, SIZE),
    ({"pk": {"S": "a"}, "x": {"S": BIG}, "y": {"SS": ["a", "a"]}}, SIZE),
    ({"y": {"SS": ["a", "a"]}, "pk": {"S": "a"}, "x": {"S": BIG}},
     "One or more parameter values were invalid: Input collection [a, a] contains duplicates"),
    ({"y": {"SS": []}, "pk": {"S": "a"}, "x": {"S": BIG}},
     "One or more parameter values were invalid: An string set  may not be empty"),
    ({"y": {"N": "x"}, "x": {"S": BIG}}, NOT_A_NUMBER),
    ({"y": {}, "x": {"S": BIG}}, EMPTY_AV),
    ({"x": {"S": "y" * 300000}, "y": {"N": "q"}, "z": {"S": "y" * 300000}}, NOT_A_NUMBER),
    ({"x": {"S": "y" * 300000}, "z": {"S": "y" * 300000}, "y": {"N": "q"}}, SIZE),
])
def test_validation_order_put(ddb_nv, table, item, message):
    expect_error(ddb_nv.put_item, V, message, TableName=table, Item=item)


def test_missing_table_reported_before_item_errors(ddb_nv):
    # DynamoDB Local looks the table up before validating the item's values.
    for item in ({"x": {"N": "abc"}}, {"x": {}}, {"pk": {"S": ""}}, {"x": {"SS": []}}):
        expect_error(ddb_nv.put_item, "ResourceNotFoundException",
                     "Cannot do operations on a non-existent table",
                     TableName="no_such_table_dm", Item=item)
