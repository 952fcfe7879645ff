"""Query/Scan validation: the error type and exact message for each misuse.

Messages are the reference's (DynamoDB Local 1.25.1) unless marked
reference_differs. Each case has a single fault so that the order of checks
does not matter, except where the order itself is pinned."""
import pytest

from helpers import create_table, delete_table_quietly, put_items, raises_ddb

V = "ValidationException"


@pytest.fixture(scope="module")
def t(ddb):
    """pk S, sk N; tables["s"]: pk S, sk S; tables["h"]: hash-only."""
    names = {"n": create_table(ddb, ("pk", "S"), ("sk", "N")),
             "s": create_table(ddb, ("pk", "S"), ("sk", "S")),
             "h": create_table(ddb, ("pk", "S")),
             "r": create_table(ddb, ("data", "S"), ("status", "S"))}
    put_items(ddb, names["n"], [{"pk": {"S": "a"}, "sk": {"N": str(i)}, "v": {"N": "1"}} for i in range(10)])
    put_items(ddb, names["h"], [{"pk": {"S": "a"}, "v": {"N": "1"}}])
    yield names
    for name in names.values():
        delete_table_quietly(ddb, name)


def fails(call, op, body, message, code=V):
    with raises_ddb(code, message):
        call(op, body)


def q(t, kc, values=None, names=None, table="n", **kw):
    body = {"TableName": t[table], "KeyConditionExpression": kc, **kw}
    if values is not None:
        body["ExpressionAttributeValues"] = values
    if names is not None:
        body["ExpressionAttributeNames"] = names
    return body


P = {":p": {"S": "a"}}
N1 = {**P, ":v": {"N": "1"}}

# ---------------------------------------------------------------------------
# KeyConditionExpression

