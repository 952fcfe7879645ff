"""Query: key conditions (expression and legacy KeyConditions) on S, N and B
sort keys, ordering in both directions, Limit and LastEvaluatedKey,
ExclusiveStartKey, filters, projections and Select.

Rules pinned here (confirmed on the reference, see also
/work/notes/issue4-behaviours.md):
- Sort keys order: N by numeric value, S by UTF-8 bytes (not UTF-16 code
  units), B by unsigned bytes. ScanIndexForward=false reverses the order.
- Limit counts items read (before the filter). When a page stops because of
  Limit, LastEvaluatedKey is the key (table key attributes only) of the last
  item read, even if no item follows, EXCEPT when that item's sort key equals
  the inclusive far end of the key condition in the read direction (the upper
  bound of <= or BETWEEN going forward, the lower bound of >= or BETWEEN going
  backward): the range is then known to be exhausted and no key is returned.
  `sk = :v` still returns one. A Query on a table without a sort key never
  returns one.
- ExclusiveStartKey need not be an existing item; reading resumes after it in
  the read direction.
- FilterExpression / QueryFilter apply after the read and may not name key
  attributes (see test_query_scan_errors.py)."""
from decimal import Decimal

import pytest

from helpers import create_table, delete_table_quietly, key_order, put_items, read_all, read_pages

# ---------------------------------------------------------------------------
# Fixtures: one table per sort key type, filled once per module.

NUMBERS = ["-9.99e125", "-1e10", "-5", "-1.5", "-0.001", "-1e-130", "0", "1e-130", "0.5", "1",
           "2", "10", "1e2", "100.5", "1.5e20", "12345678901234567890123456789012345678",
           "9.99e125"]

STRINGS = [" ", "A", "B", "Z", "a", "a\x00", "aa", "ab", "abc", "b", "~", "\u00e9", "\u00e9t\u00e9",
           "\u00ff", "\u0100", "\u07ff", "\u0800", "\ue000", "\uffef", "\ufffd", "\U0001d11e",
           "\U0001d11ez", "\U0001f600", "\U0010ffff"]

BINARIES = [b"\x00", b"\x00\x00", b"\x01", b"a", b"\x7f", b"\x80", b"\x80\x00", b"\x80\xff", b"\xfe",
            b"\xff", b"\xff\x00", b"\xff\xff"]


def _make_sorted_table(ddb, kind, values):
    name = create_table(ddb, ("pk", "S"), ("sk", kind))
    items = [{"pk": {"S": "p"}, "sk": {kind: v}, "i": {"N": str(n)}} for n, v in enumerate(values)]
    # Neighbouring partitions that must never leak into a Query of "p".
    items += [{"pk": {"S": other}, "sk": {kind: values[0]}} for other in ("o", "p\x00", "pp", "q")]
    put_items(ddb, name, items)
    return name


@pytest.fixture(scope="module")
def tables(ddb):
    made = {"N": _make_sorted_table(ddb, "N", NUMBERS),
            "S": _make_sorted_table(ddb, "S", STRINGS),
            "B": _make_sorted_table(ddb, "B", BINARIES)}
    yield made
    for name in made.values():
        delete_table_quietly(ddb, name)


VALUES = {"N": NUMBERS, "S": STRINGS, "B": BINARIES}


def sort_keys(items, kind):
    return [i["sk"][kind] for i in items]


def expected(kind, pred, forward=True):
    vals = sorted(VALUES[kind], key=lambda v: key_order({kind: v}))
    vals = [v for v in vals if pred(key_order({kind: v}))]
    if kind == "N":
        vals = [Decimal(v) for v in vals]
    return vals if forward else vals[::-1]


def got(items, kind):
    vals = sort_keys(items, kind)
    return [Decimal(v) for v in vals] if kind == "N" else vals


def query(ddb, table, cond="", values=None, **kw):
    kc = "pk = :pk" + (" and " + cond if cond else "")
    eav = {":pk": {"S": "p"}}
    eav.update(values or {})
    return read_all(ddb.query, TableName=table, KeyConditionExpression=kc,
                    ExpressionAttributeValues=eav, **kw)


# ---------------------------------------------------------------------------
# Ordering


@pytest.mark.parametrize("kind", ["N", "S", "B"])
@pytest.mark.parametrize("forward", [True, False])
def test_partition_in_sort_key_order(ddb, tables, kind, forward):
    items = query(ddb, tables[kind], ScanIndexForward=forward)
    assert got(items, kind) == expected(kind, lambda v: True, forward)
    assert {i["pk"]["S"] for i in items} == {"p"}


def test_numbers_ordered_by_value(ddb, tables):
    items = query(ddb, tables["N"])
    first = [i["sk"]["N"] for i in items[:4]]
    assert first[1:] == ["-10000000000", "-5", "-1.5"]
    assert Decimal(first[0]) == Decimal("-9.99e125")
    # 1e-130 and -1e-130 are neither zero nor equal: they sort around 0.
    middle = [Decimal(i["sk"]["N"]) for i in items[5:8]]
    assert middle == [Decimal("-1e-130"), 0, Decimal("1e-130")]


