"""UpdateItem with UpdateExpression end to end: each action's effect on real
items (read back), item creation, every ReturnValues mode and the exact shape
of the response, run-time and parse-time errors (nothing written), exact
decimal arithmetic with DynamoDB's precision/overflow/underflow errors, the
400 KB limit after an update, ReturnConsumedCapacity, and requests with
nothing to update."""
from decimal import Decimal

import pytest

from expr_helpers import V, create_table, delete_table_quietly, get, new_key, norm
from helpers import ITEM_LIMIT, item_of_size, item_size, raises_ddb


@pytest.fixture(scope="module")
def tbl(ddb):
    name = create_table(ddb)
    yield name
    delete_table_quietly(ddb, name)


def N(x):
    return {"N": str(x)}


def S(x):
    return {"S": x}


def L(*xs):
    return {"L": list(xs)}


def M(**kw):
    return {"M": kw}


BASE = {
    "n": N(5),
    "s": S("str"),
    "l": L(N(1), N(2), N(3)),
    "m": M(a=N(1), b=M(c=S("x"))),
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": [b"\x01"]},
    "nul": {"NULL": True},
    "t": {"BOOL": True},
    "nl": L(L(N(1), N(2)), M(k=S("v"))),
}


def changed(**kw):
    """BASE with attributes replaced (a value of None removes it)."""
    out = dict(BASE)
    for k, x in kw.items():
        if x is None:
            out.pop(k, None)
        else:
            out[k] = x
    return out


ONE = {":one": N(1)}
V1 = {":v": N(1)}

