"""Multi-attribute GSI keys (DynamoDB, November 2025), written from AWS's
documentation because DynamoDB Local 1.25.1 predates them: every test that
needs such a key to be accepted is reference_differs (xfail under --reference).

Sources: Developer Guide GSI.html "Multi-attribute key schema" and
GSI.DesignPattern.MultiAttributeKeys.html; the AWS Database Blog post
"Multi-key support for Global Secondary Index in Amazon DynamoDB" (2025-11-20):
- a GSI KeySchema may hold up to four HASH and up to four RANGE attributes
  (HASH elements first, then RANGE elements, in the order that defines the key);
  each attribute keeps its own type (S, N or B) and needs an AttributeDefinition;
- an item is indexed only when it has every key attribute (sparse);
- Query: equality on every partition attribute; sort attributes conditioned
  left to right without gaps; equality on all but the last one used, which may
  take =, <, <=, >, >=, BETWEEN or begins_with; skipping one answers
  "Query key condition not supported";
- results are ordered by the sort attributes left to right, each by its type
  (N numerically, S by UTF-8 bytes).
Messages the documentation does not give are checked by error code only."""
import uuid

import pytest

from helpers import (attr_defs, check_indexes, describe_index, index_def, raises_ddb, read_all,
                     read_pages, same_items, wait_index_active)

# Every test that needs a multi-attribute key to be accepted: the reference refuses them.
MA = pytest.mark.reference_differs(
    "DynamoDB Local 1.25.1 predates multi-attribute GSI keys (AWS, November 2025)")

V = "ValidationException"
NOT_SUPPORTED = "Query key condition not supported"

TOURNAMENT = index_def("TournamentRegionIndex", ("tournamentId", "HASH"), ("region", "HASH"),
                       ("round", "RANGE"), ("bracket", "RANGE"), ("matchId", "RANGE"))
PLAYER = index_def("PlayerMatchHistoryIndex", ("player1Id", "HASH"), ("matchDate", "RANGE"), ("round", "RANGE"))
MATCH_DEFS = attr_defs(("matchId", "S"), ("tournamentId", "S"), ("region", "S"), ("round", "S"),
                       ("bracket", "S"), ("player1Id", "S"), ("matchDate", "S"))

# The documentation's TournamentMatches data: (matchId, tournamentId, region, round, bracket,
# player1Id, player2Id, matchDate).
MATCH_ROWS = [
    ("match-001", "WINTER2024", "NA-EAST", "FINALS", "CHAMPIONSHIP", "101", "103", "2024-01-20"),
    ("match-002", "WINTER2024", "NA-EAST", "SEMIFINALS", "UPPER", "101", "105", "2024-01-18"),
    ("match-003", "WINTER2024", "NA-EAST", "SEMIFINALS", "UPPER", "103", "107", "2024-01-18"),
    ("match-004", "WINTER2024", "NA-EAST", "QUARTERFINALS", "UPPER", "101", "109", "2024-01-15"),
    ("match-005", "WINTER2024", "NA-WEST", "FINALS", "CHAMPIONSHIP", "102", "104", "2024-01-20"),
    ("match-006", "WINTER2024", "NA-WEST", "SEMIFINALS", "UPPER", "102", "106", "2024-01-18"),
    ("match-007", "SPRING2024", "NA-EAST", "QUARTERFINALS", "UPPER", "101", "108", "2024-03-15"),
    ("match-008", "SPRING2024", "NA-EAST", "QUARTERFINALS", "LOWER", "103", "110", "2024-03-15"),
]
FIELDS = ("matchId", "tournamentId", "region", "round", "bracket", "player1Id", "player2Id", "matchDate")
MATCHES = [{f: {"S": v} for f, v in zip(FIELDS, row)} for row in MATCH_ROWS]


def unique():
    return "ixma_" + uuid.uuid4().hex[:12]


@pytest.fixture
def create(call, raw):
    """create(**CreateTable body) -> TableDescription (raw call: the Debian
    botocore predates multi-attribute key schemas). Deleted afterwards."""
    names = []

    def factory(**body):
        body.setdefault("TableName", unique())
        body.setdefault("BillingMode", "PAY_PER_REQUEST")
        names.append(body["TableName"])
        return call("CreateTable", body)["TableDescription"]

    yield factory
    for name in names:
        raw.post("DeleteTable", {"TableName": name})


