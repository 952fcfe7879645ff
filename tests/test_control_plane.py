"""Control plane: CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable."""
import datetime
import re
import uuid

import pytest

from helpers import expect_error, raises_ddb

V = "ValidationException"
NOT_FOUND = "Cannot do operations on a non-existent table"
BAD_NAME = ("Invalid table/index name.  Table/index names must be between 3 and 255 characters "
            "long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'")
PROTECTED = ("Resource cannot be deleted as it is currently protected against deletion. Disable "
             "deletion protection first.")
THROUGHPUT_MIN = "Table read and write throughput must be at least 1, and cannot be null"
THROUGHPUT_MAX = "Cannot increase provisioned throughput to more than 40,000 units per table"
NO_THROUGHPUT = "No provisioned throughput specified for the table"
KEY_NAME_LEN = ("Names of key attributes and attributes projected into an index must be between 1 "
                "and 255 characters, inclusive")

KS = [{"AttributeName": "pk", "KeyType": "HASH"}]
AD = [{"AttributeName": "pk", "AttributeType": "S"}]
PT = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}


def unique(prefix="cp"):
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def created(ddb, raw):
    """Names registered here are deleted after the test (for direct CreateTable calls)."""
    names = []
    yield names
    for name in names:
        raw.post("UpdateTable", {"TableName": name, "DeletionProtectionEnabled": False})
        raw.post("DeleteTable", {"TableName": name})


def create_raw(call, created, **body):
    body.setdefault("TableName", unique())
    created.append(body["TableName"])
    return call("CreateTable", body)


# --- CreateTable validation ------------------------------------------------------

@pytest.mark.parametrize("name", ["ab", "a" * 256, "ab c", "ab\u00e9", "", "a/b", "a:b", "t*"])
def test_create_table_bad_name(ddb_nv, name):
    expect_error(ddb_nv.create_table, V, BAD_NAME, TableName=name, KeySchema=KS,
                 AttributeDefinitions=AD, BillingMode="PAY_PER_REQUEST")


@pytest.mark.parametrize("name", ["abc", "a" * 255, "aZ0_-.", "...", "A-B.c_9"])
def test_create_table_good_names(ddb, created, name):
    name = name if len(name) < 200 else name[:-12] + uuid.uuid4().hex[:12]
    name = name + uuid.uuid4().hex[:6] if len(name) < 10 else name
    created.append(name)
    r = ddb.create_table(TableName=name, KeySchema=KS, AttributeDefinitions=AD,
                         BillingMode="PAY_PER_REQUEST")
    assert r["TableDescription"]["TableName"] == name


def test_create_table_missing_name(call):
    with raises_ddb(V, BAD_NAME):
        call("CreateTable", {"KeySchema": KS, "AttributeDefinitions": AD,
                             "BillingMode": "PAY_PER_REQUEST"})


def ks(*elems):
    return [{"AttributeName": n, "KeyType": t} for n, t in elems]


def ad(*elems):
    return [{"AttributeName": n, "AttributeType": t} for n, t in elems]


