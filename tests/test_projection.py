"""ProjectionExpression on GetItem and BatchGetItem end to end: top-level and
nested paths, list indexes (elements come back in list order, compacted),
names, what an item with nothing projected looks like, per-table
projections and names in BatchGetItem, and the errors with their order
against key and table problems."""
import pytest

from expr_helpers import V, create_table, delete_table_quietly, norm
from helpers import raises_ddb


ITEM = {
    "pk": {"S": "p"},
    "a": {"N": "1"},
    "b": {"S": "x"},
    "l": {"L": [{"N": "0"},
                {"M": {"x": {"N": "1"}, "y": {"N": "2"}}},
                {"L": [{"S": "p"}, {"S": "q"}]}]},
    "m": {"M": {"a": {"N": "1"},
                "b": {"M": {"c": {"S": "deep"}, "d": {"SS": ["s"]}}},
                "dot.key": {"N": "7"}}},
    "ss": {"SS": ["a", "b"]},
    "a.b": {"S": "dotted"},
    "name": {"S": "reserved"},
    "e": {"L": []},
    "em": {"M": {}},
}
KEY = {"pk": {"S": "p"}}


@pytest.fixture(scope="module")
def tbl(ddb):
    name = create_table(ddb)
    ddb.put_item(TableName=name, Item=ITEM)
    yield name
    delete_table_quietly(ddb, name)


def L(*xs):
    return {"L": list(xs)}


def M(**kw):
    return {"M": kw}


# (ProjectionExpression, ExpressionAttributeNames, the item returned)
PROJECTIONS = [
    ("a", None, {"a": ITEM["a"]}),
    ("a, b", None, {"a": ITEM["a"], "b": ITEM["b"]}),
    ("b,a", None, {"a": ITEM["a"], "b": ITEM["b"]}),
    ("pk", None, KEY),
    ("a, pk", None, {"a": ITEM["a"], "pk": ITEM["pk"]}),
    ("ss", None, {"ss": ITEM["ss"]}),
    ("m", None, {"m": ITEM["m"]}),
    ("m.a", None, {"m": M(a={"N": "1"})}),
    ("m.b", None, {"m": M(b=ITEM["m"]["M"]["b"])}),
    ("m.b.c", None, {"m": M(b=M(c={"S": "deep"}))}),
    ("m.b.c, m.a", None, {"m": M(a={"N": "1"}, b=M(c={"S": "deep"}))}),
    ("m.b.c, m.b.d", None, {"m": M(b=M(c={"S": "deep"}, d={"SS": ["s"]}))}),
    ("m.a, m.b.c, l[1].x, a", None,
     {"a": ITEM["a"], "m": M(a={"N": "1"}, b=M(c={"S": "deep"})), "l": L(M(x={"N": "1"}))}),
    ("l[0]", None, {"l": L({"N": "0"})}),
    ("l[1].y", None, {"l": L(M(y={"N": "2"}))}),
    ("l[2][1]", None, {"l": L(L({"S": "q"}))}),
    ("l[2][1], l[0]", None, {"l": L({"N": "0"}, L({"S": "q"}))}),
    ("l[2], l[0]", None, {"l": L({"N": "0"}, L({"S": "p"}, {"S": "q"}))}),  # list order
    ("l[0], l[2][0]", None, {"l": L({"N": "0"}, L({"S": "p"}))}),
    ("l[5], l[1].x", None, {"l": L(M(x={"N": "1"}))}),
    ("#n", {"#n": "name"}, {"name": ITEM["name"]}),
    ("#ab", {"#ab": "a.b"}, {"a.b": ITEM["a.b"]}),
    ("m.#d", {"#d": "dot.key"}, {"m": M(**{"dot.key": {"N": "7"}})}),
    ("#m.#b.#c", {"#m": "m", "#b": "b", "#c": "c"}, {"m": M(b=M(c={"S": "deep"}))}),
    ("e, em", None, {"e": L(), "em": M()}),
    # nothing matches: the item is there, so "Item" is present and empty
    ("nope", None, {}),
    ("nope, m.nope, l[9]", None, {}),
    ("a.b", None, {}),                  # a path a -> b, not the name "a.b"
    ("l[5]", None, {}),
    ("l[1][0].x", None, {}),            # a map indexed as a list
    ("m.a.z", None, {}),                # through a number
    ("ss[0]", None, {}),                # sets are not lists
    ("e[0]", None, {}),
    ("b[0]", None, {}),
]


@pytest.mark.parametrize("case", PROJECTIONS, ids=[c[0] for c in PROJECTIONS])
def test_get_item_projection(raw, tbl, case):
    expr, names, expected = case
    body = {"TableName": tbl, "Key": KEY, "ProjectionExpression": expr}
    if names:
        body["ExpressionAttributeNames"] = names
    r = raw.post("GetItem", body)
    assert r.status == 200, r.body
    assert norm(r.json()) == norm({"Item": expected})


