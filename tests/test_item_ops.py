"""Item operations: PutItem, GetItem, DeleteItem, BatchGetItem, BatchWriteItem."""
import pytest

from helpers import expect_error, raises_ddb

V = "ValidationException"
RETURN_VALUES = "Return values set to invalid value"


def key(k):
    return {"pk": {"S": k}}


# --- PutItem / GetItem / DeleteItem -------------------------------------------------------

def test_put_get_delete(ddb, table):
    item = {"pk": {"S": "a"}, "v": {"N": "1"}}
    assert set(ddb.put_item(TableName=table, Item=item)) == {"ResponseMetadata"}
    assert ddb.get_item(TableName=table, Key=key("a"))["Item"] == item
    assert set(ddb.delete_item(TableName=table, Key=key("a"))) == {"ResponseMetadata"}
    assert "Item" not in ddb.get_item(TableName=table, Key=key("a"))


def test_get_missing_item_has_no_item_member(raw, table):
    r = raw.post("GetItem", {"TableName": table, "Key": key("nothing")})
    assert r.status == 200 and r.json() == {}


def test_put_replaces_whole_item(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "x": {"S": "1"}, "y": {"S": "2"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "z": {"S": "3"}})
    assert ddb.get_item(TableName=table, Key=key("a"))["Item"] == \
        {"pk": {"S": "a"}, "z": {"S": "3"}}


def test_items_are_distinct_by_full_key(ddb, table_hr):
    for sk in ("1", "2", "10"):
        ddb.put_item(TableName=table_hr, Item={"pk": {"S": "p"}, "sk": {"N": sk}, "v": {"S": sk}})
    ddb.put_item(TableName=table_hr, Item={"pk": {"S": "q"}, "sk": {"N": "1"}, "v": {"S": "q"}})
    got = ddb.get_item(TableName=table_hr, Key={"pk": {"S": "p"}, "sk": {"N": "10"}})["Item"]
    assert got["v"] == {"S": "10"}
    ddb.delete_item(TableName=table_hr, Key={"pk": {"S": "p"}, "sk": {"N": "1"}})
    assert "Item" not in ddb.get_item(TableName=table_hr, Key={"pk": {"S": "p"}, "sk": {"N": "1"}})
    assert "Item" in ddb.get_item(TableName=table_hr, Key={"pk": {"S": "q"}, "sk": {"N": "1"}})


def test_numeric_keys_compare_by_value(ddb, make_table):
    t = make_table(hash=("pk", "N"))
    ddb.put_item(TableName=t, Item={"pk": {"N": "10"}, "v": {"S": "x"}})
    assert ddb.get_item(TableName=t, Key={"pk": {"N": "1e1"}})["Item"] == \
        {"pk": {"N": "10"}, "v": {"S": "x"}}
    ddb.put_item(TableName=t, Item={"pk": {"N": "10.0"}, "v": {"S": "y"}})
    assert ddb.get_item(TableName=t, Key={"pk": {"N": "10"}})["Item"]["v"] == {"S": "y"}


def test_delete_missing_item_is_fine(ddb, table):
    ddb.delete_item(TableName=table, Key=key("never"))


@pytest.mark.reference_differs(
    "DynamoDB Local adds ConsumedCapacity to a DeleteItem of a missing item even when not asked; "
    "DynamoDB returns it only when ReturnConsumedCapacity is TOTAL or INDEXES "
    "(docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html)")
def test_delete_missing_item_response_is_empty(raw, table):
    r = raw.post("DeleteItem", {"TableName": table, "Key": key("never")})
    assert r.json() == {}


def test_consistent_read_flag(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "c"}})
    for flag in (True, False):
        assert ddb.get_item(TableName=table, Key=key("c"), ConsistentRead=flag)["Item"] == key("c")


# --- ReturnValues -------------------------------------------------------------------------

