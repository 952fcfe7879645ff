"""Query/Scan: the 1 MB page limit and ConsumedCapacity.

Rules pinned here (measured on the reference at the exact byte; item sizes
by helpers.item_size; see /work/notes/issue4-behaviours.md):
- A page reads items until the sum of the sizes of the items READ (before
  the filter, whatever the projection or Select) reaches 1 MB (1,048,576
  bytes): the page ends after the first item that brings the total to
  >= 1,048,576. 16 items of 65,536 bytes fill a page exactly; with 65,535-byte
  items the 17th item is included.
- A page that ends on the 1 MB limit carries LastEvaluatedKey only if another
  item matching the key condition (Query) or another item of the table or
  segment (Scan) follows; a page that fills up on the very last item has none.
- ConsumedCapacity of a page = ceil(sum of the sizes of the items read /
  4096), halved unless ConsistentRead (sum first, then round: not per item).
  Filtered-out items count; projections and Select=COUNT do not reduce it.
- A Query that reads nothing consumes the minimum read (0.5, or 1 with
  ConsistentRead): DynamoDB's Query reference says "Queries that do not return
  results consume the minimum number of read capacity units for that type of
  read operation" (DynamoDB Local reports 0)."""
import math

import pytest

from helpers import PAGE_LIMIT, create_table, delete_table_quietly, item_of_size, put_items, read_pages


def _filled_table(ddb, size, count, pk="p", extra=None):
    name = create_table(ddb, ("pk", "S"), ("sk", "N"))
    put_items(ddb, name, [item_of_size({"pk": {"S": pk}, "sk": {"N": str(i)},
                                        **(extra(i) if extra else {})}, size)
                          for i in range(count)])
    return name


@pytest.fixture(scope="module")
def big(ddb):
    """25 items of 100,000 bytes (2.5 MB) in partition "p", e = sk % 2."""
    name = _filled_table(ddb, 100_000, 25, extra=lambda i: {"e": {"N": str(i % 2)}})
    yield name
    delete_table_quietly(ddb, name)


@pytest.fixture(scope="module")
def exact(ddb):
    """20 items of 65,536 bytes: 16 of them are exactly 1 MB."""
    name = _filled_table(ddb, 65_536, 20)
    yield name
    delete_table_quietly(ddb, name)


@pytest.fixture(scope="module")
def under(ddb):
    """20 items of 65,535 bytes: 16 are 16 bytes short of 1 MB."""
    name = _filled_table(ddb, 65_535, 20)
    yield name
    delete_table_quietly(ddb, name)


P = {":p": {"S": "p"}}


def query_pages(ddb, table, **kw):
    kc = kw.pop("kc", "pk = :p")
    return read_pages(ddb.query, TableName=table, KeyConditionExpression=kc,
                      ExpressionAttributeValues={**P, **kw.pop("values", {})},
                      ReturnConsumedCapacity="TOTAL", **kw)


def shape(pages):
    return [(p["Count"], p["ScannedCount"], "LastEvaluatedKey" in p) for p in pages]


def units(p):
    return p["ConsumedCapacity"]["CapacityUnits"]


def read_units(total_bytes, consistent=False):
    u = math.ceil(total_bytes / 4096)
    return float(u) if consistent else u / 2


def sk(p):
    return p["LastEvaluatedKey"]["sk"]["N"]


# ---------------------------------------------------------------------------
# 1 MB pages


def test_query_pages_stop_after_1mb(ddb, big):
    pages = query_pages(ddb, big)
    assert shape(pages) == [(11, 11, True), (11, 11, True), (3, 3, False)]
    assert [sk(p) for p in pages[:2]] == ["10", "21"]
    assert set(pages[0]["LastEvaluatedKey"]) == {"pk", "sk"}
    assert [int(i["sk"]["N"]) for p in pages for i in p["Items"]] == list(range(25))


def test_query_pages_backward(ddb, big):
    pages = query_pages(ddb, big, ScanIndexForward=False)
    assert shape(pages) == [(11, 11, True), (11, 11, True), (3, 3, False)]
    assert [sk(p) for p in pages[:2]] == ["14", "3"]


def test_projection_and_count_do_not_change_pages(ddb, big):
    for kw in ({"ProjectionExpression": "sk"}, {"Select": "COUNT"}):
        pages = query_pages(ddb, big, **kw)
        assert shape(pages) == [(11, 11, True), (11, 11, True), (3, 3, False)], kw


def test_limit_below_the_1mb_count_wins(ddb, big):
    pages = query_pages(ddb, big, Limit=5)
    assert [p["Count"] for p in pages] == [5, 5, 5, 5, 5, 0]