CREATE_ERRORS = [
    ("no_keyschema", dict(AttributeDefinitions=AD),
     "No defined key schema.  A key schema containing at least a hash key must be defined for "
     "all tables"),
    ("empty_keyschema", dict(KeySchema=[], AttributeDefinitions=AD),
     "No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key"),
    ("no_attrdefs", dict(KeySchema=KS), "No Attribute Schema Defined"),
    ("empty_attrdefs", dict(KeySchema=KS, AttributeDefinitions=[]),
     "Hash Key not specified in Attribute Definitions.  Type unknown."),
    ("three_keys", dict(KeySchema=ks(("pk", "HASH"), ("a", "RANGE"), ("b", "RANGE")),
                        AttributeDefinitions=ad(("pk", "S"), ("a", "S"), ("b", "S"))),
     "Key Schema too big.  Key Schema must at most consist of the hash and range key of a table"),
    ("two_hash", dict(KeySchema=ks(("pk", "HASH"), ("a", "HASH")),
                      AttributeDefinitions=ad(("pk", "S"), ("a", "S"))),
     "Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key"),
    ("two_range", dict(KeySchema=ks(("pk", "RANGE"), ("a", "RANGE")),
                       AttributeDefinitions=ad(("pk", "S"), ("a", "S"))),
     "No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key"),
    ("range_first", dict(KeySchema=ks(("a", "RANGE"), ("pk", "HASH")),
                         AttributeDefinitions=ad(("pk", "S"), ("a", "S"))),
     "Invalid key order. Hash Key must be specified first in key schema, Range Key must be "
     "specifed second"),
    ("only_range", dict(KeySchema=ks(("pk", "RANGE")), AttributeDefinitions=AD),
     "No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key"),
    ("duplicate_key_names", dict(KeySchema=ks(("pk", "HASH"), ("pk", "RANGE")),
                                 AttributeDefinitions=AD),
     "Two keys can not have the same name"),
    ("empty_key_name", dict(KeySchema=ks(("", "HASH")), AttributeDefinitions=ad(("", "S"))),
     KEY_NAME_LEN),
    ("long_key_name", dict(KeySchema=ks(("k" * 256, "HASH")),
                           AttributeDefinitions=ad(("k" * 256, "S"))), KEY_NAME_LEN),
    ("attr_not_defined", dict(KeySchema=KS, AttributeDefinitions=ad(("x", "S"))),
     "Hash Key not specified in Attribute Definitions.  Type unknown."),
    ("range_not_defined", dict(KeySchema=ks(("pk", "HASH"), ("sk", "RANGE")),
                               AttributeDefinitions=AD),
     "Range Key not specified in Attribute Definitions.  Type unknown."),
    ("range_defined_under_other_name", dict(KeySchema=ks(("pk", "HASH"), ("sk", "RANGE")),
                                            AttributeDefinitions=ad(("pk", "S"), ("x", "S"))),
     "Range Key not specified in Attribute Definitions.  Type unknown."),
    ("extra_attr", dict(KeySchema=KS, AttributeDefinitions=ad(("pk", "S"), ("x", "S"))),
     "The number of attributes in key schema must match the number of attributes defined in "
     "attribute definitions."),
    ("duplicate_attr", dict(KeySchema=KS, AttributeDefinitions=AD + AD),
     "Cannot have two attributes with the same name"),
    ("duplicate_attr_other_type", dict(KeySchema=KS,
                                       AttributeDefinitions=ad(("pk", "S"), ("pk", "N"))),
     "Cannot have two attributes with the same name"),
    ("attr_type_missing", dict(KeySchema=KS, AttributeDefinitions=[{"AttributeName": "pk"}]),
     "Invalid Attribute value. Must contain exactly one of the supported datatypes."),
    ("key_type_missing", dict(KeySchema=[{"AttributeName": "pk"}], AttributeDefinitions=AD),
     "One or more keys is not specified as being hash or range."),
    ("key_name_missing", dict(KeySchema=[{"KeyType": "HASH"}], AttributeDefinitions=AD),
     "Attribute name must be specified."),
]


@pytest.mark.parametrize("case,args,message", CREATE_ERRORS, ids=[c[0] for c in CREATE_ERRORS])
def test_create_table_schema_errors(call, case, args, message):
    body = {"TableName": unique(), "BillingMode": "PAY_PER_REQUEST", **args}
    with raises_ddb(V, message):
        call("CreateTable", body)


@pytest.mark.parametrize("attr_type", ["BOOL", "SS", "s", "NULL", "M", ""])
def test_create_table_bad_attribute_type(call, attr_type):
    with raises_ddb(V, "Member must satisfy enum value set: [B, N, S]"):
        call("CreateTable", {"TableName": unique(), "BillingMode": "PAY_PER_REQUEST",
                             "KeySchema": KS,
                             "AttributeDefinitions": ad(("pk", attr_type))})


