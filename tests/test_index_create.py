"""CreateTable with GlobalSecondaryIndexes and LocalSecondaryIndexes: limits,
index names, key schemas, attribute definitions, projections, throughput,
and the index descriptions CreateTable/DescribeTable give back.

Messages are the reference's (DynamoDB Local 1.25.1), checked exactly. GSI key
schemas with several HASH or more than one RANGE element are valid in DynamoDB
since November 2025 (multi-attribute keys): see test_index_multi_attribute.py."""
import re
import uuid

import pytest

from helpers import attr_defs, index_def, key_schema, raises_ddb

V = "ValidationException"
BAD_NAME = ("Invalid table/index name.  Table/index names must be between 3 and 255 characters "
            "long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'")
KEY_NAME_LEN = ("Names of key attributes and attributes projected into an index must be between 1 "
                "and 255 characters, inclusive")
NO_HASH = "No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key"
KEY_ORDER = ("Invalid key order. Hash Key must be specified first in key schema, Range Key must be "
             "specifed second")
TOO_BIG = "Key Schema too big.  Key Schema must at most consist of the hash and range key of a table"
ATTR_COUNT = ("The number of attributes in key schema must match the number of attributes defined "
              "in attribute definitions.")
NO_PROJECTION = "Indexes must have a projection specified"
ONLY_INCLUDE = "No attributes should be specified to be projected unless projection type is INCLUDE"
INCLUDE_NEEDS = ("If Projection type INCLUDE is specified, some non-key attributes to include in the "
                 "projection must be specified as well")
TOO_MANY_PROJECTED = "No more than 20 attributes per table can be projected into Local Secondary Indices"
GSI_NO_THROUGHPUT = "No provisioned throughput specified for the global secondary index"
GSI_THROUGHPUT_MIN = ("Global Secondary Index's read and write throughput must be at least 1, and "
                      "cannot be null")
GSI_THROUGHPUT_MAX = ("Cannot increase provisioned throughput to more than 40,000 units per global "
                      "secondary index")

TABLE_KS = key_schema(("pk", "HASH"), ("sk", "RANGE"))
AD3 = attr_defs(("pk", "S"), ("sk", "S"), ("g", "S"))
AD4 = attr_defs(("pk", "S"), ("sk", "S"), ("g", "S"), ("h", "N"))


def unique():
    return "ix_" + uuid.uuid4().hex[:12]


@pytest.fixture
def create(call, raw):
    """create(**CreateTable body) -> response; PAY_PER_REQUEST and a unique
    name unless given. Every name tried is deleted afterwards."""
    names = []

    def factory(**body):
        body.setdefault("TableName", unique())
        if "ProvisionedThroughput" not in body:
            body.setdefault("BillingMode", "PAY_PER_REQUEST")
        body.setdefault("KeySchema", TABLE_KS)
        names.append(body["TableName"])
        return call("CreateTable", body)

    yield factory
    for name in names:
        raw.post("DeleteTable", {"TableName": name})


def gsi(*keys, name="idx", **kw):
    return {"GlobalSecondaryIndexes": [index_def(name, *keys, **kw)]}


def lsi(*keys, name="idx", **kw):
    return {"LocalSecondaryIndexes": [index_def(name, *keys, **kw)]}


def fails(create, message, **body):
    with raises_ddb(V, message):
        create(**body)


# --- limits and names ---------------------------------------------------------------------------

def test_twenty_gsis_and_five_lsis(create, ddb):
    gsis = [index_def(f"g{i:02d}", ("g", "HASH"), ("h", "RANGE")) for i in range(20)]
    lsis = [index_def(f"l{i:02d}", ("pk", "HASH"), ("g", "RANGE")) for i in range(5)]
    r = create(AttributeDefinitions=AD4, GlobalSecondaryIndexes=gsis, LocalSecondaryIndexes=lsis)
    name = r["TableDescription"]["TableName"]
    desc = ddb.describe_table(TableName=name)["Table"]
    assert sorted(i["IndexName"] for i in desc["GlobalSecondaryIndexes"]) == \
        [f"g{i:02d}" for i in range(20)]
    assert sorted(i["IndexName"] for i in desc["LocalSecondaryIndexes"]) == \
        [f"l{i:02d}" for i in range(5)]