@pytest.fixture
def matches(create, ddb):
    name = create(KeySchema=[{"AttributeName": "matchId", "KeyType": "HASH"}], AttributeDefinitions=MATCH_DEFS,
                  GlobalSecondaryIndexes=[TOURNAMENT, PLAYER])["TableName"]
    for item in MATCHES:
        ddb.put_item(TableName=name, Item=item)
    return name


def q(ddb, t, index, cond, values, names=None, **kw):
    args = dict(TableName=t, IndexName=index, KeyConditionExpression=cond, ExpressionAttributeValues=values, **kw)
    if names:
        args["ExpressionAttributeNames"] = names
    return read_all(ddb.query, **args)


def ids(items):
    return [i["matchId"]["S"] for i in items]


REGION = {"#region": "region"}  # region is a reserved word
WE = {":t": {"S": "WINTER2024"}, ":r": {"S": "NA-EAST"}}
TR = "tournamentId = :t AND #region = :r"


# --- CreateTable / DescribeTable ----------------------------------------------------------------

@MA
def test_create_and_describe(matches, ddb):
    desc = ddb.describe_table(TableName=matches)["Table"]
    gsis = {i["IndexName"]: i for i in desc["GlobalSecondaryIndexes"]}
    assert gsis["TournamentRegionIndex"]["KeySchema"] == TOURNAMENT["KeySchema"]
    assert gsis["PlayerMatchHistoryIndex"]["KeySchema"] == PLAYER["KeySchema"]
    assert gsis["TournamentRegionIndex"]["IndexStatus"] == "ACTIVE"
    assert gsis["TournamentRegionIndex"]["ItemCount"] == 8
    assert {a["AttributeName"] for a in desc["AttributeDefinitions"]} == {a["AttributeName"] for a in MATCH_DEFS}


@MA
def test_four_hash_and_four_range_attributes(create):
    names = [f"h{i}" for i in range(4)] + [f"r{i}" for i in range(4)]
    index = index_def("wide", *[(n, "HASH") for n in names[:4]], *[(n, "RANGE") for n in names[4:]])
    defs = attr_defs(("pk", "S"), ("h0", "S"), ("h1", "N"), ("h2", "B"), ("h3", "S"),
                     ("r0", "N"), ("r1", "S"), ("r2", "B"), ("r3", "N"))
    desc = create(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], AttributeDefinitions=defs,
                  GlobalSecondaryIndexes=[index])
    assert desc["GlobalSecondaryIndexes"][0]["KeySchema"] == index["KeySchema"]


@MA
def test_hash_only_multi_attribute_and_single_hash_multi_range(create):
    indexes = [index_def("two_hash", ("a", "HASH"), ("b", "HASH")),
               index_def("many_range", ("a", "HASH"), ("b", "RANGE"), ("c", "RANGE"), ("d", "RANGE"))]
    desc = create(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                  AttributeDefinitions=attr_defs(("pk", "S"), ("a", "S"), ("b", "N"), ("c", "S"), ("d", "N")),
                  GlobalSecondaryIndexes=indexes)
    got = {i["IndexName"]: i["KeySchema"] for i in desc["GlobalSecondaryIndexes"]}
    assert got == {i["IndexName"]: i["KeySchema"] for i in indexes}


@pytest.mark.parametrize("keys", [
    [("a", "HASH"), ("b", "HASH"), ("c", "HASH"), ("d", "HASH"), ("e", "HASH")],
    [("a", "HASH"), ("b", "RANGE"), ("c", "RANGE"), ("d", "RANGE"), ("e", "RANGE"), ("f", "RANGE")],
    [("a", "HASH"), ("b", "RANGE"), ("c", "HASH")],
    [("b", "RANGE"), ("a", "HASH")],
    [("a", "HASH"), ("b", "HASH"), ("a", "RANGE")],
    [("a", "HASH"), ("a", "HASH")],
], ids=["five_hash", "five_range", "hash_after_range", "range_first", "attribute_twice", "hash_twice"])
def test_bad_multi_attribute_key_schemas(create, keys):
    names = sorted({n for n, _ in keys})
    with raises_ddb(V):
        create(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
               AttributeDefinitions=attr_defs(("pk", "S"), *[(n, "S") for n in names]),
               GlobalSecondaryIndexes=[index_def("idx", *keys)])


