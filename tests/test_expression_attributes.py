"""ExpressionAttributeNames and ExpressionAttributeValues end to end, and the
lexical rules every expression shares: DynamoDB's full reserved-word list
(any case, anywhere in a path, in every expression type), the key syntax of
the two maps, invalid values, names or values defined but unused (listed in
DynamoDB's order) or used but undefined, sharing one map between an
UpdateExpression and a ConditionExpression, the size/operator/operand/nesting
limits, and syntax errors with the token as DynamoDB reports it."""
import pytest

from expr_helpers import CCF, CCF_MSG, V, create_table, delete_table_quietly, get, new_key
from helpers import raises_ddb

# DynamoDB's reserved words (Developer Guide, "Reserved words in DynamoDB"),
# all 573 of them. Each is refused as a bare attribute name in any case,
# except: CONVERT and SIZE, which DynamoDB accepts as names although they
# are listed, and the words the expression grammar itself uses (KEYWORDS),
# which are syntax errors instead.
RESERVED_WORDS = """
    ABORT ABSOLUTE ACTION ADD AFTER AGENT AGGREGATE ALL ALLOCATE ALTER ANALYZE AND ANY ARCHIVE
    ARE ARRAY AS ASC ASCII ASENSITIVE ASSERTION ASYMMETRIC AT ATOMIC ATTACH ATTRIBUTE AUTH
    AUTHORIZATION AUTHORIZE AUTO AVG BACK BACKUP BASE BATCH BEFORE BEGIN BETWEEN BIGINT BINARY
    BIT BLOB BLOCK BOOLEAN BOTH BREADTH BUCKET BULK BY BYTE CALL CALLED CALLING CAPACITY
    CASCADE CASCADED CASE CAST CATALOG CHAR CHARACTER CHECK CLASS CLOB CLOSE CLUSTER CLUSTERED
    CLUSTERING CLUSTERS COALESCE COLLATE COLLATION COLLECTION COLUMN COLUMNS COMBINE COMMENT
    COMMIT COMPACT COMPILE COMPRESS CONDITION CONFLICT CONNECT CONNECTION CONSISTENCY
    CONSISTENT CONSTRAINT CONSTRAINTS CONSTRUCTOR CONSUMED CONTINUE CONVERT COPY CORRESPONDING
    COUNT COUNTER CREATE CROSS CUBE CURRENT CURSOR CYCLE DATA DATABASE DATE DATETIME DAY
    DEALLOCATE DEC DECIMAL DECLARE DEFAULT DEFERRABLE DEFERRED DEFINE DEFINED DEFINITION DELETE
    DELIMITED DEPTH DEREF DESC DESCRIBE DESCRIPTOR DETACH DETERMINISTIC DIAGNOSTICS DIRECTORIES
    DISABLE DISCONNECT DISTINCT DISTRIBUTE DO DOMAIN DOUBLE DROP DUMP DURATION DYNAMIC EACH
    ELEMENT ELSE ELSEIF EMPTY ENABLE END EQUAL EQUALS ERROR ESCAPE ESCAPED EVAL EVALUATE
    EXCEEDED EXCEPT EXCEPTION EXCEPTIONS EXCLUSIVE EXEC EXECUTE EXISTS EXIT EXPLAIN EXPLODE
    EXPORT EXPRESSION EXTENDED EXTERNAL EXTRACT FAIL FALSE FAMILY FETCH FIELDS FILE FILTER
    FILTERING FINAL FINISH FIRST FIXED FLATTERN FLOAT FOR FORCE FOREIGN FORMAT FORWARD FOUND
    FREE FROM FULL FUNCTION FUNCTIONS GENERAL GENERATE GET GLOB GLOBAL GO GOTO GRANT GREATER
    GROUP GROUPING HANDLER HASH HAVE HAVING HEAP HIDDEN HOLD HOUR IDENTIFIED IDENTITY IF IGNORE
    IMMEDIATE IMPORT IN INCLUDING INCLUSIVE INCREMENT INCREMENTAL INDEX INDEXED INDEXES
    INDICATOR INFINITE INITIALLY INLINE INNER INNTER INOUT INPUT INSENSITIVE INSERT INSTEAD INT
    INTEGER INTERSECT INTERVAL INTO INVALIDATE IS ISOLATION ITEM ITEMS ITERATE JOIN KEY KEYS
    LAG LANGUAGE LARGE LAST LATERAL LEAD LEADING LEAVE LEFT LENGTH LESS LEVEL LIKE LIMIT
    LIMITED LINES LIST LOAD LOCAL LOCALTIME LOCALTIMESTAMP LOCATION LOCATOR LOCK LOCKS LOG
    LOGED LONG LOOP LOWER MAP MATCH MATERIALIZED MAX MAXLEN MEMBER MERGE METHOD METRICS MIN
    MINUS MINUTE MISSING MOD MODE MODIFIES MODIFY MODULE MONTH MULTI MULTISET NAME NAMES
    NATIONAL NATURAL NCHAR NCLOB NEW NEXT NO NONE NOT NULL NULLIF NUMBER NUMERIC OBJECT OF
    OFFLINE OFFSET OLD ON ONLINE ONLY OPAQUE OPEN OPERATOR OPTION OR ORDER ORDINALITY OTHER
    OTHERS OUT OUTER OUTPUT OVER OVERLAPS OVERRIDE OWNER PAD PARALLEL PARAMETER PARAMETERS
    PARTIAL PARTITION PARTITIONED PARTITIONS PATH PERCENT PERCENTILE PERMISSION PERMISSIONS
    PIPE PIPELINED PLAN POOL POSITION PRECISION PREPARE PRESERVE PRIMARY PRIOR PRIVATE
    PRIVILEGES PROCEDURE PROCESSED PROJECT PROJECTION PROPERTY PROVISIONING PUBLIC PUT QUERY
    QUIT QUORUM RAISE RANDOM RANGE RANK RAW READ READS REAL REBUILD RECORD RECURSIVE REDUCE REF
    REFERENCE REFERENCES REFERENCING REGEXP REGION REINDEX RELATIVE RELEASE REMAINDER RENAME
    REPEAT REPLACE REQUEST RESET RESIGNAL RESOURCE RESPONSE RESTORE RESTRICT RESULT RETURN
    RETURNING RETURNS REVERSE REVOKE RIGHT ROLE ROLES ROLLBACK ROLLUP ROUTINE ROW ROWS RULE
    RULES SAMPLE SATISFIES SAVE SAVEPOINT SCAN SCHEMA SCOPE SCROLL SEARCH SECOND SECTION
    SEGMENT SEGMENTS SELECT SELF SEMI SENSITIVE SEPARATE SEQUENCE SERIALIZABLE SESSION SET SETS
    SHARD SHARE SHARED SHORT SHOW SIGNAL SIMILAR SIZE SKEWED SMALLINT SNAPSHOT SOME SOURCE
    SPACE SPACES SPARSE SPECIFIC SPECIFICTYPE SPLIT SQL SQLCODE SQLERROR SQLEXCEPTION SQLSTATE
    SQLWARNING START STATE STATIC STATUS STORAGE STORE STORED STREAM STRING STRUCT STYLE SUB
    SUBMULTISET SUBPARTITION SUBSTRING SUBTYPE SUM SUPER SYMMETRIC SYNONYM SYSTEM TABLE
    TABLESAMPLE TEMP TEMPORARY TERMINATED TEXT THAN THEN THROUGHPUT TIME TIMESTAMP TIMEZONE
    TINYINT TO TOKEN TOTAL TOUCH TRAILING TRANSACTION TRANSFORM TRANSLATE TRANSLATION TREAT
    TRIGGER TRIM TRUE TRUNCATE TTL TUPLE TYPE UNDER UNDO UNION UNIQUE UNIT UNKNOWN UNLOGGED
    UNNEST UNPROCESSED UNSIGNED UNTIL UPDATE UPPER URL USAGE USE USER USERS USING UUID VACUUM
    VALUE VALUED VALUES VARCHAR VARIABLE VARIANCE VARINT VARYING VIEW VIEWS VIRTUAL VOID WAIT
    WHEN WHENEVER WHERE WHILE WINDOW WITH WITHIN WITHOUT WORK WRAPPED WRITE YEAR ZONE
""".split()
KEYWORDS = {"ADD", "AND", "BETWEEN", "DELETE", "IN", "NOT", "OR", "SET"}
ACCEPTED = {"CONVERT", "SIZE"}


