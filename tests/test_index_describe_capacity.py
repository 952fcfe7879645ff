"""DescribeTable's per-index statistics and ReturnConsumedCapacity INDEXES.

Statistics: ItemCount of an index = number of entries (live, like the
table's; DynamoDB refreshes them about every six hours), IndexSizeBytes 0
for an empty index and positive otherwise; TableSizeBytes counts the table's
items only.

Capacity (DynamoDB Developer Guide, GSI.html "Provisioned throughput
considerations", confirmed on the reference): an index entry's size is the
DynamoDB item size of its attributes (table keys, index keys, projected
attributes). A write charges each index it changes: a new entry = its size
in 1 KB units; a removed entry = the old entry's size; a moved entry (index
key changed) = both; an entry whose projected attributes change = the new
entry's size; an untouched entry = nothing (the index is left out of the
map). Reads of an index are charged on the entries' sizes, summed and rounded
up to 4 KB once, halved unless consistent, under the index's name; "Table"
then shows 0. An LSI read that asks for unprojected attributes also charges
the table for each item it fetches."""
import pytest

from helpers import (attr_defs, describe_index, index_def, item_size, put_items, read_all)

GSIS = [
    index_def("gkk", ("gp", "HASH"), projection="KEYS_ONLY"),
    index_def("gii", ("gp", "HASH"), ("gs", "RANGE"), projection="INCLUDE", non_key=["a"]),
]
LSIS = [index_def("lii", ("pk", "HASH"), ("ls", "RANGE"), projection="KEYS_ONLY")]
INDEXES = "INDEXES"


@pytest.fixture
def t(make_table):
    return make_table(range=("sk", "N"), AttributeDefinitions=attr_defs(("pk", "S"), ("sk", "N"), ("gp", "S"),
                                                                        ("gs", "N"), ("ls", "S")),
                      GlobalSecondaryIndexes=GSIS, LocalSecondaryIndexes=LSIS)


KEY = {"pk": {"S": "p"}, "sk": {"N": "1"}}  # 3 + 4 bytes


def item(**attrs):
    return dict(KEY, **attrs)


def units(resp):
    """(total, table, {gsi: units}, {lsi: units}) from a ConsumedCapacity."""
    cc = resp["ConsumedCapacity"]
    if isinstance(cc, list):
        assert len(cc) == 1
        cc = cc[0]
    gsis = {k: v["CapacityUnits"] for k, v in cc.get("GlobalSecondaryIndexes", {}).items()}
    lsis = {k: v["CapacityUnits"] for k, v in cc.get("LocalSecondaryIndexes", {}).items()}
    return cc["CapacityUnits"], cc["Table"]["CapacityUnits"], gsis, lsis


def put(ddb, t, it, mode=INDEXES):
    return ddb.put_item(TableName=t, Item=it, ReturnConsumedCapacity=mode)


# --- statistics ---------------------------------------------------------------------------------

def stats(ddb, t, name):
    index = describe_index(ddb, t, name)
    return index["ItemCount"], index["IndexSizeBytes"]


def test_item_counts_follow_writes(ddb, t):
    assert [stats(ddb, t, n) for n in ("gkk", "gii", "lii")] == [(0, 0)] * 3
    put_items(ddb, t, [item(sk={"N": str(i)}, gp={"S": "g"}, gs={"N": str(i)}) for i in range(3)]
              + [item(sk={"N": str(i)}, gp={"S": "g"}) for i in range(3, 5)]
              + [item(sk={"N": str(i)}, ls={"S": "l"}) for i in range(5, 9)])
    counts = {n: stats(ddb, t, n) for n in ("gkk", "gii", "lii")}
    assert {n: c for n, (c, _) in counts.items()} == {"gkk": 5, "gii": 3, "lii": 4}
    assert all(size > 0 for _, size in counts.values())
    ddb.delete_item(TableName=t, Key=item(sk={"N": "0"}))
    ddb.update_item(TableName=t, Key=item(sk={"N": "5"}), UpdateExpression="REMOVE ls")
    ddb.update_item(TableName=t, Key=item(sk={"N": "3"}), UpdateExpression="SET gs = :s",
                    ExpressionAttributeValues={":s": {"N": "1"}})
    assert {n: stats(ddb, t, n)[0] for n in ("gkk", "gii", "lii")} == {"gkk": 4, "gii": 3, "lii": 3}
    for it in read_all(ddb.scan, TableName=t):
        ddb.delete_item(TableName=t, Key={"pk": it["pk"], "sk": it["sk"]})
    assert [stats(ddb, t, n) for n in ("gkk", "gii", "lii")] == [(0, 0)] * 3


def test_table_size_counts_items_only(ddb, t):
    items = [item(sk={"N": str(i)}, gp={"S": "g"}, gs={"N": "1"}, ls={"S": "l"}, a={"S": "x" * 50})
             for i in range(4)]
    put_items(ddb, t, items)
    desc = ddb.describe_table(TableName=t)["Table"]
    assert desc["ItemCount"] == 4
    assert desc["TableSizeBytes"] == sum(item_size(i) for i in items)


