"""ConditionExpression end to end on PutItem, DeleteItem and UpdateItem:
what each comparator, function and path answers on a real stored item, that a
failed condition writes nothing (read back), ConditionalCheckFailedException's
exact shape with and without ReturnValuesOnConditionCheckFailure, and which
error wins when a request has two problems."""
import pytest

from expr_helpers import CCF, CCF_MSG, V, create_table, delete_table_quietly, get, new_key, norm
from helpers import raises_ddb


@pytest.fixture(scope="module")
def tbl(ddb):
    name = create_table(ddb)
    yield name
    delete_table_quietly(ddb, name)


# The item every evaluation case runs against (plus its key).
ITEM = {
    "s": {"S": "hello"},
    "s_upper": {"S": "Zebra"},
    "s_accent": {"S": "\u00e9t\u00e9"},
    "s_empty": {"S": ""},
    "n": {"N": "10"},
    "n_neg": {"N": "-3.5"},
    "n_big": {"N": "12345678901234567890123456789012345678"},
    "n_tiny": {"N": "0.0000000000000000000000000000000000001"},
    "b": {"B": b"\x01\x02\x03"},
    "b_high": {"B": b"\xff"},
    "t": {"BOOL": True},
    "f": {"BOOL": False},
    "nul": {"NULL": True},
    "ss": {"SS": ["apple", "banana", "cherry"]},
    "ns": {"NS": ["1", "2.5", "-3"]},
    "bs": {"BS": [b"\x00", b"\x01"]},
    "l": {"L": [{"N": "1"}, {"S": "two"}, {"M": {"x": {"N": "3"}}},
                {"L": [{"N": "4"}, {"N": "5"}]}, {"NULL": True}]},
    "l_empty": {"L": []},
    "m": {"M": {"a": {"S": "x"},
                "b": {"M": {"c": {"L": [{"N": "0"}, {"N": "1"}, {"M": {"d": {"S": "deep"}}}]}}},
                "dotted.key": {"N": "7"},
                "n": {"N": "42"}}},
    "m_empty": {"M": {}},
    "a.b": {"S": "top-level name with a dot"},
    "emoji": {"S": "\U0001F600x"},
}


def v(**kinds):
    """Shorthand for one AttributeValue: v(N="1") -> {"N": "1"}."""
    return dict(kinds)


