"""Scan: full and parallel scans, paging, filters (FilterExpression and the
legacy ScanFilter with every ComparisonOperator), projections and Select.

Rules pinned here (see /work/notes/issue4-behaviours.md):
- The order across partitions is unspecified (DynamoDB walks hashed
  partition keys): results are compared as sets.
- Limit counts items read before the filter. A page that stops because of
  Limit always carries LastEvaluatedKey (the table key of the last item read),
  even when that was the very last item of the table or segment; the next page
  is then empty and has none.
- Parallel scan: segments are disjoint, their union is the table, and each
  segment pages on its own with its own LastEvaluatedKey.
- Unlike Query, a Scan filter may name key attributes."""
import pytest

from helpers import create_table, delete_table_quietly, put_items, read_all, read_pages


def keyset(items):
    return {(i["pk"]["S"], i["sk"]["N"]) if "sk" in i else i["pk"]["S"] for i in items}


@pytest.fixture(scope="module")
def hr(ddb):
    """Hash+range table: 8 partitions x 10 items, v = sk % 3."""
    name = create_table(ddb, ("pk", "S"), ("sk", "N"))
    put_items(ddb, name, [{"pk": {"S": "p%d" % p}, "sk": {"N": str(s)}, "v": {"N": str(s % 3)},
                           "x": {"S": "y"}} for p in range(8) for s in range(10)])
    yield name
    delete_table_quietly(ddb, name)


@pytest.fixture(scope="module")
def hashonly(ddb):
    name = create_table(ddb, ("pk", "S"))
    put_items(ddb, name, [{"pk": {"S": "k%02d" % i}, "v": {"N": str(i % 3)}} for i in range(30)])
    yield name
    delete_table_quietly(ddb, name)


ALL_HR = {("p%d" % p, str(s)) for p in range(8) for s in range(10)}
ALL_HASH = {"k%02d" % i for i in range(30)}


def test_scan_returns_every_item_once(ddb, hr, hashonly):
    r = ddb.scan(TableName=hr)
    assert keyset(r["Items"]) == ALL_HR and len(r["Items"]) == 80
    assert r["Count"] == 80 and r["ScannedCount"] == 80 and "LastEvaluatedKey" not in r
    r = ddb.scan(TableName=hashonly)
    assert keyset(r["Items"]) == ALL_HASH and r["Count"] == 30


def test_scan_items_are_whole(ddb, hashonly):
    r = ddb.scan(TableName=hashonly)
    assert {i["pk"]["S"]: i for i in r["Items"]}["k04"] == {"pk": {"S": "k04"}, "v": {"N": "1"}}


@pytest.mark.parametrize("limit", [1, 3, 7, 79, 80, 81])
def test_scan_paging(ddb, hr, limit):
    pages = read_pages(ddb.scan, TableName=hr, Limit=limit)
    items = [i for p in pages for i in p["Items"]]
    assert len(items) == 80 and keyset(items) == ALL_HR
    for p in pages[:-1]:
        assert p["Count"] == p["ScannedCount"] == limit
        last = p["Items"][-1]
        assert p["LastEvaluatedKey"] == {"pk": last["pk"], "sk": last["sk"]}
    assert "LastEvaluatedKey" not in pages[-1]
    if limit <= 80 and 80 % limit == 0:
        assert pages[-1] == {"Items": [], "Count": 0, "ScannedCount": 0}


def test_scan_limit_equal_to_table_size_returns_key(ddb, hashonly):
    r = ddb.scan(TableName=hashonly, Limit=30)
    assert r["Count"] == 30 and set(r["LastEvaluatedKey"]) == {"pk"}
    r = ddb.scan(TableName=hashonly, Limit=30, ExclusiveStartKey=r["LastEvaluatedKey"])
    assert r["Items"] == [] and "LastEvaluatedKey" not in r


def test_scan_limit_counts_before_filter(ddb, hr):
    pages = read_pages(ddb.scan, TableName=hr, Limit=7, FilterExpression="v = :z",
                       ExpressionAttributeValues={":z": {"N": "0"}})
    assert all(p["ScannedCount"] == 7 for p in pages[:-1])
    assert sum(p["ScannedCount"] for p in pages) == 80
    items = [i for p in pages for i in p["Items"]]
    assert keyset(items) == {k for k in ALL_HR if int(k[1]) % 3 == 0}
    assert all(p["Count"] == len(p["Items"]) for p in pages)


def test_scan_empty_filtered_page_has_key(ddb, hr):
    r = ddb.scan(TableName=hr, Limit=5, FilterExpression="v = :z",
                 ExpressionAttributeValues={":z": {"N": "9"}})
    assert r["Items"] == [] and r["Count"] == 0 and r["ScannedCount"] == 5
    assert set(r["LastEvaluatedKey"]) == {"pk", "sk"}


