"""Query and Scan on secondary indexes (IndexName): key conditions on the
index keys, order, paging (LastEvaluatedKey = index keys + table keys),
ExclusiveStartKey, parallel scan, Select, projections of unprojected
attributes (GSI: refused; LSI: fetched from the table), filters, ConsistentRead,
and DynamoDB's errors. Index contents are compared with the entries derived
from the table's items (helpers.expected_index)."""
import uuid

import pytest

from helpers import (attr_defs, canonical, check_indexes, delete_table_quietly, expected_index,
                     index_def, key_order, key_schema, put_items, raises_ddb, read_all, read_pages,
                     same_items)

V = "ValidationException"
TABLE_KEYS = ["pk", "sk"]
GSIS = [
    index_def("gsi_all", ("gp", "HASH"), ("gs", "RANGE")),
    index_def("gsi_incl", ("gp", "HASH"), ("gs", "RANGE"), projection="INCLUDE", non_key=["a"]),
    index_def("gsi_keys", ("gp", "HASH"), projection="KEYS_ONLY"),
    index_def("gsi_b", ("gb", "HASH"), ("gt", "RANGE")),
]
LSIS = [
    index_def("lsi_keys", ("pk", "HASH"), ("ls", "RANGE"), projection="KEYS_ONLY"),
    index_def("lsi_all", ("pk", "HASH"), ("ln", "RANGE")),
]
INDEXES = {i["IndexName"]: i for i in GSIS + LSIS}
STRINGS = ["", "a", "a\u00e9", "ab", "b", "\ue000", "\U0001d11e", "\uffff", "Z"]