@pytest.fixture(scope="module")
def tbl(ddb):
    name = create_table(ddb)
    yield name
    delete_table_quietly(ddb, name)


def test_reserved_word_list_is_complete():
    assert len(RESERVED_WORDS) == 573 == len(set(RESERVED_WORDS))
    assert KEYWORDS | ACCEPTED <= set(RESERVED_WORDS)


def reserved(kind, word):
    return f"Invalid {kind}: Attribute name is a reserved keyword; reserved keyword: {word}"


def mixed_case(word):
    return "".join(c.lower() if i % 2 else c.upper() for i, c in enumerate(word))


@pytest.mark.parametrize("word", sorted(set(RESERVED_WORDS) - KEYWORDS - ACCEPTED))
def test_reserved_word(raw, tbl, word):
    key = new_key()
    # Upper case, bare, in a condition.
    r = raw.post("PutItem", {"TableName": tbl, "Item": key,
                             "ConditionExpression": f"attribute_not_exists({word})"})
    assert (r.error_type, r.message) == (V, reserved("ConditionExpression", word))
    # Lower case, as a map key inside a path, in a projection.
    lower = word.lower()
    r = raw.post("GetItem", {"TableName": tbl, "Key": key, "ProjectionExpression": f"m.{lower}"})
    assert (r.error_type, r.message) == (V, reserved("ProjectionExpression", lower))
    # Mixed case after a list index, in an update; the word is reported as written.
    mixed = mixed_case(word)
    r = raw.post("UpdateItem", {"TableName": tbl, "Key": key,
                                "UpdateExpression": f"REMOVE l[0].{mixed}"})
    assert (r.error_type, r.message) == (V, reserved("UpdateExpression", mixed))
    # Through ExpressionAttributeNames it is an ordinary name.
    r = raw.post("UpdateItem", {"TableName": tbl, "Key": key, "UpdateExpression": "SET #w = :v",
                                "ConditionExpression": "attribute_not_exists(#w)",
                                "ExpressionAttributeNames": {"#w": word},
                                "ExpressionAttributeValues": {":v": {"S": word}},
                                "ReturnValues": "ALL_NEW"})
    assert r.status == 200 and r.json()["Attributes"] == dict(key, **{word: {"S": word}})


