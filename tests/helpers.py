"""Helpers shared by the black-box tests: a raw HTTP client for wire-protocol
tests, error assertions, and DynamoDB's item-size arithmetic."""
import contextlib
import http.client
import json
import urllib.parse

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

TARGET_PREFIX = "DynamoDB_20120810."
CONTENT_TYPE = "application/x-amz-json-1.0"
_CREDS = Credentials("AKIDTESTTESTTEST", "secret")


def make_client(url, **config):
    """boto3 DynamoDB client with dummy credentials and retries off, so that
    every error surfaces."""
    cfg = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=60, **config)
    return boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="AKIDTESTTESTTEST", aws_secret_access_key="secret",
                        config=cfg)


class RawResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self):
        return json.loads(self.body)

    @property
    def error_type(self):
        """The part of __type after '#' (the error code clients look at)."""
        return self.json().get("__type", "").split("#")[-1]

    @property
    def message(self):
        data = self.json()
        return data.get("message", data.get("Message"))

    def __repr__(self):
        return f"RawResponse({self.status}, {self.body[:300]!r})"


class RawClient:
    """Sends hand-made requests. Each post() opens its own connection unless a
    connection from connection() is passed in."""

    def __init__(self, endpoint):
        u = urllib.parse.urlsplit(endpoint)
        self.endpoint = endpoint
        self.host = u.hostname
        self.port = u.port or 80

    def connect(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    @contextlib.contextmanager
    def connection(self):
        conn = self.connect()
        try:
            yield conn
        finally:
            conn.close()

    def headers_for(self, op, body, headers=None, sign=True, target=True):
        h = {"Content-Type": CONTENT_TYPE}
        if target:
            h["X-Amz-Target"] = TARGET_PREFIX + op
        if sign:
            req = AWSRequest(method="POST", url=self.endpoint + "/", data=body,
                             headers={k: v for k, v in h.items()})
            SigV4Auth(_CREDS, "dynamodb", "us-east-1").add_auth(req)
            h = dict(req.headers.items())
        for k, v in (headers or {}).items():
            for existing in [e for e in h if e.lower() == k.lower()]:
                del h[existing]
            if v is not None:
                h[k] = v
        return h

    def post(self, op, body=b"{}", headers=None, sign=True, target=True, conn=None,
             chunked=False):
        """POST body (bytes, str, or a JSON-able object) with X-Amz-Target op.

        headers: extra headers; a value of None removes that header.
        target=False sends no X-Amz-Target. chunked=True sends the body with
        Transfer-Encoding: chunked (a list of bytes gives the chunks)."""
        chunks = None
        if chunked and isinstance(body, list):
            chunks, body = body, b"".join(body)
        if not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        h = self.headers_for(op, body, headers, sign, target)
        own = conn is None
        conn = conn or self.connect()
        try:
            if chunked:
                h.pop("Content-Length", None)
                h["Transfer-Encoding"] = "chunked"
                conn.putrequest("POST", "/", skip_accept_encoding=True)
                for k, v in h.items():
                    conn.putheader(k, v)
                conn.endheaders()
                for chunk in chunks or [body]:
                    conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                conn.send(b"0\r\n\r\n")
            else:
                conn.request("POST", "/", body=body, headers=h)
            r = conn.getresponse()
            return RawResponse(r.status, r.getheaders(), r.read())
        finally:
            if own:
                conn.close()

    def get(self, path="/"):
        with self.connection() as conn:
            conn.request("GET", path)
            r = conn.getresponse()
            return RawResponse(r.status, r.getheaders(), r.read())


class DdbError(Exception):
    def __init__(self, response):
        super().__init__(f"{response.status} {response.error_type}: {response.message}")
        self.response = response
        self.code = response.error_type
        self.message = response.message


def call_json(raw, op, body):
    r = raw.post(op, body)
    if r.status != 200:
        raise DdbError(r)
    return r.json()


@contextlib.contextmanager
def raises_ddb(code, message=None):
    """Expects a botocore ClientError (or a DdbError from call_json) with this
    error code and, when given, this exact message."""
    with pytest.raises((botocore.exceptions.ClientError, DdbError)) as info:
        yield info
    err = info.value
    if isinstance(err, DdbError):
        got_code, got_msg = err.code, err.message
    else:
        got_code = err.response["Error"]["Code"]
        got_msg = err.response["Error"]["Message"]
    assert got_code == code, f"expected {code}, got {got_code}: {got_msg}"
    if message is not None:
        assert got_msg == message


def expect_error(fn, code, message=None, **kwargs):
    with raises_ddb(code, message):
        fn(**kwargs)


# ---------------------------------------------------------------------------
# DynamoDB's item size rules, confirmed at the exact 400 KB boundary against
# the reference by test_item_size.py:
#   item       = sum over attributes of len(utf8 name) + size(value)
#   S          = len(utf8 bytes)          B = len(raw bytes)
#   N          = 1 + number of base-100 digit pairs (digits grouped in pairs
#                from the decimal point, leading/trailing zero pairs dropped)
#                + 1 if negative; e.g. 1 -> 2, 123 -> 3, 1.5 -> 3, -12.34 -> 4
#   BOOL, NULL = 1
#   SS, BS     = sum of member sizes      NS = sum of member number sizes
#   M          = 3 + sum over entries of (len(name) + size(value) + 1)
#   L          = 3 + sum over elements of (size(value) + 1)
ITEM_LIMIT = 400 * 1024


def number_size(text):
    from decimal import Decimal
    d = Decimal(text)
    negative = d < 0
    digits = format(d.copy_abs(), "f")
    whole, _, frac = digits.partition(".")
    whole = whole.lstrip("0")
    frac = frac.rstrip("0")
    if len(whole) % 2:
        whole = "0" + whole
    if len(frac) % 2:
        frac += "0"
    pairs = [(whole + frac)[i:i + 2] for i in range(0, len(whole + frac), 2)]
    while pairs and pairs[0] == "00":
        pairs.pop(0)
    while pairs and pairs[-1] == "00":
        pairs.pop()
    return len(pairs) + 1 + (1 if negative else 0)


def value_size(v):
    (kind, x), = v.items()
    if kind == "S":
        return len(x.encode())
    if kind == "B":
        return len(x)
    if kind == "N":
        return number_size(x)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(m.encode()) for m in x)
    if kind == "BS":
        return sum(len(m) for m in x)
    if kind == "NS":
        return sum(number_size(m) for m in x)
    if kind == "M":
        return 3 + sum(len(k.encode()) + value_size(e) + 1 for k, e in x.items())
    if kind == "L":
        return 3 + sum(value_size(e) + 1 for e in x)
    raise ValueError(kind)