def test_strings_ordered_by_utf8_bytes_not_utf16(ddb, tables):
    # UTF-16 would put U+1D11E (surrogates D834 DD1E) before U+E000 and U+FFFD;
    # DynamoDB documents UTF-8 byte order, where F0.. comes after EE../EF...
    items = query(ddb, tables["S"])
    order = [i["sk"]["S"] for i in items]
    assert order.index("\ue000") < order.index("\ufffd") < order.index("\U0001d11e")
    assert order[-1] == "\U0010ffff"
    assert order[:5] == [" ", "A", "B", "Z", "a"]
    assert order.index("a") < order.index("a\x00") < order.index("aa")


def test_binaries_ordered_by_unsigned_bytes(ddb, tables):
    items = query(ddb, tables["B"])
    assert [i["sk"]["B"] for i in items] == sorted(BINARIES)
    assert items[-1]["sk"]["B"] == b"\xff\xff"


# ---------------------------------------------------------------------------
# Key condition operators (expression form and legacy KeyConditions)

N_CASES = [
    ("=", ["1e2"], lambda v: v == 100),
    ("=", ["3"], lambda v: False),
    ("=", ["-1e-130"], lambda v: v == Decimal("-1e-130")),
    ("<", ["0"], lambda v: v < 0),
    ("<=", ["0"], lambda v: v <= 0),
    ("<", ["-9.99e125"], lambda v: False),
    (">", ["1"], lambda v: v > 1),
    (">=", ["1"], lambda v: v >= 1),
    (">", ["9.99e125"], lambda v: False),
    (">=", ["100.5"], lambda v: v >= Decimal("100.5")),
    ("BETWEEN", ["-5", "10"], lambda v: -5 <= v <= 10),
    ("BETWEEN", ["-1e-130", "1e-130"], lambda v: abs(v) <= Decimal("1e-130")),
    ("BETWEEN", ["0.5", "0.5"], lambda v: v == Decimal("0.5")),
    ("BETWEEN", ["3", "4"], lambda v: False),
    ("BETWEEN", ["-9.99e125", "9.99e125"], lambda v: True),
]

S_CASES = [
    ("=", ["\u00e9"], lambda v: v == "\u00e9".encode()),
    ("<", ["a"], lambda v: v < b"a"),
    ("<=", ["a"], lambda v: v <= b"a"),
    (">", ["\ufffd"], lambda v: v > "\ufffd".encode()),
    (">=", ["\U0001d11e"], lambda v: v >= "\U0001d11e".encode()),
    ("<", ["\U0001d11e"], lambda v: v < "\U0001d11e".encode()),
    ("BETWEEN", ["a", "b"], lambda v: b"a" <= v <= b"b"),
    ("BETWEEN", ["\u00e9", "\ue000"], lambda v: "\u00e9".encode() <= v <= "\ue000".encode()),
    ("begins_with", ["a"], lambda v: v.startswith(b"a")),
    ("begins_with", ["\u00e9"], lambda v: v.startswith("\u00e9".encode())),
    ("begins_with", ["\U0001d11e"], lambda v: v.startswith("\U0001d11e".encode())),
    ("begins_with", ["c"], lambda v: False),
]

B_CASES = [
    ("=", [b"\x80"], lambda v: v == b"\x80"),
    ("<", [b"\x80"], lambda v: v < b"\x80"),
    ("<=", [b"\x80"], lambda v: v <= b"\x80"),
    (">", [b"\x7f"], lambda v: v > b"\x7f"),
    (">=", [b"\xff"], lambda v: v >= b"\xff"),
    ("BETWEEN", [b"\x01", b"\x80\x00"], lambda v: b"\x01" <= v <= b"\x80\x00"),
    ("begins_with", [b"\xff"], lambda v: v.startswith(b"\xff")),
    ("begins_with", [b"\x80"], lambda v: v.startswith(b"\x80")),
    ("begins_with", [b"\x00"], lambda v: v.startswith(b"\x00")),
]

CASES = [("N", *c) for c in N_CASES] + [("S", *c) for c in S_CASES] + [("B", *c) for c in B_CASES]
CASE_IDS = [f"{k}-{op}-{i}" for i, (k, op, _, _) in enumerate(CASES)]


def expression_for(op, n):
    if op == "BETWEEN":
        return "sk BETWEEN :a AND :b"
    if op == "begins_with":
        return "begins_with(sk, :a)"
    return f"sk {op} :a"


@pytest.mark.parametrize("forward", [True, False])
@pytest.mark.parametrize("kind,op,operands,pred", CASES, ids=CASE_IDS)
def test_key_condition_expression(ddb, tables, kind, op, operands, pred, forward):
    values = {name: {kind: v} for name, v in zip([":a", ":b"], operands)}
    items = query(ddb, tables[kind], expression_for(op, len(operands)), values,
                  ScanIndexForward=forward)
    assert got(items, kind) == expected(kind, pred, forward)


LEGACY_OP = {"=": "EQ", "<": "LT", "<=": "LE", ">": "GT", ">=": "GE", "BETWEEN": "BETWEEN",
             "begins_with": "BEGINS_WITH"}