def test_limit_above_the_1mb_count(ddb, big):
    pages = query_pages(ddb, big, Limit=15)
    assert shape(pages) == [(11, 11, True), (11, 11, True), (3, 3, False)]
    pages = query_pages(ddb, big, Limit=11)
    assert shape(pages) == [(11, 11, True), (11, 11, True), (3, 3, False)]
    pages = query_pages(ddb, big, Limit=12, ExclusiveStartKey={"pk": {"S": "p"}, "sk": {"N": "13"}})
    assert shape(pages) == [(11, 11, False)]
    # Limit and 1 MB reached on the same, last, item: the Limit rule wins.
    r = ddb.query(TableName=big, KeyConditionExpression="pk = :p", ExpressionAttributeValues=P,
                  Limit=11, ExclusiveStartKey={"pk": {"S": "p"}, "sk": {"N": "13"}})
    assert r["Count"] == 11 and sk(r) == "24"


@pytest.mark.reference_differs("DynamoDB Local counts the 1 MB on the items that pass a Query "
                               "filter; DynamoDB documents that the limit applies before the "
                               "filter (Query.FilterExpression: 'This limit applies before the "
                               "filter expression is evaluated')")
def test_query_1mb_is_counted_before_the_filter(ddb, big):
    pages = query_pages(ddb, big, FilterExpression="e = :z", values={":z": {"N": "0"}})
    assert shape(pages) == [(6, 11, True), (5, 11, True), (2, 3, False)]
    none = query_pages(ddb, big, FilterExpression="e = :n", values={":n": {"N": "7"}})
    assert shape(none) == [(0, 11, True), (0, 11, True), (0, 3, False)]


def test_scan_1mb_is_counted_before_the_filter(ddb, big):
    pages = read_pages(ddb.scan, TableName=big, FilterExpression="e = :z",
                       ExpressionAttributeValues={":z": {"N": "0"}})
    assert shape(pages) == [(6, 11, True), (5, 11, True), (2, 3, False)]


def test_scan_pages_stop_after_1mb(ddb, big):
    pages = read_pages(ddb.scan, TableName=big)
    assert shape(pages) == [(11, 11, True), (11, 11, True), (3, 3, False)]


def test_page_ending_exactly_at_1mb(ddb, exact):
    assert shape(query_pages(ddb, exact)) == [(16, 16, True), (4, 4, False)]
    assert shape(read_pages(ddb.scan, TableName=exact)) == [(16, 16, True), (4, 4, False)]


def test_item_crossing_1mb_is_included(ddb, under):
    pages = query_pages(ddb, under)
    assert shape(pages) == [(17, 17, True), (3, 3, False)]
    assert 16 * 65_535 < PAGE_LIMIT <= 17 * 65_535
    assert shape(read_pages(ddb.scan, TableName=under)) == [(17, 17, True), (3, 3, False)]


@pytest.mark.parametrize("kc,values,forward", [
    ("pk = :p and sk <= :a", {":a": "16"}, True),
    ("pk = :p and sk < :a", {":a": "16.5"}, True),
    ("pk = :p and sk BETWEEN :a AND :b", {":a": "0", ":b": "16"}, True),
    ("pk = :p and sk >= :a", {":a": "3"}, False),
])
def test_page_full_on_last_matching_item_has_no_key(ddb, under, kc, values, forward):
    vals = {k: {"N": v} for k, v in values.items()}
    pages = query_pages(ddb, under, kc=kc, values=vals, ScanIndexForward=forward)
    assert shape(pages) == [(17, 17, False)]


def test_page_full_with_more_matching_items_has_key(ddb, under):
    pages = query_pages(ddb, under, kc="pk = :p and sk >= :a", values={":a": {"N": "2"}},
                        ScanIndexForward=False)
    assert shape(pages) == [(17, 17, True), (1, 1, False)]
    assert sk(pages[0]) == "3"


def test_page_full_at_end_of_partition_and_table(ddb, under):
    start = {"pk": {"S": "p"}, "sk": {"N": "2"}}
    assert shape(query_pages(ddb, under, ExclusiveStartKey=start)) == [(17, 17, False)]
    r = ddb.scan(TableName=under, ExclusiveStartKey=start)
    assert r["Count"] == 17 and "LastEvaluatedKey" not in r
    r = ddb.scan(TableName=under, ExclusiveStartKey={"pk": {"S": "p"}, "sk": {"N": "1"}})
    assert r["Count"] == 17 and r["LastEvaluatedKey"]["sk"]["N"] == "18"


# ---------------------------------------------------------------------------
# ConsumedCapacity