# (condition, ExpressionAttributeValues, ExpressionAttributeNames, expected result)
CASES = [
    # --- comparators on numbers: by value, any representation ---
    ("n = :v", {":v": v(N="10")}, None, True),
    ("n = :v", {":v": v(N="10.000")}, None, True),
    ("n = :v", {":v": v(N="1E1")}, None, True),
    ("n = :v", {":v": v(N="11")}, None, False),
    ("n <> :v", {":v": v(N="11")}, None, True),
    ("n <> :v", {":v": v(N="1e1")}, None, False),
    ("n < :v", {":v": v(N="10.0001")}, None, True),
    ("n < :v", {":v": v(N="10")}, None, False),
    ("n <= :v", {":v": v(N="10")}, None, True),
    ("n > :v", {":v": v(N="9.99999")}, None, True),
    ("n > :v", {":v": v(N="10")}, None, False),
    ("n >= :v", {":v": v(N="10")}, None, True),
    ("n_neg < :v", {":v": v(N="-3.4")}, None, True),
    ("n_neg > :v", {":v": v(N="-3.6")}, None, True),
    ("n_big > :v", {":v": v(N="12345678901234567890123456789012345677")}, None, True),
    ("n_big < :v", {":v": v(N="1E38")}, None, True),
    ("n_tiny > :v", {":v": v(N="0")}, None, True),
    ("n_tiny < :v", {":v": v(N="1E-36")}, None, True),
    ("n < n_big", None, None, True),
    ("n_neg < n", None, None, True),
    ("m.n > n", None, None, True),
    # --- strings: UTF-8 byte order ---
    ("s = :v", {":v": v(S="hello")}, None, True),
    ("s = :v", {":v": v(S="Hello")}, None, False),
    ("s < :v", {":v": v(S="help")}, None, True),
    ("s > :v", {":v": v(S="hell")}, None, True),
    ("s_upper < :v", {":v": v(S="a")}, None, True),     # 'Z' (0x5A) < 'a' (0x61)
    ("s_accent > :v", {":v": v(S="zzz")}, None, True),  # 0xC3 sorts after ASCII
    ("s_empty = :v", {":v": v(S="")}, None, True),
    ("s_empty < :v", {":v": v(S="a")}, None, True),
    ("emoji > :v", {":v": v(S="\uffff")}, None, True),   # UTF-8 order, not UTF-16
    # --- binary: unsigned bytes ---
    ("b = :v", {":v": v(B=b"\x01\x02\x03")}, None, True),
    ("b < :v", {":v": v(B=b"\x01\x03")}, None, True),
    ("b_high > :v", {":v": v(B=b"\x7f\xff")}, None, True),
    ("b > :v", {":v": v(B=b"\x01\x02")}, None, True),
    # --- booleans and null: equality only ---
    ("t = :v", {":v": v(BOOL=True)}, None, True),
    ("t = :v", {":v": v(BOOL=False)}, None, False),
    ("f <> :v", {":v": v(BOOL=True)}, None, True),
    ("nul = :v", {":v": v(NULL=True)}, None, True),
    # --- across types: = false, <> true, ordering false ---
    ("n = :v", {":v": v(S="10")}, None, False),
    ("n <> :v", {":v": v(S="10")}, None, True),
    ("n < :v", {":v": v(S="99")}, None, False),
    ("n >= :v", {":v": v(S="1")}, None, False),
    ("s > :v", {":v": v(N="1")}, None, False),
    ("s = :v", {":v": v(B=b"hello")}, None, False),
    ("b <> :v", {":v": v(S="x")}, None, True),
    ("ss = :v", {":v": v(L=[v(S="apple"), v(S="banana"), v(S="cherry")])}, None, False),
    ("ns = :v", {":v": v(SS=["1", "2.5", "-3"])}, None, False),
    ("nul = :v", {":v": v(BOOL=False)}, None, False),
    # --- missing attributes ---
    ("zz = :v", {":v": v(N="1")}, None, False),
    ("zz <> :v", {":v": v(N="1")}, None, True),
    ("zz < :v", {":v": v(N="1")}, None, False),
    ("zz = zz2", None, None, False),
    ("zz <> zz2", None, None, True),
    ("NOT zz = :v", {":v": v(N="1")}, None, True),
    # --- sets, lists, maps compared whole ---
    ("ss = :v", {":v": v(SS=["cherry", "apple", "banana"])}, None, True),
    ("ss = :v", {":v": v(SS=["apple", "banana"])}, None, False),
    ("ns = :v", {":v": v(NS=["-3", "2.50", "1.0"])}, None, True),
    ("bs = :v", {":v": v(BS=[b"\x01", b"\x00"])}, None, True),
    ("l[3] = :v", {":v": v(L=[v(N="4"), v(N="5")])}, None, True),
    ("l[3] = :v", {":v": v(L=[v(N="5"), v(N="4")])}, None, False),
    ("m.b.c[2] = :v", {":v": v(M={"d": v(S="deep")})}, None, True),
    ("m_empty = :v", {":v": v(M={})}, None, True),
    ("l_empty = :v", {":v": v(L=[])}, None, True),
    # --- BETWEEN (inclusive) ---
    ("n BETWEEN :a AND :b", {":a": v(N="10"), ":b": v(N="10")}, None, True),
    ("n BETWEEN :a AND :b", {":a": v(N="-1"), ":b": v(N="9.9")}, None, False),
    ("n BETWEEN :a AND :b", {":a": v(N="9"), ":b": v(N="11")}, None, True),
    ("s BETWEEN :a AND :b", {":a": v(S="h"), ":b": v(S="i")}, None, True),
    ("s BETWEEN :a AND :b", {":a": v(S="hello"), ":b": v(S="hello")}, None, True),
    ("b BETWEEN :a AND :b", {":a": v(B=b"\x01"), ":b": v(B=b"\x02")}, None, True),
    ("n BETWEEN :a AND :b", {":a": v(S="1"), ":b": v(S="z")}, None, False),
    ("zz BETWEEN :a AND :b", {":a": v(N="1"), ":b": v(N="2")}, None, False),
    ("NOT n BETWEEN :a AND :b", {":a": v(N="1"), ":b": v(N="2")}, None, True),
    ("m.n BETWEEN n AND n_big", None, None, True),
    # --- IN ---
    ("n IN (:a)", {":a": v(N="10")}, None, True),
    ("n IN (:a, :b, :c)", {":a": v(S="10"), ":b": v(N="1"), ":c": v(N="10.0")}, None, True),
    ("n IN (:a, :b)", {":a": v(S="10"), ":b": v(N="1")}, None, False),
    ("s IN (:a, :b)", {":a": v(S="x"), ":b": v(S="hello")}, None, True),
    ("ss IN (:a)", {":a": v(SS=["banana", "apple", "cherry"])}, None, True),
    ("zz IN (:a)", {":a": v(N="1")}, None, False),
    ("NOT s IN (:a)", {":a": v(S="x")}, None, True),
    # --- AND / OR / NOT precedence and parentheses ---
    ("n = :ten OR n = :one AND s = :x", {":ten": v(N="10"), ":one": v(N="1"), ":x": v(S="x")},
     None, True),      # OR binds looser than AND
    ("(n = :ten OR n = :one) AND s = :x", {":ten": v(N="10"), ":one": v(N="1"), ":x": v(S="x")},
     None, False),
    ("NOT n = :one AND s = :x", {":one": v(N="1"), ":x": v(S="x")}, None, False),  # (NOT a) AND b
    ("NOT (n = :one AND s = :x)", {":one": v(N="1"), ":x": v(S="x")}, None, True),
    ("NOT NOT n = :ten", {":ten": v(N="10")}, None, True),
    ("n = :one OR s = :x OR t = :t", {":one": v(N="1"), ":x": v(S="x"), ":t": v(BOOL=True)},
     None, True),
    ("n = :ten AND s = :h AND t = :t AND NOT f = :t",
     {":ten": v(N="10"), ":h": v(S="hello"), ":t": v(BOOL=True)}, None, True),
    ("(n = :one OR s = :h) AND (t = :f OR f = :f)",
     {":one": v(N="1"), ":h": v(S="hello"), ":f": v(BOOL=False)}, None, True),
    ("n = :one AND s = :h OR t = :f AND f = :f",
     {":one": v(N="1"), ":h": v(S="hello"), ":f": v(BOOL=False)}, None, False),
    ("attribute_exists(n) and attribute_exists(s) or not attribute_exists(nope)", None, None,
     True),
    # --- attribute_exists / attribute_not_exists ---
    ("attribute_exists(pk)", None, None, True),
    ("attribute_not_exists(pk)", None, None, False),
    ("attribute_exists(nul)", None, None, True),
    ("attribute_exists(s_empty)", None, None, True),
    ("attribute_exists(zz)", None, None, False),
    ("attribute_not_exists(zz)", None, None, True),
    ("attribute_exists(m.b.c[2].d)", None, None, True),
    ("attribute_exists(m.b.c[3])", None, None, False),
    ("attribute_exists(m.b.c[2].e)", None, None, False),
    ("attribute_exists(l[4])", None, None, True),
    ("attribute_exists(l[5])", None, None, False),
    ("attribute_exists(l[3][1])", None, None, True),
    ("attribute_exists(l[3][2])", None, None, False),
    ("attribute_exists(s.x)", None, None, False),        # through a scalar
    ("attribute_exists(s[0])", None, None, False),
    ("attribute_exists(m[0])", None, None, False),        # map indexed as a list
    ("attribute_exists(l.x)", None, None, False),         # list used as a map
    ("attribute_not_exists(m.b.x.y)", None, None, True),
    ("attribute_exists(#d)", None, {"#d": "a.b"}, True),   # one name with a dot
    ("attribute_exists(a.b)", None, None, False),          # a path a -> b
    ("attribute_exists(m.#k)", None, {"#k": "dotted.key"}, True),
    ("attribute_exists(#m.#b.#c[1])", None, {"#m": "m", "#b": "b", "#c": "c"}, True),
    # --- attribute_type, every type ---
    ("attribute_type(s, :t)", {":t": v(S="S")}, None, True),
    ("attribute_type(n, :t)", {":t": v(S="N")}, None, True),
    ("attribute_type(b, :t)", {":t": v(S="B")}, None, True),
    ("attribute_type(t, :t)", {":t": v(S="BOOL")}, None, True),
    ("attribute_type(nul, :t)", {":t": v(S="NULL")}, None, True),
    ("attribute_type(ss, :t)", {":t": v(S="SS")}, None, True),
    ("attribute_type(ns, :t)", {":t": v(S="NS")}, None, True),
    ("attribute_type(bs, :t)", {":t": v(S="BS")}, None, True),
    ("attribute_type(l, :t)", {":t": v(S="L")}, None, True),
    ("attribute_type(m, :t)", {":t": v(S="M")}, None, True),
    ("attribute_type(m.b.c, :t)", {":t": v(S="L")}, None, True),
    ("attribute_type(l[2], :t)", {":t": v(S="M")}, None, True),
    ("attribute_type(n, :t)", {":t": v(S="S")}, None, False),
    ("attribute_type(ss, :t)", {":t": v(S="L")}, None, False),
    ("attribute_type(zz, :t)", {":t": v(S="NULL")}, None, False),
    ("NOT attribute_type(zz, :t)", {":t": v(S="S")}, None, True),
    # --- begins_with ---
    ("begins_with(s, :p)", {":p": v(S="he")}, None, True),
    ("begins_with(s, :p)", {":p": v(S="hello")}, None, True),
    ("begins_with(s, :p)", {":p": v(S="")}, None, True),
    ("begins_with(s, :p)", {":p": v(S="hello!")}, None, False),
    ("begins_with(s, :p)", {":p": v(S="He")}, None, False),
    ("begins_with(b, :p)", {":p": v(B=b"\x01\x02")}, None, True),
    ("begins_with(b, :p)", {":p": v(B=b"\x02")}, None, False),
    ("begins_with(b, :p)", {":p": v(S="a")}, None, False),   # type mismatch: false
    ("begins_with(n, :p)", {":p": v(S="1")}, None, False),
    ("begins_with(zz, :p)", {":p": v(S="")}, None, False),
    ("begins_with(m.b.c[2].d, :p)", {":p": v(S="de")}, None, True),
    ("begins_with(s, m.a)", None, None, False),
    ("begins_with(s_accent, :p)", {":p": v(S="\u00e9")}, None, True),
    # --- contains ---
    ("contains(s, :x)", {":x": v(S="ell")}, None, True),
    ("contains(s, :x)", {":x": v(S="")}, None, True),
    ("contains(s, :x)", {":x": v(S="lol")}, None, False),
    ("contains(ss, :x)", {":x": v(S="banana")}, None, True),
    ("contains(ss, :x)", {":x": v(S="ban")}, None, False),
    ("contains(ns, :x)", {":x": v(N="2.50")}, None, True),
    ("contains(ns, :x)", {":x": v(S="1")}, None, False),
    ("contains(bs, :x)", {":x": v(B=b"\x01")}, None, True),
    ("contains(b, :x)", {":x": v(B=b"\x02\x03")}, None, True),
    ("contains(l, :x)", {":x": v(S="two")}, None, True),
    ("contains(l, :x)", {":x": v(N="1")}, None, True),
    ("contains(l, :x)", {":x": v(M={"x": v(N="3")})}, None, True),
    ("contains(l, :x)", {":x": v(L=[v(N="4"), v(N="5")])}, None, True),
    ("contains(l, :x)", {":x": v(NULL=True)}, None, True),
    ("contains(l, :x)", {":x": v(N="4")}, None, False),    # not searched recursively
    ("contains(m, :x)", {":x": v(S="x")}, None, False),    # maps are not searched
    ("contains(n, :x)", {":x": v(N="1")}, None, False),
    ("contains(zz, :x)", {":x": v(S="a")}, None, False),
    ("NOT contains(ss, :x)", {":x": v(S="kiwi")}, None, True),
    ("contains(s, m.a)", None, None, False),
    ("contains(ss, m.a)", None, None, False),
    # --- size() ---
    ("size(s) = :n", {":n": v(N="5")}, None, True),
    ("size(s_empty) = :n", {":n": v(N="0")}, None, True),
    ("size(s_accent) = :n", {":n": v(N="3")}, None, True),   # characters (UTF-16 units)
    ("size(emoji) = :n", {":n": v(N="3")}, None, True),      # a surrogate pair counts 2
    ("size(b) = :n", {":n": v(N="3")}, None, True),
    ("size(ss) = :n", {":n": v(N="3")}, None, True),
    ("size(ns) = :n", {":n": v(N="3")}, None, True),
    ("size(bs) = :n", {":n": v(N="2")}, None, True),
    ("size(l) = :n", {":n": v(N="5")}, None, True),
    ("size(l_empty) = :n", {":n": v(N="0")}, None, True),
    ("size(m) = :n", {":n": v(N="4")}, None, True),
    ("size(m.b.c) > :n", {":n": v(N="2")}, None, True),
    ("size(l[3]) BETWEEN :a AND :b", {":a": v(N="2"), ":b": v(N="2")}, None, True),
    ("size(n) = :n", {":n": v(N="2")}, None, False),        # no size for numbers
    ("size(t) >= :n", {":n": v(N="0")}, None, False),
    ("size(zz) = :n", {":n": v(N="0")}, None, False),
    ("size(zz) <> :n", {":n": v(N="0")}, None, True),
    ("size(s) < size(l)", None, None, False),
    ("size(s) = size(l)", None, None, True),
    ("size(s) IN (:a, :b)", {":a": v(N="1"), ":b": v(N="5")}, None, True),
    ("size(s) = :n", {":n": v(S="5")}, None, False),
    # --- document paths ---
    ("m.a = :v", {":v": v(S="x")}, None, True),
    ("m.b.c[1] = :v", {":v": v(N="1")}, None, True),
    ("m.b.c[2].d = :v", {":v": v(S="deep")}, None, True),
    ("l[0] = :v", {":v": v(N="1")}, None, True),
    ("l[1] = :v", {":v": v(S="two")}, None, True),
    ("l[2].x = :v", {":v": v(N="3")}, None, True),
    ("l[3][1] = :v", {":v": v(N="5")}, None, True),
    ("l[9] = :v", {":v": v(N="1")}, None, False),
    ("l[9] <> :v", {":v": v(N="1")}, None, True),
    ("#m.#a = :v", {":v": v(S="x")}, {"#m": "m", "#a": "a"}, True),
    ("m.#a = :v", {":v": v(S="x")}, {"#a": "a"}, True),
    ("#m.b.c[0] = :v", {":v": v(N="0")}, {"#m": "m"}, True),
    ("#dot = :v", {":v": v(S="top-level name with a dot")}, {"#dot": "a.b"}, True),
    ("m.#dk = :v", {":v": v(N="7")}, {"#dk": "dotted.key"}, True),
    ("l[2] = m", None, None, False),
    ("#pk = :k", {":k": v(S="KEY")}, {"#pk": "pk"}, True),   # KEY is filled in per test
]