def test_scan_filter_may_use_key_attributes(ddb, hr):
    items = read_all(ddb.scan, TableName=hr, FilterExpression="pk = :p and sk >= :s",
                     ExpressionAttributeValues={":p": {"S": "p3"}, ":s": {"N": "7"}})
    assert keyset(items) == {("p3", "7"), ("p3", "8"), ("p3", "9")}
    r = ddb.scan(TableName=hr, ScanFilter={"sk": {"ComparisonOperator": "EQ",
                                                  "AttributeValueList": [{"N": "9"}]}})
    assert keyset(r["Items"]) == {("p%d" % p, "9") for p in range(8)}


def test_scan_exclusive_start_key_of_deleted_item(ddb, make_table):
    t = make_table()
    put_items(ddb, t, [{"pk": {"S": "k%d" % i}} for i in range(10)])
    first = ddb.scan(TableName=t, Limit=4)
    ddb.delete_item(TableName=t, Key=first["LastEvaluatedKey"])
    rest = read_all(ddb.scan, TableName=t, ExclusiveStartKey=first["LastEvaluatedKey"])
    assert keyset(first["Items"]) | keyset(rest) == {"k%d" % i for i in range(10)}
    assert not keyset(first["Items"]) & keyset(rest) and len(rest) == 6


def test_scan_number_and_binary_hash_keys(ddb, make_table):
    t = make_table(hash=("pk", "N"))
    put_items(ddb, t, [{"pk": {"N": v}} for v in ("-1", "0", "1e-130", "1e125", "3.25")])
    got = read_all(ddb.scan, TableName=t, Limit=2)
    assert sorted(i["pk"]["N"] for i in got) == sorted(["-1", "0", "0." + "0" * 129 + "1",
                                                       "1" + "0" * 125, "3.25"])
    t = make_table(hash=("pk", "B"))
    put_items(ddb, t, [{"pk": {"B": v}} for v in (b"\x00", b"\xff", b"\x80\x01")])
    assert sorted(i["pk"]["B"] for i in read_all(ddb.scan, TableName=t, Limit=1)) == \
        [b"\x00", b"\x80\x01", b"\xff"]


def test_scan_empty_table(ddb, make_table):
    t = make_table()
    r = ddb.scan(TableName=t)
    r.pop("ResponseMetadata")
    assert r == {"Items": [], "Count": 0, "ScannedCount": 0}
    r = ddb.scan(TableName=t, Segment=3, TotalSegments=4, Limit=1)
    assert r["Items"] == [] and "LastEvaluatedKey" not in r


# ---------------------------------------------------------------------------
# Parallel scan


@pytest.mark.parametrize("total", [1, 2, 3, 4, 7, 64])
def test_parallel_scan_segments_partition_the_table(ddb, hr, total):
    seen = set()
    count = 0
    for seg in range(total):
        whole = ddb.scan(TableName=hr, Segment=seg, TotalSegments=total)
        assert "LastEvaluatedKey" not in whole
        paged = read_all(ddb.scan, TableName=hr, Segment=seg, TotalSegments=total, Limit=3)
        assert keyset(paged) == keyset(whole["Items"]) and len(paged) == whole["Count"]
        assert not keyset(paged) & seen, "segments overlap"
        seen |= keyset(paged)
        count += len(paged)
    assert seen == ALL_HR and count == 80


def test_parallel_scan_hash_only_table(ddb, hashonly):
    got = [read_all(ddb.scan, TableName=hashonly, Segment=s, TotalSegments=3, Limit=4)
           for s in range(3)]
    assert sum(len(g) for g in got) == 30
    assert set().union(*(keyset(g) for g in got)) == ALL_HASH


def test_parallel_scan_pages_stay_in_their_segment(ddb, hr):
    for seg in range(4):
        pages = read_pages(ddb.scan, TableName=hr, Segment=seg, TotalSegments=4, Limit=5)
        whole = keyset(ddb.scan(TableName=hr, Segment=seg, TotalSegments=4)["Items"])
        for p in pages:
            assert keyset(p["Items"]) <= whole
            if "LastEvaluatedKey" in p:
                k = p["LastEvaluatedKey"]
                assert (k["pk"]["S"], k["sk"]["N"]) in whole


def test_parallel_scan_limit_at_end_of_segment(ddb, hashonly):
    for seg in range(2):
        n = ddb.scan(TableName=hashonly, Segment=seg, TotalSegments=2)["Count"]
        if n == 0:
            continue
        r = ddb.scan(TableName=hashonly, Segment=seg, TotalSegments=2, Limit=n)
        assert r["Count"] == n and "LastEvaluatedKey" in r
        r = ddb.scan(TableName=hashonly, Segment=seg, TotalSegments=2, Limit=n,
                     ExclusiveStartKey=r["LastEvaluatedKey"])
        assert r["Items"] == [] and "LastEvaluatedKey" not in r