def test_every_key_attribute_needs_a_definition(create):
    with raises_ddb(V):
        create(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
               AttributeDefinitions=attr_defs(("pk", "S"), ("a", "S"), ("b", "S")),
               GlobalSecondaryIndexes=[index_def("idx", ("a", "HASH"), ("b", "HASH"), ("c", "RANGE"))])


def test_lsi_keys_stay_single_attribute(create):
    with raises_ddb(V):
        create(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
               AttributeDefinitions=attr_defs(("pk", "S"), ("sk", "S"), ("a", "S"), ("b", "S")),
               LocalSecondaryIndexes=[index_def("idx", ("pk", "HASH"), ("a", "RANGE"), ("b", "RANGE"))])


# --- Query --------------------------------------------------------------------------------------

@MA
def test_query_full_partition_key_in_hierarchical_order(matches, ddb):
    got = q(ddb, matches, "TournamentRegionIndex", TR, WE, REGION)
    # The documentation's expected output order: round, then bracket, then matchId.
    assert ids(got) == ["match-001", "match-004", "match-002", "match-003"]
    assert same_items(got, [m for m in MATCHES if m["matchId"]["S"] in ids(got)])
    back = q(ddb, matches, "TournamentRegionIndex", TR, WE, REGION, ScanIndexForward=False)
    assert ids(back) == ["match-003", "match-002", "match-004", "match-001"]


@MA
@pytest.mark.parametrize("cond,values,want", [
    ("round = :a", {":a": "SEMIFINALS"}, ["match-002", "match-003"]),
    ("round = :a AND bracket = :b", {":a": "SEMIFINALS", ":b": "UPPER"}, ["match-002", "match-003"]),
    ("round = :a AND bracket = :b AND matchId = :c", {":a": "SEMIFINALS", ":b": "UPPER", ":c": "match-002"},
     ["match-002"]),
    ("round >= :a", {":a": "QUARTERFINALS"}, ["match-004", "match-002", "match-003"]),
    ("round > :a", {":a": "QUARTERFINALS"}, ["match-002", "match-003"]),
    ("round < :a", {":a": "QUARTERFINALS"}, ["match-001"]),
    ("round <= :a", {":a": "QUARTERFINALS"}, ["match-001", "match-004"]),
    ("round BETWEEN :a AND :b", {":a": "QUARTERFINALS", ":b": "SEMIFINALS"}, ["match-004", "match-002", "match-003"]),
    ("begins_with(round, :a)", {":a": "SEMI"}, ["match-002", "match-003"]),
    ("round = :a AND begins_with(bracket, :b)", {":a": "SEMIFINALS", ":b": "U"}, ["match-002", "match-003"]),
    ("round = :a AND bracket = :b AND matchId > :c", {":a": "SEMIFINALS", ":b": "UPPER", ":c": "match-002"},
     ["match-003"]),
    ("round = :a AND bracket BETWEEN :b AND :c", {":a": "SEMIFINALS", ":b": "A", ":c": "V"},
     ["match-002", "match-003"]),
    ("round = :a AND bracket < :b", {":a": "SEMIFINALS", ":b": "UPPER"}, []),
])
def test_query_sort_key_prefixes(matches, ddb, cond, values, want):
    vals = dict(WE, **{k: {"S": v} for k, v in values.items()})
    got = q(ddb, matches, "TournamentRegionIndex", TR + " AND " + cond, vals, REGION)
    assert ids(got) == want


@MA
def test_query_other_partitions(matches, ddb):
    got = q(ddb, matches, "TournamentRegionIndex", TR, {":t": {"S": "WINTER2024"}, ":r": {"S": "NA-WEST"}}, REGION)
    assert ids(got) == ["match-005", "match-006"]
    got = q(ddb, matches, "TournamentRegionIndex", TR, {":t": {"S": "SPRING2024"}, ":r": {"S": "NA-EAST"}}, REGION)
    assert ids(got) == ["match-008", "match-007"]  # QUARTERFINALS: LOWER before UPPER
    assert q(ddb, matches, "TournamentRegionIndex", TR, {":t": {"S": "SPRING2024"}, ":r": {"S": "EU"}}, REGION) == []