def test_put_return_all_old(ddb, table):
    first = {"pk": {"S": "r"}, "a": {"S": "1"}, "m": {"M": {"d": {"N": "2"}}}}
    r = ddb.put_item(TableName=table, Item=first, ReturnValues="ALL_OLD")
    assert "Attributes" not in r
    r = ddb.put_item(TableName=table, Item={"pk": {"S": "r"}, "z": {"S": "new"}},
                     ReturnValues="ALL_OLD")
    assert r["Attributes"] == first
    r = ddb.put_item(TableName=table, Item={"pk": {"S": "r"}}, ReturnValues="NONE")
    assert "Attributes" not in r


def test_delete_return_all_old(ddb, table):
    item = {"pk": {"S": "d"}, "a": {"SS": ["x"]}}
    ddb.put_item(TableName=table, Item=item)
    r = ddb.delete_item(TableName=table, Key=key("d"), ReturnValues="ALL_OLD")
    assert r["Attributes"] == item
    r = ddb.delete_item(TableName=table, Key=key("d"), ReturnValues="ALL_OLD")
    assert "Attributes" not in r
    ddb.put_item(TableName=table, Item=item)
    r = ddb.delete_item(TableName=table, Key=key("d"), ReturnValues="NONE")
    assert "Attributes" not in r
    assert "Item" not in ddb.get_item(TableName=table, Key=key("d"))


@pytest.mark.parametrize("rv", ["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW", "BAD", "all_old", ""])
def test_put_bad_return_values(ddb_nv, table, rv):
    expect_error(ddb_nv.put_item, V, RETURN_VALUES, TableName=table, Item=key("a"),
                 ReturnValues=rv)


@pytest.mark.parametrize("rv", ["ALL_NEW", "UPDATED_OLD", "UPDATED_NEW", "BAD"])
def test_delete_bad_return_values(ddb_nv, table, rv):
    expect_error(ddb_nv.delete_item, V, RETURN_VALUES, TableName=table, Key=key("a"),
                 ReturnValues=rv)


def test_bad_return_values_changes_nothing(ddb, ddb_nv, table):
    expect_error(ddb_nv.put_item, V, RETURN_VALUES, TableName=table, Item=key("nochange"),
                 ReturnValues="ALL_NEW")
    assert "Item" not in ddb.get_item(TableName=table, Key=key("nochange"))


def test_return_values_checked_before_item_size(ddb_nv, table):
    expect_error(ddb_nv.put_item, V, RETURN_VALUES, TableName=table,
                 Item={"pk": {"S": "a"}, "x": {"S": "y" * 409600}}, ReturnValues="ALL_NEW")


def test_missing_table_reported_before_return_values(ddb_nv):
    expect_error(ddb_nv.put_item, "ResourceNotFoundException",
                 "Cannot do operations on a non-existent table", TableName="no_such_table_rv",
                 Item=key("a"), ReturnValues="ALL_NEW")


@pytest.mark.reference_differs(
    "DynamoDB Local misreports an unknown ReturnConsumedCapacity as 'Cannot have null key for "
    "GetItem, DeleteItem, or UpdateItem'; DynamoDB checks the enum [INDEXES, TOTAL, NONE] "
    "(docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html)")
@pytest.mark.parametrize("op,args", [
    ("put_item", {"Item": key("a")}),
    ("get_item", {"Key": key("a")}),
    ("delete_item", {"Key": key("a")}),
])
def test_bad_return_consumed_capacity(ddb_nv, table, op, args):
    with raises_ddb(V) as info:
        getattr(ddb_nv, op)(TableName=table, ReturnConsumedCapacity="BAD", **args)
    assert "null key" not in str(info.value)


BAD_NAME = ("Invalid table/index name.  Table/index names must be between 3 and 255 characters "
            "long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'")


@pytest.mark.parametrize("name", ["ab", "a b", "x" * 256])
@pytest.mark.parametrize("op,args", [("put_item", {"Item": key("a")}),
                                     ("get_item", {"Key": key("a")}),
                                     ("delete_item", {"Key": key("a")})])
def test_item_ops_bad_table_name(ddb_nv, name, op, args):
    expect_error(getattr(ddb_nv, op), V, BAD_NAME, TableName=name, **args)