def test_parallel_scan_with_filter(ddb, hr):
    got = set()
    for seg in range(3):
        got |= keyset(read_all(ddb.scan, TableName=hr, Segment=seg, TotalSegments=3, Limit=6,
                               FilterExpression="v = :one",
                               ExpressionAttributeValues={":one": {"N": "1"}}))
    assert got == {k for k in ALL_HR if int(k[1]) % 3 == 1}


def test_one_segment_is_the_whole_table(ddb, hr):
    r = ddb.scan(TableName=hr, Segment=0, TotalSegments=1)
    assert keyset(r["Items"]) == ALL_HR


# ---------------------------------------------------------------------------
# Select, projections, other parameters


def test_scan_select_count(ddb, hr):
    r = ddb.scan(TableName=hr, Select="COUNT")
    r.pop("ResponseMetadata")
    assert r == {"Count": 80, "ScannedCount": 80}
    r = ddb.scan(TableName=hr, Select="COUNT", Limit=10, FilterExpression="v = :z",
                 ExpressionAttributeValues={":z": {"N": "0"}})
    assert "Items" not in r and r["ScannedCount"] == 10 and "LastEvaluatedKey" in r


def test_scan_projection(ddb, hr):
    r = ddb.scan(TableName=hr, ProjectionExpression="v", Limit=5)
    assert all(set(i) == {"v"} for i in r["Items"]) and set(r["LastEvaluatedKey"]) == {"pk", "sk"}
    r = ddb.scan(TableName=hr, Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="pk, #x",
                 ExpressionAttributeNames={"#x": "x"}, Limit=5)
    assert all(set(i) == {"pk", "x"} for i in r["Items"])
    r = ddb.scan(TableName=hr, AttributesToGet=["sk", "nothing"], Limit=5)
    assert all(set(i) == {"sk"} for i in r["Items"])


def test_scan_consistent_read(ddb, hr):
    assert ddb.scan(TableName=hr, ConsistentRead=True)["Count"] == 80


def test_scan_index_forward_is_not_a_scan_parameter(call, hr):
    # Unknown members are ignored: ScanIndexForward does not change a Scan.
    r = call("Scan", {"TableName": hr, "ScanIndexForward": False})
    assert r["Count"] == 80 and keyset(r["Items"]) == ALL_HR


# ---------------------------------------------------------------------------
# Filters on typical attributes


@pytest.fixture(scope="module")
def ftable(ddb):
    name = create_table(ddb, ("pk", "S"))
    items = {
        "n1": {"n": {"N": "1"}, "s": {"S": "abc"}, "b": {"B": b"\x01\x02"}, "ss": {"SS": ["x", "y"]},
               "ns": {"NS": ["1", "2"]}, "l": {"L": [{"S": "x"}, {"N": "1"}]}, "bo": {"BOOL": True},
               "nu": {"NULL": True}},
        "n2": {"n": {"N": "2"}, "s": {"S": "abd"}, "b": {"B": b"\x01\x03"}, "ss": {"SS": ["z"]},
               "ns": {"NS": ["3"]}, "l": {"L": [{"S": "y"}]}, "bo": {"BOOL": False}},
        "n3": {"n": {"N": "10"}, "s": {"S": "b"}, "m": {"M": {"a": {"S": "x"}}}},
        "n4": {"s": {"N": "5"}},
        "n5": {},
    }
    put_items(ddb, name, [{"pk": {"S": k}, **v} for k, v in items.items()])
    yield name
    delete_table_quietly(ddb, name)


N = lambda x: {"N": x}  # noqa: E731
S = lambda x: {"S": x}  # noqa: E731
B = lambda x: {"B": x}  # noqa: E731


def f(attr, op, *vals):
    return {attr: {"ComparisonOperator": op, "AttributeValueList": list(vals)}}