@pytest.mark.parametrize("word", sorted(KEYWORDS))
def test_keyword_as_name_is_a_syntax_error(raw, tbl, word):
    for form in (word, word.lower()):
        r = raw.post("PutItem", {"TableName": tbl, "Item": new_key(),
                                 "ConditionExpression": f"attribute_not_exists({form})"})
        assert (r.error_type, r.message) == \
            (V, f'Invalid ConditionExpression: Syntax error; token: "{form}", near: "({form})"')


def test_remove_is_a_keyword_too(raw, tbl):
    r = raw.post("PutItem", {"TableName": tbl, "Item": new_key(),
                             "ConditionExpression": "attribute_not_exists(REMOVE)"})
    assert r.message == \
        'Invalid ConditionExpression: Syntax error; token: "REMOVE", near: "(REMOVE)"'


@pytest.mark.parametrize("word", sorted(ACCEPTED))
def test_listed_words_accepted_as_names(ddb, tbl, word):
    key = new_key()
    for form in (word, word.lower()):
        ddb.update_item(TableName=tbl, Key=key, UpdateExpression=f"SET {form} = :v",
                        ConditionExpression=f"attribute_not_exists({form})",
                        ExpressionAttributeValues={":v": {"N": "1"}})
    r = ddb.get_item(TableName=tbl, Key=key, ProjectionExpression=f"{word}, {word.lower()}")
    assert r["Item"] == {word: {"N": "1"}, word.lower(): {"N": "1"}}