@pytest.mark.parametrize("args,message", [
    (dict(BillingMode="PROVISIONED"), NO_THROUGHPUT),
    (dict(), NO_THROUGHPUT),
    (dict(ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 1}), THROUGHPUT_MIN),
    (dict(ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 0}), THROUGHPUT_MIN),
    (dict(ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}), THROUGHPUT_MIN),
    (dict(ProvisionedThroughput={"ReadCapacityUnits": -1, "WriteCapacityUnits": 1}), THROUGHPUT_MIN),
    (dict(ProvisionedThroughput={"ReadCapacityUnits": 1}), THROUGHPUT_MIN),
    (dict(ProvisionedThroughput={"WriteCapacityUnits": 1}), THROUGHPUT_MIN),
    (dict(ProvisionedThroughput={}), THROUGHPUT_MIN),
    (dict(ProvisionedThroughput={"ReadCapacityUnits": 40001, "WriteCapacityUnits": 1}),
     THROUGHPUT_MAX),
    (dict(ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 40001}),
     THROUGHPUT_MAX),
    (dict(ProvisionedThroughput={"ReadCapacityUnits": 10 ** 12, "WriteCapacityUnits": 1}),
     THROUGHPUT_MAX),
])
def test_create_table_billing_errors(call, args, message):
    with raises_ddb(V, message):
        call("CreateTable", {"TableName": unique(), "KeySchema": KS, "AttributeDefinitions": AD,
                             **args})


@pytest.mark.reference_differs(
    "DynamoDB Local accepts ProvisionedThroughput with PAY_PER_REQUEST; DynamoDB refuses it: "
    "'If you set BillingMode as PAY_PER_REQUEST, you cannot specify this property' "
    "(docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html)")
def test_create_table_pay_per_request_with_throughput(call, created):
    with raises_ddb(V):
        create_raw(call, created, KeySchema=KS, AttributeDefinitions=AD,
                   BillingMode="PAY_PER_REQUEST", ProvisionedThroughput=PT)


@pytest.mark.reference_differs(
    "DynamoDB Local answers 500 InternalFailure for an unknown BillingMode; DynamoDB answers a "
    "ValidationException (enum value set [PROVISIONED, PAY_PER_REQUEST], "
    "docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html)")
def test_create_table_bad_billing_mode(call):
    with raises_ddb(V):
        call("CreateTable", {"TableName": unique(), "KeySchema": KS, "AttributeDefinitions": AD,
                             "BillingMode": "FREE", "ProvisionedThroughput": PT})


# Which CreateTable check fires first (confirmed on the reference): name, then
# attribute types, then key schema shape, then attribute definitions, then
# billing/throughput, and only then whether the table already exists.
CREATE_ORDER = [
    ("name_before_schema", dict(TableName="ab", AttributeDefinitions=AD), BAD_NAME),
    ("schema_before_throughput", dict(AttributeDefinitions=AD),
     "No defined key schema.  A key schema containing at least a hash key must be defined for "
     "all tables"),
    ("attr_type_before_throughput", dict(KeySchema=KS, AttributeDefinitions=ad(("pk", "X"))),
     "Member must satisfy enum value set: [B, N, S]"),
    ("attr_type_before_key_lookup", dict(KeySchema=KS, AttributeDefinitions=ad(("x", "Q")),
                                         BillingMode="PAY_PER_REQUEST"),
     "Member must satisfy enum value set: [B, N, S]"),
    ("no_attrs_before_throughput", dict(KeySchema=KS), "No Attribute Schema Defined"),
    ("attr_count_before_throughput", dict(KeySchema=KS, AttributeDefinitions=ad(("pk", "S"),
                                                                                 ("x", "S")),
                                          ProvisionedThroughput={"ReadCapacityUnits": 0,
                                                                 "WriteCapacityUnits": 0}),
     "The number of attributes in key schema must match the number of attributes defined in "
     "attribute definitions."),
    ("too_big_before_two_hash", dict(KeySchema=ks(("a", "HASH"), ("b", "HASH"), ("c", "RANGE")),
                                     AttributeDefinitions=AD, BillingMode="PAY_PER_REQUEST"),
     "Key Schema too big.  Key Schema must at most consist of the hash and range key of a table"),
    ("duplicate_attr_before_missing_key", dict(KeySchema=KS,
                                               AttributeDefinitions=ad(("x", "S"), ("x", "S")),
                                               BillingMode="PAY_PER_REQUEST"),
     "Cannot have two attributes with the same name"),
]