def test_too_many_gsis(create):
    gsis = [index_def(f"g{i:02d}", ("g", "HASH")) for i in range(21)]
    fails(create, "GlobalSecondaryIndex count exceeds the per-table limit",
          AttributeDefinitions=AD3, GlobalSecondaryIndexes=gsis)


def test_too_many_lsis(create):
    lsis = [index_def(f"l{i:02d}", ("pk", "HASH"), ("g", "RANGE")) for i in range(6)]
    fails(create, "Cannot have more than 5 local secondary indexes per table",
          AttributeDefinitions=AD3, LocalSecondaryIndexes=lsis)


def test_empty_gsi_list(create):
    fails(create, "GSI list is empty/invalid", AttributeDefinitions=attr_defs(("pk", "S"), ("sk", "S")),
          GlobalSecondaryIndexes=[])


@pytest.mark.parametrize("name", ["ab", "a" * 256, "a b", "", "idx/1", "idx:1", "ind\u00e9x"])
@pytest.mark.parametrize("kind", ["gsi", "lsi"])
def test_bad_index_name(create, kind, name):
    body = gsi(("g", "HASH"), name=name) if kind == "gsi" else lsi(("pk", "HASH"), ("g", "RANGE"),
                                                                   name=name)
    fails(create, BAD_NAME, AttributeDefinitions=AD3, **body)


def test_missing_index_name(create):
    index = index_def("x", ("g", "HASH"))
    del index["IndexName"]
    fails(create, BAD_NAME, AttributeDefinitions=AD3, GlobalSecondaryIndexes=[index])


@pytest.mark.parametrize("name", ["abc", "a" * 255, "A.b-C_9", "..."])
def test_good_index_names(create, name):
    r = create(AttributeDefinitions=AD3, **gsi(("g", "HASH"), name=name))
    assert [i["IndexName"] for i in r["TableDescription"]["GlobalSecondaryIndexes"]] == [name]


def test_index_may_share_the_table_name(create):
    name = unique()
    r = create(TableName=name, AttributeDefinitions=AD3, **gsi(("g", "HASH"), name=name))
    assert r["TableDescription"]["GlobalSecondaryIndexes"][0]["IndexName"] == name


def test_duplicate_gsi_names(create):
    fails(create, "Two global secondary indices have the same name", AttributeDefinitions=AD3,
          GlobalSecondaryIndexes=[index_def("idx", ("g", "HASH")),
                                  index_def("idx", ("g", "HASH"), projection="KEYS_ONLY")])


def test_duplicate_lsi_names(create):
    fails(create, "Two local secondary indices have the same name", AttributeDefinitions=AD3,
          LocalSecondaryIndexes=[index_def("idx", ("pk", "HASH"), ("g", "RANGE"))] * 2)


def test_gsi_and_lsi_with_the_same_name(create):
    fails(create, "Local Secondary Indices AND Global Secondary Indices must have different names",
          AttributeDefinitions=AD3, **gsi(("g", "HASH")), **lsi(("pk", "HASH"), ("g", "RANGE")))


# --- key schemas --------------------------------------------------------------------------------

GSI_KEY_ERRORS = [
    ("range_only", [("g", "RANGE")], AD3, NO_HASH),
    ("range_first", [("h", "RANGE"), ("g", "HASH")], AD4, KEY_ORDER),
    ("same_attribute_twice", [("g", "HASH"), ("g", "RANGE")], AD3,
     "Two keys can not have the same name"),
    ("hash_not_defined", [("zz", "HASH")], AD3,
     "Global Secondary Index hash key not specified in Attribute Definitions.Type unknown."),
    ("range_not_defined", [("g", "HASH"), ("zz", "RANGE")], AD3,
     "Global Secondary Index range key not specified in Attribute Definitions.Type unknown."),
    ("empty_key_name", [("", "HASH")], attr_defs(("pk", "S"), ("sk", "S"), ("", "S")), KEY_NAME_LEN),
    ("long_key_name", [("k" * 256, "HASH")], attr_defs(("pk", "S"), ("sk", "S"), ("k" * 256, "S")),
     KEY_NAME_LEN),
]


@pytest.mark.parametrize("case,keys,defs,message", GSI_KEY_ERRORS, ids=[c[0] for c in GSI_KEY_ERRORS])
def test_gsi_key_schema_errors(create, case, keys, defs, message):
    fails(create, message, AttributeDefinitions=defs, **gsi(*keys))