@pytest.mark.parametrize("case", PROJECTIONS[::3], ids=[c[0] for c in PROJECTIONS[::3]])
def test_batch_get_projection(ddb, tbl, case):
    expr, names, expected = case
    req = {"Keys": [KEY], "ProjectionExpression": expr}
    if names:
        req["ExpressionAttributeNames"] = names
    r = ddb.batch_get_item(RequestItems={tbl: req})
    assert [norm(i) for i in r["Responses"][tbl]] == [norm(expected)]


def test_get_missing_item_with_projection(raw, tbl):
    r = raw.post("GetItem", {"TableName": tbl, "Key": {"pk": {"S": "none"}},
                             "ProjectionExpression": "a, m.b"})
    assert r.status == 200 and r.json() == {}


def test_projection_does_not_change_the_item(ddb, tbl):
    ddb.get_item(TableName=tbl, Key=KEY, ProjectionExpression="m.b.c")
    assert norm(ddb.get_item(TableName=tbl, Key=KEY, ConsistentRead=True)["Item"]) == norm(ITEM)


def test_get_item_ignores_expression_attribute_values(raw, tbl):
    """GetItem has no ExpressionAttributeValues member: it is ignored like
    any unknown member."""
    r = raw.post("GetItem", {"TableName": tbl, "Key": KEY, "ProjectionExpression": "a",
                             "ExpressionAttributeValues": {":v": {"N": "1"}}})
    assert r.status == 200 and r.json() == {"Item": {"a": {"N": "1"}}}


IP = "Invalid ProjectionExpression: "
OVERLAP = IP + ("Two document paths overlap with each other; must remove or rewrite one of "
                "these paths; path one: {}, path two: {}")
CONFLICT = IP + ("Two document paths conflict with each other; must remove or rewrite one of "
                 "these paths; path one: {}, path two: {}")
PROJECTION_ERRORS = [
    ("a, a", None, OVERLAP.format("[a]", "[a]")),
    ("#a, a", {"#a": "a"}, OVERLAP.format("[a]", "[a]")),
    ("m.b, m.b.c", None, OVERLAP.format("[m, b]", "[m, b, c]")),
    ("m.b.c, m", None, OVERLAP.format("[m, b, c]", "[m]")),
    ("l[0], l", None, OVERLAP.format("[l, [0]]", "[l]")),
    ("l[1].x, l[1]", None, OVERLAP.format("[l, [1], x]", "[l, [1]]")),
    ("l[0], l[0]", None, OVERLAP.format("[l, [0]]", "[l, [0]]")),
    ("m.a, m[0]", None, CONFLICT.format("[m, a]", "[m, [0]]")),
    ("l[0], l.x", None, CONFLICT.format("[l, [0]]", "[l, x]")),
    ("", None, IP + "The expression can not be empty;"),
    ("a,", None, IP + 'Syntax error; token: "<EOF>", near: ","'),
    ("a b", None, IP + 'Syntax error; token: "b", near: "a b"'),
    ("size(a)", None, IP + 'Syntax error; token: "(", near: "size(a"'),
    ("(a)", None, IP + 'Syntax error; token: "(", near: "(a"'),
    ("l[-1]", None, IP + 'Syntax error; token: "-", near: "[-1"'),
    ("l[0001]", None, IP + 'Syntax error; token: "0", near: "000"'),
    ("m.*", None, IP + 'Syntax error; token: "*", near: ".*"'),
    (":v", None, IP + 'Syntax error; token: ":v", near: ":v"'),
    ("name", None, IP + "Attribute name is a reserved keyword; reserved keyword: name"),
    ("#n", None, IP + "An expression attribute name used in the document path is not defined; "
                      "attribute name: #n"),
    ("a.:v", None, IP + "An expression attribute name used in the document path is not defined; "
                        "attribute name: :v"),
    ("a", {"#n": "x"}, "Value provided in ExpressionAttributeNames unused in expressions: "
                       "keys: {#n}"),
    ("a", {}, "ExpressionAttributeNames must not be empty"),
    ("l[3000000000]", None,
     IP + "List index is not within the allowable range; index: [3000000000]"),
]


@pytest.mark.parametrize("case", PROJECTION_ERRORS,
                         ids=[c[0] or "<empty>" for c in PROJECTION_ERRORS])
@pytest.mark.parametrize("op", ["GetItem", "BatchGetItem"])
def test_projection_errors(ddb, tbl, op, case):
    expr, names, message = case
    extra = {} if names is None else {"ExpressionAttributeNames": names}
    with raises_ddb(V, message):
        if op == "GetItem":
            ddb.get_item(TableName=tbl, Key=KEY, ProjectionExpression=expr, **extra)
        else:
            ddb.batch_get_item(RequestItems={tbl: dict(Keys=[KEY], ProjectionExpression=expr,
                                                       **extra)})


# --- BatchGetItem: one projection and one name map per table ---------------------------------

@pytest.fixture(scope="module")
def two_tables(ddb):
    t1 = create_table(ddb)
    t2 = create_table(ddb, range=("sk", "N"))
    ddb.put_item(TableName=t1, Item={"pk": {"S": "a"}, "name": {"S": "n1"},
                                     "m": M(x={"N": "1"}, y={"N": "2"}),
                                     "l": L({"N": "1"}, {"N": "2"})})
    ddb.put_item(TableName=t1, Item={"pk": {"S": "b"}, "other": {"S": "o"}})
    ddb.put_item(TableName=t2, Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "name": {"S": "n2"},
                                     "size": {"N": "5"}, "y": {"S": "t2"}})
    yield t1, t2
    delete_table_quietly(ddb, t1)
    delete_table_quietly(ddb, t2)