@pytest.mark.parametrize("case,args,message", CREATE_ORDER, ids=[c[0] for c in CREATE_ORDER])
def test_create_table_validation_order(call, case, args, message):
    with raises_ddb(V, message):
        call("CreateTable", {"TableName": unique(), **args})


@pytest.mark.parametrize("pt,message", [(None, NO_THROUGHPUT),
                                        ({"ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
                                         THROUGHPUT_MIN)])
def test_create_existing_table_checks_throughput_first(call, table, pt, message):
    body = {"TableName": table, "KeySchema": KS, "AttributeDefinitions": AD}
    if pt:
        body["ProvisionedThroughput"] = pt
    with raises_ddb(V, message):
        call("CreateTable", body)


def test_create_table_throughput_at_max(ddb, created):
    name = unique()
    created.append(name)
    r = ddb.create_table(TableName=name, KeySchema=KS, AttributeDefinitions=AD,
                         ProvisionedThroughput={"ReadCapacityUnits": 40000,
                                                "WriteCapacityUnits": 40000})
    pt = r["TableDescription"]["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (40000, 40000)


def test_create_existing_table(ddb, table):
    with raises_ddb("ResourceInUseException", "Cannot create preexisting table"):
        ddb.create_table(TableName=table, KeySchema=KS, AttributeDefinitions=AD,
                         BillingMode="PAY_PER_REQUEST")


def test_create_existing_table_checks_schema_first(ddb_nv, table):
    expect_error(ddb_nv.create_table, V,
                 "No Hash Key specified in schema.  All Dynamo DB tables must have exactly one "
                 "hash key", TableName=table, KeySchema=[], AttributeDefinitions=AD,
                 BillingMode="PAY_PER_REQUEST")


@pytest.mark.reference_differs(
    "DynamoDB Local fails with 500 on a second table whose name differs only in case; DynamoDB "
    "names are case-sensitive (docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
    "HowItWorks.NamingRulesDataTypes.html)")
def test_table_names_are_case_sensitive(ddb, make_table):
    name = unique("Case")
    make_table(name=name)
    make_table(name=name.lower())
    assert ddb.describe_table(TableName=name)["Table"]["TableName"] == name


# --- CreateTable / DescribeTable results ----------------------------------------------

ARN = re.compile(r"arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table/(.+)")


def check_description(desc, name, keys, attrs):
    assert desc["TableName"] == name
    assert desc["KeySchema"] == keys
    assert sorted(desc["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == \
        sorted(attrs, key=lambda a: a["AttributeName"])
    m = ARN.fullmatch(desc["TableArn"])
    assert m and m.group(1) == name
    assert desc["ItemCount"] == 0 and desc["TableSizeBytes"] == 0
    assert isinstance(desc["CreationDateTime"], datetime.datetime)
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((now - desc["CreationDateTime"]).total_seconds()) < 120


def test_create_table_pay_per_request_description(ddb, call, created):
    name = unique()
    keys = ks(("pk", "HASH"), ("sk", "RANGE"))
    attrs = ad(("pk", "S"), ("sk", "N"))
    created.append(name)
    r = ddb.create_table(TableName=name, KeySchema=keys, AttributeDefinitions=attrs,
                         BillingMode="PAY_PER_REQUEST")
    desc = r["TableDescription"]
    check_description(desc, name, keys, attrs)
    assert desc["TableStatus"] in ("CREATING", "ACTIVE")
    d = ddb.describe_table(TableName=name)["Table"]
    check_description(d, name, keys, attrs)
    assert d["TableStatus"] == "ACTIVE"
    assert d["CreationDateTime"] == desc["CreationDateTime"]
    assert d["TableArn"] == desc["TableArn"]
    assert d["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    pt = d["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"], pt["NumberOfDecreasesToday"]) == \
        (0, 0, 0)
    raw = call("DescribeTable", {"TableName": name})["Table"]
    assert raw["DeletionProtectionEnabled"] is False
    assert isinstance(raw["CreationDateTime"], (int, float))


def test_create_table_provisioned_description(ddb, call, created):
    name = unique()
    created.append(name)
    r = ddb.create_table(TableName=name, KeySchema=KS, AttributeDefinitions=AD,
                         ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 3})
    for desc in (r["TableDescription"], ddb.describe_table(TableName=name)["Table"]):
        check_description(desc, name, KS, AD)
        pt = desc["ProvisionedThroughput"]
        assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"], pt["NumberOfDecreasesToday"]) \
            == (5, 3, 0)
        if "BillingModeSummary" in desc:
            assert desc["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    raw = call("DescribeTable", {"TableName": name})["Table"]
    assert raw["DeletionProtectionEnabled"] is False


@pytest.mark.reference_differs(
    "DynamoDB Local has no TableId; DynamoDB returns one, a UUID "
    "(docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html)")
def test_table_id_is_uuid(call, created):
    desc = create_raw(call, created, KeySchema=KS, AttributeDefinitions=AD,
                      BillingMode="PAY_PER_REQUEST")["TableDescription"]
    table_id = desc["TableId"]
    assert str(uuid.UUID(table_id)) == table_id
    again = call("DescribeTable", {"TableName": desc["TableName"]})["Table"]
    assert again["TableId"] == table_id


@pytest.mark.reference_differs(
    "DynamoDB Local has no TableId; DynamoDB returns one, a UUID "
    "(docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html)")
def test_table_id_is_new_for_recreated_table(call, created):
    name = unique()
    first = create_raw(call, created, TableName=name, KeySchema=KS, AttributeDefinitions=AD,
                       BillingMode="PAY_PER_REQUEST")["TableDescription"]["TableId"]
    call("DeleteTable", {"TableName": name})
    second = create_raw(call, created, TableName=name, KeySchema=KS, AttributeDefinitions=AD,
                        BillingMode="PAY_PER_REQUEST")["TableDescription"]["TableId"]
    assert first != second


def test_recreated_table_is_empty(ddb, make_table):
    name = make_table()
    ddb.put_item(TableName=name, Item={"pk": {"S": "old"}})
    ddb.delete_table(TableName=name)
    make_table(name=name)
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "old"}})


def test_describe_table_key_types(ddb, make_table):
    for h, r in ((("h", "B"), ("r", "S")), (("h", "N"), ("r", "B")), (("h", "S"), None)):
        name = make_table(hash=h, range=r)
        d = ddb.describe_table(TableName=name)["Table"]
        expected = [{"AttributeName": h[0], "KeyType": "HASH"}]
        if r:
            expected.append({"AttributeName": r[0], "KeyType": "RANGE"})
        assert d["KeySchema"] == expected
        assert {a["AttributeName"]: a["AttributeType"] for a in d["AttributeDefinitions"]} == \
            dict([h] + ([r] if r else []))


def test_describe_table_bad_name(ddb_nv):
    expect_error(ddb_nv.describe_table, V, BAD_NAME, TableName="ab")


# --- ResourceNotFoundException on every operation ---------------------------------------

MISSING = "no_such_table_" + uuid.uuid4().hex[:8]


@pytest.mark.parametrize("op,args", [
    ("describe_table", dict(TableName=MISSING)),
    ("delete_table", dict(TableName=MISSING)),
    ("update_table", dict(TableName=MISSING, ProvisionedThroughput=PT)),
    ("update_table", dict(TableName=MISSING, BillingMode="PAY_PER_REQUEST")),
    ("put_item", dict(TableName=MISSING, Item={"pk": {"S": "a"}})),
    ("get_item", dict(TableName=MISSING, Key={"pk": {"S": "a"}})),
    ("delete_item", dict(TableName=MISSING, Key={"pk": {"S": "a"}})),
    ("batch_get_item", dict(RequestItems={MISSING: {"Keys": [{"pk": {"S": "a"}}]}})),
    ("batch_write_item", dict(RequestItems={MISSING: [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]})),
    ("batch_write_item", dict(RequestItems={MISSING: [{"DeleteRequest": {"Key": {"pk": {"S": "a"}}}}]})),
])
def test_resource_not_found(ddb, op, args):
    expect_error(getattr(ddb, op), "ResourceNotFoundException", NOT_FOUND, **args)


def test_update_table_missing_nothing_to_update(call):
    with raises_ddb("ResourceNotFoundException", NOT_FOUND):
        call("UpdateTable", {"TableName": MISSING})


# --- ListTables ------------------------------------------------------------------------

def list_all(ddb, limit):
    names, start, pages = [], None, 0
    while True:
        args = {"Limit": limit}
        if start:
            args["ExclusiveStartTableName"] = start
        r = ddb.list_tables(**args)
        pages += 1
        assert len(r["TableNames"]) <= limit
        names += r["TableNames"]
        start = r.get("LastEvaluatedTableName")
        if start:
            assert start == r["TableNames"][-1]
            assert len(r["TableNames"]) == limit
        else:
            return names, pages


@pytest.fixture
def five_tables(make_table):
    prefix = "lt_" + uuid.uuid4().hex[:8]
    return [make_table(name=f"{prefix}_{c}") for c in "ebdac"]


def test_list_tables_sorted_and_complete(ddb, five_tables):
    names = ddb.list_tables()["TableNames"]
    assert names == sorted(names)
    assert [n for n in names if n in five_tables] == sorted(five_tables)


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 100])
def test_list_tables_paging(ddb, five_tables, limit):
    everything = ddb.list_tables()["TableNames"]
    names, pages = list_all(ddb, limit)
    assert names == everything
    assert set(five_tables) <= set(names)