def item_size(item):
    return sum(len(k.encode()) + value_size(v) for k, v in item.items())


# ---------------------------------------------------------------------------
# Query/Scan helpers (test_query*.py, test_scan*.py). Values are boto3 client
# shapes: B as bytes.
PAGE_LIMIT = 1024 * 1024  # Query/Scan stop reading after 1 MB of item data


def key_order(av):
    """Sort position of a key AttributeValue as DynamoDB orders sort keys:
    N by numeric value, S by UTF-8 bytes, B by unsigned bytes."""
    from decimal import Decimal
    (kind, x), = av.items()
    if kind == "N":
        return Decimal(x)
    if kind == "S":
        return x.encode("utf-8")
    if kind == "B":
        return bytes(x)
    raise ValueError(kind)


def read_pages(op, max_pages=10000, **kwargs):
    """Calls op (ddb.query or ddb.scan) with kwargs, following
    LastEvaluatedKey until it is absent; returns the list of responses."""
    out = []
    while True:
        r = op(**kwargs)
        r.pop("ResponseMetadata", None)
        out.append(r)
        if "LastEvaluatedKey" not in r:
            return out
        assert len(out) < max_pages, "paging does not end"
        kwargs = dict(kwargs, ExclusiveStartKey=r["LastEvaluatedKey"])


def read_all(op, **kwargs):
    """All items of a paged Query/Scan, in the order returned."""
    return [item for page in read_pages(op, **kwargs) for item in page.get("Items", [])]