def test_put_item_without_item(call, table):
    with raises_ddb(V, "Item to put in PutItem cannot be null"):
        call("PutItem", {"TableName": table})


@pytest.mark.parametrize("op", ["GetItem", "DeleteItem"])
def test_key_missing(call, table, op):
    with raises_ddb(V, "Cannot have null key for GetItem, DeleteItem, or UpdateItem"):
        call(op, {"TableName": table})


# --- AttributesToGet -------------------------------------------------------------------------

@pytest.fixture
def item_g(ddb, table):
    item = {"pk": {"S": "g"}, "a": {"S": "1"}, "b": {"N": "2"}, "c": {"M": {"d": {"S": "x"}}}}
    ddb.put_item(TableName=table, Item=item)
    return table


def test_attributes_to_get(ddb, item_g):
    r = ddb.get_item(TableName=item_g, Key=key("g"), AttributesToGet=["a", "c", "zz"])
    assert r["Item"] == {"a": {"S": "1"}, "c": {"M": {"d": {"S": "x"}}}}
    r = ddb.get_item(TableName=item_g, Key=key("g"), AttributesToGet=["pk"])
    assert r["Item"] == {"pk": {"S": "g"}}


def test_attributes_to_get_none_present(raw, item_g):
    r = raw.post("GetItem", {"TableName": item_g, "Key": key("g"), "AttributesToGet": ["zz"]})
    assert r.json() == {"Item": {}}
    # A dotted name is a top-level attribute name, not a path.
    r = raw.post("GetItem", {"TableName": item_g, "Key": key("g"), "AttributesToGet": ["c.d"]})
    assert r.json() == {"Item": {}}


def test_attributes_to_get_missing_item(raw, item_g):
    r = raw.post("GetItem", {"TableName": item_g, "Key": key("none"), "AttributesToGet": ["a"]})
    assert r.json() == {}


@pytest.mark.parametrize("atg,message", [
    (["a", "a"], "Cannot have two attributes with the same name"),
    (["a", "b", "a"], "Cannot have two attributes with the same name"),
    ([], "AttributesToGet cannot be empty"),
    ([""], "Empty attribute name"),
])
def test_attributes_to_get_errors(ddb_nv, item_g, atg, message):
    expect_error(ddb_nv.get_item, V, message, TableName=item_g, Key=key("g"), AttributesToGet=atg)


def test_attributes_to_get_checked_before_table_lookup(ddb_nv):
    expect_error(ddb_nv.get_item, V, "Cannot have two attributes with the same name",
                 TableName="no_such_table_atg", Key=key("g"), AttributesToGet=["a", "a"])


def test_attributes_to_get_with_projection_expression(ddb_nv, item_g):
    expect_error(ddb_nv.get_item, V,
                 "Can not use both expression and non-expression parameters in the same request: "
                 "Non-expression parameters: {AttributesToGet} Expression parameters: "
                 "{ProjectionExpression}",
                 TableName=item_g, Key=key("g"), AttributesToGet=["a"], ProjectionExpression="a")


# --- BatchGetItem -----------------------------------------------------------------------------

def keys(n, prefix="k"):
    return [key(f"{prefix}{i}") for i in range(n)]


def fill(ddb, table, n, prefix="k", **extra):
    for i in range(0, n, 25):
        ddb.batch_write_item(RequestItems={table: [
            {"PutRequest": {"Item": {"pk": {"S": f"{prefix}{j}"}, **extra}}}
            for j in range(i, min(n, i + 25))]})


def test_batch_get_100_keys(ddb, table):
    fill(ddb, table, 100, v={"S": "x"})
    r = ddb.batch_get_item(RequestItems={table: {"Keys": keys(100)}})
    assert r["UnprocessedKeys"] == {}
    got = sorted(i["pk"]["S"] for i in r["Responses"][table])
    assert got == sorted(f"k{i}" for i in range(100))