@MA
def test_query_player_history(matches, ddb):
    p = {":p": {"S": "101"}}
    got = q(ddb, matches, "PlayerMatchHistoryIndex", "player1Id = :p", p)
    assert ids(got) == ["match-004", "match-002", "match-001", "match-007"]
    got = q(ddb, matches, "PlayerMatchHistoryIndex", "player1Id = :p AND matchDate = :d",
            dict(p, **{":d": {"S": "2024-01-18"}}))
    assert ids(got) == ["match-002"]
    got = q(ddb, matches, "PlayerMatchHistoryIndex", "player1Id = :p AND matchDate = :d AND round = :r",
            dict(p, **{":d": {"S": "2024-01-18"}, ":r": {"S": "SEMIFINALS"}}))
    assert ids(got) == ["match-002"]
    got = q(ddb, matches, "PlayerMatchHistoryIndex", "player1Id = :p AND matchDate BETWEEN :a AND :b",
            dict(p, **{":a": {"S": "2024-01-01"}, ":b": {"S": "2024-01-31"}}))
    assert ids(got) == ["match-004", "match-002", "match-001"]


@MA
@pytest.mark.parametrize("cond,values", [
    ("tournamentId = :t", {":t": "WINTER2024"}),
    ("#region = :r", {":r": "NA-EAST"}),
    ("tournamentId = :t AND #region > :r", {":t": "WINTER2024", ":r": "NA"}),
    ("tournamentId = :t AND begins_with(#region, :r)", {":t": "WINTER2024", ":r": "NA"}),
    ("tournamentId = :t AND round = :a", {":t": "WINTER2024", ":a": "FINALS"}),
], ids=["missing_region", "missing_tournament", "inequality_on_partition", "begins_with_on_partition",
        "sort_without_full_partition"])
def test_partition_attributes_need_equality(matches, ddb, cond, values):
    with raises_ddb(V):
        kw = {"ExpressionAttributeNames": REGION} if "#region" in cond else {}
        ddb.query(TableName=matches, IndexName="TournamentRegionIndex", KeyConditionExpression=cond,
                  ExpressionAttributeValues={k: {"S": v} for k, v in values.items()}, **kw)


@MA
def test_skipping_the_first_sort_attribute(matches, ddb):
    with raises_ddb(V, NOT_SUPPORTED):
        ddb.query(TableName=matches, IndexName="TournamentRegionIndex", KeyConditionExpression=TR + " AND bracket = :b",
                  ExpressionAttributeNames=REGION, ExpressionAttributeValues=dict(WE, **{":b": {"S": "UPPER"}}))


@MA
@pytest.mark.parametrize("cond,values", [
    ("round = :a AND matchId = :c", {":a": "SEMIFINALS", ":c": "match-002"}),
    ("matchId = :c", {":c": "match-002"}),
    ("round > :a AND bracket = :b", {":a": "QUARTERFINALS", ":b": "UPPER"}),
    ("round > :a AND bracket > :b", {":a": "QUARTERFINALS", ":b": "L"}),
    ("begins_with(round, :a) AND bracket = :b", {":a": "SEMI", ":b": "UPPER"}),
    ("round = :a AND round = :b", {":a": "SEMIFINALS", ":b": "FINALS"}),
], ids=["gap", "last_only", "condition_after_inequality", "two_inequalities", "after_begins_with",
        "two_conditions_one_attribute"])
def test_invalid_sort_key_conditions(matches, ddb, cond, values):
    with raises_ddb(V):
        ddb.query(TableName=matches, IndexName="TournamentRegionIndex", KeyConditionExpression=TR + " AND " + cond,
                  ExpressionAttributeNames=REGION,
                  ExpressionAttributeValues=dict(WE, **{k: {"S": v} for k, v in values.items()}))


@MA
def test_condition_value_type_must_match(matches, ddb):
    with raises_ddb(V):
        ddb.query(TableName=matches, IndexName="TournamentRegionIndex", KeyConditionExpression=TR,
                  ExpressionAttributeNames=REGION, ExpressionAttributeValues={":t": {"S": "WINTER2024"},
                                                                              ":r": {"N": "1"}})