# (update expression, ExpressionAttributeValues, ExpressionAttributeNames, item after)
UPDATES = [
    # --- SET ---
    ("SET x = :v", {":v": S("new")}, None, changed(x=S("new"))),
    ("SET s = :v", {":v": S("replaced")}, None, changed(s=S("replaced"))),
    ("SET s = :v", {":v": N(7)}, None, changed(s=N(7))),      # any type replaces any type
    ("SET n = n + :one", ONE, None, changed(n=N(6))),
    ("SET n = n - :one", ONE, None, changed(n=N(4))),
    ("SET n = :one - n", ONE, None, changed(n=N(-4))),
    ("SET n = n + :v", {":v": N("-7.5")}, None, changed(n=N("-2.5"))),
    ("SET x = n + n", None, None, changed(x=N(10))),
    ("SET x = l[0] + m.a", None, None, changed(x=N(2))),
    ("SET x = :a + :b", {":a": N("0.1"), ":b": N("0.2")}, None, changed(x=N("0.3"))),
    ("SET a = s, s = n", None, None, changed(a=S("str"), s=N(5))),
    ("SET s = n, n = s", None, None, changed(s=N(5), n=S("str"))),      # RHS reads the old item
    ("SET m.a = :v", {":v": S("A")}, None, changed(m=M(a=S("A"), b=M(c=S("x"))))),
    ("SET m.z = :v", {":v": N(0)}, None, changed(m=M(a=N(1), b=M(c=S("x")), z=N(0)))),
    ("SET m.b.c = :v", {":v": L()}, None, changed(m=M(a=N(1), b=M(c=L())))),
    ("SET m.b.d = m.a", None, None, changed(m=M(a=N(1), b=M(c=S("x"), d=N(1))))),
    ("SET m.b = :v", {":v": M()}, None, changed(m=M(a=N(1), b=M()))),
    ("SET #a.#b.#c = :v", {":v": S("y")}, {"#a": "m", "#b": "b", "#c": "c"},
     changed(m=M(a=N(1), b=M(c=S("y"))))),
    ("SET #dot = :v", {":v": S("y")}, {"#dot": "m.a"}, changed(**{"m.a": S("y")})),
    ("SET #name = :v", {":v": S("y")}, {"#name": "name"}, changed(name=S("y"))),
    ("SET l[0] = :v", {":v": S("first")}, None, changed(l=L(S("first"), N(2), N(3)))),
    ("SET l[2] = :v", {":v": S("last")}, None, changed(l=L(N(1), N(2), S("last")))),
    ("SET l[3] = :v", {":v": N(4)}, None, changed(l=L(N(1), N(2), N(3), N(4)))),
    ("SET l[100] = :v", {":v": N(4)}, None, changed(l=L(N(1), N(2), N(3), N(4)))),
    ("SET l[10] = :a, l[20] = :b", {":a": N(10), ":b": N(20)}, None,
     changed(l=L(N(1), N(2), N(3), N(10), N(20)))),
    ("SET l[20] = :b, l[10] = :a", {":a": N(10), ":b": N(20)}, None,
     changed(l=L(N(1), N(2), N(3), N(10), N(20)))),     # appended in index order
    ("SET l[1] = l[2], l[2] = l[1]", None, None, changed(l=L(N(1), N(3), N(2)))),
    ("SET l = list_append(l, :v)", {":v": L(N(4), N(5))}, None,
     changed(l=L(N(1), N(2), N(3), N(4), N(5)))),
    ("SET l = list_append(:v, l)", {":v": L(N(0))}, None, changed(l=L(N(0), N(1), N(2), N(3)))),
    ("SET l = list_append(l, l)", None, None, changed(l=L(N(1), N(2), N(3), N(1), N(2), N(3)))),
    ("SET x = list_append(:a, :b)", {":a": L(S("a")), ":b": L()}, None, changed(x=L(S("a")))),
    ("SET l = list_append(l, :v)", {":v": L()}, None, BASE),
    ("SET nl[0] = list_append(nl[0], :v)", {":v": L(N(3))}, None,
     changed(nl=L(L(N(1), N(2), N(3)), M(k=S("v"))))),
    ("SET x = if_not_exists(x, :v)", {":v": S("init")}, None, changed(x=S("init"))),
    ("SET n = if_not_exists(n, :v)", {":v": N(0)}, None, BASE),
    ("SET n = if_not_exists(n, :zero) + :one", {":zero": N(0), ":one": N(1)}, None,
     changed(n=N(6))),
    ("SET cnt = if_not_exists(cnt, :zero) + :one", {":zero": N(0), ":one": N(1)}, None,
     changed(cnt=N(1))),
    ("SET m.a = if_not_exists(m.q, m.b)", None, None, changed(m=M(a=M(c=S("x")), b=M(c=S("x"))))),
    ("SET x = l[1]", None, None, changed(x=N(2))),
    ("SET x = m", None, None, changed(x=BASE["m"])),
    ("SET x = m.b.c", None, None, changed(x=S("x"))),
    ("SET x = nl[1].k", None, None, changed(x=S("v"))),
    ("SET nl[0][1] = :v", {":v": N(9)}, None, changed(nl=L(L(N(1), N(9)), M(k=S("v"))))),
    ("SET nl[1].k = :v", {":v": N(9)}, None, changed(nl=L(L(N(1), N(2)), M(k=N(9))))),
    ("SET nl[1].nw = :v", {":v": N(9)}, None,
     changed(nl=L(L(N(1), N(2)), M(k=S("v"), nw=N(9))))),
    ("SET x = :v", {":v": {"B": b"\x00\xff"}}, None, changed(x={"B": b"\x00\xff"})),
    ("SET x = :v", {":v": {"BOOL": False}}, None, changed(x={"BOOL": False})),
    ("SET x = :v", {":v": {"NULL": True}}, None, changed(x={"NULL": True})),
    ("SET x = :v", {":v": {"SS": ["q"]}}, None, changed(x={"SS": ["q"]})),
    ("SET x = :v", {":v": {"NS": ["1.5"]}}, None, changed(x={"NS": ["1.5"]})),
    ("SET x = :v", {":v": {"BS": [b"\x02"]}}, None, changed(x={"BS": [b"\x02"]})),
    ("SET x = :v", {":v": M(deep=L(M(er=S("est"))))}, None,
     changed(x=M(deep=L(M(er=S("est")))))),
    ("SET x = :v", {":v": S("")}, None, changed(x=S(""))),
    ("SET x = :v", {":v": {"B": b""}}, None, changed(x={"B": b""})),
    ("SET ss = :v", {":v": {"SS": ["z"]}}, None, changed(ss={"SS": ["z"]})),
    ("SET x = (:v)", {":v": N(1)}, None, changed(x=N(1))),
    ("set x = :v", {":v": N(1)}, None, changed(x=N(1))),
    ("SET x=:v,y=:v", {":v": N(1)}, None, changed(x=N(1), y=N(1))),
    ("  SET   x = :v  ", {":v": N(1)}, None, changed(x=N(1))),
    # --- REMOVE ---
    ("REMOVE s", None, None, changed(s=None)),
    ("REMOVE nope", None, None, BASE),
    ("REMOVE s, n, t", None, None, changed(s=None, n=None, t=None)),
    ("REMOVE m.a", None, None, changed(m=M(b=M(c=S("x"))))),
    ("REMOVE m.b.c", None, None, changed(m=M(a=N(1), b=M()))),
    ("REMOVE m.nope", None, None, BASE),
    ("REMOVE l[0]", None, None, changed(l=L(N(2), N(3)))),
    ("REMOVE l[2]", None, None, changed(l=L(N(1), N(2)))),
    ("REMOVE l[0], l[1]", None, None, changed(l=L(N(3)))),   # indexes of the list as it was
    ("REMOVE l[1], l[0]", None, None, changed(l=L(N(3)))),
    ("REMOVE l[0], l[1], l[2]", None, None, changed(l=L())),
    ("REMOVE l[10]", None, None, BASE),
    ("REMOVE nl[0][0], nl[1].k", None, None, changed(nl=L(L(N(2)), M()))),
    ("REMOVE #k", None, {"#k": "ss"}, changed(ss=None)),
    ("remove s", None, None, changed(s=None)),
    # --- ADD ---
    ("ADD n :one", ONE, None, changed(n=N(6))),
    ("ADD n :v", {":v": N("-5")}, None, changed(n=N(0))),
    ("ADD n :v", {":v": N("0.001")}, None, changed(n=N("5.001"))),
    ("ADD x :one", ONE, None, changed(x=N(1))),
    ("ADD m.a :one", ONE, None, changed(m=M(a=N(2), b=M(c=S("x"))))),
    ("ADD l[1] :one", ONE, None, changed(l=L(N(1), N(3), N(3)))),
    ("ADD m.nw :one", ONE, None, changed(m=M(a=N(1), b=M(c=S("x")), nw=N(1)))),
    ("ADD l[7] :one", ONE, None, changed(l=L(N(1), N(2), N(3), N(1)))),
    ("ADD ss :v", {":v": {"SS": ["b", "c"]}}, None, changed(ss={"SS": ["a", "b", "c"]})),
    ("ADD ss :v", {":v": {"SS": ["a"]}}, None, BASE),
    ("ADD ns :v", {":v": {"NS": ["2.0", "3"]}}, None, changed(ns={"NS": ["1", "2", "3"]})),
    ("ADD bs :v", {":v": {"BS": [b"\x02"]}}, None, changed(bs={"BS": [b"\x01", b"\x02"]})),
    ("ADD newset :v", {":v": {"SS": ["q"]}}, None, changed(newset={"SS": ["q"]})),
    ("ADD newset :v", {":v": {"NS": ["7"]}}, None, changed(newset={"NS": ["7"]})),
    ("ADD n :one, x :one", ONE, None, changed(n=N(6), x=N(1))),
    ("add n :one", ONE, None, changed(n=N(6))),
    # --- DELETE ---
    ("DELETE ss :v", {":v": {"SS": ["a"]}}, None, changed(ss={"SS": ["b"]})),
    ("DELETE ss :v", {":v": {"SS": ["a", "b"]}}, None, changed(ss=None)),   # empty: removed
    ("DELETE ss :v", {":v": {"SS": ["a", "b", "zz"]}}, None, changed(ss=None)),
    ("DELETE ss :v", {":v": {"SS": ["zz"]}}, None, BASE),
    ("DELETE ns :v", {":v": {"NS": ["1.00"]}}, None, changed(ns={"NS": ["2"]})),
    ("DELETE bs :v", {":v": {"BS": [b"\x01"]}}, None, changed(bs=None)),
    ("DELETE nope :v", {":v": {"SS": ["a"]}}, None, BASE),
    ("DELETE ss :a, ns :b", {":a": {"SS": ["a"]}, ":b": {"NS": ["2"]}}, None,
     changed(ss={"SS": ["b"]}, ns={"NS": ["1"]})),
    # --- several clauses ---
    ("SET x = :v REMOVE s ADD n :one DELETE ss :d",
     {":v": N(0), ":one": N(1), ":d": {"SS": ["a"]}}, None,
     changed(x=N(0), s=None, n=N(6), ss={"SS": ["b"]})),
    ("DELETE ss :d ADD n :one REMOVE s SET x = :v",
     {":v": N(0), ":one": N(1), ":d": {"SS": ["a"]}}, None,
     changed(x=N(0), s=None, n=N(6), ss={"SS": ["b"]})),
    ("SET l[0] = :v REMOVE l[1]", {":v": N(0)}, None, changed(l=L(N(0), N(3)))),
    ("SET l[5] = :v REMOVE l[0]", {":v": N(9)}, None, changed(l=L(N(2), N(3), N(9)))),
    ("REMOVE m.a SET m.b.c = :v", {":v": N(0)}, None, changed(m=M(b=M(c=N(0))))),
    ("SET x = s REMOVE s", None, None, changed(x=S("str"), s=None)),
]