def create_table(client, hash=("pk", "S"), range=None, name=None):
    """Creates an on-demand table (for module-scoped fixtures; make_table is
    per test). Returns its name; delete it with delete_table_quietly."""
    import uuid
    name = name or "rt_" + uuid.uuid4().hex[:16]
    keys = [{"AttributeName": hash[0], "KeyType": "HASH"}]
    attrs = [{"AttributeName": hash[0], "AttributeType": hash[1]}]
    if range:
        keys.append({"AttributeName": range[0], "KeyType": "RANGE"})
        attrs.append({"AttributeName": range[0], "AttributeType": range[1]})
    client.create_table(TableName=name, KeySchema=keys, AttributeDefinitions=attrs,
                        BillingMode="PAY_PER_REQUEST")
    return name


def delete_table_quietly(client, name):
    try:
        client.delete_table(TableName=name)
    except Exception:
        pass


def put_items(client, table, items):
    """Writes items with BatchWriteItem, 25 at a time, until none is left."""
    items = list(items)
    for i in range(0, len(items), 25):
        pending = {table: [{"PutRequest": {"Item": it}} for it in items[i:i + 25]]}
        for _ in range(20):
            pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems")
            if not pending:
                break
        assert not pending, "BatchWriteItem kept items unprocessed"


def item_of_size(item, size, attr="pad"):
    """item plus a string attribute `attr` padded so that item_size == size."""
    out = dict(item, **{attr: {"S": ""}})
    out[attr] = {"S": "x" * (size - item_size(out))}
    assert item_size(out) == size, size
    return out


# ---------------------------------------------------------------------------
# Secondary-index helpers (test_index_*.py). Rules pinned in
# /work/notes/issue5-behaviours.md.

def key_schema(*elems):
    """key_schema(("pk", "HASH"), ("sk", "RANGE")) -> KeySchema list."""
    return [{"AttributeName": n, "KeyType": t} for n, t in elems]


def attr_defs(*elems):
    """attr_defs(("pk", "S"), ("n", "N")) -> AttributeDefinitions list."""
    return [{"AttributeName": n, "AttributeType": t} for n, t in elems]


def index_def(name, *keys, projection="ALL", non_key=None, throughput=None):
    """One GlobalSecondaryIndexes/LocalSecondaryIndexes element.

    keys: (name, "HASH"|"RANGE") pairs in KeySchema order; projection: ALL,
    KEYS_ONLY or INCLUDE (non_key: NonKeyAttributes); throughput: (read, write)."""
    proj = {"ProjectionType": projection}
    if non_key is not None:
        proj["NonKeyAttributes"] = list(non_key)
    out = {"IndexName": name, "KeySchema": key_schema(*keys), "Projection": proj}
    if throughput:
        out["ProvisionedThroughput"] = {"ReadCapacityUnits": throughput[0],
                                        "WriteCapacityUnits": throughput[1]}
    return out


def describe_index(client, table, name):
    """The GSI or LSI description named `name` from DescribeTable, or None."""
    desc = client.describe_table(TableName=table)["Table"]
    for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        for index in desc.get(kind, []):
            if index["IndexName"] == name:
                return index
    return None


def wait_index_active(client, table, name, timeout=120.0, interval=0.05):
    """Polls DescribeTable until index `name` is ACTIVE. Returns the list of
    (IndexStatus, Backfilling) pairs seen before that (deduplicated, in order).
    Fails if the index disappears or the timeout passes."""
    import time
    seen = []
    deadline = time.monotonic() + timeout
    while True:
        index = describe_index(client, table, name)
        assert index is not None, f"index {name} vanished while waiting for ACTIVE"
        state = (index.get("IndexStatus"), index.get("Backfilling"))
        if state[0] == "ACTIVE":
            return seen
        if not seen or seen[-1] != state:
            seen.append(state)
        assert time.monotonic() < deadline, f"index {name} not ACTIVE after {timeout}s: {seen}"
        time.sleep(interval)