def case_id(case):
    expr, values, names, expected = case
    return f"{expr}|{'T' if expected else 'F'}"


def stored_item(key):
    return norm(dict(ITEM, **key))


def fill_key(values, key):
    if values and ":k" in values and values[":k"] == {"S": "KEY"}:
        return dict(values, **{":k": key["pk"]})
    return values


def expr_args(expr, values, names):
    args = {"ConditionExpression": expr}
    if values:
        args["ExpressionAttributeValues"] = values
    if names:
        args["ExpressionAttributeNames"] = names
    return args


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_condition_on_put(ddb, tbl, case):
    expr, values, names, expected = case
    key = new_key()
    ddb.put_item(TableName=tbl, Item=stored_item(key))
    replacement = dict(key, marker={"S": "replaced"})
    args = expr_args(expr, fill_key(values, key), names)
    if expected:
        r = ddb.put_item(TableName=tbl, Item=replacement, **args)
        assert "Attributes" not in r
        assert get(ddb, tbl, key) == replacement
    else:
        with raises_ddb(CCF, CCF_MSG):
            ddb.put_item(TableName=tbl, Item=replacement, **args)
        assert get(ddb, tbl, key) == stored_item(key)


# A subset of the cases on DeleteItem and UpdateItem: the condition evaluates
# the same way whatever the operation.
SUBSET = CASES[::4]


