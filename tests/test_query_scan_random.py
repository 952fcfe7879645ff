"""Randomized Query and Scan against an in-test model of the table.

Seeded and reproducible: RIPTIDE_QS_SEED=<int> picks another seed (the seed
is in every assertion message). Tables: S partition key with an N, an S and a
B sort key, plus a hash-only table. Random key conditions (expression or
legacy KeyConditions, operands that often hit item keys exactly), random
filters (FilterExpression or QueryFilter/ScanFilter), random Limit, direction
and starting keys; every page is compared with the model: items and their
order, Count, ScannedCount and LastEvaluatedKey. Scans (whole or in random
segments) are compared as sets, since the order across partitions is not
specified.

The model's paging rules (pinned in test_query.py / test_scan.py):
- a page reads up to Limit items (the table is far below 1 MB);
- Query: LastEvaluatedKey = key of the last item read when Limit stopped the
  page, unless that item's sort key is the inclusive far bound of the key
  condition in the read direction, or the table has no sort key;
- Scan: LastEvaluatedKey whenever Limit stopped the page;
- ExclusiveStartKey must satisfy the key condition and may not be the
  inclusive far bound, else "The provided starting key does not match the
  range key predicate"."""
import os
import random
import time
from decimal import Decimal

import pytest

from helpers import create_table, delete_table_quietly, key_order, put_items, raises_ddb

SEED = int(os.environ.get("RIPTIDE_QS_SEED", "4242"))
PARTITIONS = ["p0", "p1", "p2", "p3"]
ESK_RANGE = "The provided starting key does not match the range key predicate"