def test_batch_get_projection_per_table(ddb, two_tables):
    t1, t2 = two_tables
    r = ddb.batch_get_item(RequestItems={
        t1: {"Keys": [{"pk": {"S": "a"}}, {"pk": {"S": "b"}}, {"pk": {"S": "missing"}}],
             "ProjectionExpression": "#n, m.y, l[1]", "ExpressionAttributeNames": {"#n": "name"}},
        t2: {"Keys": [{"pk": {"S": "a"}, "sk": {"N": "1"}}],
             "ProjectionExpression": "#n, sk", "ExpressionAttributeNames": {"#n": "size"}},
    })
    got1 = sorted(r["Responses"][t1], key=len)
    # "b" exists but has none of the projected attributes: an empty item.
    assert got1 == [{}, {"name": {"S": "n1"}, "m": M(y={"N": "2"}), "l": L({"N": "2"})}]
    assert r["Responses"][t2] == [{"size": {"N": "5"}, "sk": {"N": "1"}}]
    assert r["UnprocessedKeys"] == {}


def test_batch_get_projection_on_one_table_only(ddb, two_tables):
    t1, t2 = two_tables
    r = ddb.batch_get_item(RequestItems={
        t1: {"Keys": [{"pk": {"S": "a"}}], "ProjectionExpression": "l[0]"},
        t2: {"Keys": [{"pk": {"S": "a"}, "sk": {"N": "1"}}]},
    })
    assert r["Responses"][t1] == [{"l": L({"N": "1"})}]
    assert r["Responses"][t2] == [{"pk": {"S": "a"}, "sk": {"N": "1"}, "name": {"S": "n2"},
                                   "size": {"N": "5"}, "y": {"S": "t2"}}]


@pytest.mark.parametrize("second,message", [
    # the names of one table are not visible to the other
    ({"ProjectionExpression": "#n"},
     IP + "An expression attribute name used in the document path is not defined; "
          "attribute name: #n"),
    ({"ProjectionExpression": "y", "ExpressionAttributeNames": {"#u": "u"}},
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}"),
    ({"ExpressionAttributeNames": {"#a": "a"}},
     "ExpressionAttributeNames can only be specified when using expressions"),
    ({"ProjectionExpression": "y", "AttributesToGet": ["y"]},
     "Can not use both expression and non-expression parameters in the same request: "
     "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"),
])
def test_batch_get_errors_per_table(ddb, two_tables, second, message):
    t1, t2 = two_tables
    with raises_ddb(V, message):
        ddb.batch_get_item(RequestItems={
            t1: {"Keys": [{"pk": {"S": "a"}}], "ProjectionExpression": "#n",
                 "ExpressionAttributeNames": {"#n": "name"}},
            t2: dict(Keys=[{"pk": {"S": "a"}, "sk": {"N": "1"}}], **second),
        })


# --- validation order --------------------------------------------------------------------

def test_get_item_projection_error_beats_key_errors(raw, tbl):
    """GetItem checks ProjectionExpression before the key."""
    for key in ({"pk": {"N": "1"}}, {"pk": {"S": "a"}, "x": {"S": "1"}}, {"zz": {"S": "a"}}):
        r = raw.post("GetItem", {"TableName": tbl, "Key": key, "ProjectionExpression": "a,"})
        assert (r.error_type, r.message) == (V, IP + 'Syntax error; token: "<EOF>", near: ","')
    r = raw.post("GetItem", {"TableName": tbl, "Key": {"pk": {"N": "1"}},
                             "ProjectionExpression": "a", "ExpressionAttributeNames": {"#u": "u"}})
    assert r.message == "Value provided in ExpressionAttributeNames unused in expressions: " \
                        "keys: {#u}"


def test_batch_get_key_error_beats_projection_error(raw, tbl):
    """BatchGetItem checks the keys first."""
    r = raw.post("BatchGetItem", {"RequestItems": {tbl: {"Keys": [{"pk": {"N": "1"}}],
                                                         "ProjectionExpression": "a,"}}})
    assert (r.error_type, r.message) == \
        (V, "One or more parameter values were invalid: Type mismatch for key")


@pytest.mark.parametrize("op", ["GetItem", "BatchGetItem"])
def test_missing_table_beats_projection_error(raw, tbl, op):
    missing = "rt_no_such_table_projection"
    if op == "GetItem":
        body = {"TableName": missing, "Key": {"pk": {"N": "1"}}, "ProjectionExpression": "a,"}
    else:
        body = {"RequestItems": {tbl: {"Keys": [KEY], "ProjectionExpression": "a,"},
                                 missing: {"Keys": [KEY]}}}
    r = raw.post(op, body)
    assert (r.error_type, r.message) == \
        ("ResourceNotFoundException", "Cannot do operations on a non-existent table")