@pytest.mark.parametrize("expr,values,kind,word", [
    ("SET name = :v", {":v": {"N": "1"}}, "UpdateExpression", "name"),
    ("REMOVE Name", None, "UpdateExpression", "Name"),
    ("ADD COUNT :v", {":v": {"N": "1"}}, "UpdateExpression", "COUNT"),
    ("DELETE Value :v", {":v": {"SS": ["a"]}}, "UpdateExpression", "Value"),
    ("SET a = if_not_exists(Date, :v)", {":v": {"N": "1"}}, "UpdateExpression", "Date"),
    ("SET a = list_append(Data, :v)", {":v": {"L": []}}, "UpdateExpression", "Data"),
    ("SET a = b + Year", None, "UpdateExpression", "Year"),
])
def test_reserved_word_in_update_positions(ddb, tbl, expr, values, kind, word):
    key = new_key()
    args = {"ExpressionAttributeValues": values} if values else {}
    with raises_ddb(V, reserved(kind, word)):
        ddb.update_item(TableName=tbl, Key=key, UpdateExpression=expr, **args)
    assert get(ddb, tbl, key) is None


@pytest.mark.parametrize("expr", [
    "x = true", "begins_with(s, status)", "contains(l, #ok) AND Comment = :v",
    "size(ss) > size(Items)", "attribute_type(TYPE, :v)",
])
def test_reserved_word_in_condition_positions(raw, tbl, expr):
    word = {"x = true": "true"}.get(expr, [w for w in expr.replace("(", " ").replace(")", " ")
                                           .replace(",", " ").split()
                                           if w.upper() in RESERVED_WORDS and
                                           w.upper() not in KEYWORDS | ACCEPTED][0])
    body = {"TableName": tbl, "Item": new_key(), "ConditionExpression": expr}
    if "#ok" in expr:
        body["ExpressionAttributeNames"] = {"#ok": "ok"}
    if ":v" in expr:
        body["ExpressionAttributeValues"] = {":v": {"S": "S"}}
    r = raw.post("PutItem", body)
    assert (r.error_type, r.message) == (V, reserved("ConditionExpression", word))


@pytest.mark.parametrize("expr", [
    "attribute_exists(n) and n between :a and :b or not n in (:a)",
    "Attribute_Exists(n)",
    "set x = :a",
])
def test_grammar_keywords_any_case_function_names_exact(raw, tbl, expr):
    body = {"TableName": tbl, "Key": new_key()}
    if expr.startswith("set"):
        body.update(UpdateExpression=expr, ExpressionAttributeValues={":a": {"N": "1"}})
        assert raw.post("UpdateItem", body).status == 200
        return
    body["ConditionExpression"] = expr
    if ":a" in expr:
        body["ExpressionAttributeValues"] = {":a": {"N": "1"}, ":b": {"N": "2"}}
    r = raw.post("DeleteItem", body)
    if expr.startswith("Attribute_Exists"):
        assert r.message == "Invalid ConditionExpression: Invalid function name; function: " \
                            "Attribute_Exists"
    else:
        # (false AND ...) OR NOT false: true on a missing item
        assert r.status == 200


# --- the keys of the two maps ------------------------------------------------------------------

@pytest.mark.parametrize("name_key,ok", [
    ("#a", True), ("#A", True), ("#1", True), ("#_", True), ("#aB9_", True),
    ("#", False), ("#a-b", False), ("#\u00e9", False), ("##a", False), ("# a", False),
    ("#a.b", False), ("a", False), (":a", False),
])
def test_name_key_syntax(ddb, tbl, name_key, ok):
    key = new_key()
    args = dict(TableName=tbl, Item=dict(key, x={"S": "1"}),
                ConditionExpression=f"attribute_not_exists({name_key})",
                ExpressionAttributeNames={name_key: "x"})
    if ok:
        ddb.put_item(**args)
        assert get(ddb, tbl, key) == dict(key, x={"S": "1"})
    else:
        with raises_ddb(V, f'ExpressionAttributeNames contains invalid key: Syntax error; '
                           f'key: "{name_key}"'):
            ddb.put_item(**args)
        assert get(ddb, tbl, key) is None