def update_id(case):
    return case[0]


def run_update(ddb, tbl, expr, values, names, key, **extra):
    args = dict(TableName=tbl, Key=key, UpdateExpression=expr, **extra)
    if values:
        args["ExpressionAttributeValues"] = values
    if names:
        args["ExpressionAttributeNames"] = names
    return ddb.update_item(**args)


@pytest.mark.parametrize("case", UPDATES, ids=[update_id(c) for c in UPDATES])
def test_update_action(ddb, tbl, case):
    expr, values, names, after = case
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(BASE, **key))
    r = run_update(ddb, tbl, expr, values, names, key, ReturnValues="ALL_NEW")
    assert norm(r["Attributes"]) == norm(dict(after, **key))
    assert get(ddb, tbl, key) == norm(dict(after, **key))


# --- errors: ValidationException and the item left as it was -------------------------------

IU = "Invalid UpdateExpression: "
OVERLAP = IU + ("Two document paths overlap with each other; must remove or rewrite one of "
                "these paths; path one: {}, path two: {}")
CONFLICT = IU + ("Two document paths conflict with each other; must remove or rewrite one of "
                 "these paths; path one: {}, path two: {}")
KEY_ATTR = ("One or more parameter values were invalid: Cannot update attribute pk. "
            "This attribute is part of the key")
BAD_PATH = "The document path provided in the update expression is invalid for update"
BAD_TYPE = "An operand in the update expression has an incorrect data type"
NO_ATTR = "The provided expression refers to an attribute that does not exist in the item"
PRECISION = "DynamoDB only supports precision up to 38 digits"
OVERFLOW = ("Number overflow. Attempting to store a number with magnitude larger than "
            "supported range")
UNDERFLOW = ("Number underflow. Attempting to store a number with magnitude smaller than "
             "supported range")


def operand(op, t):
    return IU + f"Incorrect operand type for operator or function; operator or function: {op}, " \
                f"operand type: {t}"


def set_operand(op, t):
    return IU + f"Incorrect operand type for operator or function; operator: {op}, " \
                f"operand type: {t}, typeSet: ALLOWED_FOR_{op}_OPERAND"