def test_capacity_of_1mb_pages(ddb, big):
    pages = query_pages(ddb, big)
    assert [units(p) for p in pages] == [read_units(1_100_000), read_units(1_100_000),
                                         read_units(300_000)] == [134.5, 134.5, 37.0]
    pages = query_pages(ddb, big, ConsistentRead=True)
    assert [units(p) for p in pages] == [269.0, 269.0, 74.0]
    pages = read_pages(ddb.scan, TableName=big, ReturnConsumedCapacity="TOTAL")
    assert [units(p) for p in pages] == [134.5, 134.5, 37.0]


def test_capacity_counts_filtered_out_items(ddb, big):
    pages = read_pages(ddb.scan, TableName=big, FilterExpression="e = :n",
                       ExpressionAttributeValues={":n": {"N": "7"}}, ReturnConsumedCapacity="TOTAL")
    assert [units(p) for p in pages] == [134.5, 134.5, 37.0]
    assert all(p["Count"] == 0 for p in pages)


SIZES = [1500, 1500, 1500, 4096, 100, 8193]


@pytest.fixture(scope="module")
def small(ddb):
    name = create_table(ddb, ("pk", "S"), ("sk", "N"))
    put_items(ddb, name, [item_of_size({"pk": {"S": "p"}, "sk": {"N": str(i)}, "f": {"N": str(i % 2)}},
                                       size) for i, size in enumerate(SIZES)])
    yield name
    delete_table_quietly(ddb, name)


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("consistent", [False, True])
def test_capacity_is_sum_of_sizes_rounded_once(ddb, small, limit, consistent):
    # 3 x 1500 bytes = 4500 -> 2 units (per item it would be 3).
    r = query_pages(ddb, small, Limit=limit, ConsistentRead=consistent)[0]
    assert r["ConsumedCapacity"] == {"TableName": small,
                                     "CapacityUnits": read_units(sum(SIZES[:limit]), consistent)}
    r = ddb.scan(TableName=small, Limit=limit, ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL")
    assert units(r) == read_units(sum(SIZES[:limit]), consistent)


def test_capacity_examples(ddb, small):
    got = [units(query_pages(ddb, small, Limit=n)[0]) for n in (3, 4, 6)]
    assert got == [1.0, 1.5, 2.5]


@pytest.mark.parametrize("kw", [
    {"FilterExpression": "f = :x", "values": {":x": {"N": "9"}}},
    {"Select": "COUNT"},
    {"ProjectionExpression": "sk"},
])
def test_capacity_is_on_items_read_not_returned(ddb, small, kw):
    r = query_pages(ddb, small, Limit=3, **kw)[0]
    assert units(r) == 1.0


def test_capacity_indexes_shape(ddb, small):
    r = ddb.query(TableName=small, KeyConditionExpression="pk = :p", ExpressionAttributeValues=P,
                  Limit=1, ReturnConsumedCapacity="INDEXES")
    assert r["ConsumedCapacity"] == {"TableName": small, "CapacityUnits": 0.5,
                                     "Table": {"CapacityUnits": 0.5}}
    r = ddb.scan(TableName=small, Limit=3, ReturnConsumedCapacity="INDEXES", ConsistentRead=True)
    assert r["ConsumedCapacity"] == {"TableName": small, "CapacityUnits": 2.0,
                                     "Table": {"CapacityUnits": 2.0}}


def test_no_capacity_unless_asked(ddb, small):
    r = ddb.query(TableName=small, KeyConditionExpression="pk = :p", ExpressionAttributeValues=P)
    assert "ConsumedCapacity" not in r
    r = ddb.scan(TableName=small, ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in r


def test_parallel_scan_capacity_per_segment(ddb, small):
    total = 0.0
    for seg in range(2):
        r = ddb.scan(TableName=small, Segment=seg, TotalSegments=2, ReturnConsumedCapacity="TOTAL",
                     ConsistentRead=True)
        sizes = [SIZES[int(i["sk"]["N"])] for i in r["Items"]]
        if sizes:
            assert units(r) == read_units(sum(sizes), True)
        total += len(sizes)
    assert total == len(SIZES)


@pytest.mark.reference_differs("DynamoDB's Query reference: queries that return nothing consume the "
                               "minimum read capacity; DynamoDB Local reports 0")
@pytest.mark.parametrize("consistent,expect", [(False, 0.5), (True, 1.0)])
def test_empty_query_costs_the_minimum_read(ddb, small, consistent, expect):
    r = ddb.query(TableName=small, KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": {"S": "nothing here"}},
                  ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL")
    assert r["Count"] == 0 and units(r) == expect
    r = ddb.query(TableName=small, KeyConditionExpression="pk = :p and sk > :n",
                  ExpressionAttributeValues={**P, ":n": {"N": "100"}},
                  ConsistentRead=consistent, ReturnConsumedCapacity="TOTAL")
    assert r["Count"] == 0 and units(r) == expect