def test_list_tables_exclusive_start(ddb, five_tables):
    everything = ddb.list_tables()["TableNames"]
    ours = sorted(five_tables)
    r = ddb.list_tables(ExclusiveStartTableName=ours[1], Limit=2)
    i = everything.index(ours[1])
    assert r["TableNames"] == everything[i + 1:i + 3]
    # A start name that is not a table: names sorting after it.
    between = ours[1] + "0"
    r = ddb.list_tables(ExclusiveStartTableName=between)
    assert r["TableNames"] == [n for n in everything if n > between][:100]
    assert r["TableNames"][0] == ours[2]


def test_list_tables_last_page_has_no_last_evaluated(ddb, five_tables):
    everything = ddb.list_tables()["TableNames"]
    last = sorted(five_tables)[-1]
    rest = [n for n in everything if n > last]
    r = ddb.list_tables(ExclusiveStartTableName=last, Limit=len(rest) + 1)
    assert r["TableNames"] == rest
    assert "LastEvaluatedTableName" not in r


def test_list_tables_page_exactly_full_at_end(ddb, five_tables):
    # A page that ends exactly at the last table carries no LastEvaluatedTableName.
    everything = ddb.list_tables()["TableNames"]
    r = ddb.list_tables(ExclusiveStartTableName=everything[-2], Limit=1)
    assert r["TableNames"] == [everything[-1]]
    assert "LastEvaluatedTableName" not in r