@pytest.mark.parametrize("case", SUBSET, ids=[case_id(c) for c in SUBSET])
def test_condition_on_delete(ddb, tbl, case):
    expr, values, names, expected = case
    key = new_key()
    ddb.put_item(TableName=tbl, Item=stored_item(key))
    args = expr_args(expr, fill_key(values, key), names)
    if expected:
        ddb.delete_item(TableName=tbl, Key=key, **args)
        assert get(ddb, tbl, key) is None
    else:
        with raises_ddb(CCF, CCF_MSG):
            ddb.delete_item(TableName=tbl, Key=key, **args)
        assert get(ddb, tbl, key) == stored_item(key)


@pytest.mark.parametrize("case", SUBSET, ids=[case_id(c) for c in SUBSET])
def test_condition_on_update(ddb, tbl, case):
    expr, values, names, expected = case
    key = new_key()
    ddb.put_item(TableName=tbl, Item=stored_item(key))
    args = expr_args(expr, fill_key(values, key), names)
    args["ExpressionAttributeValues"] = dict(args.get("ExpressionAttributeValues", {}),
                                             **{":marker": {"S": "updated"}})
    if expected:
        r = ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET marker = :marker",
                            **args)
        assert "Attributes" not in r
        assert get(ddb, tbl, key) == dict(stored_item(key), marker={"S": "updated"})
    else:
        with raises_ddb(CCF, CCF_MSG):
            ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET marker = :marker",
                            **args)
        assert get(ddb, tbl, key) == stored_item(key)


# --- conditions refused before anything is read: ValidationException, nothing written ---