def canonical(value):
    """A hashable, order-free form of an item or AttributeValue (boto3 client
    shapes): sets sorted, maps by key. For comparing multisets of items."""
    import json

    def norm(v):
        if isinstance(v, dict):
            if len(v) == 1:
                (kind, x), = v.items()
                if kind in ("SS", "NS"):
                    return {kind: sorted(x)}
                if kind == "BS":
                    return {kind: sorted(bytes(b).hex() for b in x)}
                if kind == "B":
                    return {kind: bytes(x).hex()}
            return {k: norm(e) for k, e in v.items()}
        if isinstance(v, list):
            return [norm(e) for e in v]
        if isinstance(v, (bytes, bytearray)):
            return bytes(v).hex()
        return v
    return json.dumps(norm(value), sort_keys=True)


def index_entry(item, table_keys, index_keys, projection):
    """The entry DynamoDB keeps for `item` in an index, or None when the item
    lacks an index key attribute (indexes are sparse).

    table_keys/index_keys: attribute names; projection: a Projection dict.
    The entry holds the table keys, the index keys and the projected
    attributes the item has (ALL: every attribute)."""
    if any(k not in item for k in index_keys):
        return None
    kind = projection["ProjectionType"]
    if kind == "ALL":
        return dict(item)
    names = set(table_keys) | set(index_keys)
    if kind == "INCLUDE":
        names |= set(projection.get("NonKeyAttributes", []))
    return {k: v for k, v in item.items() if k in names}


def expected_index(items, table_keys, index_keys, projection):
    """The entries an index holds for the table's `items` (unordered)."""
    out = []
    for item in items:
        entry = index_entry(item, table_keys, index_keys, projection)
        if entry is not None:
            out.append(entry)
    return out


def same_items(got, want):
    """True when two lists of items are equal as multisets."""
    return sorted(map(canonical, got)) == sorted(map(canonical, want))


def index_keys_of(index):
    """(hash attribute names, range attribute names) of an index definition."""
    hashes = [k["AttributeName"] for k in index["KeySchema"] if k["KeyType"] == "HASH"]
    ranges = [k["AttributeName"] for k in index["KeySchema"] if k["KeyType"] == "RANGE"]
    return hashes, ranges


def query_partition(client, table, index_name, hashes, values, **kwargs):
    """All items of one index partition (equality on every HASH attribute),
    following LastEvaluatedKey."""
    names = {f"#h{i}": h for i, h in enumerate(hashes)}
    vals = {f":h{i}": values[i] for i in range(len(hashes))}
    cond = " AND ".join(f"#h{i} = :h{i}" for i in range(len(hashes)))
    return read_all(client.query, TableName=table, IndexName=index_name, KeyConditionExpression=cond,
                    ExpressionAttributeNames=names, ExpressionAttributeValues=vals, **kwargs)


def check_indexes(client, table, table_keys, indexes, items=None, limit=None, forward=True):
    """Checks every index in `indexes` (index definitions) against the entries
    derived from the table's items (a full Scan unless `items` is given):
    a paged Scan of the index holds exactly those entries, and a paged Query
    of every partition returns that partition's entries in sort-key order
    (several RANGE attributes: left to right). Items with equal index keys may
    come in any order (DynamoDB documents no order for them)."""
    if items is None:
        items = read_all(client.scan, TableName=table)
    paging = {"Limit": limit} if limit else {}
    for index in indexes:
        name = index["IndexName"]
        hashes, ranges = index_keys_of(index)
        want = expected_index(items, table_keys, hashes + ranges, index["Projection"])
        got = read_all(client.scan, TableName=table, IndexName=name, **paging)
        assert same_items(got, want), f"Scan of index {name}: got {len(got)} entries, want {len(want)}"
        partitions = {}
        for entry in want:
            partitions.setdefault(canonical([entry[h] for h in hashes]), []).append(entry)
        for entries in partitions.values():
            values = [entries[0][h] for h in hashes]
            got = query_partition(client, table, name, hashes, values, ScanIndexForward=forward,
                                  **paging)
            assert same_items(got, entries), f"Query of index {name} partition {values}"
            order = [[key_order(e[r]) for r in ranges] for e in got]
            assert order == sorted(order, reverse=not forward), f"order in index {name} {values}"
    return items