def test_list_tables_start_after_everything(ddb, five_tables):
    assert ddb.list_tables(ExclusiveStartTableName="zzzzzzzzzzzz")["TableNames"] == []


def test_list_tables_byte_order(ddb, make_table):
    tag = uuid.uuid4().hex[:6]
    made = [make_table(name=n + tag) for n in ("Zeta", "alpha", "_x_", ".dot", "-dash", "09a")]
    names = [n for n in ddb.list_tables()["TableNames"] if n in made]
    assert names == sorted(made)  # Python sorts str by code point = byte order for ASCII


@pytest.mark.parametrize("limit,message", [
    (0, "Limit must be greater than or equal to 1"),
    (-1, "Limit must be greater than or equal to 1"),
    (101, "Limit in ListTables must be <= 100"),
    (1000, "Limit in ListTables must be <= 100"),
])
def test_list_tables_bad_limit(ddb_nv, limit, message):
    expect_error(ddb_nv.list_tables, V, message, Limit=limit)


@pytest.mark.parametrize("start", ["ab", "a;b", "a" * 256])
def test_list_tables_bad_start_name(ddb_nv, start):
    expect_error(ddb_nv.list_tables, V, BAD_NAME, ExclusiveStartTableName=start)


# --- DeleteTable ---------------------------------------------------------------------