ERRORS = [
    # overlapping and conflicting paths
    ("SET a = :v, a = :v", V1, OVERLAP.format("[a]", "[a]")),
    ("SET a = :v REMOVE a", V1, OVERLAP.format("[a]", "[a]")),
    ("SET a.b = :v, a = :v", V1, OVERLAP.format("[a, b]", "[a]")),
    ("SET l[0] = :v, l = :v", V1, OVERLAP.format("[l, [0]]", "[l]")),
    ("SET l[1] = :v REMOVE l[1]", V1, OVERLAP.format("[l, [1]]", "[l, [1]]")),
    ("DELETE ss :v, ss :v", {":v": {"SS": ["a"]}}, OVERLAP.format("[ss]", "[ss]")),
    ("ADD ss :v DELETE ss :v", {":v": {"SS": ["a"]}}, OVERLAP.format("[ss]", "[ss]")),
    ("SET l[0] = :v, l.x = :v", V1, CONFLICT.format("[l, [0]]", "[l, x]")),
    ("SET m.a = :v, m[0] = :v", V1, CONFLICT.format("[m, a]", "[m, [0]]")),
    # a clause twice
    ("SET a = :v SET b = :v", V1,
     IU + 'The "SET" section can only be used once in an update expression;'),
    ("REMOVE a REMOVE b", None,
     IU + 'The "REMOVE" section can only be used once in an update expression;'),
    # key attributes
    ("SET pk = :v", {":v": S("other")}, KEY_ATTR),
    ("SET pk = pk", None, KEY_ATTR),
    ("REMOVE pk", None, KEY_ATTR),
    ("ADD pk :v", {":v": {"SS": ["x"]}}, KEY_ATTR),
    ("SET x = :v, #k = :v", {":v": S("k")}, KEY_ATTR),
    # paths through missing or non-container parents
    ("SET x.y = :v", V1, BAD_PATH),
    ("SET x[0] = :v", V1, BAD_PATH),
    ("SET s.y = :v", V1, BAD_PATH),
    ("SET l.y = :v", V1, BAD_PATH),
    ("SET m[0] = :v", V1, BAD_PATH),
    ("SET m.zz.y = :v", V1, BAD_PATH),
    ("SET l[0].y = :v", V1, BAD_PATH),
    ("REMOVE x.y", None, BAD_PATH),
    ("REMOVE s.y", None, BAD_PATH),
    ("ADD x.y :v", V1, BAD_PATH),
    # wrong operand types found at run time
    ("SET x = s + :v", V1, BAD_TYPE),
    ("SET x = m - :v", V1, BAD_TYPE),
    ("SET x = list_append(s, :v)", {":v": L()}, BAD_TYPE),
    ("SET x = list_append(l, ss)", None, BAD_TYPE),
    ("ADD s :v", V1, BAD_TYPE),
    ("ADD ss :v", {":v": {"NS": ["1"]}}, BAD_TYPE),
    ("ADD n :v", {":v": {"SS": ["1"]}}, BAD_TYPE),
    ("ADD l :v", {":v": {"SS": ["1"]}}, BAD_TYPE),
    ("DELETE n :v", {":v": {"NS": ["1"]}}, BAD_TYPE),
    ("DELETE ss :v", {":v": {"NS": ["1"]}}, BAD_TYPE),
    ("DELETE l :v", {":v": {"SS": ["1"]}}, BAD_TYPE),
    # wrong literal operand types found at parse time
    ("SET x = n + :v", {":v": S("1")}, operand("+", "S")),
    ("SET x = n - :v", {":v": {"BOOL": True}}, operand("-", "BOOL")),
    ("SET x = :v + :w", {":v": {"SS": ["a"]}, ":w": N(1)}, operand("+", "SS")),
    ("SET x = list_append(l, :v)", {":v": S("a")}, operand("list_append", "S")),
    ("ADD n :v", {":v": S("1")}, set_operand("ADD", "STRING")),
    ("ADD l :v", {":v": L(N(1))}, set_operand("ADD", "LIST")),
    ("ADD x :v", {":v": {"BOOL": True}}, set_operand("ADD", "BOOLEAN")),
    ("DELETE ss :v", {":v": S("a")}, set_operand("DELETE", "STRING")),
    ("DELETE ss :v", {":v": L()}, set_operand("DELETE", "LIST")),
    # attributes read that are not there
    ("SET x = nope + :v", V1, NO_ATTR),
    ("SET x = list_append(nope, :v)", {":v": L()}, NO_ATTR),
    ("SET x = if_not_exists(n, nope)", None, NO_ATTR),    # the default is evaluated anyway
    ("SET x = :v, y = x", V1, NO_ATTR),                   # RHS reads the old item
    ("SET x = m.nope", None, NO_ATTR),
    ("SET x = l[7]", None, NO_ATTR),
    # functions
    ("SET x = size(s)", None, IU + "The function is not allowed in an update expression; "
                                   "function: size"),
    ("SET x = if_not_exists(:v, n)", V1,
     IU + "Operator or function requires a document path; operator or function: if_not_exists"),
    ("SET x = list_append(list_append(l, l), l)", None,
     IU + "The function is not allowed to be used this way in an expression; "
          "function: list_append"),
    ("SET x = attribute_exists(n)", None,
     IU + "The function is not allowed in an update expression; function: attribute_exists"),
    ("SET x = nope(n)", None, IU + "Invalid function name; function: nope"),
    # syntax, names, values
    ("", None, IU + "The expression can not be empty;"),
    ("SET", None, IU + 'Syntax error; token: "<EOF>", near: "SET"'),
    ("SET x", None, IU + 'Syntax error; token: "<EOF>", near: "x"'),
    ("SET x =", None, IU + 'Syntax error; token: "<EOF>", near: "="'),
    ("SET x = = :v", V1, IU + 'Syntax error; token: "=", near: "= = :v"'),
    ("UPDATE x = :v", V1, IU + 'Syntax error; token: "UPDATE", near: "UPDATE x"'),
    ("SET x = :v,", V1, IU + 'Syntax error; token: "<EOF>", near: ","'),
    ("REMOVE x, ", None, IU + 'Syntax error; token: "<EOF>", near: ", "'),
    ("ADD x", None, IU + 'Syntax error; token: "<EOF>", near: "x"'),
    ("DELETE x :v :v", {":v": {"SS": ["a"]}}, IU + 'Syntax error; token: ":v", near: ":v :v"'),
    ("SET x = :v - :w - :w", {":v": N(1), ":w": N(2)},
     IU + 'Syntax error; token: "-", near: ":w - :w"'),
    ("REMOVE l[-1]", None, IU + 'Syntax error; token: "-", near: "[-1"'),
    ("SET x = :v + :v", None,
     IU + "An expression attribute value used in expression is not defined; attribute value: :v"),
    ("SET #a = :v", V1,
     IU + "An expression attribute name used in the document path is not defined; "
          "attribute name: #a"),
    ("SET date = :v", V1, IU + "Attribute name is a reserved keyword; reserved keyword: date"),
    ("SET x = :v", {":v": N(1), ":w": N(2)},
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"),
    ("REMOVE l[3000000000]", None,
     IU + "List index is not within the allowable range; index: [3000000000]"),
    # arithmetic beyond DynamoDB's numbers
    ("SET n = n + :v", {":v": N("1E125")}, PRECISION),
    ("SET x = :a + :b", {":a": N("1E38"), ":b": N(1)}, PRECISION),
    ("SET x = :a + :b", {":a": N("12345678901234567890123456789012345678"), ":b": N("0.1")},
     PRECISION),
    ("SET x = :a + :b", {":a": N("1"), ":b": N("1E-38")}, PRECISION),
    ("ADD n :v", {":v": N("1E125")}, PRECISION),
    ("SET x = :a + :b", {":a": N("9E125"), ":b": N("9E125")}, OVERFLOW),
    ("SET x = :a - :b", {":a": N("-9E125"), ":b": N("9E125")}, OVERFLOW),
    ("SET x = :a + :b", {":a": N("9.9999999999999999999999999999999999999E125"),
                         ":b": N("1E88")}, OVERFLOW),
    ("SET x = :a - :b", {":a": N("2E-130"), ":b": N("1.5E-130")}, UNDERFLOW),
    ("SET x = :a - :b", {":a": N("1.5E-130"), ":b": N("1E-130")}, UNDERFLOW),
]


@pytest.mark.parametrize("case", ERRORS, ids=[c[0] or "<empty>" for c in ERRORS])
def test_update_error_writes_nothing(ddb, tbl, case):
    expr, values, message = case
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(BASE, **key))
    names = {"#k": "pk"} if "#k" in expr else None
    with raises_ddb(V, message):
        run_update(ddb, tbl, expr, values, names, key, ReturnValues="ALL_NEW")
    assert get(ddb, tbl, key) == norm(dict(BASE, **key))