@pytest.mark.parametrize("kind,op,operands,pred", CASES, ids=CASE_IDS)
def test_legacy_key_conditions(ddb, tables, kind, op, operands, pred):
    conds = {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
             "sk": {"ComparisonOperator": LEGACY_OP[op],
                    "AttributeValueList": [{kind: v} for v in operands]}}
    items = read_all(ddb.query, TableName=tables[kind], KeyConditions=conds)
    assert got(items, kind) == expected(kind, pred)
    back = read_all(ddb.query, TableName=tables[kind], KeyConditions=conds, ScanIndexForward=False)
    assert got(back, kind) == expected(kind, pred, False)


def test_legacy_key_conditions_partition_only(ddb, tables):
    conds = {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}}
    items = read_all(ddb.query, TableName=tables["N"], KeyConditions=conds)
    assert got(items, "N") == expected("N", lambda v: True)


@pytest.mark.parametrize("kc,values", [
    ("pk = :pk AND sk < :a", {":a": "0"}),
    ("(pk = :pk) and (sk < :a)", {":a": "0"}),
    ("(pk = :pk and sk < :a)", {":a": "0"}),
    ("sk < :a and pk = :pk", {":a": "0"}),
    (":pk = pk and :a > sk", {":a": "0"}),
    ("#p = :pk and #s < :a", {":a": "0"}),
    ("pk=:pk AND sk<:a", {":a": "0"}),
])
def test_key_condition_forms(ddb, tables, kc, values):
    eav = {":pk": {"S": "p"}, **{k: {"N": v} for k, v in values.items()}}
    kwargs = {}
    if "#" in kc:
        kwargs["ExpressionAttributeNames"] = {"#p": "pk", "#s": "sk"}
    items = read_all(ddb.query, TableName=tables["N"], KeyConditionExpression=kc,
                     ExpressionAttributeValues=eav, **kwargs)
    assert got(items, "N") == expected("N", lambda v: v < 0)


def test_reversed_operands_mean_the_mirror_comparison(ddb, tables):
    eav = {":pk": {"S": "p"}, ":a": {"N": "1"}}
    for kc, pred in [(":a < sk", lambda v: v > 1), (":a <= sk", lambda v: v >= 1),
                     (":a > sk", lambda v: v < 1), (":a >= sk", lambda v: v <= 1),
                     (":a = sk", lambda v: v == 1)]:
        items = read_all(ddb.query, TableName=tables["N"], KeyConditionExpression="pk = :pk and " + kc,
                         ExpressionAttributeValues=eav)
        assert got(items, "N") == expected("N", pred), kc


def test_reserved_word_key_names_need_placeholders(ddb, make_table):
    t = make_table(hash=("data", "S"), range=("status", "N"))
    ddb.put_item(TableName=t, Item={"data": {"S": "d"}, "status": {"N": "1"}})
    ddb.put_item(TableName=t, Item={"data": {"S": "d"}, "status": {"N": "2"}})
    r = ddb.query(TableName=t, KeyConditionExpression="#d = :d and #s > :one",
                  ExpressionAttributeNames={"#d": "data", "#s": "status"},
                  ExpressionAttributeValues={":d": {"S": "d"}, ":one": {"N": "1"}})
    assert [i["status"]["N"] for i in r["Items"]] == ["2"]


def test_other_partitions_never_returned(ddb, tables):
    for kind in "NSB":
        for pk in ("o", "p\x00", "pp", "q"):
            r = ddb.query(TableName=tables[kind], KeyConditionExpression="pk = :pk",
                          ExpressionAttributeValues={":pk": {"S": pk}})
            assert r["Count"] == 1 and [i["pk"]["S"] for i in r["Items"]] == [pk]
        r = ddb.query(TableName=tables[kind], KeyConditionExpression="pk = :pk",
                      ExpressionAttributeValues={":pk": {"S": "nope"}})
        assert r["Items"] == [] and r["Count"] == 0 and r["ScannedCount"] == 0
        assert "LastEvaluatedKey" not in r


