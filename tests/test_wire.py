"""Wire protocol: DynamoDB's JSON 1.0 over HTTP/1.1, checked with raw requests."""
import json
import re
import uuid
import zlib

import pytest

from helpers import CONTENT_TYPE

# DynamoDB Local answers malformed or wrongly typed JSON with a 500
# InternalFailure (or coerces the value), where DynamoDB answers 400
# SerializationException; the issue requires DynamoDB's answer, never a 500.
# AWS lists SerializationException-style client errors as 400s in
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
SERIALIZATION_DIFF = ("DynamoDB Local answers 500 InternalFailure or coerces the value; DynamoDB "
                      "answers 400 SerializationException (issue #2; "
                      "docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html)")

UNKNOWN_OP_MSG = "An unknown operation was requested."


def assert_error(r, status, error_type, message=None):
    assert r.status == status, r
    assert r.error_type == error_type, r
    if message is not None:
        assert r.message == message


def test_list_tables_ok(raw):
    r = raw.post("ListTables", {})
    assert r.status == 200
    assert isinstance(r.json()["TableNames"], list)


def test_response_headers_on_success(raw):
    r = raw.post("ListTables", {})
    assert r.status == 200
    assert r.headers["content-type"] == CONTENT_TYPE
    assert r.headers["x-amzn-requestid"]
    assert int(r.headers["x-amz-crc32"]) == zlib.crc32(r.body)
    assert int(r.headers["content-length"]) == len(r.body)


def test_request_ids_are_unique(raw):
    ids = {raw.post("ListTables", {}).headers["x-amzn-requestid"] for _ in range(5)}
    assert len(ids) == 5


def test_request_id_on_error(raw):
    r = raw.post("DescribeTable", {"TableName": "no_such_table_" + uuid.uuid4().hex[:8]})
    assert r.status == 400
    assert r.headers["x-amzn-requestid"]
    assert r.headers["content-type"] == CONTENT_TYPE


@pytest.mark.reference_differs(
    "DynamoDB Local omits x-amz-crc32 on error responses; DynamoDB sends it on every response "
    "and the SDKs verify it when present (issue #2: responses with x-amz-crc32)")
def test_crc32_on_error(raw):
    r = raw.post("DescribeTable", {"TableName": "no_such_table_" + uuid.uuid4().hex[:8]})
    assert r.status == 400
    assert int(r.headers["x-amz-crc32"]) == zlib.crc32(r.body)


def test_error_body_shape(raw):
    r = raw.post("DescribeTable", {"TableName": "no_such_table_" + uuid.uuid4().hex[:8]})
    body = r.json()
    assert re.fullmatch(r"[\w.]+#ResourceNotFoundException", body["__type"])
    assert r.message == "Cannot do operations on a non-existent table"


def test_validation_error_status(raw):
    r = raw.post("ListTables", {"Limit": 0})
    assert_error(r, 400, "ValidationException", "Limit must be greater than or equal to 1")


# --- X-Amz-Target ---------------------------------------------------------

@pytest.mark.reference_differs(SERIALIZATION_DIFF)
def test_missing_target(raw):
    assert_error(raw.post("ListTables", {}, target=False), 400, "UnknownOperationException")


@pytest.mark.parametrize("op", ["NoSuchOperation", "listTables", "LISTTABLES", "ListTable",
                                "ListTablesX", "Query2"])
def test_unknown_operation(raw, op):
    assert_error(raw.post(op, {}), 400, "UnknownOperationException", UNKNOWN_OP_MSG)


@pytest.mark.parametrize("target", ["Foo_20120810.ListTables", "DynamoDB_20120811.ListTables",
                                    "dynamodb_20120810.ListTables"])
def test_target_with_wrong_prefix(raw, target):
    # A target for another service/version is an invalid action (AWS common
    # error InvalidAction), not an unknown DynamoDB operation.
    r = raw.post("ListTables", {}, headers={"X-Amz-Target": target})
    assert_error(r, 400, "InvalidAction",
                 "The action or operation requested is invalid. Verify that the action is typed "
                 "correctly.")