IC = "Invalid ConditionExpression: "
ERROR_CASES = [
    ("n = n", None, None,
     IC + "The first operand must be distinct from the remaining operands for this operator or "
     "function; operator: =, first operand: [n]"),
    ("m.b = m.b", None, None,
     IC + "The first operand must be distinct from the remaining operands for this operator or "
     "function; operator: =, first operand: [m, b]"),
    ("n IN (n_neg, m.n, n)", None, None,
     IC + "The first operand must be distinct from the remaining operands for this operator or "
     "function; operator: IN, first operand: [n]"),
    ("t < :v", {":v": v(BOOL=True)}, None,
     IC + "Incorrect operand type for operator or function; operator or function: <, "
     "operand type: BOOL"),
    ("ss < :v", {":v": v(SS=["a"])}, None,
     IC + "Incorrect operand type for operator or function; operator or function: <, "
     "operand type: SS"),
    ("n < :v", {":v": v(NULL=True)}, None,
     IC + "Incorrect operand type for operator or function; operator or function: <, "
     "operand type: NULL"),
    ("n >= :v", {":v": v(L=[])}, None,
     IC + "Incorrect operand type for operator or function; operator or function: >=, "
     "operand type: L"),
    ("n < :v", {":v": v(M={})}, None,
     IC + "Incorrect operand type for operator or function; operator or function: <, "
     "operand type: M"),
    ("n BETWEEN :a AND :b", {":a": v(BOOL=True), ":b": v(BOOL=True)}, None,
     IC + "Incorrect operand type for operator or function; operator or function: BETWEEN, "
     "operand type: BOOL"),
    ("n BETWEEN :a AND :b", {":a": v(N="5"), ":b": v(N="1")}, None,
     IC + "The BETWEEN operator requires upper bound to be greater than or equal to lower "
     "bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: "
     "{N:1}"),
    ("n BETWEEN :a AND :b", {":a": v(N="5"), ":b": v(S="1")}, None,
     IC + "The BETWEEN operator requires same data type for lower and upper bounds; lower bound "
     "operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {S:1}"),
    ("begins_with(s, :v)", {":v": v(N="1")}, None,
     IC + "Incorrect operand type for operator or function; operator or function: begins_with, "
     "operand type: N"),
    ("attribute_type(n, :t)", {":t": v(N="1")}, None,
     IC + "Incorrect operand type for operator or function; operator or function: "
     "attribute_type, operand type: N"),
    ("attribute_type(n, :t)", {":t": v(S="s")}, None,
     IC + "Invalid attribute type name found; type: s, valid types: "
     "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}"),
    ("attribute_exists(:v)", {":v": v(S="1")}, None,
     IC + "Operator or function requires a document path; operator or function: "
     "attribute_exists"),
    ("attribute_exists(n, n)", None, None,
     IC + "Incorrect number of operands for operator or function; operator or function: "
     "attribute_exists, number of operands: 2"),
    ("begins_with(n)", None, None,
     IC + "Incorrect number of operands for operator or function; operator or function: "
     "begins_with, number of operands: 1"),
    ("foo(n)", None, None, IC + "Invalid function name; function: foo"),
    ("ATTRIBUTE_EXISTS(n)", None, None, IC + "Invalid function name; function: ATTRIBUTE_EXISTS"),
    ("size(n)", None, None,
     IC + "The function is not allowed to be used this way in an expression; function: size"),
    ("list_append(l, l) = l", None, None,
     IC + "The function is not allowed in a condition expression; function: list_append"),
    ("if_not_exists(n, :v) = n", {":v": v(N="1")}, None,
     IC + "The function is not allowed in a condition expression; function: if_not_exists"),
    ("l[3000000000] = :v", {":v": v(N="1")}, None,
     IC + "List index is not within the allowable range; index: [3000000000]"),
    ("((n = :v))", {":v": v(N="1")}, None, IC + "The expression has redundant parentheses;"),
    ("", None, None, IC + "The expression can not be empty;"),
    ("n = ", None, None, IC + 'Syntax error; token: "<EOF>", near: "= "'),
    ("n = :v AND", {":v": v(N="1")}, None, IC + 'Syntax error; token: "<EOF>", near: "AND"'),
    ("n == :v", {":v": v(N="1")}, None, IC + 'Syntax error; token: "=", near: "== :v"'),
    ("n != :v", {":v": v(N="1")}, None, IC + 'Syntax error; token: "!", near: "n !="'),
    ("n = :v OR OR n = :v", {":v": v(N="1")}, None,
     IC + 'Syntax error; token: "OR", near: "OR OR n"'),
    ("(n = :v", {":v": v(N="1")}, None, IC + 'Syntax error; token: "<EOF>", near: ":v"'),
    ("n = :v)", {":v": v(N="1")}, None, IC + 'Syntax error; token: ")", near: ":v)"'),
    ("n", None, None, IC + 'Syntax error; token: "<EOF>", near: "n"'),
    ("n < :v < :v", {":v": v(N="1")}, None, IC + 'Syntax error; token: "<", near: ":v < :v"'),
    ("n + :v = n", {":v": v(N="1")}, None, IC + 'Syntax error; token: "+", near: "n + :v"'),
    ("n IN ()", None, None, IC + 'Syntax error; token: ")", near: "()"'),
    ("attribute_exists()", None, None, IC + 'Syntax error; token: ")", near: "()"'),
    ("l[-1] = :v", {":v": v(N="1")}, None, IC + 'Syntax error; token: "-", near: "[-1"'),
    ("l[01] = :v", {":v": v(N="1")}, None, IC + 'Syntax error; token: "1", near: "01]"'),
    ("l[1.5] = :v", {":v": v(N="1")}, None, IC + 'Syntax error; token: ".", near: "1.5"'),
    ("m..a = :v", {":v": v(N="1")}, None, IC + 'Syntax error; token: ".", near: "..a"'),
    (":v", {":v": v(BOOL=True)}, None, IC + 'Syntax error; token: "<EOF>", near: ":v"'),
    ("n = :v ; n = :v", {":v": v(N="1")}, None, IC + 'Syntax error; token: ";", near: ":v ; n"'),
    ("name = :v", {":v": v(N="1")}, None,
     IC + "Attribute name is a reserved keyword; reserved keyword: name"),
    ("#a = :v", {":v": v(N="1")}, None,
     IC + "An expression attribute name used in the document path is not defined; "
     "attribute name: #a"),
    ("n = :x", {":v": v(N="1")}, None,
     IC + "An expression attribute value used in expression is not defined; attribute value: :x"),
    ("n = :v", {":v": v(N="1"), ":u": v(N="2")}, None,
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}"),
    ("n = :v", {":v": v(N="1")}, {"#u": "x"},
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}"),
]


def error_id(case):
    return case[0] or "<empty>"


@pytest.mark.parametrize("op", ["PutItem", "DeleteItem", "UpdateItem"])
@pytest.mark.parametrize("case", ERROR_CASES, ids=[error_id(c) for c in ERROR_CASES])
def test_condition_error_writes_nothing(ddb, tbl, op, case):
    expr, values, names, message = case
    key = new_key()
    ddb.put_item(TableName=tbl, Item=stored_item(key))
    args = expr_args(expr, values, names)
    args["ConditionExpression"] = expr  # also when empty
    with raises_ddb(V, message):
        if op == "PutItem":
            ddb.put_item(TableName=tbl, Item=dict(key, marker={"S": "x"}), **args)
        elif op == "DeleteItem":
            ddb.delete_item(TableName=tbl, Key=key, **args)
        else:
            # REMOVE keeps ExpressionAttributeValues' use to the condition.
            ddb.update_item(TableName=tbl, Key=key, UpdateExpression="REMOVE s", **args)
    assert get(ddb, tbl, key) == stored_item(key)