@MA
def test_paging_and_last_evaluated_key(matches, ddb):
    pages = read_pages(ddb.query, TableName=matches, IndexName="TournamentRegionIndex", KeyConditionExpression=TR,
                       ExpressionAttributeNames=REGION, ExpressionAttributeValues=WE, Limit=1)
    got = [i for p in pages for i in p["Items"]]
    assert ids(got) == ["match-001", "match-004", "match-002", "match-003"]
    lek = pages[0]["LastEvaluatedKey"]
    # Every index key attribute plus the table key.
    assert lek == {k: MATCHES[0][k] for k in ("matchId", "tournamentId", "region", "round", "bracket")}
    lek = pages[1]["LastEvaluatedKey"]
    rest = read_all(ddb.query, TableName=matches, IndexName="TournamentRegionIndex", KeyConditionExpression=TR,
                    ExpressionAttributeNames=REGION, ExpressionAttributeValues=WE, ExclusiveStartKey=lek)
    assert ids(rest) == ["match-002", "match-003"]


@MA
def test_scan_and_check_against_table(matches, ddb):
    check_indexes(ddb, matches, ["matchId"], [TOURNAMENT, PLAYER])
    check_indexes(ddb, matches, ["matchId"], [TOURNAMENT, PLAYER], limit=2, forward=False)
    pages = read_pages(ddb.scan, TableName=matches, IndexName="PlayerMatchHistoryIndex", Limit=3)
    assert set(pages[0]["LastEvaluatedKey"]) == {"matchId", "player1Id", "matchDate", "round"}


# --- sparse indexes, types, order by type -------------------------------------------------------

@MA
def test_items_missing_any_key_attribute_are_not_indexed(matches, ddb):
    partial = [dict(MATCHES[0], matchId={"S": "x1"}), dict(MATCHES[0], matchId={"S": "x2"}),
               dict(MATCHES[0], matchId={"S": "x3"})]
    del partial[0]["region"]      # a partition attribute
    del partial[1]["bracket"]     # a middle sort attribute
    del partial[2]["round"]       # also a PlayerMatchHistoryIndex attribute
    for item in partial:
        ddb.put_item(TableName=matches, Item=item)
    assert describe_index(ddb, matches, "TournamentRegionIndex")["ItemCount"] == 8
    assert describe_index(ddb, matches, "PlayerMatchHistoryIndex")["ItemCount"] == 10
    assert "x" not in "".join(ids(read_all(ddb.scan, TableName=matches, IndexName="TournamentRegionIndex")))
    ddb.update_item(TableName=matches, Key={"matchId": {"S": "x2"}}, UpdateExpression="SET bracket = :b",
                    ExpressionAttributeValues={":b": {"S": "UPPER"}})
    assert describe_index(ddb, matches, "TournamentRegionIndex")["ItemCount"] == 9
    ddb.update_item(TableName=matches, Key={"matchId": {"S": "match-001"}}, UpdateExpression="REMOVE matchDate")
    check_indexes(ddb, matches, ["matchId"], [TOURNAMENT, PLAYER])


@MA
@pytest.mark.parametrize("attr,value", [("region", {"N": "1"}), ("bracket", {"B": b"x"}), ("round", {"SS": ["a"]})])
def test_wrong_type_for_any_key_attribute_refused(matches, ddb, attr, value):
    with raises_ddb(V) as info:
        ddb.put_item(TableName=matches, Item=dict(MATCHES[0], **{attr: value}))
    assert info.value.response["Error"]["Message"].startswith(
        "One or more parameter values were invalid: Type mismatch for Index Key")
    assert ddb.get_item(TableName=matches, Key={"matchId": {"S": "match-001"}})["Item"] == MATCHES[0]