KEY_CONDITION_ERRORS = [
    ("sk = :v", {":v": {"N": "1"}}, None, "Query condition missed key schema element"),
    ("pk = :p and v = :v", N1, None, "Query condition missed key schema element"),
    ("v = :v", {":v": {"N": "1"}}, None, "Query condition missed key schema element"),
    ("sk = :p", P, None, "Query condition missed key schema element"),
    ("pk = :p or sk = :v", N1, None, "Invalid operator used in KeyConditionExpression: OR"),
    ("not pk = :p", P, None, "Invalid operator used in KeyConditionExpression: NOT"),
    ("pk = :p and not sk = :v", N1, None, "Invalid operator used in KeyConditionExpression: NOT"),
    ("pk <> :p", P, None, "Invalid operator used in KeyConditionExpression: <>"),
    ("pk = :p and sk <> :v", N1, None, "Invalid operator used in KeyConditionExpression: <>"),
    ("pk = :p and sk in (:v)", N1, None, "Invalid operator used in KeyConditionExpression: IN"),
    ("pk in (:p)", P, None, "Invalid operator used in KeyConditionExpression: IN"),
    ("pk = :p and attribute_exists(sk)", P, None,
     "Invalid operator used in KeyConditionExpression: attribute_exists"),
    ("pk = :p and contains(sk, :v)", N1, None, "Invalid operator used in KeyConditionExpression: contains"),
    ("pk = :p and sk = :v and sk = :v", N1, None, "KeyConditionExpressions must only contain one condition per key"),
    ("pk = :p and sk > :v and sk < :v", N1, None,
     "KeyConditionExpressions must only contain one condition per key"),
    ("pk = :p and pk = :p", P, None, "KeyConditionExpressions must only contain one condition per key"),
    ("pk < :p", P, None, "Query key condition not supported"),
    ("pk <= :p", P, None, "Query key condition not supported"),
    ("pk > :p", P, None, "Query key condition not supported"),
    ("pk between :p and :p", P, None, "Query key condition not supported"),
    ("begins_with(pk, :p)", P, None, "Query key condition not supported"),
    ("pk = :p and size(sk) > :v", N1, None, "KeyConditionExpressions cannot contain nested operations"),
    ("pk = :p and begins_with(sk, :v)", N1, None,
     "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
     "operator or function: begins_with, operand type: N"),
    ("pk = :p and begins_with(sk, :s)", {**P, ":s": {"S": "1"}}, None,
     "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ("pk = :p and sk between :a and :b", {**P, ":a": {"N": "5"}, ":b": {"N": "1"}}, None,
     "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than "
     "or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: "
     "AttributeValue: {N:1}"),
    ("pk = :p and sk between :a and :b", {**P, ":a": {"N": "1"}, ":b": {"S": "1"}}, None,
     "Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower and "
     "upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: "
     "AttributeValue: {S:1}"),
    ("pk = :v", {":v": {"N": "1"}}, None,
     "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ("pk = :p", {":p": {"SS": ["a"]}}, None,
     "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ("pk = :p and sk = :v", {**P, ":v": {"S": "1"}}, None,
     "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ("pk = :p", {":p": {"S": ""}}, None,
     "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
     "contain an empty string value. Key: pk"),
    ("pk = :p", {**P, ":x": {"S": "1"}}, None,
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}"),
    ("pk = :q", P, None,
     "Invalid KeyConditionExpression: An expression attribute value used in expression is not "
     "defined; attribute value: :q"),
    ("#k = :p", P, None,
     "Invalid KeyConditionExpression: An expression attribute name used in the document path is "
     "not defined; attribute name: #k"),
    ("#k = :p", P, {"#k": "pk", "#z": "x"},
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#z}"),
    ("pk = pk", P, None,
     "Invalid KeyConditionExpression: The first operand must be distinct from the remaining "
     "operands for this operator or function; operator: =, first operand: [pk]"),
    ("pk.x = :p", P, None,
     "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk"),
    ("pk[0] = :p", P, None,
     "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: pk"),
    ("", P, None, "Invalid KeyConditionExpression: The expression can not be empty;"),
    ("pk = :p and", P, None, 'Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: "and"'),
    ("pk == :p", P, None, 'Invalid KeyConditionExpression: Syntax error; token: "=", near: "== :p"'),
    ("pk = :p", {}, None, "ExpressionAttributeValues must not be empty"),
    ("pk = :p", {":p": {"N": "1e126"}}, None,
     "ExpressionAttributeValues contains invalid value: Number overflow. Attempting to store a "
     "number with magnitude larger than supported range for key :p"),
]


@pytest.mark.parametrize("kc,values,names,message", KEY_CONDITION_ERRORS,
                         ids=[c[0] or "empty" for c in KEY_CONDITION_ERRORS])
def test_key_condition_expression_errors(call, t, kc, values, names, message):
    fails(call, "Query", q(t, kc, values, names), message)


@pytest.mark.parametrize("kc,values", [
    ("pk = :p and sk = :v", {":v": {"S": ""}}),
    ("pk = :p and sk > :v", {":v": {"S": ""}}),
    ("pk = :p and begins_with(sk, :v)", {":v": {"S": ""}}),
])
def test_empty_string_sort_key_operand(call, t, kc, values):
    fails(call, "Query", q(t, kc, {**P, **values}, table="s"),
          "One or more parameter values are not valid. The AttributeValue for a key attribute "
          "cannot contain an empty string value. Key: sk")


def test_between_strings_low_above_high(call, t):
    fails(call, "Query", q(t, "pk = :p and sk between :a and :b",
                           {**P, ":a": {"S": "b"}, ":b": {"S": "a"}}, table="s"),
          "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater "
          "than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound "
          "operand: AttributeValue: {S:a}")


def test_sort_key_condition_on_hash_only_table(call, t):
    fails(call, "Query", q(t, "pk = :p and sk > :v", N1, table="h"), "Query key condition not supported")


@pytest.mark.parametrize("kc,word", [("data = :p", "data"), ("#d = :p and status > :p", "status")])
def test_reserved_word_in_key_condition(call, t, kc, word):
    names = {"#d": "data"} if "#d" in kc else None
    fails(call, "Query", q(t, kc, P, names, table="r"),
          f"Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved keyword: {word}")


def test_no_key_condition(call, t):
    fails(call, "Query", {"TableName": t["n"]},
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")


def test_values_without_any_expression(call, t):
    fails(call, "Query", {"TableName": t["n"], "ExpressionAttributeValues": P,
                          "KeyConditions": {"pk": {"ComparisonOperator": "EQ",
                                                   "AttributeValueList": [{"S": "a"}]}}},
          "ExpressionAttributeValues can only be specified when using expressions: "
          "FilterExpression and KeyConditionExpression are null")


def test_names_without_any_expression(call, t):
    fails(call, "Query", {"TableName": t["n"], "ExpressionAttributeNames": {"#a": "v"},
                          "KeyConditions": {"pk": {"ComparisonOperator": "EQ",
                                                   "AttributeValueList": [{"S": "a"}]}}},
          "ExpressionAttributeNames can only be specified when using expressions")


# ---------------------------------------------------------------------------
# Legacy KeyConditions

A = {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}}


def sk(op, *vals, kind="N"):
    return {"sk": {"ComparisonOperator": op, "AttributeValueList": [{kind: v} for v in vals]}}


LEGACY_KEY_ERRORS = [
    ({**A, **sk("BEGINS_WITH", "2")},
     "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"),
    ({**A, **sk("IN", "2")}, "Attempted conditional constraint is not an indexable operation"),
    ({**A, **sk("CONTAINS", "2")}, "Attempted conditional constraint is not an indexable operation"),
    ({**A, **sk("NOT_CONTAINS", "2")}, "Attempted conditional constraint is not an indexable operation"),
    ({**A, **sk("NULL")}, "Only scalar types can be used as Range Key values"),
    ({**A, **sk("NOT_NULL")}, "Only scalar types can be used as Range Key values"),
    ({**A, **sk("EQ")}, "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"),
    ({**A, **sk("EQ", "1", "2")},
     "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"),
    ({**A, **sk("GT", "1", "2")},
     "One or more parameter values were invalid: Invalid number of argument(s) for the GT ComparisonOperator"),
    ({**A, **sk("BETWEEN", "1")},
     "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
    ({**A, **sk("BETWEEN", "3", "1")},
     "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"),
    ({**A, **sk("EQ", "1", kind="S")},
     "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ({**A, **sk("EQ", "x")}, "A value provided cannot be converted into a number"),
    ({"pk": {"ComparisonOperator": "GT", "AttributeValueList": [{"S": "a"}]}}, "Query key condition not supported"),
    ({"pk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "a"}]}},
     "Query key condition not supported"),
    ({"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}},
     "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ({"pk": {"ComparisonOperator": "EQ", "AttributeValueList": []}},
     "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"),
    ({"pk": {"ComparisonOperator": "EQ"}},
     "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"),
    ({"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}, {"S": "b"}]}},
     "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"),
    (sk("EQ", "1"), "Query condition missed key schema element"),
    ({**A, "v": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}},
     "Query condition missed key schema element"),
    ({**A, **sk("EQ", "1"), "v": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}},
     "Conditions can be of length 1 or 2 only"),
    ({}, "Conditions can be of length 1 or 2 only"),
    ({"pk": {"ComparisonOperator": "FOO", "AttributeValueList": [{"S": "a"}]}},
     "Comparison type does not exist in DynamoDB"),
]


@pytest.mark.parametrize("conds,message", LEGACY_KEY_ERRORS, ids=[str(i) for i in range(len(LEGACY_KEY_ERRORS))])
def test_legacy_key_condition_errors(call, t, conds, message):
    fails(call, "Query", {"TableName": t["n"], "KeyConditions": conds}, message)


@pytest.mark.reference_differs("DynamoDB Local fails with HTTP 500 on NE in KeyConditions; NE is "
                               "not an indexable operation, like IN and CONTAINS")
def test_legacy_key_condition_ne(call, t):
    fails(call, "Query", {"TableName": t["n"], "KeyConditions": {**A, **sk("NE", "2")}},
          "Attempted conditional constraint is not an indexable operation")


def test_legacy_key_conditions_on_hash_only_table(call, t):
    fails(call, "Query", {"TableName": t["h"], "KeyConditions": {
        **A, "x": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}}},
        "Query key condition not supported")


# ---------------------------------------------------------------------------
# Mixing legacy and expression parameters

MIXED = [
    ("Query", {"KeyConditions": A, "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": P},
     "{KeyConditions}", "{KeyConditionExpression}"),
    ("Query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": P,
               "QueryFilter": {"v": {"ComparisonOperator": "NULL"}}}, "{QueryFilter}", "{KeyConditionExpression}"),
    ("Query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": P, "AttributesToGet": ["v"]},
     "{AttributesToGet}", "{KeyConditionExpression}"),
    ("Query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": P, "ConditionalOperator": "AND"},
     "{ConditionalOperator}", "{KeyConditionExpression}"),
    ("Query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": P, "AttributesToGet": ["v"],
               "ProjectionExpression": "v"}, "{AttributesToGet}", "{ProjectionExpression, KeyConditionExpression}"),
    ("Query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {**P, ":z": {"N": "1"}},
               "AttributesToGet": ["v"], "QueryFilter": {"v": {"ComparisonOperator": "NULL"}},
               "ProjectionExpression": "v", "FilterExpression": "v = :z"},
     "{AttributesToGet, QueryFilter}", "{ProjectionExpression, FilterExpression, KeyConditionExpression}"),
    ("Query", {"KeyConditions": A, "AttributesToGet": ["v"], "QueryFilter": {"v": {"ComparisonOperator": "NULL"}},
               "ConditionalOperator": "OR", "ProjectionExpression": "v", "FilterExpression": "v = :z",
               "ExpressionAttributeValues": {":z": {"N": "1"}}},
     "{AttributesToGet, QueryFilter, ConditionalOperator}", "{ProjectionExpression, FilterExpression}"),
    ("Query", {"KeyConditions": A, "QueryFilter": {"v": {"ComparisonOperator": "NULL"}},
               "FilterExpression": "v = :z", "ExpressionAttributeValues": {":z": {"N": "1"}}},
     "{QueryFilter}", "{FilterExpression}"),
    ("Scan", {"ScanFilter": {"v": {"ComparisonOperator": "NULL"}}, "FilterExpression": "v = :z",
              "ExpressionAttributeValues": {":z": {"N": "1"}}}, "{ScanFilter}", "{FilterExpression}"),
    ("Scan", {"ScanFilter": {"v": {"ComparisonOperator": "NULL"}}, "ProjectionExpression": "v"},
     "{ScanFilter}", "{ProjectionExpression}"),
    ("Scan", {"AttributesToGet": ["v"], "ProjectionExpression": "v"}, "{AttributesToGet}", "{ProjectionExpression}"),
    ("Scan", {"ConditionalOperator": "AND", "FilterExpression": "v = :z",
              "ExpressionAttributeValues": {":z": {"N": "1"}}}, "{ConditionalOperator}", "{FilterExpression}"),
]