# --- the failure response ----------------------------------------------------------------

def test_failure_response_shape(raw, tbl):
    key = new_key()
    raw.post("PutItem", {"TableName": tbl, "Item": dict(key, n={"N": "1"})})
    r = raw.post("PutItem", {"TableName": tbl, "Item": key, "ConditionExpression": "n = :v",
                             "ExpressionAttributeValues": {":v": {"N": "2"}}})
    assert r.status == 400
    assert r.error_type == CCF and r.message == CCF_MSG
    # Just the type and the message (DynamoDB: "message", Local: "Message").
    assert set(r.json()) in ({"__type", "message"}, {"__type", "Message"})


OPS = {
    "PutItem": lambda key: {"Item": dict(key, n={"N": "99"})},
    "DeleteItem": lambda key: {"Key": key},
    "UpdateItem": lambda key: {"Key": key, "UpdateExpression": "SET n = :w",
                               "ExpressionAttributeValues": {":w": {"N": "99"}}},
}
OLD = {"n": {"N": "1"}, "m": {"M": {"l": {"L": [{"S": "x"}, {"SS": ["b", "a"]}]}}},
       "b": {"B": "AAE="}}


def cond_body(tbl, op, key, **extra):
    body = dict(TableName=tbl, ConditionExpression="n = :v", **OPS[op](key), **extra)
    body["ExpressionAttributeValues"] = dict(body.get("ExpressionAttributeValues", {}),
                                             **{":v": {"N": "2"}})
    return body


@pytest.mark.parametrize("op", list(OPS))
@pytest.mark.parametrize("mode", ["ALL_OLD", "NONE", None])
def test_return_values_on_condition_check_failure(call, tbl, op, mode):
    """ALL_OLD puts the item as it is (unchanged) into the error; NONE or
    absent: no Item. The Debian botocore predates the parameter: raw calls."""
    from helpers import DdbError
    key = new_key()
    call("PutItem", {"TableName": tbl, "Item": dict(key, **OLD)})
    extra = {} if mode is None else {"ReturnValuesOnConditionCheckFailure": mode}
    with pytest.raises(DdbError) as info:
        call(op, cond_body(tbl, op, key, **extra))
    assert info.value.code == CCF and info.value.message == CCF_MSG
    body = info.value.response.json()
    if mode == "ALL_OLD":
        assert norm(body["Item"]) == norm(dict(key, **OLD))
    else:
        assert "Item" not in body
    assert norm(call("GetItem", {"TableName": tbl, "Key": key, "ConsistentRead": True})["Item"]) \
        == norm(dict(key, **OLD))


@pytest.mark.parametrize("op", list(OPS))
def test_return_values_on_condition_check_failure_missing_item(call, tbl, op):
    """No item: the error carries no Item, and nothing is created."""
    from helpers import DdbError
    key = new_key()
    with pytest.raises(DdbError) as info:
        call(op, cond_body(tbl, op, key, ReturnValuesOnConditionCheckFailure="ALL_OLD"))
    assert info.value.code == CCF and "Item" not in info.value.response.json()
    assert "Item" not in call("GetItem", {"TableName": tbl, "Key": key, "ConsistentRead": True})


@pytest.mark.parametrize("op", list(OPS))
def test_return_values_on_condition_check_failure_ignored_on_success(call, tbl, op):
    key = new_key()
    call("PutItem", {"TableName": tbl, "Item": dict(key, n={"N": "2"})})
    r = call(op, cond_body(tbl, op, key, ReturnValuesOnConditionCheckFailure="ALL_OLD"))
    assert "Item" not in r and "Attributes" not in r


@pytest.mark.parametrize("value", ["FOO", "all_old", "ALL_NEW", ""])
def test_return_values_on_condition_check_failure_enum(raw, tbl, value):
    r = raw.post("PutItem", {"TableName": tbl, "Item": new_key(),
                             "ReturnValuesOnConditionCheckFailure": value})
    assert r.status == 400 and r.error_type == V
    assert r.message == (f"1 validation error detected: Value '{value}' at "
                         "'returnValuesOnConditionCheckFailure' failed to satisfy constraint: "
                         "Member must satisfy enum value set: [ALL_OLD, NONE]")


@pytest.mark.parametrize("op", list(OPS))
def test_failed_condition_ignores_return_values(ddb_nv, tbl, op):
    """ReturnValues=ALL_OLD with a failing condition: just the error."""
    key = new_key()
    ddb_nv.put_item(TableName=tbl, Item=dict(key, n={"N": "1"}))
    body = cond_body(tbl, op, key, ReturnValues="ALL_OLD")
    fn = {"PutItem": ddb_nv.put_item, "DeleteItem": ddb_nv.delete_item,
          "UpdateItem": ddb_nv.update_item}[op]
    with raises_ddb(CCF, CCF_MSG) as info:
        fn(**body)
    assert "Attributes" not in info.value.response
    assert get(ddb_nv, tbl, key) == dict(key, n={"N": "1"})


@pytest.mark.parametrize("op", list(OPS))
def test_passed_condition_with_return_values_all_old(ddb, tbl, op):
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(key, n={"N": "2"}, s={"S": "old"}))
    body = cond_body(tbl, op, key, ReturnValues="ALL_OLD")
    fn = {"PutItem": ddb.put_item, "DeleteItem": ddb.delete_item,
          "UpdateItem": ddb.update_item}[op]
    r = fn(**body)
    assert r["Attributes"] == dict(key, n={"N": "2"}, s={"S": "old"})


# --- conditions against a missing item ----------------------------------------------------

def test_put_if_absent(ddb, tbl):
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(key, v={"N": "1"}),
                 ConditionExpression="attribute_not_exists(pk)")
    with raises_ddb(CCF, CCF_MSG):
        ddb.put_item(TableName=tbl, Item=dict(key, v={"N": "2"}),
                     ConditionExpression="attribute_not_exists(pk)")
    assert get(ddb, tbl, key) == dict(key, v={"N": "1"})