# --- write capacity -----------------------------------------------------------------------------

def test_write_without_index_attributes(ddb, t):
    assert units(put(ddb, t, item(c={"S": "c"}))) == (1.0, 1.0, {}, {})


def test_write_new_entries(ddb, t):
    assert units(put(ddb, t, item(gp={"S": "g"}))) == (2.0, 1.0, {"gkk": 1.0}, {})
    assert units(put(ddb, t, item(gp={"S": "g"}, gs={"N": "1"}))) == (2.0, 1.0, {"gii": 1.0}, {})
    assert units(put(ddb, t, item(gp={"S": "g"}, gs={"N": "1"}, ls={"S": "l"}))) == (2.0, 1.0, {}, {"lii": 1.0})


def test_write_same_entries_costs_nothing_extra(ddb, t):
    it = item(gp={"S": "g"}, gs={"N": "1"}, ls={"S": "l"}, a={"S": "a"})
    put(ddb, t, it)
    assert units(put(ddb, t, it)) == (1.0, 1.0, {}, {})
    assert units(put(ddb, t, dict(it, c={"S": "unprojected"}))) == (1.0, 1.0, {}, {})


def test_write_moving_entries(ddb, t):
    put(ddb, t, item(gp={"S": "g"}, gs={"N": "1"}, ls={"S": "l"}))
    assert units(put(ddb, t, item(gp={"S": "h"}, gs={"N": "1"}, ls={"S": "m"}))) == \
        (7.0, 1.0, {"gkk": 2.0, "gii": 2.0}, {"lii": 2.0})


def test_write_changing_projected_attribute(ddb, t):
    put(ddb, t, item(gp={"S": "g"}, gs={"N": "1"}, a={"S": "a"}))
    assert units(put(ddb, t, item(gp={"S": "g"}, gs={"N": "1"}, a={"S": "b"}))) == (2.0, 1.0, {"gii": 1.0}, {})


def test_write_removing_entries(ddb, t):
    put(ddb, t, item(gp={"S": "g"}, gs={"N": "1"}, ls={"S": "l"}))
    assert units(put(ddb, t, item())) == (4.0, 1.0, {"gkk": 1.0, "gii": 1.0}, {"lii": 1.0})