@pytest.mark.parametrize("op,body,legacy,expr", MIXED, ids=[str(i) for i in range(len(MIXED))])
def test_mixing_legacy_and_expression_parameters(call, t, op, body, legacy, expr):
    fails(call, op, {"TableName": t["n"], **body},
          "Can not use both expression and non-expression parameters in the same request: "
          f"Non-expression parameters: {legacy} Expression parameters: {expr}")


# ---------------------------------------------------------------------------
# Filters


def test_query_filter_expression_may_not_use_key_attributes(call, t):
    for expr, key in [("sk > :z", "sk"), ("pk = :p", "pk"), ("attribute_exists(sk) and v = :z", "sk")]:
        values = {":p": {"S": "a"}, ":z": {"N": "0"}} if ":z" in expr else P
        fails(call, "Query", q(t, "pk = :p", values, FilterExpression=expr),
              f"Filter Expression can only contain non-primary key attributes: Primary key attribute: {key}")


def test_legacy_query_filter_may_not_use_key_attributes(call, t):
    for key, val in [("sk", {"N": "0"}), ("pk", {"S": "a"})]:
        fails(call, "Query", {"TableName": t["n"], "KeyConditions": A,
                              "QueryFilter": {key: {"ComparisonOperator": "EQ", "AttributeValueList": [val]}}},
              f"QueryFilter can only contain non-primary key attributes: Primary key attribute: {key}")