@pytest.mark.parametrize("case", [c for c in ERRORS if c[2] in (NO_ATTR, BAD_PATH)],
                         ids=lambda c: c[0])
def test_update_error_on_missing_item_creates_nothing(ddb, tbl, case):
    expr, values, message = case
    key = new_key()
    with raises_ddb(V, message):
        run_update(ddb, tbl, expr, values, None, key)
    assert get(ddb, tbl, key) is None


@pytest.mark.parametrize("expr,values", [
    ("SET sk = :v", {":v": N(2)}),
    ("REMOVE sk", None),
    ("ADD sk :v", {":v": N(1)}),
    ("SET sk = sk + :v", {":v": N(1)}),
])
def test_sort_key_cannot_be_updated(ddb, make_table, expr, values):
    t = make_table(range=("sk", "N"))
    key = {"pk": S("p"), "sk": N(1)}
    ddb.put_item(TableName=t, Item=dict(key, v=S("x")))
    with raises_ddb(V, "One or more parameter values were invalid: Cannot update attribute sk. "
                       "This attribute is part of the key"):
        run_update(ddb, t, expr, values, None, key)
    assert get(ddb, t, key) == dict(key, v=S("x"))


def test_key_attribute_may_be_read(ddb, make_table):
    t = make_table(range=("sk", "N"))
    key = {"pk": S("p"), "sk": N(7)}
    r = ddb.update_item(TableName=t, Key=key, UpdateExpression="SET a = pk, b = sk + :one",
                        ExpressionAttributeValues=ONE, ReturnValues="ALL_NEW")
    assert r["Attributes"] == dict(key, a=S("p"), b=N(8))


# --- creating the item ---------------------------------------------------------------------

@pytest.mark.parametrize("expr,values,created", [
    ("SET a = :v", {":v": S("x")}, {"a": S("x")}),
    ("SET a = if_not_exists(a, :v)", {":v": N(0)}, {"a": N(0)}),
    ("ADD c :one", ONE, {"c": N(1)}),
    ("ADD s :v", {":v": {"SS": ["x"]}}, {"s": {"SS": ["x"]}}),
    ("SET a = :v REMOVE b", {":v": N(1)}, {"a": N(1)}),
    ("SET a = list_append(if_not_exists(a, :e), :v)", {":e": L(), ":v": L(N(1))},
     {"a": L(N(1))}),
    ("SET l[3] = :v", {":v": N(1)}, None),            # no list to set into
])
def test_update_creates_missing_item(ddb, tbl, expr, values, created):
    key = new_key()
    if created is None:
        with raises_ddb(V, BAD_PATH):
            run_update(ddb, tbl, expr, values, None, key)
        assert get(ddb, tbl, key) is None
        return
    r = run_update(ddb, tbl, expr, values, None, key, ReturnValues="ALL_NEW")
    assert norm(r["Attributes"]) == norm(dict(created, **key))
    assert get(ddb, tbl, key) == norm(dict(created, **key))


@pytest.mark.reference_differs(
    "DynamoDB does not create an item for an update that only removes (REMOVE, DELETE) "
    "(ScyllaDB alternator's DynamoDB-verified test_update_item_non_existent); "
    "DynamoDB Local creates an item holding just the key")
@pytest.mark.parametrize("expr,values", [
    ("REMOVE a", None),
    ("REMOVE a, b", None),
    ("DELETE s :v", {":v": {"SS": ["x"]}}),
    ("REMOVE a DELETE s :v", {":v": {"SS": ["x"]}}),
])
def test_remove_only_update_does_not_create_item(ddb, tbl, expr, values):
    key = new_key()
    r = run_update(ddb, tbl, expr, values, None, key, ReturnValues="ALL_NEW")
    assert "Attributes" not in r
    assert get(ddb, tbl, key) is None


def test_update_without_any_update_creates_item(ddb, tbl):
    """Neither UpdateExpression nor AttributeUpdates: the request is valid and
    behaves as an empty update, creating the item with only its key (the
    reference's answer, and DynamoDB's documented "adds a new item ... if it
    does not already exist")."""
    key = new_key()
    r = ddb.update_item(TableName=tbl, Key=key, ReturnValues="ALL_NEW")
    assert r["Attributes"] == key
    assert get(ddb, tbl, key) == key
    # On an existing item it changes nothing.
    ddb.put_item(TableName=tbl, Item=dict(key, a=S("x")))
    r = ddb.update_item(TableName=tbl, Key=key, ReturnValues="ALL_OLD")
    assert r["Attributes"] == dict(key, a=S("x"))
    assert get(ddb, tbl, key) == dict(key, a=S("x"))


def test_update_without_any_update_with_condition(ddb, tbl):
    key = new_key()
    with raises_ddb("ConditionalCheckFailedException", "The conditional request failed"):
        ddb.update_item(TableName=tbl, Key=key, ConditionExpression="attribute_exists(pk)")
    assert get(ddb, tbl, key) is None
    ddb.update_item(TableName=tbl, Key=key, ConditionExpression="attribute_not_exists(pk)")
    assert get(ddb, tbl, key) == key