@pytest.mark.reference_differs(SERIALIZATION_DIFF)
@pytest.mark.parametrize("target", ["ListTables", "DynamoDB_20120810", "DynamoDB_20120810.", ""])
def test_malformed_target(raw, target):
    r = raw.post("ListTables", {}, headers={"X-Amz-Target": target})
    assert_error(r, 400, "UnknownOperationException")


# --- bodies -----------------------------------------------------------------

@pytest.mark.reference_differs(SERIALIZATION_DIFF)
@pytest.mark.parametrize("body", [b"{bad", b"{", b'{"Limit": }', b'{"TableName": "abc"',
                                  b"\xff\xfe", b'{"a":1}}', b"nul"])
def test_malformed_json(raw, body):
    assert_error(raw.post("ListTables", body), 400, "SerializationException")


@pytest.mark.reference_differs(SERIALIZATION_DIFF)
def test_empty_body(raw):
    assert_error(raw.post("ListTables", b""), 400, "SerializationException")


@pytest.mark.reference_differs(SERIALIZATION_DIFF)
@pytest.mark.parametrize("body", [b"[]", b'"x"', b"5", b"true", b"[{}]"])
def test_body_not_an_object(raw, body):
    assert_error(raw.post("ListTables", body), 400, "SerializationException")


@pytest.mark.reference_differs(SERIALIZATION_DIFF)
@pytest.mark.parametrize("op,body", [
    ("DescribeTable", {"TableName": 5}),
    ("DescribeTable", {"TableName": True}),
    ("DescribeTable", {"TableName": ["abc"]}),
    ("DescribeTable", {"TableName": {"a": 1}}),
    ("GetItem", {"TableName": "abc", "Key": "x"}),
    ("GetItem", {"TableName": "abc", "Key": ["x"]}),
    ("GetItem", {"TableName": "abc", "Key": {"pk": "x"}}),
    ("GetItem", {"TableName": "abc", "Key": {"pk": {"S": 5}}}),
    ("GetItem", {"TableName": "abc", "Key": {"pk": {"N": 5}}}),
    ("GetItem", {"TableName": "abc", "Key": {"pk": {"S": "a"}}, "ConsistentRead": "yes"}),
    ("ListTables", {"Limit": "a"}),
    ("ListTables", {"Limit": [1]}),
    ("ListTables", {"Limit": {}}),
    ("PutItem", {"TableName": "abc", "Item": {"pk": {"S": "a"}, "b": {"BOOL": "true"}}}),
    ("PutItem", {"TableName": "abc", "Item": {"pk": {"S": "a"}, "b": {"NULL": "x"}}}),
    ("PutItem", {"TableName": "abc", "Item": {"pk": {"S": "a"}, "b": {"SS": "a"}}}),
    ("PutItem", {"TableName": "abc", "Item": {"pk": {"S": "a"}, "b": {"L": {}}}}),
    ("PutItem", {"TableName": "abc", "Item": {"pk": {"S": "a"}, "b": {"M": []}}}),
])
def test_wrong_json_types(raw, op, body):
    assert_error(raw.post(op, body), 400, "SerializationException")


@pytest.mark.reference_differs(SERIALIZATION_DIFF)
@pytest.mark.parametrize("value", ["!!!!", "YQ=Z", "Y Q=", "****"])
def test_bad_base64(raw, table, value):
    body = {"TableName": table, "Item": {"pk": {"S": "a"}, "b": {"B": value}}}
    assert_error(raw.post("PutItem", body), 400, "SerializationException")
    body = {"TableName": table, "Item": {"pk": {"S": "a"}, "b": {"BS": ["YQ==", value]}}}
    assert_error(raw.post("PutItem", body), 400, "SerializationException")


