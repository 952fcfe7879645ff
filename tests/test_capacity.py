"""ReturnConsumedCapacity and the capacity units DynamoDB charges, plus the
ItemCount/TableSizeBytes statistics.

Rules (DynamoDB Developer Guide, "Read/write capacity mode" and confirmed on
the reference): item sizes by helpers.item_size; reads are charged per 4 KB
of item size rounded up (missing item: as a 0-byte item, one unit), halved when
eventually consistent; writes per 1 KB rounded up, and a PutItem that replaces
an item is charged for the larger of the old and new item; DeleteItem for the
deleted item (at least one unit). Batch operations charge each item on its own
and report one ConsumedCapacity per table."""
import pytest

from helpers import item_size

KEY = {"pk": {"S": "c"}}


def item_of_size(total):
    # pk "c" = 3 bytes, attribute name "v" = 1 byte
    item = {"pk": {"S": "c"}, "v": {"S": "y" * (total - 4)}}
    assert item_size(item) == total
    return item


SIZES = [10, 1024, 1025, 2048, 2049, 4096, 4097, 8192, 8193]
WRITE_UNITS = {10: 1, 1024: 1, 1025: 2, 2048: 2, 2049: 3, 4096: 4, 4097: 5, 8192: 8, 8193: 9}
READ_UNITS = {10: 1, 1024: 1, 1025: 1, 2048: 1, 2049: 1, 4096: 1, 4097: 2, 8192: 2, 8193: 3}


def units(r):
    cc = r["ConsumedCapacity"]
    return cc[0]["CapacityUnits"] if isinstance(cc, list) else cc["CapacityUnits"]


@pytest.mark.parametrize("size", SIZES)
def test_put_item_write_units(ddb, table, size):
    r = ddb.put_item(TableName=table, Item=item_of_size(size), ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": WRITE_UNITS[size]}


@pytest.mark.parametrize("size", [1025, 4097, 8193])
def test_put_item_overwrite_charges_larger_item(ddb, table, size):
    ddb.put_item(TableName=table, Item=item_of_size(size))
    r = ddb.put_item(TableName=table, Item=KEY, ReturnConsumedCapacity="TOTAL")
    assert units(r) == WRITE_UNITS[size]


@pytest.mark.parametrize("size", SIZES)
def test_delete_item_write_units(ddb, table, size):
    ddb.put_item(TableName=table, Item=item_of_size(size))
    r = ddb.delete_item(TableName=table, Key=KEY, ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": WRITE_UNITS[size]}


def test_delete_missing_item_one_unit(ddb, table):
    r = ddb.delete_item(TableName=table, Key=KEY, ReturnConsumedCapacity="TOTAL")
    assert units(r) == 1.0


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("consistent", [True, False])
def test_get_item_read_units(ddb, table, size, consistent):
    ddb.put_item(TableName=table, Item=item_of_size(size))
    r = ddb.get_item(TableName=table, Key=KEY, ConsistentRead=consistent,
                     ReturnConsumedCapacity="TOTAL")
    expected = READ_UNITS[size] * (1 if consistent else 0.5)
    assert r["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": expected}


@pytest.mark.parametrize("consistent,expected", [(True, 1.0), (False, 0.5)])
def test_get_missing_item_read_units(ddb, table, consistent, expected):
    r = ddb.get_item(TableName=table, Key=KEY, ConsistentRead=consistent,
                     ReturnConsumedCapacity="TOTAL")
    assert units(r) == expected


def test_get_item_projection_does_not_reduce_units(ddb, table):
    ddb.put_item(TableName=table, Item=item_of_size(8193))
    r = ddb.get_item(TableName=table, Key=KEY, AttributesToGet=["pk"], ConsistentRead=True,
                     ReturnConsumedCapacity="TOTAL")
    assert units(r) == 3.0


@pytest.mark.parametrize("op", ["put", "get", "delete"])
def test_return_consumed_capacity_indexes_shape(ddb, table, op):
    ddb.put_item(TableName=table, Item=item_of_size(2049))
    if op == "put":
        r = ddb.put_item(TableName=table, Item=item_of_size(2049), ReturnConsumedCapacity="INDEXES")
        u = 3.0
    elif op == "get":
        r = ddb.get_item(TableName=table, Key=KEY, ConsistentRead=True,
                         ReturnConsumedCapacity="INDEXES")
        u = 1.0
    else:
        r = ddb.delete_item(TableName=table, Key=KEY, ReturnConsumedCapacity="INDEXES")
        u = 3.0
    assert r["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": u,
                                     "Table": {"CapacityUnits": u}}


@pytest.mark.parametrize("rcc", ["NONE", None])
def test_no_consumed_capacity_unless_asked(raw, table, rcc):
    extra = {"ReturnConsumedCapacity": rcc} if rcc else {}
    r = raw.post("PutItem", {"TableName": table, "Item": KEY, **extra})
    assert r.json() == {}
    r = raw.post("GetItem", {"TableName": table, "Key": KEY, **extra})
    assert r.json() == {"Item": KEY}
    r = raw.post("DeleteItem", {"TableName": table, "Key": KEY, **extra})
    assert r.json() == {}
    r = raw.post("BatchWriteItem", {"RequestItems": {table: [{"PutRequest": {"Item": KEY}}]},
                                    **extra})
    assert r.json() == {"UnprocessedItems": {}}
    r = raw.post("BatchGetItem", {"RequestItems": {table: {"Keys": [KEY]}}, **extra})
    assert r.json() == {"Responses": {table: [KEY]}, "UnprocessedKeys": {}}


def test_capacity_on_provisioned_table(ddb, make_table):
    t = make_table(billing="PROVISIONED")
    r = ddb.put_item(TableName=t, Item=item_of_size(1025), ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == {"TableName": t, "CapacityUnits": 2.0}


# --- batches -------------------------------------------------------------------------------

def small(k):
    return {"pk": {"S": k}}


def test_batch_get_charges_each_item(ddb, table):
    # Three tiny items: 3 x (one 4 KB unit, halved) = 1.5, not one rounded total.
    for k in "abc":
        ddb.put_item(TableName=table, Item=small(k))
    r = ddb.batch_get_item(RequestItems={table: {"Keys": [small(k) for k in "abc"]}},
                           ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 1.5}]
    r = ddb.batch_get_item(RequestItems={table: {"Keys": [small(k) for k in "abc"],
                                                 "ConsistentRead": True}},
                           ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 3.0}]


def test_batch_get_sizes(ddb, table):
    ddb.put_item(TableName=table, Item=item_of_size(8193))
    ddb.put_item(TableName=table, Item={"pk": {"S": "d"}, "v": {"S": "y" * 4093}})  # 4097 bytes
    r = ddb.batch_get_item(RequestItems={table: {"Keys": [KEY, small("d")],
                                                 "ConsistentRead": True}},
                           ReturnConsumedCapacity="TOTAL")
    assert units(r) == 3.0 + 2.0


def test_batch_get_several_tables_capacity(ddb, make_table):
    t1, t2 = make_table(), make_table()
    ddb.put_item(TableName=t1, Item=item_of_size(4097))
    ddb.put_item(TableName=t2, Item=small("c"))
    r = ddb.batch_get_item(RequestItems={t1: {"Keys": [KEY]}, t2: {"Keys": [KEY]}},
                           ReturnConsumedCapacity="INDEXES")
    got = sorted(r["ConsumedCapacity"], key=lambda c: c["TableName"])
    want = sorted([{"TableName": t1, "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}},
                   {"TableName": t2, "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.5}}],
                  key=lambda c: c["TableName"])
    assert got == want


def test_batch_write_charges_each_item(ddb, table):
    r = ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": small(k)}}
                                                   for k in "abc"]},
                             ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 3.0}]
    r = ddb.batch_write_item(RequestItems={table: [{"DeleteRequest": {"Key": small(k)}}
                                                   for k in "abc"]},
                             ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 3.0}]