# --- ReturnValues ------------------------------------------------------------------------

START = {"a": N(1), "b": S("keep"), "c": L(N(1), N(2))}
RV_EXPR = "SET a = a + :one, n = :one REMOVE c"
RV_EXPECTED = {
    "NONE": None,
    "ALL_OLD": dict(START),
    "UPDATED_OLD": {"a": N(1), "c": L(N(1), N(2))},
    "ALL_NEW": {"a": N(2), "b": S("keep"), "n": N(1)},
    "UPDATED_NEW": {"a": N(2), "n": N(1)},
}


@pytest.mark.parametrize("mode", list(RV_EXPECTED))
def test_return_values_top_level(ddb, tbl, mode):
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(START, **key))
    r = ddb.update_item(TableName=tbl, Key=key, UpdateExpression=RV_EXPR,
                        ExpressionAttributeValues=ONE, ReturnValues=mode)
    r.pop("ResponseMetadata")
    expected = RV_EXPECTED[mode]
    if expected is None:
        assert r == {}
    else:
        if mode.startswith("ALL"):
            expected = dict(expected, **key)
        assert r == {"Attributes": expected}


@pytest.mark.parametrize("mode,expected", [
    ("NONE", None),
    ("ALL_OLD", None),          # there was no item
    ("UPDATED_OLD", None),
    ("ALL_NEW", "all"),
    ("UPDATED_NEW", {"a": N(1)}),
])
def test_return_values_on_created_item(ddb, tbl, mode, expected):
    key = new_key()
    r = ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET a = :one",
                        ExpressionAttributeValues=ONE, ReturnValues=mode)
    r.pop("ResponseMetadata")
    if expected is None:
        assert r == {}
    elif expected == "all":
        assert r == {"Attributes": dict(key, a=N(1))}
    else:
        assert r == {"Attributes": expected}


@pytest.mark.parametrize("mode,expr,values,expected", [
    # nothing that existed was updated: no Attributes member at all
    ("UPDATED_OLD", "SET x = :one", ONE, None),
    ("UPDATED_OLD", "REMOVE nope", None, None),
    ("UPDATED_NEW", "REMOVE a", None, None),
    ("UPDATED_NEW", "REMOVE nope", None, None),
    ("UPDATED_NEW", "DELETE s :v", {":v": {"SS": ["x", "y"]}}, None),   # the set went away
    ("UPDATED_OLD", "DELETE s :v", {":v": {"SS": ["x", "y"]}}, {"s": {"SS": ["x", "y"]}}),
    ("UPDATED_OLD", "ADD s :v", {":v": {"SS": ["z"]}}, {"s": {"SS": ["x", "y"]}}),
    ("UPDATED_NEW", "ADD s :v", {":v": {"SS": ["z"]}}, {"s": {"SS": ["x", "y", "z"]}}),
    ("UPDATED_NEW", "SET a = a", None, {"a": N(1)}),          # written with the same value
    ("UPDATED_OLD", "SET a = :one", ONE, {"a": N(1)}),
    ("UPDATED_NEW", "SET #k = :one", ONE, {"k": N(1)}),
    ("ALL_NEW", "REMOVE a, s", None, "key"),
    ("ALL_OLD", "REMOVE nope", None, "old"),
])
def test_return_values_shapes(ddb, tbl, mode, expr, values, expected):
    key = new_key()
    old = dict(key, a=N(1), s={"SS": ["x", "y"]})
    ddb.put_item(TableName=tbl, Item=old)
    names = {"#k": "k"} if "#k" in expr else None
    r = run_update(ddb, tbl, expr, values, names, key, ReturnValues=mode)
    r.pop("ResponseMetadata")
    if expected is None:
        assert r == {}
    elif expected == "key":
        assert r == {"Attributes": key}
    elif expected == "old":
        assert norm(r) == norm({"Attributes": old})
    else:
        assert norm(r) == norm({"Attributes": expected})


NESTED_START = {"a": M(b=S("dog"), c=L(N(1), N(2), N(3))), "d": S("cat")}
NESTED_RV = [
    # (update, values, UPDATED_OLD, UPDATED_NEW): the updated paths only, as DynamoDB
    ("SET a.b = :v", {":v": S("hi")}, {"a": M(b=S("dog"))}, {"a": M(b=S("hi"))}),
    ("SET a.c[1] = :v", {":v": N(7)}, {"a": M(c=L(N(2)))}, {"a": M(c=L(N(7)))}),
    ("SET a.c[2] = :v, a.c[0] = :w", {":v": N(9), ":w": N(8)},
     {"a": M(c=L(N(1), N(3)))}, {"a": M(c=L(N(8), N(9)))}),
    ("SET a.c[0] = :v, d = :w", {":v": N(0), ":w": S("dog")},
     {"a": M(c=L(N(1))), "d": S("cat")}, {"a": M(c=L(N(0))), "d": S("dog")}),
    ("SET a.x1 = :v", {":v": N(8)}, None, {"a": M(x1=N(8))}),
    ("SET a.c[100] = :v", {":v": N(70)}, None, None),      # appended: in neither
    ("REMOVE a.b", None, {"a": M(b=S("dog"))}, None),
    ("REMOVE a.c[1]", None, {"a": M(c=L(N(2)))}, {"a": M(c=L(N(3)))}),  # the shifted element
    ("ADD a.c[1] :v", {":v": N(5)}, {"a": M(c=L(N(2)))}, {"a": M(c=L(N(7)))}),
    ("SET a.b = a.c[0]", None, {"a": M(b=S("dog"))}, {"a": M(b=N(1))}),
]


NESTED_DIFFERS = pytest.mark.reference_differs(
    "DynamoDB returns UPDATED_OLD/UPDATED_NEW projected on the updated nested paths "
    "(ScyllaDB alternator's DynamoDB-verified test_update_item_returnvalues_nested); "
    "DynamoDB Local returns whole top-level attributes")