@pytest.mark.parametrize("value_key,ok", [
    (":a", True), (":A", True), (":1", True), (":_", True), (":value_2", True),
    (":", False), (":a-b", False), ("::a", False), (": a", False), (":\u00e9", False),
    ("v", False), ("#v", False),
])
def test_value_key_syntax(ddb, tbl, value_key, ok):
    key = new_key()
    args = dict(TableName=tbl, Item=key,
                ConditionExpression=f"attribute_not_exists(x) OR x = {value_key}",
                ExpressionAttributeValues={value_key: {"N": "1"}})
    if ok:
        ddb.put_item(**args)
        assert get(ddb, tbl, key) == key
    else:
        with raises_ddb(V, f'ExpressionAttributeValues contains invalid key: Syntax error; '
                           f'key: "{value_key}"'):
            ddb.put_item(**args)
        assert get(ddb, tbl, key) is None


NAME_VALUES = [
    ("", "ExpressionAttributeNames contains invalid value: Empty attribute name for key #a"),
    ("x" * 65536, "ExpressionAttributeNames contains invalid value: Attribute name is too large, "
                  "must be less than 65536 bytes for key #a"),
    ("x" * 65535, None),
    ("a.b", None), (" ", None), ("#b", None), ("name", None), ("\U0001F600", None),
]


@pytest.mark.parametrize("name,message", NAME_VALUES,
                         ids=[f"len{len(n)}" if len(n) > 10 else repr(n) for n, _ in NAME_VALUES])
def test_name_values(ddb, tbl, name, message):
    key = new_key()
    args = dict(TableName=tbl, Key=key, UpdateExpression="SET #a = :v",
                ExpressionAttributeNames={"#a": name},
                ExpressionAttributeValues={":v": {"S": "x"}})
    if message:
        with raises_ddb(V, message):
            ddb.update_item(**args)
        assert get(ddb, tbl, key) is None
    else:
        ddb.update_item(**args)
        assert get(ddb, tbl, key) == dict(key, **{name: {"S": "x"}})


IV = "ExpressionAttributeValues contains invalid value: "