def test_batch_write_sizes_and_overwrite(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "big"}, "v": {"S": "y" * 3000}})  # 3006 bytes
    r = ddb.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": small("big")}},           # replaces 3006 bytes: 3
        {"PutRequest": {"Item": item_of_size(2049)}}]},   # 3
        ReturnConsumedCapacity="TOTAL")
    assert units(r) == 6.0


def test_batch_write_several_tables_capacity(ddb, make_table):
    t1, t2 = make_table(), make_table()
    r = ddb.batch_write_item(RequestItems={
        t1: [{"PutRequest": {"Item": item_of_size(1025)}}],
        t2: [{"PutRequest": {"Item": small("a")}}, {"PutRequest": {"Item": small("b")}}]},
        ReturnConsumedCapacity="INDEXES")
    got = sorted(r["ConsumedCapacity"], key=lambda c: c["TableName"])
    want = sorted([{"TableName": t1, "CapacityUnits": 2.0, "Table": {"CapacityUnits": 2.0}},
                   {"TableName": t2, "CapacityUnits": 2.0, "Table": {"CapacityUnits": 2.0}}],
                  key=lambda c: c["TableName"])
    assert got == want


# --- ItemCount / TableSizeBytes --------------------------------------------------------------
# DynamoDB refreshes these about every six hours; DynamoDB Local (and Riptide)
# report them live. Sizes are DynamoDB item sizes.

def stats(ddb, table):
    d = ddb.describe_table(TableName=table)["Table"]
    return d["ItemCount"], d["TableSizeBytes"]


def test_item_count_and_size(ddb, table):
    assert stats(ddb, table) == (0, 0)
    a = {"pk": {"S": "a"}, "v": {"S": "x" * 100}}
    b = {"pk": {"S": "b"}}
    ddb.put_item(TableName=table, Item=a)
    ddb.put_item(TableName=table, Item=b)
    assert stats(ddb, table) == (2, item_size(a) + item_size(b))
    ddb.delete_item(TableName=table, Key=small("b"))
    assert stats(ddb, table) == (1, item_size(a))
    ddb.put_item(TableName=table, Item=small("a"))
    assert stats(ddb, table) == (1, 3)
    ddb.delete_item(TableName=table, Key=small("never"))
    ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": small(k)}} for k in "xyz"]})
    assert stats(ddb, table) == (4, 12)