def test_batch_get_missing_keys_are_absent(ddb, table):
    fill(ddb, table, 3)
    r = ddb.batch_get_item(RequestItems={table: {"Keys": keys(3) + [key("nope1"), key("nope2")]}})
    assert sorted(i["pk"]["S"] for i in r["Responses"][table]) == ["k0", "k1", "k2"]
    r = ddb.batch_get_item(RequestItems={table: {"Keys": [key("nope")]}})
    assert r["Responses"] == {table: []}
    assert r["UnprocessedKeys"] == {}


def test_batch_get_several_tables(ddb, make_table):
    t1, t2 = make_table(), make_table(range=("sk", "N"))
    ddb.put_item(TableName=t1, Item={"pk": {"S": "a"}, "v": {"S": "1"}})
    ddb.put_item(TableName=t2, Item={"pk": {"S": "a"}, "sk": {"N": "5"}, "v": {"S": "2"}})
    r = ddb.batch_get_item(RequestItems={
        t1: {"Keys": [key("a")], "ConsistentRead": True},
        t2: {"Keys": [{"pk": {"S": "a"}, "sk": {"N": "5"}}], "AttributesToGet": ["v"]}})
    assert r["Responses"][t1] == [{"pk": {"S": "a"}, "v": {"S": "1"}}]
    assert r["Responses"][t2] == [{"v": {"S": "2"}}]
    assert r["UnprocessedKeys"] == {}


def test_batch_get_100_keys_over_several_tables(ddb, make_table):
    t1, t2 = make_table(), make_table()
    r = ddb.batch_get_item(RequestItems={t1: {"Keys": keys(60)}, t2: {"Keys": keys(40)}})
    assert r["Responses"] == {t1: [], t2: []}


@pytest.mark.parametrize("split", [(101, 0), (60, 41)])
def test_batch_get_too_many_keys(ddb_nv, make_table, split):
    t1, t2 = make_table(), make_table()
    req = {t1: {"Keys": keys(split[0])}}
    if split[1]:
        req[t2] = {"Keys": keys(split[1])}
    expect_error(ddb_nv.batch_get_item, V, "Too many items requested for the BatchGetItem call",
                 RequestItems=req)


@pytest.mark.parametrize("request_items,message", [
    ({}, "BatchGetItem must have some requests set"),
    ({"T": {"Keys": []}}, "The list of keys in RequestItems for BatchGetItem is required: T has "
                          "empty list"),
    ({"T": {}}, "The list of keys in RequestItems for BatchGetItem is required: T has empty list"),
    ({"T": {"Keys": [key("1"), key("1")]}}, "Provided list of item keys contains duplicates"),
    ({"T": {"Keys": [{"x": {"S": "a"}}]}}, "One of the required keys was not given a value"),
    ({"T": {"Keys": [{"pk": {"N": "1"}}]}},
     "One or more parameter values were invalid: Type mismatch for key"),
    ({"T": {"Keys": [{"pk": {"S": "a"}, "x": {"S": "a"}}]}},
     "The number of conditions on the keys is invalid"),
    ({"T": {"Keys": [{}]}}, "The number of conditions on the keys is invalid"),
    ({"T": {"Keys": [key("1")], "AttributesToGet": ["pk", "pk"]}},
     "One or more parameter values were invalid: Duplicate value in attribute name: pk"),
    ({"T": {"Keys": [key("1")], "AttributesToGet": []}}, "AttributesToGet cannot be empty"),
    ({"ab": {"Keys": [key("1")]}}, "Invalid table/index name.  Table/index names must be between "
     "3 and 255 characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', "
     "and '.'"),
])
def test_batch_get_errors(ddb_nv, table, request_items, message):
    req = {(table if k == "T" else k): v for k, v in request_items.items()}
    if "T" in request_items:
        message = message.replace("T has", f"{table} has")
    expect_error(ddb_nv.batch_get_item, V, message, RequestItems=req)