# Legacy ScanFilter: every ComparisonOperator. NE and NULL match items where
# the attribute is missing; NOT_CONTAINS needs the attribute to exist;
# comparisons across types are false.
SCAN_FILTERS = [
    (f("n", "EQ", N("2")), ["n2"]),
    (f("s", "EQ", S("abd")), ["n2"]),
    (f("n", "NE", N("2")), ["n1", "n3", "n4", "n5"]),
    (f("n", "LT", N("2")), ["n1"]),
    (f("s", "LT", S("abd")), ["n1"]),
    (f("n", "LE", N("2")), ["n1", "n2"]),
    (f("n", "GT", N("2")), ["n3"]),
    (f("s", "GT", S("abd")), ["n3"]),
    (f("n", "GE", N("2")), ["n2", "n3"]),
    (f("s", "LT", N("100")), ["n4"]),
    (f("b", "GT", B(b"\x01\x02")), ["n2"]),
    (f("ss", "EQ", {"SS": ["y", "x"]}), ["n1"]),
    (f("ns", "EQ", {"NS": ["2", "1"]}), ["n1"]),
    (f("ss", "NE", {"SS": ["y", "x"]}), ["n2", "n3", "n4", "n5"]),
    (f("l", "EQ", {"L": [{"S": "x"}, {"N": "1"}]}), ["n1"]),
    (f("bo", "EQ", {"BOOL": True}), ["n1"]),
    (f("nu", "EQ", {"NULL": True}), ["n1"]),
    (f("m", "EQ", {"M": {"a": {"S": "x"}}}), ["n3"]),
    (f("n", "EQ", {"BOOL": True}), []),
    (f("n", "NOT_NULL"), ["n1", "n2", "n3"]),
    (f("n", "NULL"), ["n4", "n5"]),
    (f("nu", "NOT_NULL"), ["n1"]),
    (f("s", "CONTAINS", S("b")), ["n1", "n2", "n3"]),
    (f("s", "NOT_CONTAINS", S("b")), ["n4"]),
    (f("ss", "CONTAINS", S("x")), ["n1"]),
    (f("ns", "CONTAINS", N("3")), ["n2"]),
    (f("l", "CONTAINS", S("y")), ["n2"]),
    (f("l", "CONTAINS", N("1")), ["n1"]),
    (f("ss", "NOT_CONTAINS", S("x")), ["n2"]),
    (f("b", "CONTAINS", B(b"\x02")), ["n1"]),
    (f("s", "BEGINS_WITH", S("ab")), ["n1", "n2"]),
    (f("b", "BEGINS_WITH", B(b"\x01")), ["n1", "n2"]),
    (f("n", "IN", N("1"), N("10")), ["n1", "n3"]),
    (f("s", "IN", S("b"), S("zzz")), ["n3"]),
    (f("n", "BETWEEN", N("1"), N("2")), ["n1", "n2"]),
    (f("s", "BETWEEN", S("abc"), S("b")), ["n1", "n2", "n3"]),
    ({**f("n", "EQ", N("1")), **f("s", "EQ", S("b"))}, []),
    ({}, ["n1", "n2", "n3", "n4", "n5"]),
]


@pytest.mark.parametrize("flt,expect", SCAN_FILTERS, ids=[str(i) for i in range(len(SCAN_FILTERS))])
def test_legacy_scan_filter(ddb_nv, ftable, flt, expect):
    r = ddb_nv.scan(TableName=ftable, ScanFilter=flt)
    assert sorted(keyset(r["Items"])) == expect and r["ScannedCount"] == 5


@pytest.mark.parametrize("op,expect", [("AND", []), ("OR", ["n1", "n3"])])
def test_legacy_conditional_operator(ddb, ftable, op, expect):
    r = ddb.scan(TableName=ftable, ConditionalOperator=op,
                 ScanFilter={**f("n", "EQ", N("1")), **f("s", "EQ", S("b"))})
    assert sorted(keyset(r["Items"])) == expect


def test_conditional_operator_and_three_conditions(ddb, ftable):
    r = ddb.scan(TableName=ftable, ConditionalOperator="AND",
                 ScanFilter={**f("n", "GE", N("1")), **f("s", "BEGINS_WITH", S("a")),
                             **f("bo", "EQ", {"BOOL": False})})
    assert keyset(r["Items"]) == {"n2"}


@pytest.mark.parametrize("expr,values,expect", [
    ("n = :v", {":v": N("1")}, ["n1"]),
    ("n <> :v", {":v": N("1")}, ["n2", "n3", "n4", "n5"]),
    ("n BETWEEN :a AND :b", {":a": N("2"), ":b": N("10")}, ["n2", "n3"]),
    ("n IN (:a, :b)", {":a": N("1"), ":b": N("10")}, ["n1", "n3"]),
    ("attribute_not_exists(n)", None, ["n4", "n5"]),
    ("attribute_type(s, :t)", {":t": S("N")}, ["n4"]),
    ("begins_with(s, :p)", {":p": S("ab")}, ["n1", "n2"]),
    ("contains(ss, :p) OR contains(l, :q)", {":p": S("z"), ":q": N("1")}, ["n1", "n2"]),
    ("size(ns) = :v", {":v": N("2")}, ["n1"]),
    ("NOT (n > :v)", {":v": N("1")}, ["n1", "n4", "n5"]),
    ("m.a = :v", {":v": S("x")}, ["n3"]),
    ("pk = :p", {":p": S("n5")}, ["n5"]),
])
def test_scan_filter_expression(ddb, ftable, expr, values, expect):
    kw = {"ExpressionAttributeValues": values} if values else {}
    r = ddb.scan(TableName=ftable, FilterExpression=expr, **kw)
    assert sorted(keyset(r["Items"])) == expect and r["ScannedCount"] == 5