def make_item(i):
    item = {"pk": {"S": f"p{i % 4}"}, "sk": {"N": str(i)}, "gp": {"S": f"g{i % 3}"},
            "gs": {"N": str(i % 5)}, "ls": {"S": f"l{(i * 7) % 10}"}, "ln": {"N": f"-{i // 2}.5" if i % 2 else str(-(i // 2))},
            "a": {"S": f"a{i}"}, "b": {"M": {"y": {"N": str(i)}}}, "gb": {"B": bytes([i % 2, 255])}}
    if STRINGS[i % len(STRINGS)]:
        item["gt"] = {"S": STRINGS[i % len(STRINGS)] + str(i % 3)}
    if i % 7 == 3:
        del item["gs"]  # not in gsi_all / gsi_incl
    if i % 11 == 5:
        del item["gp"]
    return item


ITEMS = [make_item(i) for i in range(48)]


@pytest.fixture(scope="module")
def t(ddb):
    name = "ixqs_" + uuid.uuid4().hex[:12]
    ddb.create_table(TableName=name, KeySchema=key_schema(("pk", "HASH"), ("sk", "RANGE")),
                     AttributeDefinitions=attr_defs(("pk", "S"), ("sk", "N"), ("gp", "S"), ("gs", "N"),
                                                    ("gb", "B"), ("gt", "S"), ("ls", "S"), ("ln", "N")),
                     GlobalSecondaryIndexes=GSIS, LocalSecondaryIndexes=LSIS, BillingMode="PAY_PER_REQUEST")
    put_items(ddb, name, ITEMS)
    yield name
    delete_table_quietly(ddb, name)


def entries(name):
    index = INDEXES[name]
    keys = [k["AttributeName"] for k in index["KeySchema"]]
    return expected_index(ITEMS, TABLE_KEYS, keys, index["Projection"])


def q(ddb, t, index, cond, values, **kw):
    return read_all(ddb.query, TableName=t, IndexName=index, KeyConditionExpression=cond,
                    ExpressionAttributeValues=values, **kw)


def ordered(items, attr, reverse=False):
    order = [key_order(i[attr]) for i in items]
    return order == sorted(order, reverse=reverse)


# --- contents, order, paging --------------------------------------------------------------------

@pytest.mark.parametrize("limit,forward", [(None, True), (None, False), (1, True), (3, False), (7, True)])
def test_every_index_matches_the_table(ddb, t, limit, forward):
    check_indexes(ddb, t, TABLE_KEYS, GSIS + LSIS, items=ITEMS, limit=limit, forward=forward)


def test_binary_hash_and_string_sort_key_order(ddb, t):
    # Index sort keys order like table sort keys: S by UTF-8 bytes.
    got = q(ddb, t, "gsi_b", "gb = :b", {":b": {"B": bytes([0, 255])}})
    want = [e for e in entries("gsi_b") if e["gb"]["B"] == bytes([0, 255])]
    assert same_items(got, want) and ordered(got, "gt")
    firsts = [e["gt"]["S"][0] for e in got]
    # UTF-8 byte order: "Z" < "a" < U+E000 < U+FFFF < U+1D11E (UTF-16 order would differ).
    assert firsts.index("\uffff") < firsts.index("\U0001d11e")
    assert firsts[0] == "Z" and firsts[-1] == "\U0001d11e"


RANGE_CONDITIONS = [
    ("gs = :v", {":v": {"N": "2"}}, lambda x: x == 2),
    ("gs < :v", {":v": {"N": "2"}}, lambda x: x < 2),
    ("gs <= :v", {":v": {"N": "2"}}, lambda x: x <= 2),
    ("gs > :v", {":v": {"N": "2"}}, lambda x: x > 2),
    ("gs >= :v", {":v": {"N": "2"}}, lambda x: x >= 2),
    ("gs BETWEEN :v AND :w", {":v": {"N": "1"}, ":w": {"N": "3"}}, lambda x: 1 <= x <= 3),
]


@pytest.mark.parametrize("cond,values,pred", RANGE_CONDITIONS, ids=[c[0] for c in RANGE_CONDITIONS])
@pytest.mark.parametrize("forward", [True, False])
def test_gsi_range_conditions(ddb, t, cond, values, pred, forward):
    for limit in (None, 2):
        kw = {"Limit": limit} if limit else {}
        got = q(ddb, t, "gsi_incl", "gp = :g AND " + cond, dict(values, **{":g": {"S": "g1"}}),
                ScanIndexForward=forward, **kw)
        want = [e for e in entries("gsi_incl") if e["gp"]["S"] == "g1" and pred(int(e["gs"]["N"]))]
        assert same_items(got, want) and ordered(got, "gs", reverse=not forward)


def test_begins_with_on_index_sort_key(ddb, t):
    got = q(ddb, t, "gsi_b", "gb = :b AND begins_with(gt, :p)", {":b": {"B": bytes([0, 255])}, ":p": {"S": "a"}})
    want = [e for e in entries("gsi_b") if e["gb"]["B"] == bytes([0, 255]) and e["gt"]["S"].startswith("a")]
    assert want and same_items(got, want)


def test_lsi_range_conditions(ddb, t):
    got = q(ddb, t, "lsi_all", "pk = :p AND ln BETWEEN :a AND :b",
            {":p": {"S": "p1"}, ":a": {"N": "-8"}, ":b": {"N": "-1"}}, ScanIndexForward=False)
    want = [e for e in entries("lsi_all") if e["pk"]["S"] == "p1" and -8 <= float(e["ln"]["N"]) <= -1]
    assert want and same_items(got, want) and ordered(got, "ln", reverse=True)


def test_lek_holds_index_and_table_keys(ddb, t):
    cases = [("gsi_all", "gp = :h", {":h": {"S": "g0"}}, {"pk", "sk", "gp", "gs"}),
             ("gsi_keys", "gp = :h", {":h": {"S": "g0"}}, {"pk", "sk", "gp"}),
             ("gsi_b", "gb = :h", {":h": {"B": bytes([0, 255])}}, {"pk", "sk", "gb", "gt"}),
             ("lsi_keys", "pk = :h", {":h": {"S": "p0"}}, {"pk", "sk", "ls"}),
             ("lsi_all", "pk = :h", {":h": {"S": "p0"}}, {"pk", "sk", "ln"})]
    for name, cond, values, keys in cases:
        r = ddb.query(TableName=t, IndexName=name, KeyConditionExpression=cond,
                      ExpressionAttributeValues=values, Limit=2)
        last = r["Items"][-1]
        assert r["LastEvaluatedKey"] == {k: last[k] for k in keys}, name
        r = ddb.scan(TableName=t, IndexName=name, Limit=2)
        last = r["Items"][-1]
        assert r["LastEvaluatedKey"] == {k: last[k] for k in keys}, name


def test_lek_with_projection_and_count(ddb, t):
    # The LEK is the full key whatever the projection (or none, for COUNT).
    r = ddb.query(TableName=t, IndexName="gsi_incl", KeyConditionExpression="gp = :g",
                  ExpressionAttributeValues={":g": {"S": "g2"}}, Limit=3, ProjectionExpression="a")
    assert set(r["LastEvaluatedKey"]) == {"pk", "sk", "gp", "gs"}
    assert all(set(i) == {"a"} for i in r["Items"])
    r = ddb.query(TableName=t, IndexName="gsi_incl", KeyConditionExpression="gp = :g",
                  ExpressionAttributeValues={":g": {"S": "g2"}}, Limit=3, Select="COUNT")
    assert "Items" not in r and r["Count"] == 3 and set(r["LastEvaluatedKey"]) == {"pk", "sk", "gp", "gs"}


def test_paging_one_item_at_a_time_through_ties(ddb, t):
    # gs has many equal values per partition: every entry comes exactly once.
    pages = read_pages(ddb.query, TableName=t, IndexName="gsi_all", KeyConditionExpression="gp = :g",
                       ExpressionAttributeValues={":g": {"S": "g0"}}, Limit=1)
    got = [i for p in pages for i in p["Items"]]
    want = [e for e in entries("gsi_all") if e["gp"]["S"] == "g0"]
    assert len(got) == len(set(map(canonical, got))) == len(want)
    assert same_items(got, want) and ordered(got, "gs")


def test_scan_index_paged(ddb, t):
    for name in INDEXES:
        for limit in (1, 5):
            got = read_all(ddb.scan, TableName=t, IndexName=name, Limit=limit)
            assert same_items(got, entries(name)), name


def test_scan_index_counts(ddb, t):
    r = ddb.scan(TableName=t, IndexName="gsi_all", Select="COUNT")
    assert r["Count"] == r["ScannedCount"] == len(entries("gsi_all"))
    r = ddb.scan(TableName=t, IndexName="gsi_all", FilterExpression="a = :a",
                 ExpressionAttributeValues={":a": {"S": "a0"}})
    assert r["Count"] == 1 and r["ScannedCount"] == len(entries("gsi_all"))


@pytest.mark.parametrize("name", ["gsi_all", "gsi_keys", "lsi_keys"])
@pytest.mark.parametrize("total", [1, 3, 7])
def test_parallel_scan_on_index(ddb, t, name, total):
    seen = []
    for segment in range(total):
        seen.append(read_all(ddb.scan, TableName=t, IndexName=name, Segment=segment,
                             TotalSegments=total, Limit=4))
    flat = [i for s in seen for i in s]
    assert same_items(flat, entries(name))
    keys = [canonical({k: i[k] for k in TABLE_KEYS}) for i in flat]
    assert len(keys) == len(set(keys))


# --- ExclusiveStartKey --------------------------------------------------------------------------

def gsi_all_g0(ddb, t, **kw):
    return ddb.query(TableName=t, IndexName="gsi_all", KeyConditionExpression="gp = :g",
                     ExpressionAttributeValues={":g": {"S": "g0"}}, **kw)


def test_esk_from_lek_continues(ddb, t):
    first = gsi_all_g0(ddb, t, Limit=4)
    rest = gsi_all_g0(ddb, t, ExclusiveStartKey=first["LastEvaluatedKey"])
    whole = gsi_all_g0(ddb, t)["Items"]
    assert same_items(first["Items"] + rest["Items"], whole)
    assert len(first["Items"]) == 4


def test_esk_between_index_sort_keys(ddb, t):
    # A start key that matches no entry: reading resumes after its position.
    esk = {"pk": {"S": "zz"}, "sk": {"N": "0"}, "gp": {"S": "g0"}, "gs": {"N": "1.5"}}
    got = read_all(ddb.query, TableName=t, IndexName="gsi_all", KeyConditionExpression="gp = :g",
                   ExpressionAttributeValues={":g": {"S": "g0"}}, ExclusiveStartKey=esk)
    want = [e for e in entries("gsi_all") if e["gp"]["S"] == "g0" and int(e["gs"]["N"]) >= 2]
    assert same_items(got, want)
    got = read_all(ddb.query, TableName=t, IndexName="gsi_all", KeyConditionExpression="gp = :g",
                   ExpressionAttributeValues={":g": {"S": "g0"}}, ExclusiveStartKey=esk,
                   ScanIndexForward=False)
    want = [e for e in entries("gsi_all") if e["gp"]["S"] == "g0" and int(e["gs"]["N"]) <= 1]
    assert same_items(got, want)


def test_esk_on_lsi(ddb, t):
    first = ddb.query(TableName=t, IndexName="lsi_keys", KeyConditionExpression="pk = :p",
                      ExpressionAttributeValues={":p": {"S": "p2"}}, Limit=5)
    rest = read_all(ddb.query, TableName=t, IndexName="lsi_keys", KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": "p2"}}, ExclusiveStartKey=first["LastEvaluatedKey"])
    assert same_items(first["Items"] + rest, [e for e in entries("lsi_keys") if e["pk"]["S"] == "p2"])


ESK_SIZE = "Exclusive Start Key must have same size as table's key schema"
ESK_ERRORS = [
    ("table_keys_only", "gsi_all", {"pk": {"S": "p0"}, "sk": {"N": "0"}}, ESK_SIZE),
    ("no_table_sort_key", "gsi_all", {"pk": {"S": "p0"}, "gp": {"S": "g0"}, "gs": {"N": "0"}}, ESK_SIZE),
    ("extra_attribute", "gsi_all", {"pk": {"S": "p0"}, "sk": {"N": "0"}, "gp": {"S": "g0"},
                                    "gs": {"N": "0"}, "x": {"S": "1"}}, ESK_SIZE),
    ("wrong_name", "gsi_all", {"pk": {"S": "p0"}, "sk": {"N": "0"}, "gp": {"S": "g0"}, "xx": {"N": "0"}},
     "The provided starting key is invalid"),
    ("wrong_type", "gsi_all", {"pk": {"S": "p0"}, "sk": {"N": "0"}, "gp": {"S": "g0"}, "gs": {"S": "0"}},
     "Type mismatch for attribute to update"),
    ("other_partition", "gsi_all", {"pk": {"S": "p0"}, "sk": {"N": "0"}, "gp": {"S": "g1"}, "gs": {"N": "0"}},
     "The provided starting key does not match the range key predicate"),
    ("hash_only_gsi_too_big", "gsi_keys", {"pk": {"S": "p0"}, "sk": {"N": "0"}, "gp": {"S": "g0"},
                                           "gs": {"N": "0"}}, ESK_SIZE),
    ("lsi_table_keys_only", "lsi_keys", {"pk": {"S": "p0"}, "sk": {"N": "0"}}, ESK_SIZE),
]


@pytest.mark.parametrize("case,index,esk,message", ESK_ERRORS, ids=[c[0] for c in ESK_ERRORS])
def test_esk_errors(ddb, t, case, index, esk, message):
    cond, values = (("pk = :h", {":h": {"S": "p0"}}) if index.startswith("lsi") else
                    ("gp = :h", {":h": {"S": "g0"}}))
    with raises_ddb(V, message):
        ddb.query(TableName=t, IndexName=index, KeyConditionExpression=cond,
                  ExpressionAttributeValues=values, ExclusiveStartKey=esk)


def test_scan_esk_needs_index_keys(ddb, t):
    with raises_ddb(V, ESK_SIZE):
        ddb.scan(TableName=t, IndexName="gsi_all", ExclusiveStartKey={"pk": {"S": "p0"}, "sk": {"N": "0"}})
    first = ddb.scan(TableName=t, IndexName="gsi_all", Limit=5)
    rest = read_all(ddb.scan, TableName=t, IndexName="gsi_all", ExclusiveStartKey=first["LastEvaluatedKey"])
    assert same_items(first["Items"] + rest, entries("gsi_all"))


# --- Select and projections ---------------------------------------------------------------------

def test_default_select_is_all_projected(ddb, t):
    got = q(ddb, t, "gsi_incl", "gp = :g", {":g": {"S": "g1"}})
    assert all(set(i) == {"pk", "sk", "gp", "gs", "a"} for i in got)
    got = q(ddb, t, "lsi_keys", "pk = :p", {":p": {"S": "p1"}})
    assert all(set(i) == {"pk", "sk", "ls"} for i in got)


def test_select_all_projected_attributes(ddb, t):
    for name, cond, values in [("gsi_incl", "gp = :h", {":h": {"S": "g1"}}),
                               ("gsi_keys", "gp = :h", {":h": {"S": "g1"}}),
                               ("lsi_keys", "pk = :h", {":h": {"S": "p1"}})]:
        got = q(ddb, t, name, cond, values, Select="ALL_PROJECTED_ATTRIBUTES")
        hashes = [k["AttributeName"] for k in INDEXES[name]["KeySchema"] if k["KeyType"] == "HASH"]
        want = [e for e in entries(name) if e[hashes[0]] == values[":h"]]
        assert same_items(got, want), name
    got = read_all(ddb.scan, TableName=t, IndexName="gsi_incl", Select="ALL_PROJECTED_ATTRIBUTES")
    assert same_items(got, entries("gsi_incl"))


def test_select_all_attributes_on_all_projection_gsi(ddb, t):
    got = q(ddb, t, "gsi_all", "gp = :g", {":g": {"S": "g2"}}, Select="ALL_ATTRIBUTES")
    assert same_items(got, [i for i in ITEMS if i.get("gp") == {"S": "g2"} and "gs" in i])


@pytest.mark.parametrize("op", ["Query", "Scan"])
@pytest.mark.parametrize("index", ["gsi_incl", "gsi_keys"])
def test_select_all_attributes_on_partial_gsi_refused(call, t, op, index):
    body = {"TableName": t, "IndexName": index, "Select": "ALL_ATTRIBUTES"}
    if op == "Query":
        body.update(KeyConditionExpression="gp = :g", ExpressionAttributeValues={":g": {"S": "g1"}})
    with raises_ddb(V, f"One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
                       f"supported for global secondary index {index} because its projection type is not ALL"):
        call(op, body)


def test_select_all_attributes_on_lsi_fetches_the_items(ddb, t):
    got = q(ddb, t, "lsi_keys", "pk = :p", {":p": {"S": "p3"}}, Select="ALL_ATTRIBUTES")
    assert same_items(got, [i for i in ITEMS if i["pk"]["S"] == "p3"]) and ordered(got, "ls")
    got = read_all(ddb.scan, TableName=t, IndexName="lsi_keys", Select="ALL_ATTRIBUTES")
    assert same_items(got, ITEMS)


def test_select_count_on_index(ddb, t):
    r = ddb.query(TableName=t, IndexName="gsi_keys", KeyConditionExpression="gp = :g",
                  ExpressionAttributeValues={":g": {"S": "g0"}}, Select="COUNT")
    assert "Items" not in r
    assert r["Count"] == len([e for e in entries("gsi_keys") if e["gp"]["S"] == "g0"])


def test_select_all_projected_with_projection_expression(ddb, t):
    with raises_ddb(V, "Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES"):
        ddb.query(TableName=t, IndexName="gsi_incl", KeyConditionExpression="gp = :g",
                  ExpressionAttributeValues={":g": {"S": "g1"}}, Select="ALL_PROJECTED_ATTRIBUTES",
                  ProjectionExpression="a")


def test_projection_of_projected_attributes(ddb, t):
    got = q(ddb, t, "gsi_incl", "gp = :g", {":g": {"S": "g1"}}, ProjectionExpression="a, gs, pk")
    want = [{k: e[k] for k in ("a", "gs", "pk")} for e in entries("gsi_incl") if e["gp"]["S"] == "g1"]
    assert same_items(got, want)
    got = q(ddb, t, "gsi_incl", "gp = :g", {":g": {"S": "g1"}}, Select="SPECIFIC_ATTRIBUTES",
            ProjectionExpression="gp")
    assert same_items(got, [{"gp": {"S": "g1"}}] * len(want))


NOT_PROJECTED = "One or more parameter values were invalid: Global secondary index {} does not project [{}]"


@pytest.mark.parametrize("projection,names,missing", [
    ("b", None, "b"),
    ("b.y", None, "b"),
    ("#x, a", {"#x": "b"}, "b"),
    ("ls, b", None, "b, ls"),
    ("a, pk, nothere", None, "nothere"),
])
@pytest.mark.parametrize("op", ["Query", "Scan"])
def test_gsi_projection_of_unprojected_attributes_refused(call, t, op, projection, names, missing):
    body = {"TableName": t, "IndexName": "gsi_incl", "ProjectionExpression": projection}
    if names:
        body["ExpressionAttributeNames"] = names
    if op == "Query":
        body.update(KeyConditionExpression="gp = :g", ExpressionAttributeValues={":g": {"S": "g1"}})
    with raises_ddb(V, NOT_PROJECTED.format("gsi_incl", missing)):
        call(op, body)


def test_gsi_attributes_to_get_unprojected_refused(ddb, t):
    with raises_ddb(V, NOT_PROJECTED.format("gsi_keys", "a")):
        ddb.query(TableName=t, IndexName="gsi_keys", AttributesToGet=["a"],
                  KeyConditions={"gp": {"AttributeValueList": [{"S": "g1"}], "ComparisonOperator": "EQ"}})


def test_lsi_projection_fetches_unprojected_attributes(ddb, t):
    got = q(ddb, t, "lsi_keys", "pk = :p", {":p": {"S": "p0"}}, ProjectionExpression="b.y, a, ls")
    want = [{"b": i["b"], "a": i["a"], "ls": i["ls"]} for i in ITEMS if i["pk"]["S"] == "p0"]
    assert same_items(got, want) and ordered(got, "ls")
    got = read_all(ddb.scan, TableName=t, IndexName="lsi_keys", ProjectionExpression="gt")
    assert same_items(got, [{"gt": i["gt"]} if "gt" in i else {} for i in ITEMS])


# --- filters ------------------------------------------------------------------------------------

def test_filter_on_projected_attribute(ddb, t):
    got = q(ddb, t, "gsi_incl", "gp = :g", {":g": {"S": "g0"}, ":a": {"S": "a3"}},
            FilterExpression="a > :a")
    want = [e for e in entries("gsi_incl") if e["gp"]["S"] == "g0" and e["a"]["S"] > "a3"]
    assert same_items(got, want)


def test_filter_on_table_keys_in_gsi_query(ddb, t):
    got = q(ddb, t, "gsi_all", "gp = :g", {":g": {"S": "g0"}, ":p": {"S": "p1"}}, FilterExpression="pk = :p")
    want = [e for e in entries("gsi_all") if e["gp"]["S"] == "g0" and e["pk"]["S"] == "p1"]
    assert want and same_items(got, want)


def test_filter_on_table_sort_key_in_lsi_query(ddb, t):
    got = q(ddb, t, "lsi_keys", "pk = :p", {":p": {"S": "p0"}, ":s": {"N": "20"}}, FilterExpression="sk > :s")
    assert same_items(got, [e for e in entries("lsi_keys") if e["pk"]["S"] == "p0" and int(e["sk"]["N"]) > 20])


@pytest.mark.parametrize("index,cond,filt,key", [
    ("gsi_all", "gp = :h", "gs = :v", "gs"),
    ("gsi_all", "gp = :h", "gp = :v", "gp"),
    ("lsi_keys", "pk = :h", "ls = :v", "ls"),
])
def test_filter_on_index_key_refused(ddb, t, index, cond, filt, key):
    h = {"S": "g0"} if index.startswith("gsi") else {"S": "p0"}
    with raises_ddb(V, f"Filter Expression can only contain non-primary key attributes: Primary key "
                       f"attribute: {key}"):
        ddb.query(TableName=t, IndexName=index, KeyConditionExpression=cond, FilterExpression=filt,
                  ExpressionAttributeValues={":h": h, ":v": {"S": "x"}})


def test_gsi_filter_on_unprojected_attribute_refused(ddb, t):
    message = ("One or more parameter values were invalid: Secondary index gsi_incl does not project one "
               "or more filter attributes: [b]")
    with raises_ddb(V, message):
        ddb.query(TableName=t, IndexName="gsi_incl", KeyConditionExpression="gp = :g",
                  FilterExpression="attribute_exists(b) OR a = :a",
                  ExpressionAttributeValues={":g": {"S": "g0"}, ":a": {"S": "a"}})
    with raises_ddb(V, message):
        ddb.query(TableName=t, IndexName="gsi_incl", QueryFilter={"b": {"ComparisonOperator": "NOT_NULL"}},
                  KeyConditions={"gp": {"AttributeValueList": [{"S": "g0"}], "ComparisonOperator": "EQ"}})


# --- ConsistentRead, unknown index, key condition errors ----------------------------------------

@pytest.mark.parametrize("op", ["Query", "Scan"])
def test_consistent_read_on_gsi_refused(call, t, op):
    body = {"TableName": t, "IndexName": "gsi_all", "ConsistentRead": True}
    if op == "Query":
        body.update(KeyConditionExpression="gp = :g", ExpressionAttributeValues={":g": {"S": "g0"}})
    with raises_ddb(V):
        call(op, body)


@pytest.mark.reference_differs(
    "DynamoDB Local says 'Consistent read cannot be true when querying a GSI' ('... scanning a "
    "GSI'); DynamoDB says 'Consistent reads are not supported on global secondary indexes' (seen in "
    "DynamoDB's answers)")
@pytest.mark.parametrize("op", ["Query", "Scan"])
def test_consistent_read_on_gsi_message(call, t, op):
    body = {"TableName": t, "IndexName": "gsi_all", "ConsistentRead": True}
    if op == "Query":
        body.update(KeyConditionExpression="gp = :g", ExpressionAttributeValues={":g": {"S": "g0"}})
    with raises_ddb(V, "Consistent reads are not supported on global secondary indexes"):
        call(op, body)


def test_consistent_read_on_lsi(ddb, t):
    got = q(ddb, t, "lsi_all", "pk = :p", {":p": {"S": "p2"}}, ConsistentRead=True)
    assert same_items(got, [e for e in entries("lsi_all") if e["pk"]["S"] == "p2"])
    got = read_all(ddb.scan, TableName=t, IndexName="lsi_keys", ConsistentRead=True)
    assert same_items(got, entries("lsi_keys"))


def test_consistent_read_false_on_gsi(ddb, t):
    assert q(ddb, t, "gsi_keys", "gp = :g", {":g": {"S": "g0"}}, ConsistentRead=False)


@pytest.mark.parametrize("name", ["nope", "GSI_ALL", "gsi_all ", "ab"])
@pytest.mark.parametrize("op", ["Query", "Scan"])
def test_unknown_index(call, t, op, name):
    body = {"TableName": t, "IndexName": name}
    if op == "Query":
        body.update(KeyConditionExpression="gp = :g", ExpressionAttributeValues={":g": {"S": "g0"}})
    with raises_ddb(V, f"The table does not have the specified index: {name}"):
        call(op, body)


@pytest.mark.parametrize("index,cond,values,message", [
    ("gsi_all", "pk = :v", {":v": {"S": "p0"}}, "Query condition missed key schema element"),
    ("gsi_all", "gs = :v", {":v": {"N": "1"}}, "Query condition missed key schema element"),
    ("gsi_all", "gp = :v AND sk = :w", {":v": {"S": "g0"}, ":w": {"N": "1"}},
     "Query condition missed key schema element"),
    ("lsi_keys", "pk = :v AND sk = :w", {":v": {"S": "p0"}, ":w": {"N": "1"}},
     "Query condition missed key schema element"),
    ("gsi_keys", "gp = :v AND gs = :w", {":v": {"S": "g0"}, ":w": {"N": "1"}}, "Query key condition not supported"),
    ("gsi_all", "gp = :v AND gs = :w", {":v": {"S": "g0"}, ":w": {"S": "1"}},
     "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ("gsi_all", "gp = :v", {":v": {"N": "1"}},
     "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ("gsi_all", "gp > :v", {":v": {"S": "g"}}, "Query key condition not supported"),
])
def test_index_key_condition_errors(ddb, t, index, cond, values, message):
    with raises_ddb(V, message):
        ddb.query(TableName=t, IndexName=index, KeyConditionExpression=cond, ExpressionAttributeValues=values)


def test_legacy_key_conditions_on_index(ddb, t):
    got = read_all(ddb.query, TableName=t, IndexName="gsi_all",
                   KeyConditions={"gp": {"AttributeValueList": [{"S": "g1"}], "ComparisonOperator": "EQ"},
                                  "gs": {"AttributeValueList": [{"N": "1"}, {"N": "3"}],
                                         "ComparisonOperator": "BETWEEN"}})
    want = [e for e in entries("gsi_all") if e["gp"]["S"] == "g1" and 1 <= int(e["gs"]["N"]) <= 3]
    assert same_items(got, want)


def test_table_query_ignores_indexes(ddb, t):
    got = read_all(ddb.query, TableName=t, KeyConditionExpression="pk = :p",
                   ExpressionAttributeValues={":p": {"S": "p0"}})
    assert same_items(got, [i for i in ITEMS if i["pk"]["S"] == "p0"]) and ordered(got, "sk")