def test_delete_table(ddb, created):
    name = unique()
    created.append(name)
    ddb.create_table(TableName=name, KeySchema=KS, AttributeDefinitions=AD,
                     ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 4})
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})
    desc = ddb.delete_table(TableName=name)["TableDescription"]
    assert desc["TableName"] == name
    assert ARN.fullmatch(desc["TableArn"])
    assert desc["KeySchema"] == KS
    assert desc["ProvisionedThroughput"]["ReadCapacityUnits"] == 2
    assert name not in ddb.list_tables()["TableNames"]
    expect_error(ddb.describe_table, "ResourceNotFoundException", NOT_FOUND, TableName=name)
    expect_error(ddb.get_item, "ResourceNotFoundException", NOT_FOUND, TableName=name,
                 Key={"pk": {"S": "a"}})
    expect_error(ddb.delete_table, "ResourceNotFoundException", NOT_FOUND, TableName=name)


@pytest.mark.reference_differs(
    "DynamoDB Local deletes at once and answers TableStatus ACTIVE; DynamoDB answers DELETING "
    "(docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html)")
def test_delete_table_status_deleting(ddb, table):
    assert ddb.delete_table(TableName=table)["TableDescription"]["TableStatus"] == "DELETING"


def test_delete_table_bad_name(ddb_nv):
    expect_error(ddb_nv.delete_table, V, BAD_NAME, TableName="x")


# --- deletion protection (raw calls: the Debian botocore predates the field) ---------------

def test_deletion_protection_on_create(call, created):
    desc = create_raw(call, created, KeySchema=KS, AttributeDefinitions=AD,
                      BillingMode="PAY_PER_REQUEST",
                      DeletionProtectionEnabled=True)["TableDescription"]
    name = desc["TableName"]
    assert desc["DeletionProtectionEnabled"] is True
    assert call("DescribeTable", {"TableName": name})["Table"]["DeletionProtectionEnabled"] is True
    with raises_ddb(V, PROTECTED):
        call("DeleteTable", {"TableName": name})
    # Still there, still usable.
    call("PutItem", {"TableName": name, "Item": {"pk": {"S": "a"}}})
    r = call("UpdateTable", {"TableName": name, "DeletionProtectionEnabled": False})
    assert r["TableDescription"]["DeletionProtectionEnabled"] is False
    call("DeleteTable", {"TableName": name})
    with raises_ddb("ResourceNotFoundException", NOT_FOUND):
        call("DescribeTable", {"TableName": name})


def test_deletion_protection_via_update(call, table):
    r = call("UpdateTable", {"TableName": table, "DeletionProtectionEnabled": True})
    assert r["TableDescription"]["DeletionProtectionEnabled"] is True
    with raises_ddb(V, PROTECTED):
        call("DeleteTable", {"TableName": table})
    call("UpdateTable", {"TableName": table, "DeletionProtectionEnabled": False})
    call("DeleteTable", {"TableName": table})