@pytest.mark.parametrize("value,message", [
    ({}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    ({"S": "a", "N": "1"}, "Supplied AttributeValue has more than one datatypes set, must contain "
                           "exactly one of the supported datatypes"),
    ({"NS": []}, "One or more parameter values were invalid: An number set  may not be empty"),
    ({"SS": []}, "One or more parameter values were invalid: An string set  may not be empty"),
    ({"N": "abc"}, "A value provided cannot be converted into a number"),
    ({"N": "1e126"}, "Number overflow. Attempting to store a number with magnitude larger than "
                     "supported range"),
    ({"N": "1" * 39}, "DynamoDB only supports precision up to 38 digits"),
    ({"NULL": False}, "One or more parameter values were invalid: Null attribute value types "
                      "must have the value of true"),
    ({"SS": ["a", "a"]}, "One or more parameter values were invalid: Input collection [a, a] "
                         "contains duplicates"),
    ({"NS": ["1", "1.0"]}, "Input collection contains duplicates"),
    ({"M": {"": {"S": "x"}}}, "Empty attribute name"),
    ({"L": [{}]}, "Supplied AttributeValue is empty, must contain exactly one of the supported "
                  "datatypes"),
])
def test_invalid_values(ddb_nv, tbl, value, message):
    key = new_key()
    with raises_ddb(V, IV + message + " for key :v"):
        ddb_nv.update_item(TableName=tbl, Key=key, UpdateExpression="SET a = :v",
                           ExpressionAttributeValues={":v": value})
    assert get(ddb_nv, tbl, key) is None


@pytest.mark.parametrize("names,values,message", [
    ({}, None, "ExpressionAttributeNames must not be empty"),
    ({}, {":v": {}}, "ExpressionAttributeNames must not be empty"),
    (None, {}, "ExpressionAttributeValues must not be empty"),
    ({}, {}, "ExpressionAttributeNames must not be empty"),
    # names are checked before values
    ({"bad": "x"}, {"bad": {"N": "1"}},
     'ExpressionAttributeNames contains invalid key: Syntax error; key: "bad"'),
    ({"bad": "x"}, {}, 'ExpressionAttributeNames contains invalid key: Syntax error; key: "bad"'),
    ({"#a": ""}, {}, "ExpressionAttributeValues must not be empty"),
    ({"#a": ""}, {"bad": {"N": "1"}},
     'ExpressionAttributeValues contains invalid key: Syntax error; key: "bad"'),
    # the names' values (empty, too long) are checked after the whole values map
    ({"#a": ""}, {":v": {}}, IV + "Supplied AttributeValue is empty, must contain exactly one of "
                             "the supported datatypes for key :v"),
    ({"#a": "x" * 65536}, {":v": {"N": "x"}},
     IV + "A value provided cannot be converted into a number for key :v"),
    ({"#a": ""}, {":v": {"N": "1"}}, "ExpressionAttributeNames contains invalid value: Empty "
                                     "attribute name for key #a"),
    # in request order
    ({"#a": "x" * 65536, "#b": ""}, {":v": {"N": "1"}},
     "ExpressionAttributeNames contains invalid value: Attribute name is too large, must be less "
     "than 65536 bytes for key #a"),
    ({"#b": "", "#a": "x" * 65536}, {":v": {"N": "1"}},
     "ExpressionAttributeNames contains invalid value: Empty attribute name for key #b"),
])
def test_map_checks_order(ddb_nv, tbl, names, values, message):
    args = {}
    if names is not None:
        args["ExpressionAttributeNames"] = names
    if values is not None:
        args["ExpressionAttributeValues"] = values
    with raises_ddb(V, message):
        ddb_nv.update_item(TableName=tbl, Key=new_key(), UpdateExpression="SET #a = :v", **args)


# --- defined but unused, used but undefined -----------------------------------------------------

UNUSED_N = "Value provided in ExpressionAttributeNames unused in expressions: keys: {{{}}}"
UNUSED_V = "Value provided in ExpressionAttributeValues unused in expressions: keys: {{{}}}"


@pytest.mark.parametrize("names,values,message", [
    ({"#a": "x"}, None, UNUSED_N.format("#a")),
    ({"#b": "x", "#a": "y"}, None, UNUSED_N.format("#a, #b")),
    ({"#a": "x", "#b": "y", "#c": "z"}, None, UNUSED_N.format("#c, #a, #b")),
    ({"#zz": "1", "#a1": "1", "#value": "1", "#q": "1"}, None,
     UNUSED_N.format("#zz, #a1, #value, #q")),
    (None, {":b": {"N": "1"}, ":a": {"N": "1"}, ":c": {"N": "1"}}, UNUSED_V.format(":a, :b, :c")),
    (None, {":zz": {"N": "1"}, ":a1": {"N": "1"}, ":value": {"N": "1"}, ":q": {"N": "1"}},
     UNUSED_V.format(":value, :q, :zz, :a1")),
    (None, {":u": {"N": "1"}, ":a": {"N": "1"}}, UNUSED_V.format(":a, :u")),
    # unused names are reported before unused values
    ({"#u": "y"}, {":u": {"N": "1"}}, UNUSED_N.format("#u")),
    # a name whose value looks like another key is still just a name
    ({"#a": "#b", "#b": "x"}, None, None),
])
def test_unused(ddb, tbl, names, values, message):
    key = new_key()
    args = {}
    expr = "attribute_not_exists(x)"
    if names == {"#a": "#b", "#b": "x"}:
        expr = "attribute_not_exists(#a)"
        message = UNUSED_N.format("#b")
    if names is not None:
        args["ExpressionAttributeNames"] = names
    if values is not None:
        args["ExpressionAttributeValues"] = values
    with raises_ddb(V, message):
        ddb.put_item(TableName=tbl, Item=key, ConditionExpression=expr, **args)
    assert get(ddb, tbl, key) is None


def undefined_name(kind, name):
    return f"Invalid {kind}: An expression attribute name used in the document path is not " \
           f"defined; attribute name: {name}"


def undefined_value(kind, value):
    return f"Invalid {kind}: An expression attribute value used in expression is not defined; " \
           f"attribute value: {value}"


@pytest.mark.parametrize("op,body,message", [
    ("PutItem", {"ConditionExpression": "#a = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}},
     undefined_name("ConditionExpression", "#a")),
    ("PutItem", {"ConditionExpression": "m.#a = :v", "ExpressionAttributeNames": {"#b": "b"},
                 "ExpressionAttributeValues": {":v": {"N": "1"}}},
     undefined_name("ConditionExpression", "#a")),
    ("PutItem", {"ConditionExpression": "a = :w", "ExpressionAttributeValues": {":v": {"N": "1"}}},
     undefined_value("ConditionExpression", ":w")),
    ("PutItem", {"ConditionExpression": "a.:v = :v",
                 "ExpressionAttributeValues": {":w": {"N": "1"}}},
     undefined_name("ConditionExpression", ":v")),
    ("DeleteItem", {"ConditionExpression": "a IN (:v, :w)",
                    "ExpressionAttributeValues": {":v": {"N": "1"}}},
     undefined_value("ConditionExpression", ":w")),
    ("UpdateItem", {"UpdateExpression": "SET #a = :v",
                    "ExpressionAttributeValues": {":v": {"N": "1"}}},
     undefined_name("UpdateExpression", "#a")),
    ("UpdateItem", {"UpdateExpression": "SET a = :v"}, undefined_value("UpdateExpression", ":v")),
    ("UpdateItem", {"UpdateExpression": "SET a = :v", "ConditionExpression": "b = :w",
                    "ExpressionAttributeValues": {":v": {"N": "1"}}},
     undefined_value("ConditionExpression", ":w")),
    ("GetItem", {"ProjectionExpression": "a, #b"}, undefined_name("ProjectionExpression", "#b")),
])
def test_undefined(raw, tbl, op, body, message):
    key = new_key()
    body = dict(body, TableName=tbl, **({"Item": key} if op == "PutItem" else {"Key": key}))
    r = raw.post(op, body)
    assert (r.status, r.error_type, r.message) == (400, V, message)


def test_update_and_condition_share_the_maps(ddb, tbl):
    """A name or value used by either expression counts as used; each may be
    used by both."""
    key = new_key()
    r = ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET #a = :v",
                        ConditionExpression="attribute_not_exists(#b) AND NOT #a = :w",
                        ExpressionAttributeNames={"#a": "a", "#b": "b"},
                        ExpressionAttributeValues={":v": {"N": "1"}, ":w": {"N": "2"}},
                        ReturnValues="ALL_NEW")
    assert r["Attributes"] == dict(key, a={"N": "1"})
    with raises_ddb(CCF, CCF_MSG):
        ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET #a = :v",
                        ConditionExpression="#a = :w",
                        ExpressionAttributeNames={"#a": "a"},
                        ExpressionAttributeValues={":v": {"N": "3"}, ":w": {"N": "2"}})
    with raises_ddb(V, UNUSED_N.format("#u")):
        ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET a = :v",
                        ConditionExpression="attribute_exists(#a)",
                        ExpressionAttributeNames={"#a": "a", "#u": "u"},
                        ExpressionAttributeValues={":v": {"N": "3"}})
    assert get(ddb, tbl, key) == dict(key, a={"N": "1"})