def test_number_partition_key_matches_by_value(ddb, make_table):
    t = make_table(hash=("pk", "N"), range=("sk", "S"))
    ddb.put_item(TableName=t, Item={"pk": {"N": "10"}, "sk": {"S": "a"}})
    ddb.put_item(TableName=t, Item={"pk": {"N": "100"}, "sk": {"S": "a"}})
    r = ddb.query(TableName=t, KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": {"N": "1e1"}})
    assert r["Items"] == [{"pk": {"N": "10"}, "sk": {"S": "a"}}]
    r = ddb.query(TableName=t, KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": {"N": "10.000"}})
    assert r["Count"] == 1


def test_binary_partition_key(ddb, make_table):
    t = make_table(hash=("pk", "B"), range=("sk", "N"))
    for pk in (b"\x00\xff", b"\x00", b"\xff"):
        for sk in ("2", "1"):
            ddb.put_item(TableName=t, Item={"pk": {"B": pk}, "sk": {"N": sk}})
    r = ddb.query(TableName=t, KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": {"B": b"\x00\xff"}})
    assert [(i["pk"]["B"], i["sk"]["N"]) for i in r["Items"]] == [(b"\x00\xff", "1"), (b"\x00\xff", "2")]


# ---------------------------------------------------------------------------
# Tables without a sort key


def test_hash_only_table_query(ddb, make_table):
    t = make_table()
    ddb.put_item(TableName=t, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    ddb.put_item(TableName=t, Item={"pk": {"S": "b"}})
    r = ddb.query(TableName=t, KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": {"S": "a"}}, Limit=1)
    assert r["Items"] == [{"pk": {"S": "a"}, "v": {"N": "1"}}]
    assert r["Count"] == 1 and r["ScannedCount"] == 1
    # At most one item can match: no LastEvaluatedKey even with Limit reached.
    assert "LastEvaluatedKey" not in r
    r = ddb.query(TableName=t, KeyConditionExpression="pk = :p", FilterExpression="v = :one",
                  ExpressionAttributeValues={":p": {"S": "b"}, ":one": {"N": "1"}}, Limit=1)
    assert r["Items"] == [] and r["Count"] == 0 and r["ScannedCount"] == 1
    assert "LastEvaluatedKey" not in r
    r = ddb.query(TableName=t, KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": {"S": "a"}}, ExclusiveStartKey={"pk": {"S": "a"}})
    assert r["Items"] == [] and "LastEvaluatedKey" not in r


# ---------------------------------------------------------------------------
# Limit and LastEvaluatedKey


@pytest.fixture(scope="module")
def paging(ddb):
    """Partition "p": sk 0..9 with v = sk % 3 and an extra attribute; partition
    "q" follows with one item."""
    name = create_table(ddb, ("pk", "S"), ("sk", "N"))
    items = [{"pk": {"S": "p"}, "sk": {"N": str(i)}, "v": {"N": str(i % 3)}, "x": {"S": "y"}}
             for i in range(10)]
    items.append({"pk": {"S": "q"}, "sk": {"N": "0"}})
    put_items(ddb, name, items)
    yield name
    delete_table_quietly(ddb, name)


def key(sk, pk="p"):
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def page(ddb, table, cond=None, values=None, **kw):
    kc = "pk = :pk" + (" and " + cond if cond else "")
    eav = {":pk": {"S": "p"}, **{k: {"N": str(v)} for k, v in (values or {}).items()}}
    r = ddb.query(TableName=table, KeyConditionExpression=kc, ExpressionAttributeValues=eav, **kw)
    r.pop("ResponseMetadata")
    return r


def sks(r):
    return [int(i["sk"]["N"]) for i in r.get("Items", [])]


def test_limit_below_match_count(ddb, paging):
    r = page(ddb, paging, Limit=3)
    assert sks(r) == [0, 1, 2] and r["Count"] == 3 and r["ScannedCount"] == 3
    # Table key attributes only, even though the items carry v and x.
    assert r["LastEvaluatedKey"] == key(2)


def test_limit_reached_at_last_item_still_returns_key(ddb, paging):
    r = page(ddb, paging, Limit=10)
    assert sks(r) == list(range(10))
    assert r["LastEvaluatedKey"] == key(9)
    nxt = page(ddb, paging, Limit=10, ExclusiveStartKey=r["LastEvaluatedKey"])
    assert nxt == {"Items": [], "Count": 0, "ScannedCount": 0}


def test_limit_above_match_count_has_no_key(ddb, paging):
    r = page(ddb, paging, Limit=11)
    assert sks(r) == list(range(10)) and "LastEvaluatedKey" not in r
    r = page(ddb, paging)
    assert sks(r) == list(range(10)) and "LastEvaluatedKey" not in r


def test_limit_backward(ddb, paging):
    r = page(ddb, paging, Limit=3, ScanIndexForward=False)
    assert sks(r) == [9, 8, 7] and r["LastEvaluatedKey"] == key(7)
    r = page(ddb, paging, Limit=3, ScanIndexForward=False, ExclusiveStartKey=key(7))
    assert sks(r) == [6, 5, 4]


def test_limit_counts_items_before_the_filter(ddb, paging):
    r = page(ddb, paging, Limit=3, FilterExpression="v = :z", values={":z": 0})
    assert sks(r) == [0] and r["Count"] == 1 and r["ScannedCount"] == 3
    assert r["LastEvaluatedKey"] == key(2)


def test_page_may_be_empty_and_still_have_a_key(ddb, paging):
    r = page(ddb, paging, Limit=3, FilterExpression="v = :z", values={":z": 5})
    assert r["Items"] == [] and r["Count"] == 0 and r["ScannedCount"] == 3
    assert r["LastEvaluatedKey"] == key(2)


def test_filter_without_limit(ddb, paging):
    r = page(ddb, paging, FilterExpression="v = :z", values={":z": 0})
    assert sks(r) == [0, 3, 6, 9] and r["Count"] == 4 and r["ScannedCount"] == 10
    assert "LastEvaluatedKey" not in r
    r = page(ddb, paging, Limit=10, FilterExpression="v = :z", values={":z": 0})
    assert r["ScannedCount"] == 10 and r["LastEvaluatedKey"] == key(9)


# (condition, values, forward, limit, items, LastEvaluatedKey sort key or None)
LIMIT_AT_BOUND = [
    ("sk <= :a", {":a": 4}, True, 5, [0, 1, 2, 3, 4], None),
    ("sk <= :a", {":a": 4}, False, 5, [4, 3, 2, 1, 0], 0),
    ("sk < :a", {":a": 4}, True, 4, [0, 1, 2, 3], 3),
    ("sk < :a", {":a": "4.5"}, True, 5, [0, 1, 2, 3, 4], 4),
    ("sk >= :a", {":a": 5}, True, 5, [5, 6, 7, 8, 9], 9),
    ("sk >= :a", {":a": 5}, False, 5, [9, 8, 7, 6, 5], None),
    ("sk > :a", {":a": 4}, False, 5, [9, 8, 7, 6, 5], 5),
    ("sk BETWEEN :a AND :b", {":a": 2, ":b": 4}, True, 3, [2, 3, 4], None),
    ("sk BETWEEN :a AND :b", {":a": 2, ":b": 4}, False, 3, [4, 3, 2], None),
    ("sk BETWEEN :a AND :b", {":a": 2, ":b": 4}, True, 2, [2, 3], 3),
    ("sk BETWEEN :a AND :b", {":a": 0, ":b": 9}, True, 10, list(range(10)), None),
    ("sk BETWEEN :a AND :b", {":a": -1, ":b": 10}, True, 10, list(range(10)), 9),
    ("sk BETWEEN :a AND :b", {":a": 3, ":b": 3}, True, 1, [3], None),
    ("sk = :a", {":a": 3}, True, 1, [3], 3),
    ("sk = :a", {":a": 3}, False, 1, [3], 3),
]


@pytest.mark.parametrize("cond,values,forward,limit,items,lek", LIMIT_AT_BOUND)
def test_limit_at_inclusive_far_bound(ddb, paging, cond, values, forward, limit, items, lek):
    r = page(ddb, paging, cond, values, Limit=limit, ScanIndexForward=forward)
    assert sks(r) == items
    if lek is None:
        assert "LastEvaluatedKey" not in r
    else:
        assert r["LastEvaluatedKey"] == key(lek)
        nxt = page(ddb, paging, cond, values, Limit=limit, ScanIndexForward=forward,
                   ExclusiveStartKey=r["LastEvaluatedKey"])
        assert "LastEvaluatedKey" not in nxt


def test_limit_at_far_bound_with_filter(ddb, paging):
    r = page(ddb, paging, "sk <= :a", {":a": 4, ":z": 7}, Limit=5, FilterExpression="v = :z")
    assert r["Items"] == [] and r["ScannedCount"] == 5 and "LastEvaluatedKey" not in r


@pytest.mark.parametrize("forward", [True, False])
@pytest.mark.parametrize("limit", [1, 2, 3, 4, 9, 10])
def test_paging_walk_equals_unpaged(ddb, paging, limit, forward):
    eav = {":pk": {"S": "p"}}
    pages = read_pages(ddb.query, TableName=paging, KeyConditionExpression="pk = :pk",
                       ExpressionAttributeValues=eav, Limit=limit, ScanIndexForward=forward)
    walked = [int(i["sk"]["N"]) for p in pages for i in p["Items"]]
    assert walked == (list(range(10)) if forward else list(range(9, -1, -1)))
    assert all(p["Count"] <= limit for p in pages)
    assert len(pages) == 10 // limit + 1  # the last full page always has a key


# ExclusiveStartKey


@pytest.mark.parametrize("esk,forward,items", [
    ("4.5", True, [5, 6, 7]),
    ("4.5", False, [4, 3, 2]),
    ("-1", True, [0, 1, 2]),
    ("100", False, [9, 8, 7]),
    ("9", True, []),
    ("100", True, []),
    ("0", False, []),
])
def test_exclusive_start_key_need_not_exist(ddb, paging, esk, forward, items):
    r = page(ddb, paging, Limit=3, ScanIndexForward=forward, ExclusiveStartKey=key(esk))
    assert sks(r) == items
    assert ("LastEvaluatedKey" in r) == (len(items) == 3)


# (condition, values, forward, ExclusiveStartKey sort key, items) that are accepted
ESK_IN_RANGE = [
    ("sk BETWEEN :a AND :b", {":a": 3, ":b": 6}, True, "3", [4, 5, 6]),
    ("sk BETWEEN :a AND :b", {":a": 3, ":b": 6}, True, "3.5", [4, 5, 6]),
    ("sk BETWEEN :a AND :b", {":a": 3, ":b": 6}, True, "5", [6]),
    ("sk BETWEEN :a AND :b", {":a": 3, ":b": 6}, False, "6", [5, 4, 3]),
    ("sk BETWEEN :a AND :b", {":a": 3, ":b": 6}, False, "3.5", [3]),
    ("sk >= :a", {":a": 5}, True, "5", [6, 7, 8, 9]),
    ("sk >= :a", {":a": 5}, False, "6", [5]),
    ("sk > :a", {":a": 5}, True, "6", [7, 8, 9]),
    ("sk > :a", {":a": 5}, False, "6", []),
    ("sk <= :a", {":a": 5}, True, "4", [5]),
    ("sk <= :a", {":a": 5}, False, "5", [4, 3, 2, 1, 0]),
    ("sk < :a", {":a": 5}, True, "4", []),
    ("sk < :a", {":a": 5}, False, "4", [3, 2, 1, 0]),
    ("sk = :a", {":a": 5}, True, "5", []),
    ("sk = :a", {":a": 5}, False, "5", []),
]


@pytest.mark.parametrize("cond,values,forward,esk,items", ESK_IN_RANGE)
def test_exclusive_start_key_inside_key_condition(ddb, paging, cond, values, forward, esk, items):
    r = page(ddb, paging, cond, values, ScanIndexForward=forward, ExclusiveStartKey=key(esk))
    assert sks(r) == items and "LastEvaluatedKey" not in r


def test_exclusive_start_key_of_deleted_item(ddb, make_table):
    t = make_table(range=("sk", "N"))
    put_items(ddb, t, [{"pk": {"S": "p"}, "sk": {"N": str(i)}} for i in range(6)])
    eav = {":pk": {"S": "p"}}
    r = ddb.query(TableName=t, KeyConditionExpression="pk = :pk", ExpressionAttributeValues=eav, Limit=3)
    assert r["LastEvaluatedKey"] == key(2)
    ddb.delete_item(TableName=t, Key=key(2))
    ddb.delete_item(TableName=t, Key=key(3))
    r = ddb.query(TableName=t, KeyConditionExpression="pk = :pk", ExpressionAttributeValues=eav,
                  ExclusiveStartKey=r["LastEvaluatedKey"])
    assert sks(r) == [4, 5]
    r = ddb.query(TableName=t, KeyConditionExpression="pk = :pk", ExpressionAttributeValues=eav,
                  ExclusiveStartKey=key(3), ScanIndexForward=False)
    assert sks(r) == [1, 0]


def test_exclusive_start_key_with_string_and_binary_keys(ddb, tables):
    r = ddb.query(TableName=tables["S"], KeyConditionExpression="pk = :pk",
                  ExpressionAttributeValues={":pk": {"S": "p"}}, Limit=2,
                  ExclusiveStartKey={"pk": {"S": "p"}, "sk": {"S": "\ufffd"}})
    assert [i["sk"]["S"] for i in r["Items"]] == ["\U0001d11e", "\U0001d11ez"]
    r = ddb.query(TableName=tables["B"], KeyConditionExpression="pk = :pk",
                  ExpressionAttributeValues={":pk": {"S": "p"}}, Limit=2, ScanIndexForward=False,
                  ExclusiveStartKey={"pk": {"S": "p"}, "sk": {"B": b"\xff"}})
    assert [i["sk"]["B"] for i in r["Items"]] == [b"\xfe", b"\x80\xff"]
    assert r["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"B": b"\x80\xff"}}


# ---------------------------------------------------------------------------
# Select, projections, ConsistentRead


@pytest.fixture(scope="module")
def rich(ddb):
    name = create_table(ddb, ("pk", "S"), ("sk", "N"))
    put_items(ddb, name, [
        {"pk": {"S": "p"}, "sk": {"N": str(i)}, "v": {"N": str(i)}, "s": {"S": "s%d" % i},
         "m": {"M": {"x": {"N": "1"}, "y": {"L": [{"S": "a"}, {"S": "b"}]}}}}
        for i in range(3)])
    yield name
    delete_table_quietly(ddb, name)


def rq(ddb, t, **kw):
    r = ddb.query(TableName=t, KeyConditionExpression="pk = :pk",
                  ExpressionAttributeValues={":pk": {"S": "p"}, **kw.pop("values", {})}, **kw)
    r.pop("ResponseMetadata")
    return r


def test_select_count(ddb, rich):
    r = rq(ddb, rich, Select="COUNT")
    assert r == {"Count": 3, "ScannedCount": 3}
    r = rq(ddb, rich, Select="COUNT", Limit=2)
    assert r == {"Count": 2, "ScannedCount": 2, "LastEvaluatedKey": key(1)}
    r = rq(ddb, rich, Select="COUNT", FilterExpression="v > :z", values={":z": {"N": "0"}})
    assert r == {"Count": 2, "ScannedCount": 3}


def test_select_all_attributes(ddb, rich):
    r = rq(ddb, rich, Select="ALL_ATTRIBUTES")
    assert r["Items"][0] == {"pk": {"S": "p"}, "sk": {"N": "0"}, "v": {"N": "0"}, "s": {"S": "s0"},
                             "m": {"M": {"x": {"N": "1"}, "y": {"L": [{"S": "a"}, {"S": "b"}]}}}}


def test_select_specific_attributes(ddb, rich):
    r = rq(ddb, rich, Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="v, s")
    assert r["Items"] == [{"v": {"N": str(i)}, "s": {"S": "s%d" % i}} for i in range(3)]
    r = ddb.query(TableName=rich, Select="SPECIFIC_ATTRIBUTES", AttributesToGet=["s", "nothing"],
                  KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}})
    assert r["Items"] == [{"s": {"S": "s%d" % i}} for i in range(3)]


def test_projection_expression_paths(ddb, rich):
    r = rq(ddb, rich, ProjectionExpression="m.y[1], m.x, sk", Limit=1)
    assert r["Items"] == [{"sk": {"N": "0"}, "m": {"M": {"x": {"N": "1"}, "y": {"L": [{"S": "b"}]}}}}]
    # The key is complete even though the projection leaves out pk.
    assert r["LastEvaluatedKey"] == key(0)


def test_projection_of_missing_attribute_gives_empty_items(ddb, rich):
    r = rq(ddb, rich, ProjectionExpression="nothing")
    assert r["Items"] == [{}, {}, {}] and r["Count"] == 3


def test_projection_with_names(ddb, rich):
    r = rq(ddb, rich, ProjectionExpression="#v", ExpressionAttributeNames={"#v": "v"})
    assert r["Items"] == [{"v": {"N": str(i)}} for i in range(3)]


def test_legacy_attributes_to_get(ddb, rich):
    r = ddb.query(TableName=rich, AttributesToGet=["v", "pk"],
                  KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}})
    assert r["Items"] == [{"pk": {"S": "p"}, "v": {"N": str(i)}} for i in range(3)]


def test_key_conditions_combine_with_filter_and_projection_expressions(ddb, rich):
    # Only KeyConditionExpression conflicts with KeyConditions; the other
    # expression parameters may accompany the legacy key condition.
    r = ddb.query(TableName=rich, FilterExpression="v > :z", ProjectionExpression="v",
                  ExpressionAttributeValues={":z": {"N": "0"}},
                  KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}})
    assert r["Items"] == [{"v": {"N": "1"}}, {"v": {"N": "2"}}] and r["ScannedCount"] == 3


def test_consistent_read(ddb, rich):
    assert rq(ddb, rich, ConsistentRead=True)["Count"] == 3
    assert rq(ddb, rich, ConsistentRead=False)["Count"] == 3


# ---------------------------------------------------------------------------
# Filters


@pytest.fixture(scope="module")
def filtered(ddb):
    name = create_table(ddb, ("pk", "S"), ("sk", "N"))
    items = {
        1: {"n": {"N": "1"}, "s": {"S": "abc"}, "b": {"B": b"\x01\x02"}, "ss": {"SS": ["x", "y"]},
            "ns": {"NS": ["1", "2"]}, "l": {"L": [{"S": "x"}, {"N": "1"}]}, "bo": {"BOOL": True},
            "nu": {"NULL": True}, "m": {"M": {"a": {"N": "5"}, "l": {"L": [{"N": "7"}]}}}},
        2: {"n": {"N": "2"}, "s": {"S": "abd"}, "b": {"B": b"\x01\x03"}, "ss": {"SS": ["z"]},
            "ns": {"NS": ["3"]}, "l": {"L": [{"S": "y"}]}, "bo": {"BOOL": False},
            "m": {"M": {"a": {"N": "6"}}}},
        3: {"n": {"N": "10"}, "s": {"S": "b"}, "m": {"M": {"a": {"S": "x"}}}},
        4: {"s": {"N": "5"}, "n": {"S": "1"}},
        5: {},
    }
    put_items(ddb, name, [{"pk": {"S": "p"}, "sk": {"N": str(k)}, **v} for k, v in items.items()])
    yield name
    delete_table_quietly(ddb, name)


N = lambda x: {"N": x}  # noqa: E731
S = lambda x: {"S": x}  # noqa: E731

FILTERS = [
    ("n = :v", {":v": N("1")}, [1]),
    ("n <> :v", {":v": N("1")}, [2, 3, 4, 5]),
    ("n < :v", {":v": N("10")}, [1, 2]),
    ("n <= :v", {":v": N("2")}, [1, 2]),
    ("n > :v", {":v": N("1")}, [2, 3]),
    ("n >= :v", {":v": N("2")}, [2, 3]),
    ("n BETWEEN :a AND :b", {":a": N("2"), ":b": N("10")}, [2, 3]),
    ("n IN (:a, :b)", {":a": N("1"), ":b": S("1")}, [1, 4]),
    ("attribute_exists(nu)", None, [1]),
    ("attribute_not_exists(n)", None, [5]),
    ("attribute_type(s, :t)", {":t": S("N")}, [4]),
    ("begins_with(s, :p)", {":p": S("ab")}, [1, 2]),
    ("contains(ss, :p)", {":p": S("y")}, [1]),
    ("contains(s, :p)", {":p": S("b")}, [1, 2, 3]),
    ("contains(l, :p)", {":p": N("1")}, [1]),
    ("size(s) = :v", {":v": N("3")}, [1, 2]),
    ("size(l) > :v", {":v": N("1")}, [1]),
    ("size(m) = :v", {":v": N("1")}, [2, 3]),
    ("size(b) = :v", {":v": N("2")}, [1, 2]),
    ("m.a = :v", {":v": N("5")}, [1]),
    ("m.l[0] = :v", {":v": N("7")}, [1]),
    ("ss = :v", {":v": {"SS": ["y", "x"]}}, [1]),
    ("n = :v OR s = :w", {":v": N("1"), ":w": S("b")}, [1, 3]),
    ("NOT n = :v", {":v": N("1")}, [2, 3, 4, 5]),
    ("(n = :v or n = :w) and bo = :t", {":v": N("1"), ":w": N("2"), ":t": {"BOOL": True}}, [1]),
    ("n < s", None, []),
]


@pytest.mark.parametrize("expr,values,expect", FILTERS, ids=[f[0] for f in FILTERS])
def test_filter_expression(ddb, filtered, expr, values, expect):
    r = rq(ddb, filtered, FilterExpression=expr, values=values or {})
    assert sks(r) == expect
    assert r["Count"] == len(expect) and r["ScannedCount"] == 5


def legacy(attr, op, *vals):
    return {attr: {"ComparisonOperator": op, "AttributeValueList": list(vals)}}


PK_EQ = {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}}