def canon(d):
    """DynamoDB's normalised text of a number."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def random_sort_value(rng, kind):
    if kind == "N":
        r = rng.random()
        if r < 0.6:
            d = Decimal(rng.randint(-40, 40))
        elif r < 0.85:
            d = Decimal(rng.randint(-400, 400)) / 8
        else:
            d = Decimal(rng.choice(["1e-130", "-1e-130", "9.99e125", "-9.99e125", "1e20", "-3e-7"]))
        return canon(d)
    if kind == "S":
        alphabet = ["a", "b", "z", "A", "~", "\u00e9", "\ue000", "\ufffd", "\U0001d11e", "\U0001f600"]
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
    alphabet = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF]
    return bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))


def make_items(rng, kind, per_partition):
    items = []
    for pk in PARTITIONS:
        seen = set()
        while len(seen) < per_partition:
            v = random_sort_value(rng, kind)
            if key_order({kind: v}) in seen:
                continue
            seen.add(key_order({kind: v}))
            item = {"pk": {"S": pk}, "sk": {kind: v}, "t": {"S": rng.choice("xy")},
                    "pad": {"S": "." * rng.randint(0, 30)}}
            if rng.random() < 0.8:
                item["n"] = {"N": str(rng.randint(0, 9))}
            items.append(item)
    return items


@pytest.fixture(scope="module")
def world(ddb):
    rng = random.Random(SEED)
    tables = {}
    try:
        for kind, count in (("N", 40), ("S", 30), ("B", 25)):
            name = create_table(ddb, ("pk", "S"), ("sk", kind))
            items = make_items(rng, kind, count)
            put_items(ddb, name, items)
            tables[kind] = (name, items)
        name = create_table(ddb, ("pk", "S"))
        items = [{"pk": {"S": "h%02d" % i}, "t": {"S": rng.choice("xy")},
                  **({"n": {"N": str(rng.randint(0, 9))}} if rng.random() < 0.8 else {})}
                 for i in range(40)]
        put_items(ddb, name, items)
        tables["H"] = (name, items)
        yield tables
    finally:
        for name, _ in tables.values():
            delete_table_quietly(ddb, name)


# ---------------------------------------------------------------------------
# The model


class KeyCond:
    """A sort key condition: op in (None, =, <, <=, >, >=, BETWEEN, begins_with)."""

    def __init__(self, kind, op=None, a=None, b=None):
        self.kind, self.op, self.a, self.b = kind, op, a, b

    def order(self, v):
        return key_order({self.kind: v})

    def matches(self, v):
        if self.op is None:
            return True
        x, a = self.order(v), self.order(self.a)
        return {"=": x == a, "<": x < a, "<=": x <= a, ">": x > a, ">=": x >= a,
                "BETWEEN": self.op == "BETWEEN" and a <= x <= self.order(self.b),
                "begins_with": self.op == "begins_with" and x[:len(a)] == a}[self.op]

    def far_inclusive_bound(self, forward):
        if forward and self.op in ("<=", "BETWEEN"):
            return self.order(self.b if self.op == "BETWEEN" else self.a)
        if not forward and self.op in (">=", "BETWEEN"):
            return self.order(self.a)
        return None

    def start_key_allowed(self, v, forward):
        return self.matches(v) and self.order(v) != self.far_inclusive_bound(forward)

    def expression(self, values):
        if self.op is None:
            return "pk = :pk"
        values[":a"] = {self.kind: self.a}
        if self.op == "BETWEEN":
            values[":b"] = {self.kind: self.b}
            return "pk = :pk AND sk BETWEEN :a AND :b"
        if self.op == "begins_with":
            return "pk = :pk AND begins_with(sk, :a)"
        return f"pk = :pk AND sk {self.op} :a"

    def legacy(self, pk):
        conds = {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": pk}]}}
        if self.op is not None:
            op = {"=": "EQ", "<": "LT", "<=": "LE", ">": "GT", ">=": "GE", "BETWEEN": "BETWEEN",
                  "begins_with": "BEGINS_WITH"}[self.op]
            vals = [self.a, self.b] if self.op == "BETWEEN" else [self.a]
            conds["sk"] = {"ComparisonOperator": op, "AttributeValueList": [{self.kind: v} for v in vals]}
        return conds

    def __repr__(self):
        return f"sk {self.op} {self.a!r} {self.b!r}"


def num(item):
    v = item.get("n")
    return int(v["N"]) if v else None


# name -> (predicate on an item, FilterExpression builder, legacy filter builder)
def random_filter(rng):
    f, g = sorted(rng.sample(range(10), 2))
    choices = [
        (lambda i: num(i) == f, "n = :f", {":f": f}, {"n": ("EQ", [f])}, None),
        (lambda i: num(i) is not None and num(i) < f, "n < :f", {":f": f}, {"n": ("LT", [f])}, None),
        (lambda i: num(i) is not None and num(i) >= f, "n >= :f", {":f": f}, {"n": ("GE", [f])}, None),
        (lambda i: num(i) != f, "n <> :f", {":f": f}, {"n": ("NE", [f])}, None),
        (lambda i: num(i) is not None and f <= num(i) <= g, "n BETWEEN :f AND :g", {":f": f, ":g": g},
         {"n": ("BETWEEN", [f, g])}, None),
        (lambda i: num(i) in (f, g), "n IN (:f, :g)", {":f": f, ":g": g}, {"n": ("IN", [f, g])}, None),
        (lambda i: num(i) is None, "attribute_not_exists(n)", {}, {"n": ("NULL", [])}, None),
        (lambda i: i["t"]["S"] == "x" or num(i) == f, "t = :x OR n = :f", {":x": "x", ":f": f},
         {"t": ("EQ", ["x"]), "n": ("EQ", [f])}, "OR"),
        (lambda i: i["t"]["S"] == "y" and num(i) is not None and num(i) > f, "t = :y AND n > :f",
         {":y": "y", ":f": f}, {"t": ("EQ", ["y"]), "n": ("GT", [f])}, "AND"),
    ]
    pred, expr, vals, legacy, conditional = rng.choice(choices)

    def av(x):
        return {"N": str(x)} if isinstance(x, int) else {"S": x}

    return {"pred": pred, "expr": expr, "values": {k: av(v) for k, v in vals.items()},
            "legacy": {a: {"ComparisonOperator": op, "AttributeValueList": [av(x) for x in xs]}
                       for a, (op, xs) in legacy.items()},
            "conditional": conditional}


def table_key(item):
    return {k: item[k] for k in ("pk", "sk") if k in item}


def expected_query_pages(items, pk, cond, pred, limit, forward, esk, hash_only):
    seq = sorted((i for i in items if i["pk"]["S"] == pk and (hash_only or cond.matches(i["sk"][cond.kind]))),
                 key=lambda i: key_order(i["sk"]) if not hash_only else 0, reverse=not forward)
    if esk is not None:
        start = key_order(esk)
        seq = [i for i in seq if (key_order(i["sk"]) > start if forward else key_order(i["sk"]) < start)]
    pages, pos = [], 0
    far = None if hash_only else cond.far_inclusive_bound(forward)
    while True:
        chunk = seq[pos:pos + limit] if limit else seq[pos:]
        page = {"Items": [i for i in chunk if pred(i)], "ScannedCount": len(chunk)}
        page["Count"] = len(page["Items"])
        stopped = limit is not None and len(chunk) == limit
        if stopped and not hash_only and key_order(chunk[-1]["sk"]) != far:
            page["LastEvaluatedKey"] = table_key(chunk[-1])
            pages.append(page)
            pos += limit
            continue
        pages.append(page)
        return pages


def random_cond(rng, kind, items, pk):
    existing = [i["sk"][kind] for i in items if i["pk"]["S"] == pk]

    def operand():
        return rng.choice(existing) if existing and rng.random() < 0.6 else random_sort_value(rng, kind)

    ops = [None, "=", "<", "<=", ">", ">=", "BETWEEN"] + (["begins_with"] if kind != "N" else [])
    op = rng.choice(ops)
    if op is None:
        return KeyCond(kind)
    if op == "BETWEEN":
        a, b = sorted([operand(), operand()], key=lambda v: key_order({kind: v}))
        return KeyCond(kind, op, a, b)
    if op == "begins_with":
        a = operand()
        return KeyCond(kind, op, a[:rng.randint(1, len(a))])
    return KeyCond(kind, op, operand())


def strip(r):
    r = dict(r)
    r.pop("ResponseMetadata", None)
    r.pop("ConsumedCapacity", None)
    return r


def run_query_case(ddb, rng, table, items, kind, hash_only):
    pk = rng.choice(PARTITIONS) if not hash_only else rng.choice(items)["pk"]["S"]
    cond = KeyCond(kind) if hash_only else random_cond(rng, kind, items, pk)
    flt = random_filter(rng) if rng.random() < 0.6 else None
    limit = rng.choice([None, 1, 1, 2, 3, 4, 5, 8, 13, 40])
    forward = rng.random() < 0.5
    legacy_key = rng.random() < 0.3
    legacy_filter = flt is not None and legacy_key and rng.random() < 0.5
    count_only = rng.random() < 0.1
    req = {"TableName": table, "ScanIndexForward": forward}
    values = {":pk": {"S": pk}}
    if legacy_key:
        req["KeyConditions"] = cond.legacy(pk)
        values = {}
    else:
        req["KeyConditionExpression"] = cond.expression(values)
    if flt and legacy_filter:
        req["QueryFilter"] = flt["legacy"]
        if flt["conditional"]:
            req["ConditionalOperator"] = flt["conditional"]
    elif flt:
        req["FilterExpression"] = flt["expr"]
        values.update(flt["values"])
    if values:
        req["ExpressionAttributeValues"] = values
    if limit:
        req["Limit"] = limit
    if count_only:
        req["Select"] = "COUNT"
    esk = None
    if not hash_only and rng.random() < 0.3:
        candidate = random_sort_value(rng, kind) if rng.random() < 0.5 else rng.choice(items)["sk"][kind]
        if cond.start_key_allowed(candidate, forward):
            esk = {kind: candidate}
        elif rng.random() < 0.3:
            with raises_ddb("ValidationException", ESK_RANGE):
                ddb.query(**req, ExclusiveStartKey={"pk": {"S": pk}, "sk": {kind: candidate}})
            return 1
    pred = flt["pred"] if flt else (lambda i: True)
    want = expected_query_pages(items, pk, cond, pred, limit, forward, esk, hash_only)
    if esk is not None:
        req["ExclusiveStartKey"] = {"pk": {"S": pk}, "sk": esk}
    where = f"seed={SEED} request={req}"
    for n, page in enumerate(want):
        got = strip(ddb.query(**req))
        if count_only:
            page = {k: v for k, v in page.items() if k != "Items"}
        assert got == page, f"{where} page {n}"
        if "LastEvaluatedKey" in page:
            req["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return len(want)


@pytest.mark.parametrize("kind", ["N", "S", "B", "H"])
def test_random_queries_match_model(ddb, world, kind):
    table, items = world[kind]
    rng = random.Random(f"{SEED}-query-{kind}")
    hash_only = kind == "H"
    started, requests = time.monotonic(), 0
    for _ in range(40 if hash_only else 110):
        requests += run_query_case(ddb, rng, table, items, "S" if hash_only else kind, hash_only)
    assert requests > 0
    assert time.monotonic() - started < 60, "too slow to be useful"


def run_scan_case(ddb, rng, table, items):
    flt = random_filter(rng) if rng.random() < 0.6 else None
    limit = rng.choice([None, 1, 2, 3, 5, 8, 13, 200])
    total = rng.choice([None, None, 1, 2, 3, 5, 16])
    legacy = flt is not None and rng.random() < 0.4
    req = {"TableName": table}
    if flt and legacy:
        req["ScanFilter"] = flt["legacy"]
        if flt["conditional"]:
            req["ConditionalOperator"] = flt["conditional"]
    elif flt:
        req["FilterExpression"] = flt["expr"]
        if flt["values"]:
            req["ExpressionAttributeValues"] = flt["values"]
    if limit:
        req["Limit"] = limit
    pred = flt["pred"] if flt else (lambda i: True)
    where = f"seed={SEED} request={req} segments={total}"
    by_key = {repr(sorted(table_key(i).items())): i for i in items}
    seen, scanned = [], 0
    for seg in range(total or 1):
        kw = dict(req, Segment=seg, TotalSegments=total) if total else dict(req)
        while True:
            got = strip(ddb.scan(**kw))
            assert got["Count"] == len(got["Items"]), where
            assert all(pred(by_key[repr(sorted(table_key(i).items()))]) for i in got["Items"]), where
            assert all(i == by_key[repr(sorted(table_key(i).items()))] for i in got["Items"]), where
            seen += [repr(sorted(table_key(i).items())) for i in got["Items"]]
            scanned += got["ScannedCount"]
            if limit:
                assert got["ScannedCount"] <= limit, where
                assert ("LastEvaluatedKey" in got) == (got["ScannedCount"] == limit), where
            else:
                assert "LastEvaluatedKey" not in got, where
            if "LastEvaluatedKey" not in got:
                break
            lek = got["LastEvaluatedKey"]
            assert repr(sorted(lek.items())) in by_key, where
            if not flt and got["Items"]:
                assert lek == table_key(got["Items"][-1]), where
            kw["ExclusiveStartKey"] = lek
    assert scanned == len(items), where
    assert len(seen) == len(set(seen)), f"{where}: an item came twice"
    assert set(seen) == {k for k, i in by_key.items() if pred(i)}, where


@pytest.mark.parametrize("kind", ["N", "S", "B", "H"])
def test_random_scans_match_model(ddb, world, kind):
    table, items = world[kind]
    rng = random.Random(f"{SEED}-scan-{kind}")
    for _ in range(12):
        run_scan_case(ddb, rng, table, items)