@pytest.mark.parametrize("expr,values,passes", [
    ("attribute_not_exists(pk)", None, True),
    ("attribute_not_exists(anything)", None, True),
    ("attribute_exists(pk)", None, False),
    ("n = :v", {":v": {"N": "1"}}, False),
    ("n <> :v", {":v": {"N": "1"}}, True),
    ("NOT n = :v", {":v": {"N": "1"}}, True),
    ("size(n) = :v", {":v": {"N": "0"}}, False),
    ("NOT contains(ss, :v)", {":v": {"S": "a"}}, True),
    ("attribute_type(pk, :v)", {":v": {"S": "S"}}, False),
    ("pk = :v", {":v": {"S": "KEY"}}, False),   # the key attribute is not there either
])
@pytest.mark.parametrize("op", ["PutItem", "DeleteItem", "UpdateItem"])
def test_condition_on_missing_item(ddb, tbl, op, expr, values, passes):
    key = new_key()
    args = {"ConditionExpression": expr}
    if values:
        args["ExpressionAttributeValues"] = fill_key(values, key)
    if op == "UpdateItem":
        args["ExpressionAttributeValues"] = dict(args.get("ExpressionAttributeValues", {}),
                                                 **{":w": {"S": "w"}})
    call_op = {
        "PutItem": lambda: ddb.put_item(TableName=tbl, Item=dict(key, w={"S": "w"}), **args),
        "DeleteItem": lambda: ddb.delete_item(TableName=tbl, Key=key, **args),
        "UpdateItem": lambda: ddb.update_item(TableName=tbl, Key=key,
                                              UpdateExpression="SET w = :w", **args),
    }[op]
    if passes:
        call_op()
        expected = None if op == "DeleteItem" else dict(key, w={"S": "w"})
        assert get(ddb, tbl, key) == expected
    else:
        with raises_ddb(CCF, CCF_MSG):
            call_op()
        assert get(ddb, tbl, key) is None


def test_condition_on_sort_key(ddb, make_table):
    t = make_table(range=("sk", "N"))
    key = {"pk": {"S": "p"}, "sk": {"N": "5"}}
    ddb.put_item(TableName=t, Item=dict(key, v={"S": "1"}))
    ddb.put_item(TableName=t, Item=dict(key, v={"S": "2"}), ConditionExpression="sk = :five",
                 ExpressionAttributeValues={":five": {"N": "5.0"}})
    with raises_ddb(CCF, CCF_MSG):
        ddb.put_item(TableName=t, Item=dict(key, v={"S": "3"}), ConditionExpression="sk > :five",
                     ExpressionAttributeValues={":five": {"N": "5"}})
    # Another sort key is another item: the condition sees nothing.
    other = {"pk": {"S": "p"}, "sk": {"N": "6"}}
    with raises_ddb(CCF, CCF_MSG):
        ddb.delete_item(TableName=t, Key=other, ConditionExpression="attribute_exists(v)")
    assert get(ddb, t, key) == dict(key, v={"S": "2"})


def test_conditional_put_sees_latest_write(ddb, tbl):
    """A sequence of compare-and-set writes, each seeing the one before."""
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(key, ver={"N": "0"}))
    for i in range(10):
        ddb.put_item(TableName=tbl, Item=dict(key, ver={"N": str(i + 1)}),
                     ConditionExpression="ver = :seen",
                     ExpressionAttributeValues={":seen": {"N": str(i)}})
        with raises_ddb(CCF, CCF_MSG):
            ddb.put_item(TableName=tbl, Item=dict(key, ver={"N": "100"}),
                         ConditionExpression="ver = :seen",
                         ExpressionAttributeValues={":seen": {"N": str(i)}})
    assert get(ddb, tbl, key) == dict(key, ver={"N": "10"})


# --- which error wins when a request has two problems --------------------------------------

MISSING = "rt_no_such_table_for_conditions"
RNF = ("ResourceNotFoundException", "Cannot do operations on a non-existent table")


@pytest.mark.parametrize("op,body", [
    ("PutItem", {"Item": {"pk": {"S": "a"}}, "ConditionExpression": "n = = :v"}),
    ("PutItem", {"Item": {"pk": {"S": "a"}}, "ReturnValues": "UPDATED_NEW"}),
    ("PutItem", {"Item": {"pk": {"N": "1"}}, "ConditionExpression": "n = :v",
                 "ExpressionAttributeValues": {":v": {"N": "1"}, ":u": {"N": "1"}}}),
    ("DeleteItem", {"Key": {"pk": {"S": "a"}}, "ConditionExpression": "",
                    "ExpressionAttributeNames": {"#a": "a"}}),
    ("DeleteItem", {"Key": {"pk": {"S": "a"}}, "ExpressionAttributeValues": {":v": {"N": "1"}}}),
    ("UpdateItem", {"Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET",
                    "ConditionExpression": "n = = :v"}),
    ("UpdateItem", {"Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET pk = :v",
                    "ExpressionAttributeValues": {":v": {"S": "b"}}}),
    ("UpdateItem", {"Key": {"pk": {"S": "a"}}, "ReturnValues": "ALL_NEW",
                    "ConditionExpression": "n = :v", "Expected": {"n": {"Exists": False}}}),
])
def test_missing_table_wins(raw, op, body):
    r = raw.post(op, dict(body, TableName=MISSING))
    assert (r.error_type, r.message) == RNF