@pytest.mark.parametrize("flt,extra,expect", [
    (legacy("n", "GT", N("1")), {}, [2, 3]),
    (legacy("n", "NE", N("2")), {}, [1, 3, 4, 5]),
    (legacy("n", "NULL"), {}, [5]),
    ({**legacy("n", "EQ", N("1")), **legacy("s", "EQ", S("b"))}, {}, []),
    ({**legacy("n", "EQ", N("1")), **legacy("s", "EQ", S("b"))}, {"ConditionalOperator": "AND"}, []),
    ({**legacy("n", "EQ", N("1")), **legacy("s", "EQ", S("b"))}, {"ConditionalOperator": "OR"}, [1, 3]),
    ({**legacy("n", "GE", N("1")), **legacy("s", "BEGINS_WITH", S("a"))}, {"ConditionalOperator": "AND"},
     [1, 2]),
])
def test_legacy_query_filter(ddb, filtered, flt, extra, expect):
    r = ddb.query(TableName=filtered, KeyConditions=PK_EQ, QueryFilter=flt, **extra)
    assert sks(r) == expect and r["ScannedCount"] == 5


def test_begins_with_has_no_inclusive_far_bound(ddb, make_table):
    # The prefix itself is the lowest matching key, yet going backward a page
    # that stops on it still carries LastEvaluatedKey, and it is accepted back.
    t = make_table(range=("sk", "S"))
    put_items(ddb, t, [{"pk": {"S": "p"}, "sk": {"S": s}} for s in ("a", "m", "ma", "mb", "n")])
    args = dict(TableName=t, KeyConditionExpression="pk = :p and begins_with(sk, :b)",
                ExpressionAttributeValues={":p": {"S": "p"}, ":b": {"S": "m"}})
    r = ddb.query(**args, Limit=3)
    assert [i["sk"]["S"] for i in r["Items"]] == ["m", "ma", "mb"]
    assert r["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "mb"}}
    r = ddb.query(**args, Limit=3, ScanIndexForward=False)
    assert [i["sk"]["S"] for i in r["Items"]] == ["mb", "ma", "m"]
    assert r["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"S": "m"}}
    r = ddb.query(**args, ScanIndexForward=False, ExclusiveStartKey=r["LastEvaluatedKey"])
    assert r["Items"] == [] and "LastEvaluatedKey" not in r
    for esk, forward, items in [("m\x00", True, ["ma", "mb"]), ("mz", False, ["mb", "ma", "m"]),
                                ("m\x00", False, ["m"])]:
        r = ddb.query(**args, ScanIndexForward=forward,
                      ExclusiveStartKey={"pk": {"S": "p"}, "sk": {"S": esk}})
        assert [i["sk"]["S"] for i in r["Items"]] == items


def test_boto3_resource_layer_and_paginator(ddb, endpoint, paging):
    """The expression shapes client libraries generate ((#n0 = :v0 AND #n1
    BETWEEN :v1 AND :v2), generated filter placeholders) and boto3's
    LastEvaluatedKey-driven paginator."""
    import boto3
    from boto3.dynamodb.conditions import Attr, Key
    res = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                         aws_access_key_id="AKIDTESTTESTTEST", aws_secret_access_key="secret")
    table = res.Table(paging)
    r = table.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").between(2, 7),
                    FilterExpression=Attr("v").ne(1) & Attr("x").exists(), Limit=4)
    assert [int(i["sk"]) for i in r["Items"]] == [2, 3, 5] and r["ScannedCount"] == 4
    assert r["LastEvaluatedKey"] == {"pk": "p", "sk": 5}
    r = table.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").lt(3), ScanIndexForward=False)
    assert [int(i["sk"]) for i in r["Items"]] == [2, 1, 0]
    pages = list(ddb.get_paginator("query").paginate(
        TableName=paging, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}},
        PaginationConfig={"PageSize": 4}))
    assert [[int(i["sk"]["N"]) for i in p["Items"]] for p in pages] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    scanned = [i for p in ddb.get_paginator("scan").paginate(TableName=paging, PaginationConfig={"PageSize": 3})
               for i in p["Items"]]
    assert len(scanned) == 11