def test_one_value_used_many_times(ddb, tbl):
    key = new_key()
    ddb.update_item(TableName=tbl, Key=key, UpdateExpression="SET a = :v, b = :v, c = :v + :v",
                    ConditionExpression="attribute_not_exists(a) OR a = :v",
                    ExpressionAttributeValues={":v": {"N": "2"}})
    assert get(ddb, tbl, key) == dict(key, a={"N": "2"}, b={"N": "2"}, c={"N": "4"})


# --- limits ------------------------------------------------------------------------------------

def test_condition_expression_size_limit(raw, tbl):
    for length, ok in ((4096, True), (4097, False), (5000, False)):
        expr = "attribute_not_exists(" + "x" * (length - 22) + ")"
        assert len(expr) == length
        r = raw.post("PutItem", {"TableName": tbl, "Item": new_key(), "ConditionExpression": expr})
        if ok:
            assert r.status == 200
        else:
            assert r.message == "Invalid ConditionExpression: Expression size has exceeded the " \
                                f"maximum allowed size; expression size: {length}"


def test_update_and_projection_size_limit(raw, tbl):
    for length in (4096, 4097):
        expr = "SET x = :v REMOVE " + "y" * (length - 18)
        r = raw.post("UpdateItem", {"TableName": tbl, "Key": new_key(), "UpdateExpression": expr,
                                    "ExpressionAttributeValues": {":v": {"N": "1"}}})
        if length == 4096:
            assert r.status == 200
        else:
            assert r.message == "Invalid UpdateExpression: Expression size has exceeded the " \
                                "maximum allowed size;"
        expr = "a, " + "y" * (length - 3)
        r = raw.post("GetItem", {"TableName": tbl, "Key": new_key(),
                                 "ProjectionExpression": expr})
        if length == 4096:
            assert r.status == 200
        else:
            assert r.message == "Invalid ProjectionExpression: Expression size has exceeded the " \
                                "maximum allowed size;"