def test_gsi_without_key_schema(create):
    index = index_def("idx", ("g", "HASH"))
    del index["KeySchema"]
    fails(create, "No defined key schema.  A key schema containing at least a hash key must be "
          "defined for all tables", AttributeDefinitions=AD3, GlobalSecondaryIndexes=[index])


LSI_KEY_ERRORS = [
    ("no_range_key", [("pk", "HASH")], attr_defs(("pk", "S"), ("sk", "S")),
     "Local secondary indices must have a range key"),
    ("other_hash_key", [("g", "HASH"), ("h", "RANGE")], AD4,
     "Local Secondary indices must have the same hash key as the main table"),
    ("range_first", [("g", "RANGE"), ("pk", "HASH")], AD3, KEY_ORDER),
    ("three_keys", [("pk", "HASH"), ("g", "RANGE"), ("h", "RANGE")], AD4, TOO_BIG),
    ("range_not_defined", [("pk", "HASH"), ("zz", "RANGE")], AD3,
     "Local Secondary Index range key not specified in Attribute Definitions.Type unknown."),
]


@pytest.mark.parametrize("case,keys,defs,message", LSI_KEY_ERRORS, ids=[c[0] for c in LSI_KEY_ERRORS])
def test_lsi_key_schema_errors(create, case, keys, defs, message):
    fails(create, message, AttributeDefinitions=defs, **lsi(*keys))


def test_lsi_on_a_hash_only_table(create):
    fails(create, "Local Secondary indices are not allowed on hash tables, only hash and range tables",
          KeySchema=key_schema(("pk", "HASH")), AttributeDefinitions=attr_defs(("pk", "S"), ("g", "S")),
          **lsi(("pk", "HASH"), ("g", "RANGE")))


def test_unused_attribute_definition(create):
    # Every attribute definition must be a key of the table or of an index.
    fails(create, ATTR_COUNT, AttributeDefinitions=AD4, **gsi(("g", "HASH")))


def test_unused_attribute_definition_with_empty_lsi_list(create):
    fails(create, ATTR_COUNT, AttributeDefinitions=AD3, LocalSecondaryIndexes=[])


@pytest.mark.parametrize("attr_type", ["BOOL", "SS", "M"])
def test_index_key_attribute_type_must_be_scalar(create, attr_type):
    fails(create, "Member must satisfy enum value set: [B, N, S]",
          AttributeDefinitions=attr_defs(("pk", "S"), ("sk", "S"), ("g", attr_type)), **gsi(("g", "HASH")))


@pytest.mark.parametrize("attr_type", ["S", "N", "B"])
def test_index_key_types(create, attr_type):
    defs = attr_defs(("pk", "S"), ("sk", "S"), ("g", attr_type), ("h", attr_type))
    r = create(AttributeDefinitions=defs, **gsi(("g", "HASH"), ("h", "RANGE")),
               **lsi(("pk", "HASH"), ("h", "RANGE"), name="lsi"))
    assert r["TableDescription"]["GlobalSecondaryIndexes"][0]["KeySchema"] == \
        key_schema(("g", "HASH"), ("h", "RANGE"))


VALID_SHAPES = [
    ("gsi_hash_only", gsi(("g", "HASH")), AD3),
    ("gsi_on_table_keys", gsi(("pk", "HASH"), ("sk", "RANGE")), attr_defs(("pk", "S"), ("sk", "S"))),
    ("gsi_swapped_table_keys", gsi(("sk", "HASH"), ("pk", "RANGE")), attr_defs(("pk", "S"), ("sk", "S"))),
    ("gsi_table_hash_only", gsi(("pk", "HASH")), attr_defs(("pk", "S"), ("sk", "S"))),
    ("gsi_table_key_and_other", gsi(("g", "HASH"), ("sk", "RANGE")), AD3),
    ("lsi", lsi(("pk", "HASH"), ("g", "RANGE")), AD3),
    ("two_gsis_share_attributes", {"GlobalSecondaryIndexes": [
        index_def("one", ("g", "HASH"), ("h", "RANGE")), index_def("two", ("h", "HASH"), ("g", "RANGE"))]},
     AD4),
    ("gsi_and_lsi_share_attribute", {**gsi(("g", "HASH"), name="gsi"),
                                     **lsi(("pk", "HASH"), ("g", "RANGE"), name="lsi")}, AD3),
]