@MA
def test_sort_attributes_order_by_their_own_types(create, ddb):
    index = index_def("scores", ("game", "HASH"), ("level", "HASH"), ("score", "RANGE"), ("name", "RANGE"))
    name = create(KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], GlobalSecondaryIndexes=[index],
                  AttributeDefinitions=attr_defs(("id", "S"), ("game", "S"), ("level", "N"), ("score", "N"),
                                                 ("name", "S")))["TableName"]
    rows = [(1000, "a"), (5, "b"), (50, "c"), (500, "d"), (50, "B"), (-1, "z"), (5, "a\u00e9")]
    for n, (score, who) in enumerate(rows):
        ddb.put_item(TableName=name, Item={"id": {"S": str(n)}, "game": {"S": "g"}, "level": {"N": "2"},
                                           "score": {"N": str(score)}, "name": {"S": who}})
    ddb.put_item(TableName=name, Item={"id": {"S": "other"}, "game": {"S": "g"}, "level": {"N": "3"},
                                       "score": {"N": "1"}, "name": {"S": "x"}})
    got = q(ddb, name, "scores", "game = :g AND #l = :l", {":g": {"S": "g"}, ":l": {"N": "2.0"}}, {"#l": "level"})
    assert [(i["score"]["N"], i["name"]["S"]) for i in got] == [
        ("-1", "z"), ("5", "a\u00e9"), ("5", "b"), ("50", "B"), ("50", "c"), ("500", "d"), ("1000", "a")]
    got = q(ddb, name, "scores", "game = :g AND #l = :l AND score = :s AND #n >= :n",
            {":g": {"S": "g"}, ":l": {"N": "2"}, ":s": {"N": "5"}, ":n": {"S": "b"}}, {"#l": "level", "#n": "name"})
    assert [i["id"]["S"] for i in got] == ["1"]
    check_indexes(ddb, name, ["id"], [index])


@MA
def test_include_projection(create, ddb):
    index = index_def("inc", ("a", "HASH"), ("b", "HASH"), ("c", "RANGE"), projection="INCLUDE", non_key=["x"])
    name = create(KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], GlobalSecondaryIndexes=[index],
                  AttributeDefinitions=attr_defs(("id", "S"), ("a", "S"), ("b", "S"), ("c", "N")))["TableName"]
    ddb.put_item(TableName=name, Item={"id": {"S": "1"}, "a": {"S": "A"}, "b": {"S": "B"}, "c": {"N": "3"},
                                       "x": {"S": "X"}, "y": {"S": "Y"}})
    got = read_all(ddb.scan, TableName=name, IndexName="inc")
    assert got == [{"id": {"S": "1"}, "a": {"S": "A"}, "b": {"S": "B"}, "c": {"N": "3"}, "x": {"S": "X"}}]
    with raises_ddb(V):
        ddb.query(TableName=name, IndexName="inc", KeyConditionExpression="a = :a AND b = :b",
                  ExpressionAttributeValues={":a": {"S": "A"}, ":b": {"S": "B"}}, ProjectionExpression="y")


# --- UpdateTable --------------------------------------------------------------------------------

@MA
def test_update_table_creates_multi_attribute_index_with_backfill(create, call, ddb):
    name = create(KeySchema=[{"AttributeName": "matchId", "KeyType": "HASH"}],
                  AttributeDefinitions=attr_defs(("matchId", "S")))["TableName"]
    for item in MATCHES:
        ddb.put_item(TableName=name, Item=item)
    sparse = dict(MATCHES[0], matchId={"S": "no-bracket"})
    del sparse["bracket"]
    ddb.put_item(TableName=name, Item=sparse)
    call("UpdateTable", {"TableName": name, "AttributeDefinitions": [d for d in MATCH_DEFS
                                                                     if d["AttributeName"] != "player1Id"
                                                                     and d["AttributeName"] != "matchDate"],
                         "GlobalSecondaryIndexUpdates": [{"Create": TOURNAMENT}]})
    seen = wait_index_active(ddb, name, "TournamentRegionIndex")
    assert all(status == "CREATING" for status, _ in seen)
    index = describe_index(ddb, name, "TournamentRegionIndex")
    assert index["KeySchema"] == TOURNAMENT["KeySchema"] and index["ItemCount"] == 8
    got = q(ddb, name, "TournamentRegionIndex", TR, WE, REGION)
    assert ids(got) == ["match-001", "match-004", "match-002", "match-003"]
    check_indexes(ddb, name, ["matchId"], [TOURNAMENT])
