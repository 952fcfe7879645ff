"""Item size: DynamoDB's size rules (helpers.value_size) checked at the exact
400 KB boundary. Each case pads an item with a string attribute so that the
computed size is exactly 409,600 bytes (accepted) or 409,601 (refused)."""
import pytest

from helpers import ITEM_LIMIT, expect_error, item_size, number_size

SIZE = "Item size has exceeded the maximum allowed size"

EXTRAS = {
    "none": {},
    "bool": {"b": {"BOOL": True}},
    "null": {"b": {"NULL": True}},
    "binary": {"b": {"B": b"\x00" * 100}},
    "empty_string": {"b": {"S": ""}},
    "utf8_string": {"b": {"S": "\u00e9\u4e2d\U0001F600"}},
    "utf8_name": {"\u00e9\u00e9": {"S": "x"}},
    "n_1": {"b": {"N": "1"}},
    "n_12": {"b": {"N": "12"}},
    "n_123": {"b": {"N": "123"}},
    "n_1234": {"b": {"N": "1234"}},
    "n_neg": {"b": {"N": "-1"}},
    "n_frac": {"b": {"N": "1.5"}},
    "n_negfrac": {"b": {"N": "-12.34"}},
    "n_small": {"b": {"N": "0.001"}},
    "n_round": {"b": {"N": "100000"}},
    "n_zero": {"b": {"N": "0"}},
    "n_38": {"b": {"N": "12345678901234567890123456789012345678"}},
    "n_big": {"b": {"N": "1e125"}},
    "n_tiny": {"b": {"N": "-1e-130"}},
    "ss": {"b": {"SS": ["ab", "c", "\u00e9"]}},
    "ns": {"b": {"NS": ["12", "1234", "-1.5"]}},
    "bs": {"b": {"BS": [b"ab", b"c"]}},
    "m_empty": {"b": {"M": {}}},
    "m": {"b": {"M": {"k": {"S": "vv"}, "kk": {"N": "123"}}}},
    "l_empty": {"b": {"L": []}},
    "l": {"b": {"L": [{"S": "vv"}, {"BOOL": False}, {"NULL": True}]}},
    "nested": {"b": {"M": {"a": {"L": [{"M": {"x": {"SS": ["q"]}}}, {"L": []}]}}}},
}


def padded(extra, total):
    base = {"pk": {"S": "sz"}, **extra}
    pad = total - item_size(base) - len("pad")
    return {**base, "pad": {"S": "p" * pad}}


@pytest.mark.parametrize("name", list(EXTRAS))
def test_item_size_boundary(ddb_nv, table, name):
    at_limit = padded(EXTRAS[name], ITEM_LIMIT)
    assert item_size(at_limit) == ITEM_LIMIT
    ddb_nv.put_item(TableName=table, Item=at_limit)
    expect_error(ddb_nv.put_item, "ValidationException", SIZE, TableName=table,
                 Item=padded(EXTRAS[name], ITEM_LIMIT + 1))


def test_item_size_limit_in_batch_write(ddb_nv, table):
    ddb_nv.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": padded({}, ITEM_LIMIT)}}]})
    expect_error(ddb_nv.batch_write_item, "ValidationException", SIZE, RequestItems={
        table: [{"PutRequest": {"Item": padded({}, ITEM_LIMIT + 1)}}]})


def test_largest_item_round_trips(ddb, table):
    item = padded({"b": {"B": bytes(range(256)) * 10}}, ITEM_LIMIT)
    ddb.put_item(TableName=table, Item=item)
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "sz"}})["Item"] == item


@pytest.mark.parametrize("text,size", [("1", 2), ("12", 2), ("123", 3), ("-1", 3), ("1.5", 3),
                                       ("-12.34", 4), ("0.001", 2), ("100000", 2)])
def test_number_size_rule_examples(text, size):
    # Documents the rule with examples measured on the reference.
    assert number_size(text) == size