@pytest.mark.parametrize("entry_size,want", [(1024, 1.0), (1025, 2.0), (2048, 2.0), (2049, 3.0)])
def test_write_units_follow_entry_size(ddb, t, entry_size, want):
    # gi entry = pk, sk, gp, gs and a; the item also carries a big unprojected attribute.
    base = item(gp={"S": "g"}, gs={"N": "1"}, a={"S": ""})
    pad = entry_size - item_size(base)
    entry = dict(base, a={"S": "x" * pad})
    assert item_size(entry) == entry_size
    full = dict(entry, big={"S": "y" * 3000})
    total, table, gsis, lsis = units(put(ddb, t, full))
    assert gsis == {"gkk": 1.0, "gii": want} and lsis == {}
    assert table == -(-item_size(full) // 1024) and total == table + 1.0 + want


def test_delete_charges_each_entry(ddb, t):
    put(ddb, t, item(gp={"S": "g"}, gs={"N": "1"}, ls={"S": "l"}, a={"S": "x" * 1500}))
    r = ddb.delete_item(TableName=t, Key=KEY, ReturnConsumedCapacity=INDEXES)
    assert units(r) == (6.0, 2.0, {"gkk": 1.0, "gii": 2.0}, {"lii": 1.0})


def test_update_item_charges(ddb, t):
    put(ddb, t, item())
    r = ddb.update_item(TableName=t, Key=KEY, UpdateExpression="SET gp = :g", ReturnConsumedCapacity=INDEXES,
                        ExpressionAttributeValues={":g": {"S": "g"}})
    assert units(r) == (2.0, 1.0, {"gkk": 1.0}, {})
    r = ddb.update_item(TableName=t, Key=KEY, UpdateExpression="REMOVE gp", ReturnConsumedCapacity=INDEXES)
    assert units(r) == (2.0, 1.0, {"gkk": 1.0}, {})


def test_batch_write_sums_per_table(ddb, t):
    requests = [{"PutRequest": {"Item": item(sk={"N": str(i)}, gp={"S": "g"}, gs={"N": "1"}, ls={"S": "l"})}}
                for i in range(3)]
    r = ddb.batch_write_item(RequestItems={t: requests}, ReturnConsumedCapacity=INDEXES)
    assert r["ConsumedCapacity"][0]["TableName"] == t
    assert units(r) == (12.0, 3.0, {"gkk": 3.0, "gii": 3.0}, {"lii": 3.0})


def test_total_mode_has_no_breakdown(ddb, t):
    put(ddb, t, item(gp={"S": "g"}))
    r = put(ddb, t, item(gp={"S": "h"}), mode="TOTAL")
    assert r["ConsumedCapacity"] == {"TableName": t, "CapacityUnits": 3.0}
    assert "ConsumedCapacity" not in put(ddb, t, item(gp={"S": "i"}), mode="NONE")


# --- read capacity ------------------------------------------------------------------------------

def query(ddb, t, index, cond, values, mode=INDEXES, **kw):
    return ddb.query(TableName=t, IndexName=index, KeyConditionExpression=cond,
                     ExpressionAttributeValues=values, ReturnConsumedCapacity=mode, **kw)


@pytest.mark.parametrize("entry_size,want", [(4096, 0.5), (4097, 1.0)])
def test_gsi_read_units_follow_entry_sizes(ddb, t, entry_size, want):
    # Two entries whose sizes add up to entry_size; the items themselves are much bigger.
    half = item(gp={"S": "g"}, gs={"N": "1"}, a={"S": ""})
    first = dict(half, a={"S": "x" * (entry_size // 2 - item_size(half))})
    second_sk = {"N": "2"}
    second = dict(first, sk=second_sk)
    second["a"] = {"S": "x" * (entry_size - item_size(first) - item_size(dict(half, sk=second_sk)))}
    assert item_size(first) + item_size(second) == entry_size
    for it in (first, second):
        put(ddb, t, dict(it, big={"S": "y" * 9000}))
    r = query(ddb, t, "gii", "gp = :g", {":g": {"S": "g"}})
    assert r["Count"] == 2
    assert r["ConsumedCapacity"] == {"TableName": t, "CapacityUnits": want, "Table": {"CapacityUnits": 0.0},
                                     "GlobalSecondaryIndexes": {"gii": {"CapacityUnits": want}}}
    r = query(ddb, t, "gkk", "gp = :g", {":g": {"S": "g"}})
    assert units(r) == (0.5, 0.0, {"gkk": 0.5}, {})
    r = query(ddb, t, "gii", "gp = :g", {":g": {"S": "g"}}, mode="TOTAL")
    assert r["ConsumedCapacity"] == {"TableName": t, "CapacityUnits": want}


@pytest.mark.reference_differs(
    "DynamoDB Local charges a GSI Scan for the whole items; DynamoDB charges index reads on the "
    "sizes of the index entries (GSI.html, 'Read capacity units')")
def test_gsi_scan_units(ddb, t):
    put_items(ddb, t, [item(sk={"N": str(i)}, gp={"S": "g"}, c={"S": "c" * 3000}) for i in range(3)])
    r = ddb.scan(TableName=t, IndexName="gkk", ReturnConsumedCapacity=INDEXES)
    assert r["Count"] == 3 and units(r) == (0.5, 0.0, {"gkk": 0.5}, {})


@pytest.mark.reference_differs(
    "DynamoDB Local charges an LSI Query/Scan that reads only projected attributes for the whole "
    "items; DynamoDB charges the sizes of the index entries (LSI.html, 'Read capacity units')")
def test_lsi_read_units(ddb, t):
    put_items(ddb, t, [item(sk={"N": str(i)}, ls={"S": "l"}, c={"S": "c" * 3000}) for i in range(3)])
    r = query(ddb, t, "lii", "pk = :p", {":p": {"S": "p"}})
    assert units(r) == (0.5, 0.0, {}, {"lii": 0.5})
    r = query(ddb, t, "lii", "pk = :p", {":p": {"S": "p"}}, ConsistentRead=True)
    assert units(r) == (1.0, 0.0, {}, {"lii": 1.0})
    r = ddb.scan(TableName=t, IndexName="lii", ReturnConsumedCapacity=INDEXES)
    assert units(r) == (0.5, 0.0, {}, {"lii": 0.5})


def test_lsi_fetch_charges_the_table_per_item(ddb, t):
    put_items(ddb, t, [item(sk={"N": str(i)}, ls={"S": "l"}, c={"S": "c" * 3000}) for i in range(3)])
    r = query(ddb, t, "lii", "pk = :p", {":p": {"S": "p"}}, ProjectionExpression="c")
    assert r["Count"] == 3
    assert units(r) == (2.0, 1.5, {}, {"lii": 0.5})
    r = query(ddb, t, "lii", "pk = :p", {":p": {"S": "p"}}, Select="ALL_ATTRIBUTES")
    assert units(r) == (2.0, 1.5, {}, {"lii": 0.5})


def test_table_reads_have_no_index_maps(ddb, t):
    put(ddb, t, item(gp={"S": "g"}, ls={"S": "l"}))
    r = ddb.get_item(TableName=t, Key=KEY, ReturnConsumedCapacity=INDEXES)
    assert r["ConsumedCapacity"] == {"TableName": t, "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.5}}
    r = ddb.query(TableName=t, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}},
                  ReturnConsumedCapacity=INDEXES)
    assert r["ConsumedCapacity"] == {"TableName": t, "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.5}}