def nested_params():
    """(case, mode) pairs; those where something is returned differ on Local."""
    out = []
    for case in NESTED_RV:
        for mode, expected in (("UPDATED_OLD", case[2]), ("UPDATED_NEW", case[3])):
            marks = [] if expected is None else [NESTED_DIFFERS]
            out.append(pytest.param(case, mode, marks=marks, id=f"{case[0]}-{mode}"))
    return out


@pytest.mark.parametrize("case,mode", nested_params())
def test_return_values_nested_paths(ddb, tbl, mode, case):
    expr, values, updated_old, updated_new = case
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(NESTED_START, **key))
    r = run_update(ddb, tbl, expr, values, None, key, ReturnValues=mode)
    r.pop("ResponseMetadata")
    expected = updated_old if mode == "UPDATED_OLD" else updated_new
    assert r == ({} if expected is None else {"Attributes": expected})


@pytest.mark.parametrize("case", NESTED_RV, ids=[c[0] for c in NESTED_RV])
def test_nested_update_all_new(ddb, tbl, case):
    """ALL_NEW of the same nested updates (Local and DynamoDB agree)."""
    expr, values, _, _ = case
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(NESTED_START, **key))
    r = run_update(ddb, tbl, expr, values, None, key, ReturnValues="ALL_NEW")
    assert norm(r["Attributes"]) == get(ddb, tbl, key)


@pytest.mark.parametrize("mode", ["FOO", "all_new", ""])
def test_return_values_unknown(ddb_nv, tbl, mode):
    """The reference's message for any unknown ReturnValues (as PutItem's in
    test_item_ops.py); nothing is written."""
    key = new_key()
    with raises_ddb(V, "Return values set to invalid value"):
        ddb_nv.update_item(TableName=tbl, Key=key, UpdateExpression="SET a = :one",
                           ExpressionAttributeValues=ONE, ReturnValues=mode)
    assert get(ddb_nv, tbl, key) is None


# --- exact decimal arithmetic --------------------------------------------------------------

ARITH = [
    ("0.1", "+", "0.2", "0.3"),
    ("1.50", "+", "1.50", "3"),
    ("100", "-", "0.001", "99.999"),
    ("-5", "+", "3", "-2"),
    ("3", "-", "5", "-2"),
    ("1", "-", "1", "0"),
    ("-0", "+", "0", "0"),
    ("1E37", "+", "1", "10000000000000000000000000000000000001"),
    ("99999999999999999999999999999999999999", "+", "1",
     "100000000000000000000000000000000000000"),
    ("0.1", "+", "1E-37", "0.1000000000000000000000000000000000001"),
    ("0.1", "+", "1E-38", "0.10000000000000000000000000000000000001"),
    ("123456789012345678901234567890123456.78", "+", "0.01",
     "123456789012345678901234567890123456.79"),
    ("1E-130", "+", "1E-130", "0." + "0" * 129 + "2"),
    ("1E-129", "-", "9E-130", "0." + "0" * 129 + "1"),
    ("1E-130", "-", "1E-130", "0"),
    ("9.9999999999999999999999999999999999999E125", "-",
     "9.9999999999999999999999999999999999999E125", "0"),
    ("5E125", "-", "1E125", "4" + "0" * 125),
    ("-1E125", "+", "-8E125", "-9" + "0" * 125),
    ("12345678901234567890", "-", "12345678901234567891", "-1"),
]


@pytest.mark.parametrize("a,op,b,result", ARITH, ids=[f"{a}{op}{b}" for a, op, b, _ in ARITH])
@pytest.mark.parametrize("how", ["SET", "ADD"])
def test_exact_arithmetic(ddb, tbl, a, op, b, result, how):
    key = new_key()
    if how == "SET":
        r = ddb.update_item(TableName=tbl, Key=key, UpdateExpression=f"SET x = :a {op} :b",
                            ExpressionAttributeValues={":a": N(a), ":b": N(b)},
                            ReturnValues="UPDATED_NEW")
    else:
        ddb.put_item(TableName=tbl, Item=dict(key, x=N(a)))
        delta = b if op == "+" else (b[1:] if b.startswith("-") else "-" + b)
        r = ddb.update_item(TableName=tbl, Key=key, UpdateExpression="ADD x :b",
                            ExpressionAttributeValues={":b": N(delta)},
                            ReturnValues="UPDATED_NEW")
    # Compared by value here; the exact text is pinned by the test below.
    assert norm(r["Attributes"]) == {"x": N(result)}
    assert get(ddb, tbl, key) == norm(dict(key, x=N(result)))


@pytest.mark.reference_differs(
    "DynamoDB stores numbers in canonical form (\"Leading and trailing zeroes are trimmed\", "
    "Developer Guide, Data types), so 1.50 + 1.50 reads back as 3; DynamoDB Local keeps the "
    "BigDecimal text of an UpdateItem result (\"3.00\", 131 zeros for 1E-130 - 1E-130)")
@pytest.mark.parametrize("a,op,b,result", [
    ("1.50", "+", "1.50", "3"),
    ("2.5", "+", "2.5", "5"),
    ("10", "-", "0.00", "10"),
    ("1E-130", "-", "1E-130", "0"),
])
def test_arithmetic_result_text_is_canonical(ddb, tbl, a, op, b, result):
    key = new_key()
    r = ddb.update_item(TableName=tbl, Key=key, UpdateExpression=f"SET x = :a {op} :b",
                        ExpressionAttributeValues={":a": N(a), ":b": N(b)},
                        ReturnValues="ALL_NEW")
    assert r["Attributes"]["x"] == N(result)
    got = ddb.get_item(TableName=tbl, Key=key, ConsistentRead=True)["Item"]
    assert got["x"] == N(result)