@pytest.mark.parametrize("op,body,message", [
    # ReturnValues not allowed for the operation beats a syntax error.
    ("PutItem", {"Item": {"pk": {"S": "a"}}, "ReturnValues": "UPDATED_NEW",
                 "ConditionExpression": "n = = :v"}, "Return values set to invalid value"),
    ("DeleteItem", {"Key": {"pk": {"S": "a"}}, "ReturnValues": "ALL_NEW",
                    "ConditionExpression": "n = = :v"}, "Return values set to invalid value"),
    # The key/item against the schema beats the condition's syntax.
    ("PutItem", {"Item": {"n": {"S": "a"}}, "ConditionExpression": "n = = :v"},
     "One of the required keys was not given a value"),
    ("PutItem", {"Item": {"pk": {"N": "1"}}, "ConditionExpression": "n = = :v"},
     "One or more parameter values were invalid: Type mismatch for key"),
    ("DeleteItem", {"Key": {"pk": {"N": "1"}}, "ConditionExpression": "n = = :v"},
     "One or more parameter values were invalid: Type mismatch for key"),
    ("PutItem", {"Item": {"pk": {"S": "a"}, "x": {"SS": []}}, "ConditionExpression": "n = = :v"},
     "One or more parameter values were invalid: An string set  may not be empty"),
    # The attribute maps beat the syntax.
    ("PutItem", {"Item": {"pk": {"S": "a"}}, "ConditionExpression": "n = = :v",
                 "ExpressionAttributeValues": {}}, "ExpressionAttributeValues must not be empty"),
    ("PutItem", {"Item": {"pk": {"S": "a"}}, "ConditionExpression": "n = = :v",
                 "ExpressionAttributeValues": {":v": {"N": "x"}}},
     "ExpressionAttributeValues contains invalid value: A value provided cannot be converted "
     "into a number for key :v"),
    # Syntax beats unused names/values.
    ("PutItem", {"Item": {"pk": {"S": "a"}}, "ConditionExpression": "n = = :v",
                 "ExpressionAttributeValues": {":v": {"N": "1"}, ":u": {"N": "1"}}},
     'Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"'),
    # UpdateExpression is checked (fully) before ConditionExpression.
    ("UpdateItem", {"Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET x = = :v",
                    "ConditionExpression": "n = = :v",
                    "ExpressionAttributeValues": {":v": {"N": "1"}}},
     'Invalid UpdateExpression: Syntax error; token: "=", near: "= = :v"'),
    ("UpdateItem", {"Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET x = :zz",
                    "ConditionExpression": "n = = :v",
                    "ExpressionAttributeValues": {":v": {"N": "1"}}},
     "Invalid UpdateExpression: An expression attribute value used in expression is not "
     "defined; attribute value: :zz"),
    ("UpdateItem", {"Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET x = :v",
                    "ConditionExpression": "n = = :v",
                    "ExpressionAttributeValues": {":v": {"N": "1"}, ":u": {"N": "1"}}},
     'Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"'),
    # Names/values without any expression.
    ("PutItem", {"Item": {"pk": {"S": "a"}}, "ExpressionAttributeValues": {":v": {"N": "1"}}},
     "ExpressionAttributeValues can only be specified when using expressions: "
     "ConditionExpression is null"),
    ("PutItem", {"Item": {"pk": {"S": "a"}}, "ExpressionAttributeNames": {"#a": "a"}},
     "ExpressionAttributeNames can only be specified when using expressions"),
    ("DeleteItem", {"Key": {"pk": {"S": "a"}}, "ExpressionAttributeNames": {"#a": "a"},
                    "ExpressionAttributeValues": {":v": {"N": "1"}}},
     "ExpressionAttributeNames can only be specified when using expressions"),
    ("UpdateItem", {"Key": {"pk": {"S": "a"}}, "ExpressionAttributeValues": {":v": {"N": "1"}}},
     "ExpressionAttributeValues can only be specified when using expressions: "
     "UpdateExpression and ConditionExpression are null"),
])
def test_validation_order(raw, tbl, op, body, message):
    key = {"pk": {"S": "a"}}
    raw.post("PutItem", {"TableName": tbl, "Item": dict(key, n={"N": "1"})})
    r = raw.post(op, dict(body, TableName=tbl))
    assert r.status == 400 and (r.error_type, r.message) == (V, message)
    got = raw.post("GetItem", {"TableName": tbl, "Key": key, "ConsistentRead": True}).json()
    assert got["Item"] == dict(key, n={"N": "1"})


@pytest.mark.parametrize("op", list(OPS))
@pytest.mark.parametrize("problem", ["unused value", "unused name"])
def test_unused_beats_failing_condition(ddb, tbl, op, problem):
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(key, n={"N": "1"}))
    body = cond_body(tbl, op, key)
    if problem == "unused value":
        body["ExpressionAttributeValues"][":unused"] = {"N": "0"}
        message = "Value provided in ExpressionAttributeValues unused in expressions: " \
                  "keys: {:unused}"
    else:
        body["ExpressionAttributeNames"] = {"#unused": "n"}
        message = "Value provided in ExpressionAttributeNames unused in expressions: " \
                  "keys: {#unused}"
    fn = {"PutItem": ddb.put_item, "DeleteItem": ddb.delete_item,
          "UpdateItem": ddb.update_item}[op]
    with raises_ddb(V, message):
        fn(**body)


@pytest.mark.parametrize("update,values", [
    ("SET pk = :v", {":v": {"S": "other"}}),          # a key attribute
    ("SET x = s + :v", {":v": {"N": "1"}}),            # wrong operand type at run time
    ("SET x = nope", {}),                               # missing attribute at run time
    ("SET s.a = :v", {":v": {"N": "1"}}),              # path through a scalar
    ("SET n = n + :v", {":v": {"N": "1E+125"}}),       # overflow
])
def test_failing_condition_beats_update_errors(ddb, tbl, update, values):
    """The condition is evaluated first: a failing condition answers
    ConditionalCheckFailed even when the update itself could not apply."""
    key = new_key()
    item = dict(key, n={"N": "9" * 38 + "0" * 88}, s={"S": "str"})
    ddb.put_item(TableName=tbl, Item=item)
    values = dict(values, **{":never": {"S": "never"}})
    with raises_ddb(CCF, CCF_MSG):
        ddb.update_item(TableName=tbl, Key=key, UpdateExpression=update,
                        ConditionExpression="s = :never", ExpressionAttributeValues=values)
    assert get(ddb, tbl, key) == item