def test_batch_get_missing_table(ddb, table):
    expect_error(ddb.batch_get_item, "ResourceNotFoundException",
                 "Cannot do operations on a non-existent table",
                 RequestItems={table: {"Keys": [key("a")]},
                               "no_such_table_bg": {"Keys": [key("a")]}})


def test_batch_get_large_items_unprocessed_keys(ddb, table):
    """100 items of ~400 KB exceed the 16 MB response limit: every key comes back
    exactly once, either in Responses or in UnprocessedKeys, and asking again
    for the unprocessed keys eventually returns all of them."""
    big = "x" * (399 * 1024)
    for i in range(100):
        ddb.put_item(TableName=table, Item={"pk": {"S": f"k{i}"}, "v": {"S": big}})
    wanted = {f"k{i}" for i in range(100)}
    request = {table: {"Keys": keys(100), "ConsistentRead": True}}
    r = ddb.batch_get_item(RequestItems=request)
    got = [i["pk"]["S"] for i in r["Responses"][table]]
    unprocessed = r["UnprocessedKeys"][table]
    left = [k["pk"]["S"] for k in unprocessed["Keys"]]
    assert 0 < len(got) < 100
    assert len(got) * (399 * 1024) <= 16 * 1024 * 1024
    assert sorted(got + left) == sorted(wanted)
    assert unprocessed["ConsistentRead"] is True  # the request's options come back too
    assert all(i["v"]["S"] == big for i in r["Responses"][table])
    seen = set(got)
    for _ in range(10):
        if not unprocessed:
            break
        r = ddb.batch_get_item(RequestItems={table: unprocessed})
        seen |= {i["pk"]["S"] for i in r["Responses"][table]}
        unprocessed = r["UnprocessedKeys"].get(table)
    assert seen == wanted


# --- BatchWriteItem -------------------------------------------------------------------------

def put_req(k, **extra):
    return {"PutRequest": {"Item": {"pk": {"S": k}, **extra}}}


def del_req(k):
    return {"DeleteRequest": {"Key": key(k)}}


def test_batch_write_25(ddb, table):
    r = ddb.batch_write_item(RequestItems={table: [put_req(f"w{i}") for i in range(25)]})
    assert r["UnprocessedItems"] == {}
    got = ddb.batch_get_item(RequestItems={table: {"Keys": keys(25, "w")}})
    assert len(got["Responses"][table]) == 25


def test_batch_write_mixed_and_several_tables(ddb, make_table):
    t1, t2 = make_table(), make_table(range=("sk", "N"))
    ddb.put_item(TableName=t1, Item={"pk": {"S": "old"}})
    ddb.put_item(TableName=t2, Item={"pk": {"S": "old"}, "sk": {"N": "1"}})
    r = ddb.batch_write_item(RequestItems={
        t1: [put_req("new", v={"N": "7"}), del_req("old"), del_req("never-existed")],
        t2: [{"DeleteRequest": {"Key": {"pk": {"S": "old"}, "sk": {"N": "1"}}}},
             {"PutRequest": {"Item": {"pk": {"S": "n"}, "sk": {"N": "2"}}}}]})
    assert r["UnprocessedItems"] == {}
    assert ddb.get_item(TableName=t1, Key=key("new"))["Item"] == \
        {"pk": {"S": "new"}, "v": {"N": "7"}}
    assert "Item" not in ddb.get_item(TableName=t1, Key=key("old"))
    assert "Item" not in ddb.get_item(TableName=t2, Key={"pk": {"S": "old"}, "sk": {"N": "1"}})
    assert "Item" in ddb.get_item(TableName=t2, Key={"pk": {"S": "n"}, "sk": {"N": "2"}})


def test_batch_write_same_key_in_two_tables_is_fine(ddb, make_table):
    t1, t2 = make_table(), make_table()
    ddb.batch_write_item(RequestItems={t1: [put_req("same")], t2: [put_req("same")]})
    assert ddb.get_item(TableName=t2, Key=key("same"))["Item"] == key("same")