def test_counter_increments(ddb, tbl):
    key = new_key()
    for i in range(1, 21):
        r = ddb.update_item(TableName=tbl, Key=key,
                            UpdateExpression="SET c = if_not_exists(c, :zero) + :inc",
                            ExpressionAttributeValues={":zero": N(0), ":inc": N("0.05")},
                            ReturnValues="UPDATED_NEW")
        assert norm(r["Attributes"]) == norm({"c": N(Decimal(i) * Decimal("0.05"))})


# --- the 400 KB limit after an update ------------------------------------------------------

TOO_BIG = "Item size to update has exceeded the maximum allowed size"


def test_item_size_limit_after_update(ddb, tbl):
    key = new_key()
    start = item_of_size(key, ITEM_LIMIT - 100, attr="v")
    ddb.put_item(TableName=tbl, Item=start)
    # "w" (1 byte name) + string of 98 bytes brings the item to exactly 409,600 bytes.
    with raises_ddb(V, TOO_BIG):
        ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET w = :v",
                        ExpressionAttributeValues={":v": S("y" * 100)})
    assert get(ddb, tbl, key) == start
    ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET w = :v",
                    ExpressionAttributeValues={":v": S("y" * 99)})
    after = get(ddb, tbl, key)
    assert item_size(after) == ITEM_LIMIT
    with raises_ddb(V, TOO_BIG):
        ddb.update_item(TableName=tbl, Key=key, UpdateExpression="ADD n :one",
                        ExpressionAttributeValues=ONE)
    with raises_ddb(V, TOO_BIG):
        ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET w2 = v")
    assert get(ddb, tbl, key) == after
    # Shrinking an item at the limit is fine.
    ddb.update_item(TableName=tbl, Key=key, UpdateExpression="REMOVE w")
    assert get(ddb, tbl, key) == start


def test_item_size_limit_on_created_item(ddb, tbl):
    key = new_key()
    with raises_ddb(V, TOO_BIG):
        ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET v = :v",
                        ExpressionAttributeValues={":v": S("y" * ITEM_LIMIT)})
    assert get(ddb, tbl, key) is None


# --- ReturnConsumedCapacity --------------------------------------------------------------

@pytest.mark.parametrize("old,new,units", [
    (None, 100, 1.0), (None, 1025, 2.0), (100, 100, 1.0), (1024, 1024, 1.0),
    (1500, 100, 2.0), (1025, 100, 2.0), (100, 2500, 3.0),
])
def test_consumed_capacity(ddb, tbl, old, new, units):
    """Writes are charged per KB of the larger of the old and the new item."""
    key = new_key()
    if old:
        ddb.put_item(TableName=tbl, Item=item_of_size(key, old, attr="v"))
    target = item_of_size(key, new, attr="v")
    r = ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET v = :v",
                        ExpressionAttributeValues={":v": target["v"]},
                        ReturnConsumedCapacity="TOTAL")
    assert r["ConsumedCapacity"] == {"TableName": tbl, "CapacityUnits": units}
    r = ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET v = :v",
                        ExpressionAttributeValues={":v": target["v"]},
                        ReturnConsumedCapacity="INDEXES", ReturnValues="UPDATED_NEW")
    u = float(-(-new // 1024))
    assert r["ConsumedCapacity"] == {"TableName": tbl, "CapacityUnits": u,
                                     "Table": {"CapacityUnits": u}}
    assert r["Attributes"] == {"v": target["v"]}


def test_no_consumed_capacity_unless_asked(raw, tbl):
    r = raw.post("UpdateItem", {"TableName": tbl, "Key": new_key(),
                                "UpdateExpression": "SET a = :v",
                                "ExpressionAttributeValues": {":v": {"N": "1"}}})
    assert r.status == 200 and r.json() == {}
    r = raw.post("UpdateItem", {"TableName": tbl, "Key": new_key(),
                                "UpdateExpression": "SET a = :v", "ReturnConsumedCapacity": "NONE",
                                "ExpressionAttributeValues": {":v": {"N": "1"}}})
    assert r.status == 200 and r.json() == {}


# --- table and key problems ------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    {"UpdateExpression": "SET a = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}},
    {"UpdateExpression": "SET a = = :v"},
    {"UpdateExpression": "SET pk = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
    {"AttributeUpdates": {"a": {"Action": "PUT", "Value": {"N": "1"}}}},
    {},
])
def test_update_missing_table(raw, body):
    r = raw.post("UpdateItem", dict(body, TableName="rt_no_such_table_update",
                                    Key={"pk": {"S": "a"}}))
    assert r.status == 400 and r.error_type == "ResourceNotFoundException"
    assert r.message == "Cannot do operations on a non-existent table"


@pytest.mark.parametrize("key,message", [
    ({"pk": N(1)}, "One or more parameter values were invalid: Type mismatch for key"),
    ({"x": S("a")}, "One of the required keys was not given a value"),
    ({"pk": S("a"), "x": S("b")}, "The number of conditions on the keys is invalid"),
    ({"pk": S("")}, "One or more parameter values are not valid. The AttributeValue for a key "
                    "attribute cannot contain an empty string value. Key: pk"),
])
def test_update_bad_key_beats_expression_errors(ddb, tbl, key, message):
    with raises_ddb(V, message):
        ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET a = = :v")


def test_update_large_list_append_and_index(ddb, tbl):
    """Lists keep order through many appends; REMOVE of many indexes at once."""
    key = new_key()
    for i in range(0, 60, 6):
        ddb.update_item(TableName=tbl, Key=key,
                        UpdateExpression="SET l = list_append(if_not_exists(l, :e), :v)",
                        ExpressionAttributeValues={":e": L(), ":v": L(*[N(i + j)
                                                                       for j in range(6)])})
    assert get(ddb, tbl, key)["l"] == L(*[N(i) for i in range(60)])
    ddb.update_item(TableName=tbl, Key=key,
                    UpdateExpression="REMOVE " + ", ".join(f"l[{i}]" for i in range(0, 60, 2)))
    assert get(ddb, tbl, key)["l"] == L(*[N(i) for i in range(1, 60, 2)])