@pytest.mark.parametrize("case,body,defs", VALID_SHAPES, ids=[c[0] for c in VALID_SHAPES])
def test_valid_index_shapes(create, ddb, case, body, defs):
    r = create(AttributeDefinitions=defs, **body)
    desc = ddb.describe_table(TableName=r["TableDescription"]["TableName"])["Table"]
    for kind, indexes in body.items():
        got = {i["IndexName"]: i["KeySchema"] for i in desc[kind]}
        assert got == {i["IndexName"]: i["KeySchema"] for i in indexes}


def test_hash_only_table_with_gsi(create):
    r = create(KeySchema=key_schema(("pk", "HASH")), AttributeDefinitions=attr_defs(("pk", "S"), ("g", "N")),
               **gsi(("g", "HASH"), ("pk", "RANGE")))
    assert r["TableDescription"]["GlobalSecondaryIndexes"][0]["KeySchema"] == \
        key_schema(("g", "HASH"), ("pk", "RANGE"))


# --- projections --------------------------------------------------------------------------------

def test_missing_projection(create):
    index = index_def("idx", ("g", "HASH"))
    del index["Projection"]
    fails(create, NO_PROJECTION, AttributeDefinitions=AD3, GlobalSecondaryIndexes=[index])


def test_missing_projection_lsi(create):
    index = index_def("idx", ("pk", "HASH"), ("g", "RANGE"))
    del index["Projection"]
    fails(create, NO_PROJECTION, AttributeDefinitions=AD3, LocalSecondaryIndexes=[index])


def test_empty_projection(create):
    index = dict(index_def("idx", ("g", "HASH")), Projection={})
    fails(create, NO_PROJECTION, AttributeDefinitions=AD3, GlobalSecondaryIndexes=[index])


def test_projection_without_type(create):
    index = dict(index_def("idx", ("g", "HASH")), Projection={"NonKeyAttributes": ["a"]})
    fails(create, NO_PROJECTION, AttributeDefinitions=AD3, GlobalSecondaryIndexes=[index])


def test_unknown_projection_type(create):
    fails(create, "Projection type must be INCLUDE, ALL, or KEYS_ONLY", AttributeDefinitions=AD3,
          **gsi(("g", "HASH"), projection="SOME"))


@pytest.mark.parametrize("projection", ["KEYS_ONLY", "ALL"])
@pytest.mark.parametrize("kind", ["gsi", "lsi"])
def test_non_key_attributes_need_include(create, kind, projection):
    body = (gsi(("g", "HASH"), projection=projection, non_key=["a"]) if kind == "gsi" else
            lsi(("pk", "HASH"), ("g", "RANGE"), projection=projection, non_key=["a"]))
    fails(create, ONLY_INCLUDE, AttributeDefinitions=AD3, **body)


@pytest.mark.parametrize("non_key", [None, []])
@pytest.mark.parametrize("kind", ["gsi", "lsi"])
def test_include_needs_non_key_attributes(create, kind, non_key):
    body = (gsi(("g", "HASH"), projection="INCLUDE", non_key=non_key) if kind == "gsi" else
            lsi(("pk", "HASH"), ("g", "RANGE"), projection="INCLUDE", non_key=non_key))
    fails(create, INCLUDE_NEEDS, AttributeDefinitions=AD3, **body)


def test_duplicate_non_key_attributes(create):
    fails(create, "Cannot have two attributes with the same name", AttributeDefinitions=AD3,
          **gsi(("g", "HASH"), projection="INCLUDE", non_key=["a", "b", "a"]))


@pytest.mark.parametrize("name", ["", "n" * 256])
def test_non_key_attribute_name_length(create, name):
    fails(create, KEY_NAME_LEN, AttributeDefinitions=AD3,
          **gsi(("g", "HASH"), projection="INCLUDE", non_key=[name]))