def test_unknown_members_are_ignored(raw, table):
    r = raw.post("ListTables", {"Foo": 1, "Bar": {"x": [1, 2]}})
    assert r.status == 200
    r = raw.post("PutItem", {"TableName": table, "Item": {"pk": {"S": "a"}}, "Extra": "x"})
    assert r.status == 200, r
    r = raw.post("GetItem", {"TableName": table, "Key": {"pk": {"S": "a"}}, "Nope": True})
    assert r.json() == {"Item": {"pk": {"S": "a"}}}


def test_null_members_are_absent(raw, table):
    r = raw.post("ListTables", {"Limit": None, "ExclusiveStartTableName": None})
    assert r.status == 200
    r = raw.post("GetItem", {"TableName": table, "Key": {"pk": {"S": "a"}},
                             "AttributesToGet": None, "ConsistentRead": None})
    assert r.status == 200 and r.json() == {}


def test_unicode_escapes_in_json(raw, table):
    body = ('{"TableName":"%s","Item":{"pk":{"S":"\\u00e9\\ud83d\\ude00"},'
            '"v":{"S":"tab\\there \\"q\\" \\\\ \\/"}}}' % table)
    assert raw.post("PutItem", body).status == 200
    r = raw.post("GetItem", {"TableName": table, "Key": {"pk": {"S": "\u00e9\U0001F600"}}})
    assert r.json()["Item"]["v"]["S"] == 'tab\there "q" \\ /'


def test_content_type_application_json_accepted(raw):
    r = raw.post("ListTables", {}, headers={"Content-Type": "application/json"})
    assert r.status == 200
    assert "TableNames" in r.json()


def test_chunked_body(raw):
    r = raw.post("ListTables", {"Limit": 5}, chunked=True)
    assert r.status == 200
    assert "TableNames" in r.json()


def test_chunked_body_many_chunks(raw, table):
    body = json.dumps({"TableName": table, "Item": {"pk": {"S": "chunky"}, "v": {"S": "x" * 5000}}})
    data = body.encode()
    chunks = [data[i:i + 7] for i in range(0, len(data), 7)]
    assert raw.post("PutItem", chunks, chunked=True).status == 200
    r = raw.post("GetItem", {"TableName": table, "Key": {"pk": {"S": "chunky"}}})
    assert r.json()["Item"]["v"]["S"] == "x" * 5000


def test_keep_alive_many_requests_one_connection(raw, table):
    with raw.connection() as conn:
        for i in range(20):
            r = raw.post("PutItem", {"TableName": table, "Item": {"pk": {"S": f"k{i}"}}}, conn=conn)
            assert r.status == 200
        # An error response does not close the connection either.
        r = raw.post("NoSuchOperation", {}, conn=conn)
        assert r.status == 400
        r = raw.post("DescribeTable", {"TableName": "no_such_" + uuid.uuid4().hex[:8]}, conn=conn)
        assert r.status == 400
        r = raw.post("GetItem", {"TableName": table, "Key": {"pk": {"S": "k19"}}}, conn=conn)
        assert r.json() == {"Item": {"pk": {"S": "k19"}}}
        r = raw.post("ListTables", {"Limit": 1}, chunked=True, conn=conn)
        assert r.status == 200


def test_request_over_size_limit_refused(raw):
    # DynamoDB caps a request body at 16 MiB; one byte more is refused with 413.
    # A server may answer as soon as it sees Content-Length and close the
    # connection while the client is still sending: that is a refusal too.
    try:
        r = raw.post("ListTables", b"{}" + b" " * (16 * 1024 * 1024 - 1))
    except (BrokenPipeError, ConnectionResetError):
        r = None
    assert r is None or r.status == 413
    # The server is still fine afterwards.
    assert raw.post("ListTables", {}).status == 200


def test_request_at_size_limit_accepted(raw):
    r = raw.post("ListTables", b"{}" + b" " * (16 * 1024 * 1024 - 2))
    assert r.status == 200


@pytest.mark.riptide_only
def test_health_line(raw):
    r = raw.get("/")
    assert r.status == 200
    assert r.body.strip()
    # Any path prefix other than POST / is not an API call; the server stays up.
    assert raw.post("ListTables", {}).status == 200