def test_deletion_protection_false_on_create(call, created):
    desc = create_raw(call, created, KeySchema=KS, AttributeDefinitions=AD,
                      ProvisionedThroughput=PT,
                      DeletionProtectionEnabled=False)["TableDescription"]
    assert desc["DeletionProtectionEnabled"] is False
    call("DeleteTable", {"TableName": desc["TableName"]})


# --- UpdateTable -----------------------------------------------------------------------

@pytest.fixture
def provisioned(make_table):
    return make_table(billing="PROVISIONED", throughput=(1, 1))


def test_update_throughput(ddb, provisioned):
    r = ddb.update_table(TableName=provisioned,
                         ProvisionedThroughput={"ReadCapacityUnits": 7, "WriteCapacityUnits": 9})
    pt = r["TableDescription"]["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (7, 9)
    pt = ddb.describe_table(TableName=provisioned)["Table"]["ProvisionedThroughput"]
    assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (7, 9)


@pytest.mark.parametrize("pt,message", [
    ({"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
     "The requested throughput value equals the current value"),
    ({"ReadCapacityUnits": 0, "WriteCapacityUnits": 1}, THROUGHPUT_MIN),
    ({"ReadCapacityUnits": 3}, THROUGHPUT_MIN),
    ({"ReadCapacityUnits": 40001, "WriteCapacityUnits": 1}, THROUGHPUT_MAX),
])
def test_update_throughput_errors(ddb_nv, provisioned, pt, message):
    expect_error(ddb_nv.update_table, V, message, TableName=provisioned, ProvisionedThroughput=pt)


def test_update_nothing(ddb_nv, provisioned):
    expect_error(ddb_nv.update_table, V, "Nothing to update", TableName=provisioned)


def test_update_provisioned_to_pay_per_request(ddb, provisioned):
    r = ddb.update_table(TableName=provisioned, BillingMode="PAY_PER_REQUEST")
    d = ddb.describe_table(TableName=provisioned)["Table"]
    for desc in (r["TableDescription"], d):
        assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        assert isinstance(desc["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"],
                          datetime.datetime)
        pt = desc["ProvisionedThroughput"]
        assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (0, 0)
    assert d["TableStatus"] == "ACTIVE"


def test_update_pay_per_request_to_provisioned(ddb, table):
    r = ddb.update_table(TableName=table, BillingMode="PROVISIONED",
                         ProvisionedThroughput={"ReadCapacityUnits": 4, "WriteCapacityUnits": 6})
    d = ddb.describe_table(TableName=table)["Table"]
    for desc in (r["TableDescription"], d):
        assert desc["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
        pt = desc["ProvisionedThroughput"]
        assert (pt["ReadCapacityUnits"], pt["WriteCapacityUnits"]) == (4, 6)


def test_update_to_provisioned_needs_throughput(ddb_nv, table):
    expect_error(ddb_nv.update_table, V, NO_THROUGHPUT, TableName=table, BillingMode="PROVISIONED")


def test_update_keeps_items_and_schema(ddb, provisioned):
    ddb.put_item(TableName=provisioned, Item={"pk": {"S": "keep"}})
    before = ddb.describe_table(TableName=provisioned)["Table"]
    ddb.update_table(TableName=provisioned,
                     ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2})
    after = ddb.describe_table(TableName=provisioned)["Table"]
    for field in ("TableArn", "CreationDateTime", "KeySchema", "AttributeDefinitions"):
        assert after[field] == before[field]
    assert ddb.get_item(TableName=provisioned, Key={"pk": {"S": "keep"}})["Item"]


def test_update_table_bad_name(ddb_nv):
    expect_error(ddb_nv.update_table, V, BAD_NAME, TableName="ab", ProvisionedThroughput=PT)