def flt(op, *vals):
    return {"v": {"ComparisonOperator": op, "AttributeValueList": list(vals)}}


def count_msg(op):
    return f"One or more parameter values were invalid: Invalid number of argument(s) for the {op} ComparisonOperator"


def type_msg(op, kind):
    return f"One or more parameter values were invalid: ComparisonOperator {op} is not valid for {kind} AttributeValue type"


SAME_TYPE = "One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type"

LEGACY_FILTER_ERRORS = [
    (flt("EQ"), count_msg("EQ")),
    (flt("EQ", {"N": "1"}, {"N": "2"}), count_msg("EQ")),
    (flt("NE"), count_msg("NE")),
    (flt("LT", {"N": "1"}, {"N": "1"}), count_msg("LT")),
    (flt("NULL", {"N": "1"}), count_msg("NULL")),
    (flt("NOT_NULL", {"N": "1"}), count_msg("NOT_NULL")),
    (flt("CONTAINS"), count_msg("CONTAINS")),
    (flt("BEGINS_WITH", {"S": "a"}, {"S": "b"}), count_msg("BEGINS_WITH")),
    (flt("BETWEEN", {"N": "1"}), count_msg("BETWEEN")),
    (flt("BETWEEN", {"N": "1"}, {"N": "2"}, {"N": "3"}), count_msg("BETWEEN")),
    (flt("IN"), count_msg("IN")),
    (flt("LT", {"SS": ["a"]}), type_msg("LT", "SS")),
    (flt("GT", {"BOOL": True}), type_msg("GT", "BOOL")),
    (flt("LE", {"NULL": True}), type_msg("LE", "NULL")),
    (flt("GE", {"L": []}), type_msg("GE", "L")),
    (flt("LT", {"M": {}}), type_msg("LT", "M")),
    (flt("CONTAINS", {"SS": ["a"]}), type_msg("CONTAINS", "SS")),
    (flt("CONTAINS", {"L": []}), type_msg("CONTAINS", "L")),
    (flt("BEGINS_WITH", {"N": "1"}), type_msg("BEGINS_WITH", "N")),
    (flt("BEGINS_WITH", {"SS": ["a"]}), type_msg("BEGINS_WITH", "SS")),
    (flt("IN", {"SS": ["a"]}), type_msg("IN", "SS")),
    (flt("IN", {"BOOL": True}), type_msg("IN", "BOOL")),
    (flt("BETWEEN", {"SS": ["a"]}, {"SS": ["b"]}), type_msg("BETWEEN", "SS")),
    (flt("IN", {"N": "1"}, {"S": "1"}), SAME_TYPE),
    (flt("BETWEEN", {"N": "2"}, {"S": "1"}), SAME_TYPE),
    (flt("BETWEEN", {"N": "2"}, {"N": "1"}),
     "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"),
    (flt("FOO", {"N": "1"}), "Comparison type does not exist in DynamoDB"),
    ({"v": {"AttributeValueList": [{"N": "1"}]}}, "Comparison type does not exist in DynamoDB"),
    (flt("EQ", {}), "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    (flt("EQ", {"N": "x"}), "A value provided cannot be converted into a number"),
]


@pytest.mark.parametrize("flt_,message", LEGACY_FILTER_ERRORS, ids=[str(i) for i in range(len(LEGACY_FILTER_ERRORS))])
def test_legacy_scan_filter_errors(call, t, flt_, message):
    fails(call, "Scan", {"TableName": t["n"], "ScanFilter": flt_}, message)


@pytest.mark.parametrize("flt_,message", LEGACY_FILTER_ERRORS[:12], ids=[str(i) for i in range(12)])
def test_legacy_query_filter_errors(call, t, flt_, message):
    fails(call, "Query", {"TableName": t["n"], "KeyConditions": A, "QueryFilter": flt_}, message)


def test_conditional_operator_errors(call, t):
    fails(call, "Scan", {"TableName": t["n"], "ConditionalOperator": "AND"},
          "ConditionalOperator cannot be used without Filter or Expected")
    fails(call, "Scan", {"TableName": t["n"], "ConditionalOperator": "OR", "ScanFilter": flt("NULL")},
          "ConditionalOperator can only be used when Filter or Expected has two or more elements")
    fails(call, "Query", {"TableName": t["n"], "KeyConditions": A, "ConditionalOperator": "AND"},
          "ConditionalOperator cannot be used without Filter or Expected")
    fails(call, "Query", {"TableName": t["n"], "KeyConditions": A, "ConditionalOperator": "OR",
                          "QueryFilter": flt("NULL")},
          "ConditionalOperator can only be used when Filter or Expected has two or more elements")


@pytest.mark.reference_differs("DynamoDB Local fails with HTTP 500 on an unknown ConditionalOperator; "
                               "DynamoDB validates the enum")
def test_unknown_conditional_operator(call, t):
    fails(call, "Scan", {"TableName": t["n"], "ConditionalOperator": "XOR",
                         "ScanFilter": {**flt("NULL"), "w": {"ComparisonOperator": "NULL"}}},
          "1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy "
          "constraint: Member must satisfy enum value set: [AND, OR]")


FILTER_EXPRESSION_ERRORS = [
    ("v = :x", {":v": {"N": "1"}},
     "Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :x"),
    ("v = :v", {":v": {"N": "1"}, ":u": {"N": "2"}},
     "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}"),
    ("#x = :v", {":v": {"N": "1"}},
     "Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #x"),
    ("v = :v and", {":v": {"N": "1"}}, 'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "and"'),
    ("v", None, 'Invalid FilterExpression: Syntax error; token: "<EOF>", near: "v"'),
    ("size(v)", None,
     "Invalid FilterExpression: The function is not allowed to be used this way in an expression; function: size"),
    ("", None, "Invalid FilterExpression: The expression can not be empty;"),
    ("data = :v", {":v": {"N": "1"}},
     "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: data"),
]


@pytest.mark.parametrize("op", ["Scan", "Query"])
@pytest.mark.parametrize("expr,values,message", FILTER_EXPRESSION_ERRORS,
                         ids=[str(i) for i in range(len(FILTER_EXPRESSION_ERRORS))])
def test_filter_expression_errors(call, t, op, expr, values, message):
    body = {"TableName": t["n"], "FilterExpression": expr}
    if op == "Query":
        body["KeyConditionExpression"] = "pk = :p"
        values = {**P, **(values or {})}
    if values:
        body["ExpressionAttributeValues"] = values
    fails(call, op, body, message)


def test_scan_expression_attribute_misuse(call, t):
    fails(call, "Scan", {"TableName": t["n"], "ExpressionAttributeValues": {":z": {"N": "0"}}},
          "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null")
    fails(call, "Scan", {"TableName": t["n"], "ExpressionAttributeNames": {"#z": "v"}},
          "ExpressionAttributeNames can only be specified when using expressions")
    fails(call, "Scan", {"TableName": t["n"], "ExpressionAttributeNames": {"#z": "v"}, "ProjectionExpression": "v"},
          "Value provided in ExpressionAttributeNames unused in expressions: keys: {#z}")


# ---------------------------------------------------------------------------
# Select and projections


SELECT_ERRORS = [
    ({"Select": "SPECIFIC_ATTRIBUTES"},
     "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"),
    ({"Select": "ALL_ATTRIBUTES", "ProjectionExpression": "v"},
     "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"),
    ({"Select": "COUNT", "ProjectionExpression": "v"},
     "Cannot specify the ProjectionExpression when choosing to get only the Count"),
    ({"Select": "ALL_PROJECTED_ATTRIBUTES"},
     "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
    ({"Select": "ALL_PROJECTED_ATTRIBUTES", "ProjectionExpression": "v"},
     "Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES"),
    ({"Select": "FOO"}, "Select must be ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, COUNT, or SPECIFIC_ATTRIBUTES"),
    ({"Select": "count"}, "Select must be ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, COUNT, or SPECIFIC_ATTRIBUTES"),
    ({"ProjectionExpression": "v, v"},
     "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite "
     "one of these paths; path one: [v], path two: [v]"),
    ({"ProjectionExpression": "m, m.x"},
     "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite "
     "one of these paths; path one: [m], path two: [m, x]"),
    ({"ProjectionExpression": ""}, "Invalid ProjectionExpression: The expression can not be empty;"),
    ({"ProjectionExpression": "data"},
     "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: data"),
]


@pytest.mark.parametrize("op", ["Query", "Scan"])
@pytest.mark.parametrize("extra,message", SELECT_ERRORS, ids=[str(i) for i in range(len(SELECT_ERRORS))])
def test_select_and_projection_errors(call, t, op, extra, message):
    body = {"TableName": t["n"], **extra}
    if op == "Query":
        body.update(KeyConditionExpression="pk = :p", ExpressionAttributeValues=P)
    fails(call, op, body, message)


@pytest.mark.parametrize("op", ["Query", "Scan"])
@pytest.mark.parametrize("extra,message", [
    ({"AttributesToGet": ["v"], "Select": "ALL_ATTRIBUTES"},
     "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES"),
    ({"AttributesToGet": ["v"], "Select": "COUNT"},
     "Cannot specify the AttributesToGet when choosing to get only the Count"),
    ({"AttributesToGet": ["v", "v"]}, "Cannot have two attributes with the same name"),
])
def test_attributes_to_get_errors(call, t, op, extra, message):
    body = {"TableName": t["n"], **extra}
    if op == "Query":
        body["KeyConditions"] = A
    fails(call, op, body, message)


# ---------------------------------------------------------------------------
# ExclusiveStartKey

ESK_SIZE = "Exclusive Start Key must have same size as table's key schema"
ESK_TYPE = "Type mismatch for attribute to update"
ESK_RANGE = "The provided starting key does not match the range key predicate"


def k(pk="a", sk="1", skind="N"):
    return {"pk": {"S": pk}, "sk": {skind: sk}}


ESK_QUERY_ERRORS = [
    ({"pk": {"S": "a"}}, ESK_SIZE),
    ({"sk": {"N": "1"}}, ESK_SIZE),
    ({**k(), "v": {"N": "1"}}, ESK_SIZE),
    ({}, ESK_SIZE),
    (k(skind="S"), ESK_TYPE),
    ({"pk": {"N": "1"}, "sk": {"N": "1"}}, ESK_TYPE),
    ({"pk": {"SS": ["a"]}, "sk": {"N": "1"}}, ESK_TYPE),
    ({"pk": {"S": "a"}, "zz": {"N": "1"}}, "The provided starting key is invalid"),
    (k(sk="x"), "A value provided cannot be converted into a number"),
    (k(pk="b"), ESK_RANGE),
]


@pytest.mark.parametrize("esk,message", ESK_QUERY_ERRORS, ids=[str(i) for i in range(len(ESK_QUERY_ERRORS))])
def test_query_exclusive_start_key_errors(call, t, esk, message):
    fails(call, "Query", q(t, "pk = :p", P, ExclusiveStartKey=esk), message)


# (condition, values, forward, ExclusiveStartKey sort key): outside the key
# condition in the read direction. ExclusiveStartKey equal to the inclusive far
# bound (<= / BETWEEN upper going forward, >= / BETWEEN lower going backward)
# is refused too: no LastEvaluatedKey is ever returned there.
ESK_OUT_OF_RANGE = [
    ("sk BETWEEN :a AND :b", {":a": "3", ":b": "6"}, True, "2"),
    ("sk BETWEEN :a AND :b", {":a": "3", ":b": "6"}, True, "6"),
    ("sk BETWEEN :a AND :b", {":a": "3", ":b": "6"}, True, "7"),
    ("sk BETWEEN :a AND :b", {":a": "3", ":b": "6"}, False, "3"),
    ("sk BETWEEN :a AND :b", {":a": "3", ":b": "6"}, False, "7"),
    ("sk BETWEEN :a AND :b", {":a": "3", ":b": "6"}, False, "-1"),
    ("sk > :a", {":a": "5"}, True, "5"),
    ("sk > :a", {":a": "5"}, False, "4"),
    ("sk >= :a", {":a": "5"}, True, "4"),
    ("sk >= :a", {":a": "5"}, False, "5"),
    ("sk < :a", {":a": "5"}, True, "5"),
    ("sk < :a", {":a": "5"}, False, "6"),
    ("sk <= :a", {":a": "5"}, True, "5"),
    ("sk <= :a", {":a": "5"}, False, "6"),
    ("sk = :a", {":a": "5"}, True, "4"),
    ("sk = :a", {":a": "5"}, False, "6"),
]


@pytest.mark.parametrize("cond,values,forward,esk", ESK_OUT_OF_RANGE)
def test_exclusive_start_key_outside_key_condition(call, t, cond, values, forward, esk):
    vals = {**P, **{n: {"N": v} for n, v in values.items()}}
    fails(call, "Query", q(t, "pk = :p and " + cond, vals, ScanIndexForward=forward,
                           ExclusiveStartKey=k(sk=esk)), ESK_RANGE)


def test_exclusive_start_key_for_string_prefix(call, t):
    vals = {**P, ":b": {"S": "m"}}
    fails(call, "Query", q(t, "pk = :p and begins_with(sk, :b)", vals, table="s",
                           ExclusiveStartKey=k(sk="a", skind="S")), ESK_RANGE)
    r = call("Query", q(t, "pk = :p and begins_with(sk, :b)", vals, table="s",
                        ExclusiveStartKey=k(sk="m", skind="S")))
    assert r["Count"] == 0


def test_hash_only_query_exclusive_start_key(call, t):
    fails(call, "Query", q(t, "pk = :p", P, table="h", ExclusiveStartKey={"pk": {"S": "b"}}), ESK_RANGE)
    fails(call, "Query", q(t, "pk = :p", P, table="h", ExclusiveStartKey={"pk": {"N": "1"}}), ESK_TYPE)
    fails(call, "Query", q(t, "pk = :p", P, table="h", ExclusiveStartKey={"pk": {"S": "a"}, "x": {"S": "a"}}),
          ESK_SIZE)


ESK_SCAN_ERRORS = [
    ("n", {"pk": {"S": "a"}}, ESK_SIZE),
    ("n", {**k(), "v": {"N": "1"}}, ESK_SIZE),
    ("n", k(skind="S"), ESK_TYPE),
    ("h", k(), ESK_SIZE),
    ("h", {"pk": {"N": "1"}}, ESK_TYPE),
    ("h", {"zz": {"S": "a"}}, "The provided starting key is invalid"),
    ("h", {}, ESK_SIZE),
]


@pytest.mark.parametrize("table,esk,message", ESK_SCAN_ERRORS, ids=[str(i) for i in range(len(ESK_SCAN_ERRORS))])
def test_scan_exclusive_start_key_errors(call, t, table, esk, message):
    fails(call, "Scan", {"TableName": t[table], "ExclusiveStartKey": esk}, message)


def test_scan_exclusive_start_key_need_not_exist(call, t):
    r = call("Scan", {"TableName": t["h"], "ExclusiveStartKey": {"pk": {"S": "no such item"}}})
    assert r["Count"] in (0, 1)


def test_scan_exclusive_start_key_from_another_segment(ddb, call, t):
    segs = [[i["pk"]["S"] + "/" + i["sk"]["N"] for i in
             ddb.scan(TableName=t["n"], Segment=s, TotalSegments=2)["Items"]] for s in range(2)]
    assert segs[0] or segs[1]
    seg = 0 if segs[1] else 1  # a segment whose items are elsewhere
    pk, skv = segs[1 - seg][0].split("/")
    fails(call, "Scan", {"TableName": t["n"], "Segment": seg, "TotalSegments": 2,
                         "ExclusiveStartKey": k(pk=pk, sk=skv)},
          "Exclusive start key must lie within the segment")


# ---------------------------------------------------------------------------
# Limit, segments, table and index


@pytest.mark.parametrize("op", ["Query", "Scan"])
@pytest.mark.parametrize("limit", [0, -1])
def test_limit_must_be_positive(call, t, op, limit):
    body = {"TableName": t["n"], "Limit": limit}
    if op == "Query":
        body.update(KeyConditionExpression="pk = :p", ExpressionAttributeValues=P)
    fails(call, op, body, "Limit must be greater than or equal to 1")


def test_huge_limit_is_fine(ddb, t):
    assert ddb.scan(TableName=t["n"], Limit=2**31 - 1)["Count"] == 10


SEGMENT_ERRORS = [
    ({"Segment": 0}, "If segment is specified, total segment must also be specified"),
    ({"Segment": 1}, "If segment is specified, total segment must also be specified"),
    ({"TotalSegments": 2}, "If total segments is specified, a particular segment must also be specified for this request"),
    ({"Segment": 2, "TotalSegments": 2},
     "1 validation error detected: Value '2' at 'segment' failed to satisfy constraint: Member must have value less than or equal to 1"),
    ({"Segment": 5, "TotalSegments": 3},
     "1 validation error detected: Value '5' at 'segment' failed to satisfy constraint: Member must have value less than or equal to 2"),
    ({"Segment": 1000000, "TotalSegments": 1000000},
     "1 validation error detected: Value '1000000' at 'segment' failed to satisfy constraint: Member must have value less than or equal to 999999"),
    ({"Segment": 0, "TotalSegments": 1000001},
     "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000"),
]


@pytest.mark.parametrize("seg,message", SEGMENT_ERRORS, ids=[str(i) for i in range(len(SEGMENT_ERRORS))])
def test_segment_errors(call, t, seg, message):
    fails(call, "Scan", {"TableName": t["n"], **seg}, message)


@pytest.mark.reference_differs("DynamoDB Local derives these from Segment <= TotalSegments-1 "
                               "('Value '0' at 'segment' ... less than or equal to -1'); DynamoDB's "
                               "API constraints are Segment >= 0 and TotalSegments >= 1")
@pytest.mark.parametrize("seg,message", [
    ({"Segment": -1, "TotalSegments": 2},
     "1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0"),
    ({"Segment": 0, "TotalSegments": 0},
     "1 validation error detected: Value '0' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1"),
    ({"Segment": 0, "TotalSegments": -1},
     "1 validation error detected: Value '-1' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1"),
])
def test_segment_below_range(call, t, seg, message):
    fails(call, "Scan", {"TableName": t["n"], **seg}, message)


def test_largest_total_segments(ddb, t):
    r = ddb.scan(TableName=t["n"], Segment=999999, TotalSegments=1000000)
    assert r["Count"] >= 0


@pytest.mark.parametrize("op", ["Query", "Scan"])
def test_missing_table(call, op):
    body = {"TableName": "rt_no_such_table_q4"}
    if op == "Query":
        body.update(KeyConditionExpression="pk = :p", ExpressionAttributeValues=P)
    fails(call, op, body, "Cannot do operations on a non-existent table", code="ResourceNotFoundException")


@pytest.mark.parametrize("op", ["Query", "Scan"])
def test_unknown_index(call, t, op):
    body = {"TableName": t["n"], "IndexName": "idx"}
    if op == "Query":
        body.update(KeyConditionExpression="pk = :p", ExpressionAttributeValues=P)
    fails(call, op, body, "The table does not have the specified index: idx")