@pytest.mark.parametrize("split", [(26, 0), (13, 13)])
def test_batch_write_too_many(ddb_nv, make_table, split):
    t1, t2 = make_table(), make_table()
    req = {t1: [put_req(f"a{i}") for i in range(split[0])]}
    if split[1]:
        req[t2] = [put_req(f"b{i}") for i in range(split[1])]
    expect_error(ddb_nv.batch_write_item, V, "Too many items requested for the BatchWriteItem call",
                 RequestItems=req)


DUP = "Provided list of item keys contains duplicates"


@pytest.mark.parametrize("reqs,message", [
    ([], "The batch write request list for a table cannot be null or empty: {table}"),
    ([put_req("1"), put_req("1")], DUP),
    ([put_req("1"), del_req("1")], DUP),
    ([del_req("1"), del_req("1")], DUP),
    ([put_req("1", v={"S": "a"}), put_req("1", v={"S": "b"})], DUP),
    ([{}], "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
           "the supported datatypes"),
    ([{"PutRequest": {"Item": key("a")}, "DeleteRequest": {"Key": key("b")}}],
     "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
     "supported datatypes"),
    ([{"PutRequest": {}}], "The supplied Item contains a null AttributeValue"),
    ([{"DeleteRequest": {}}], "The supplied Item contains a null AttributeValue"),
    ([{"PutRequest": {"Item": {"x": {"S": "a"}}}}], "One of the required keys was not given a value"),
    ([{"PutRequest": {"Item": {"pk": {"N": "1"}}}}],
     "One or more parameter values were invalid: Type mismatch for key"),
    ([{"DeleteRequest": {"Key": {"pk": {"S": "a"}, "x": {"S": "b"}}}}],
     "The number of conditions on the keys is invalid"),
    ([put_req("a", x={"S": "y" * 409600})], "Item size has exceeded the maximum allowed size"),
    ([put_req("a", x={"SS": []})],
     "One or more parameter values were invalid: An string set  may not be empty"),
    ([put_req("a", x={"N": "1e200"})],
     "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ([{"PutRequest": {"Item": {"pk": {"S": ""}}}}],
     "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
     "contain an empty string value. Key: pk"),
])
def test_batch_write_errors(ddb, ddb_nv, table, reqs, message):
    message = message.replace("{table}", table)
    ddb.put_item(TableName=table, Item={"pk": {"S": "1"}, "keep": {"S": "me"}})
    expect_error(ddb_nv.batch_write_item, V, message, RequestItems={table: reqs})
    # A refused batch writes nothing.
    assert ddb.get_item(TableName=table, Key=key("1"))["Item"]["keep"] == {"S": "me"}


def test_batch_write_refused_batch_writes_nothing(ddb, ddb_nv, table):
    expect_error(ddb_nv.batch_write_item, V, DUP,
                 RequestItems={table: [put_req("first"), put_req("x"), put_req("x")]})
    assert "Item" not in ddb.get_item(TableName=table, Key=key("first"))


def test_batch_write_empty_request(ddb_nv):
    expect_error(ddb_nv.batch_write_item, V, "BatchWriteItem cannot have a null or no requests set",
                 RequestItems={})


def test_batch_write_missing_table(ddb, table):
    expect_error(ddb.batch_write_item, "ResourceNotFoundException",
                 "Cannot do operations on a non-existent table",
                 RequestItems={table: [put_req("a")], "no_such_table_bw": [put_req("a")]})
    assert "Item" not in ddb.get_item(TableName=table, Key=key("a"))


def test_batch_write_bad_table_name(ddb_nv):
    expect_error(ddb_nv.batch_write_item, V,
                 "Invalid table/index name.  Table/index names must be between 3 and 255 characters "
                 "long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'",
                 RequestItems={"ab": [put_req("a")]})


def test_batch_write_item_collection_metrics_none_without_indexes(ddb, table):
    r = ddb.batch_write_item(RequestItems={table: [put_req("a")]},
                             ReturnItemCollectionMetrics="SIZE")
    assert r["UnprocessedItems"] == {}
    assert not r.get("ItemCollectionMetrics")