@pytest.mark.parametrize("expr,values,message", [
    (" OR ".join(["x = :v"] * 150), {":v": {"N": "1"}}, None),
    (" OR ".join(["x = :v"] * 151), {":v": {"N": "1"}},
     "The expression contains too many operators; operator count: 301"),
    ("NOT " * 300 + "x = :v", {":v": {"N": "1"}},
     "The expression contains too many operators; operator count: 301"),
    ("x IN (" + ", ".join([":v"] * 100) + ")", {":v": {"N": "1"}}, None),
    ("x IN (" + ", ".join([":v"] * 101) + ")", {":v": {"N": "1"}},
     "The IN operator is provided with too many operands; number of operands: 101"),
    ("attribute_not_exists(" + ".".join(["a"] * 32) + ")", None, None),
    ("attribute_not_exists(" + ".".join(["a"] * 33) + ")", None,
     "The document path has too many nesting levels; nesting levels: 33"),
    ("attribute_not_exists(a" + "[0]" * 40 + ")", None,
     "The document path has too many nesting levels; nesting levels: 41"),
])
def test_condition_limits(raw, tbl, expr, values, message):
    body = {"TableName": tbl, "Item": new_key(), "ConditionExpression": expr}
    if values:
        body["ExpressionAttributeValues"] = values
    r = raw.post("PutItem", body)
    if message is None:
        assert r.status == 200 or r.error_type == CCF
    else:
        assert (r.error_type, r.message) == (V, "Invalid ConditionExpression: " + message)


# --- syntax errors: the token and its neighbourhood, as DynamoDB reports them ---------------------

IC = "Invalid ConditionExpression: "


@pytest.mark.parametrize("expr,values,message", [
    ("attribute_not_exists(x) AND \u00e9 = :v", {":v": {"N": "1"}},
     'Syntax error; token: "\u00e9", near: "AND \u00e9 ="'),
    ("x = :v AND y = \u00e9t\u00e9", {":v": {"N": "1"}},
     'Syntax error; token: "\u00e9", near: "= \u00e9t"'),
    ("x = :v AND y = @", {":v": {"N": "1"}}, 'Syntax error; token: "@", near: "= @"'),
    ('x = "str"', None, 'Syntax error; token: """, near: "= "str"'),
    ("x = 'str'", None, "Syntax error; token: \"'\", near: \"= 'str\""),
    ("x = 1", None, 'Syntax error; token: "1", near: "= 1"'),
    ("attribute_not_exists(" + "\u00e9" * 20 + ")", None,
     'Syntax error; token: "\u00e9", near: "(\u00e9\u00e9"'),
])
def test_syntax_error_tokens(raw, tbl, expr, values, message):
    body = {"TableName": tbl, "Item": new_key(), "ConditionExpression": expr}
    if values:
        body["ExpressionAttributeValues"] = values
    r = raw.post("PutItem", body)
    assert (r.error_type, r.message) == (V, IC + message)


@pytest.mark.parametrize("expr", ["x=:v", "x\t=\n:v", "  x   =   :v  ", "(x = :v)", "x = :v\r\n"])
def test_whitespace_is_free(ddb, tbl, expr):
    key = new_key()
    ddb.put_item(TableName=tbl, Item=dict(key, x={"N": "1"}))
    ddb.delete_item(TableName=tbl, Key=key, ConditionExpression=expr,
                    ExpressionAttributeValues={":v": {"N": "1"}})
    assert get(ddb, tbl, key) is None