def test_non_key_attributes_may_name_key_attributes(create, ddb):
    # Accepted as given and echoed back (the key attributes are projected anyway).
    r = create(AttributeDefinitions=AD3, **gsi(("g", "HASH"), projection="INCLUDE", non_key=["pk", "g", "x"]))
    index = r["TableDescription"]["GlobalSecondaryIndexes"][0]
    assert index["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["pk", "g", "x"]}


def include(n, prefix="a"):
    return dict(projection="INCLUDE", non_key=[f"{prefix}{i}" for i in range(n)])


def test_one_hundred_projected_attributes(create):
    create(AttributeDefinitions=AD3, **gsi(("g", "HASH"), **include(100)))


def test_one_hundred_and_one_projected_attributes(create):
    fails(create, TOO_MANY_PROJECTED, AttributeDefinitions=AD3, **gsi(("g", "HASH"), **include(101)))


def test_projected_attribute_limit_is_per_table(create):
    # 50 + 50 is fine; 51 + 50 is not, even with the same names in both indexes.
    two = [index_def("one", ("g", "HASH"), **include(50)), index_def("two", ("g", "HASH"), **include(50))]
    create(AttributeDefinitions=AD3, GlobalSecondaryIndexes=two)
    two = [index_def("one", ("g", "HASH"), **include(51)), index_def("two", ("g", "HASH"), **include(50))]
    fails(create, TOO_MANY_PROJECTED, AttributeDefinitions=AD3, GlobalSecondaryIndexes=two)


def test_projected_attribute_limit_counts_gsis_and_lsis(create):
    fails(create, TOO_MANY_PROJECTED, AttributeDefinitions=AD3, **gsi(("g", "HASH"), **include(60)),
          **lsi(("pk", "HASH"), ("g", "RANGE"), name="lsi", **include(41, "b")))


def test_all_projection_does_not_count(create):
    indexes = [index_def("one", ("g", "HASH"), **include(100)), index_def("two", ("g", "HASH"))]
    create(AttributeDefinitions=AD3, GlobalSecondaryIndexes=indexes)


# --- throughput ---------------------------------------------------------------------------------

PT = {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}


@pytest.mark.parametrize("throughput,message", [
    (None, GSI_NO_THROUGHPUT),
    ({"ReadCapacityUnits": 0, "WriteCapacityUnits": 1}, GSI_THROUGHPUT_MIN),
    ({"ReadCapacityUnits": 1, "WriteCapacityUnits": 0}, GSI_THROUGHPUT_MIN),
    ({"ReadCapacityUnits": 1}, GSI_THROUGHPUT_MIN),
    ({}, GSI_THROUGHPUT_MIN),
    ({"ReadCapacityUnits": 40001, "WriteCapacityUnits": 1}, GSI_THROUGHPUT_MAX),
    ({"ReadCapacityUnits": 1, "WriteCapacityUnits": 40001}, GSI_THROUGHPUT_MAX),
])
def test_provisioned_gsi_throughput_errors(create, throughput, message):
    index = index_def("idx", ("g", "HASH"))
    if throughput is not None:
        index["ProvisionedThroughput"] = throughput
    fails(create, message, AttributeDefinitions=AD3, ProvisionedThroughput=PT,
          GlobalSecondaryIndexes=[index])


def test_provisioned_gsi_throughput_echoed(create, ddb):
    r = create(AttributeDefinitions=AD3, BillingMode="PROVISIONED", ProvisionedThroughput=PT,
               **gsi(("g", "HASH"), throughput=(7, 8)))
    desc = ddb.describe_table(TableName=r["TableDescription"]["TableName"])["Table"]
    pt = desc["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (7, 8)


def test_provisioned_table_lsi_needs_no_throughput(create):
    create(AttributeDefinitions=AD3, ProvisionedThroughput=PT, **lsi(("pk", "HASH"), ("g", "RANGE")))


def test_on_demand_gsi_throughput_is_zero(create, ddb):
    r = create(AttributeDefinitions=AD3, **gsi(("g", "HASH")))
    desc = ddb.describe_table(TableName=r["TableDescription"]["TableName"])["Table"]
    pt = desc["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (0, 0)


@pytest.mark.reference_differs(
    "DynamoDB Local accepts a GSI ProvisionedThroughput on a PAY_PER_REQUEST table; DynamoDB refuses "
    "it (on-demand indexes take no provisioned throughput, API_GlobalSecondaryIndex)")
def test_on_demand_gsi_with_throughput_refused(create):
    with raises_ddb(V):
        create(AttributeDefinitions=AD3, **gsi(("g", "HASH"), throughput=(1, 1)))


# --- descriptions -------------------------------------------------------------------------------

def test_descriptions(create, ddb):
    defs = attr_defs(("pk", "S"), ("sk", "N"), ("g", "S"), ("h", "B"))
    body = dict(AttributeDefinitions=defs,
                KeySchema=key_schema(("pk", "HASH"), ("sk", "RANGE")),
                GlobalSecondaryIndexes=[
                    index_def("by_g", ("g", "HASH"), ("sk", "RANGE"), projection="INCLUDE",
                              non_key=["zeta", "alpha"]),
                    index_def("by_h", ("h", "HASH"), projection="KEYS_ONLY")],
                LocalSecondaryIndexes=[index_def("by_pk_g", ("pk", "HASH"), ("g", "RANGE"))])
    created = create(**body)["TableDescription"]
    desc = ddb.describe_table(TableName=created["TableName"])["Table"]
    for d in (created, desc):
        arn = d["TableArn"]
        gsis = {i["IndexName"]: i for i in d["GlobalSecondaryIndexes"]}
        assert set(gsis) == {"by_g", "by_h"}
        for spec in body["GlobalSecondaryIndexes"]:
            got = gsis[spec["IndexName"]]
            assert got["KeySchema"] == spec["KeySchema"]
            assert got["Projection"] == spec["Projection"]  # NonKeyAttributes in the order given
            assert got["IndexStatus"] == "ACTIVE"
            assert got["IndexArn"] == arn + "/index/" + spec["IndexName"]
            assert got["ItemCount"] == 0 and got["IndexSizeBytes"] == 0
            # Backfilling appears only for indexes added by UpdateTable (API_GlobalSecondaryIndexDescription).
            assert "Backfilling" not in got
        lsis = d["LocalSecondaryIndexes"]
        assert [i["IndexName"] for i in lsis] == ["by_pk_g"]
        assert lsis[0]["KeySchema"] == key_schema(("pk", "HASH"), ("g", "RANGE"))
        assert lsis[0]["Projection"] == {"ProjectionType": "ALL"}
        assert lsis[0]["IndexArn"] == arn + "/index/by_pk_g"
        assert lsis[0]["ItemCount"] == 0 and lsis[0]["IndexSizeBytes"] == 0
        # An LSI has no status or throughput of its own (API_LocalSecondaryIndexDescription).
        assert "IndexStatus" not in lsis[0] and "ProvisionedThroughput" not in lsis[0]
        assert sorted(map(str, d["AttributeDefinitions"])) == sorted(map(str, defs))


def test_index_arn_format(create):
    d = create(AttributeDefinitions=AD3, **gsi(("g", "HASH"), name="my.Index-1"))["TableDescription"]
    assert re.fullmatch(r"arn:aws:dynamodb:[^:]+:\d+:table/" + re.escape(d["TableName"]),
                        d["TableArn"])
    assert d["GlobalSecondaryIndexes"][0]["IndexArn"] == d["TableArn"] + "/index/my.Index-1"


def test_no_index_members_without_indexes(create, ddb):
    r = create(AttributeDefinitions=attr_defs(("pk", "S"), ("sk", "S")))
    desc = ddb.describe_table(TableName=r["TableDescription"]["TableName"])["Table"]
    assert "GlobalSecondaryIndexes" not in desc and "LocalSecondaryIndexes" not in desc


def test_only_gsis(create, ddb):
    r = create(AttributeDefinitions=AD3, **gsi(("g", "HASH")))
    desc = ddb.describe_table(TableName=r["TableDescription"]["TableName"])["Table"]
    assert "LocalSecondaryIndexes" not in desc and len(desc["GlobalSecondaryIndexes"]) == 1


def test_empty_lsi_list_means_none(create, ddb):
    r = create(AttributeDefinitions=attr_defs(("pk", "S"), ("sk", "S")), LocalSecondaryIndexes=[])
    desc = ddb.describe_table(TableName=r["TableDescription"]["TableName"])["Table"]
    assert "LocalSecondaryIndexes" not in desc


def test_list_tables_and_delete_with_indexes(create, ddb):
    name = create(AttributeDefinitions=AD3, **gsi(("g", "HASH")),
                  **lsi(("pk", "HASH"), ("g", "RANGE"), name="lsi"))["TableDescription"]["TableName"]
    assert name in ddb.list_tables()["TableNames"]
    d = ddb.delete_table(TableName=name)["TableDescription"]
    assert d["TableName"] == name
    with raises_ddb("ResourceNotFoundException"):
        ddb.describe_table(TableName=name)
