"""Tests that start, kill and restart riptide themselves (riptide_only):
crash recovery, clean-restart persistence, health line, ARN region/account."""
import signal
import threading

import pytest

from helpers import RawClient, call_json, make_client, raises_ddb

pytestmark = pytest.mark.riptide_only

KS = [{"AttributeName": "pk", "KeyType": "HASH"}]
AD = [{"AttributeName": "pk", "AttributeType": "S"}]


def create(client, name, **extra):
    args = dict(TableName=name, KeySchema=KS, AttributeDefinitions=AD)
    if "ProvisionedThroughput" not in extra:
        args["BillingMode"] = "PAY_PER_REQUEST"
    args.update(extra)
    return client.create_table(**args)["TableDescription"]


def test_health_line(riptide_server):
    server = riptide_server()
    r = RawClient(server.url).get("/")
    assert r.status == 200
    assert r.body.strip() and b"\n" not in r.body.strip()


def test_arn_uses_default_region_and_account(riptide_server):
    server = riptide_server()
    desc = create(make_client(server.url), "arn_default")
    assert desc["TableArn"] == "arn:aws:dynamodb:us-east-1:000000000000:table/arn_default"


def test_arn_uses_configured_region_and_account(riptide_server):
    server = riptide_server("--region", "eu-west-2", "--account-id", "123456789012")
    client = make_client(server.url)
    desc = create(client, "arn_custom")
    assert desc["TableArn"] == "arn:aws:dynamodb:eu-west-2:123456789012:table/arn_custom"
    assert client.describe_table(TableName="arn_custom")["Table"]["TableArn"] == desc["TableArn"]


def test_in_memory_mode_works(riptide_server):
    server = riptide_server("--in-memory")
    client = make_client(server.url)
    create(client, "mem_table")
    client.put_item(TableName="mem_table", Item={"pk": {"S": "a"}})
    assert client.get_item(TableName="mem_table", Key={"pk": {"S": "a"}})["Item"]


def test_clean_restart_keeps_everything(riptide_server):
    server = riptide_server()
    raw = RawClient(server.url)
    client = make_client(server.url)
    call_json(raw, "CreateTable", {
        "TableName": "keep_ppr", "KeySchema": KS + [{"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": AD + [{"AttributeName": "sk", "AttributeType": "N"}],
        "BillingMode": "PAY_PER_REQUEST", "DeletionProtectionEnabled": True})
    create(client, "keep_prov", ProvisionedThroughput={"ReadCapacityUnits": 3,
                                                       "WriteCapacityUnits": 4})
    create(client, "gone")
    client.delete_table(TableName="gone")
    items = [
        {"pk": {"S": "a"}, "sk": {"N": "1"}, "s": {"S": "x"}, "b": {"B": b"\x00\x01"},
         "bool": {"BOOL": False}, "null": {"NULL": True}, "ss": {"SS": ["p", "q"]},
         "ns": {"NS": ["1.5"]}, "bs": {"BS": [b"z"]},
         "m": {"M": {"l": {"L": [{"N": "-2"}, {"S": ""}]}}}},
        {"pk": {"S": "a"}, "sk": {"N": "2"}},
        {"pk": {"S": "b"}, "sk": {"N": "-0.00001"}, "big": {"S": "y" * 300000}},
    ]
    for item in items:
        client.put_item(TableName="keep_ppr", Item=item)
    client.put_item(TableName="keep_ppr", Item={"pk": {"S": "del"}, "sk": {"N": "0"}})
    client.delete_item(TableName="keep_ppr", Key={"pk": {"S": "del"}, "sk": {"N": "0"}})
    before = {t: call_json(raw, "DescribeTable", {"TableName": t})["Table"]
              for t in ("keep_ppr", "keep_prov")}

    server.restart(signal.SIGTERM)

    assert client.list_tables()["TableNames"] == ["keep_ppr", "keep_prov"]
    for t, desc in before.items():
        after = call_json(raw, "DescribeTable", {"TableName": t})["Table"]
        for field in ("TableId", "TableArn", "CreationDateTime", "KeySchema",
                      "AttributeDefinitions", "ItemCount", "TableSizeBytes", "TableStatus",
                      "DeletionProtectionEnabled", "BillingModeSummary"):
            assert after.get(field) == desc.get(field), field
        for field in ("ReadCapacityUnits", "WriteCapacityUnits"):
            assert after["ProvisionedThroughput"][field] == desc["ProvisionedThroughput"][field]
    assert before["keep_ppr"]["DeletionProtectionEnabled"] is True
    assert before["keep_ppr"]["ItemCount"] == 3
    for item in items:
        key = {"pk": item["pk"], "sk": item["sk"]}
        got = client.get_item(TableName="keep_ppr", Key=key, ConsistentRead=True)["Item"]
        assert got == item
    assert "Item" not in client.get_item(TableName="keep_ppr",
                                         Key={"pk": {"S": "del"}, "sk": {"N": "0"}})
    with raises_ddb("ValidationException"):
        call_json(raw, "DeleteTable", {"TableName": "keep_ppr"})
    # Names are free again after a delete survives the restart.
    create(client, "gone")


def test_sigkill_keeps_every_acknowledged_write(riptide_server):
    """Several threads write; the server is SIGKILLed while they are still
    writing; after a restart on the same data dir every write that was
    acknowledged (HTTP 200) is there, with its latest acknowledged value."""
    server = riptide_server()
    setup = make_client(server.url)
    create(setup, "crash")
    acked = {}            # key -> last acknowledged version
    lock = threading.Lock()
    enough = threading.Event()
    stop = threading.Event()
    counts = {}           # writer -> acknowledged writes
    target = 600

    def writer(n):
        client = make_client(server.url)
        version = 0
        while not stop.is_set() and version < 5000:
            version += 1
            key = f"w{n}-{version % 50}"  # overwrite keys too, not only inserts
            item = {"pk": {"S": key}, "v": {"N": str(version)}, "pad": {"S": "p" * 200}}
            try:
                client.put_item(TableName="crash", Item=item)
            except Exception:
                return  # the server is gone
            with lock:
                acked[key] = version
                counts[n] = version
                if sum(counts.values()) >= target:
                    enough.set()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    try:
        assert enough.wait(60), "writers made no progress"
        server.kill(signal.SIGKILL)
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    with lock:
        expected = dict(acked)
    assert len(expected) > 50

    server.start()
    client = make_client(server.url)
    missing, stale = [], []
    keys = list(expected)
    for i in range(0, len(keys), 100):
        chunk = keys[i:i + 100]
        got = {}
        request = {"crash": {"Keys": [{"pk": {"S": k}} for k in chunk], "ConsistentRead": True}}
        while request:
            r = client.batch_get_item(RequestItems=request)
            for item in r["Responses"]["crash"]:
                got[item["pk"]["S"]] = int(item["v"]["N"])
            request = r["UnprocessedKeys"]
        for k in chunk:
            if k not in got:
                missing.append(k)
            elif got[k] < expected[k]:
                stale.append((k, got[k], expected[k]))
    assert not missing, f"{len(missing)} acknowledged writes lost, e.g. {missing[:5]}"
    assert not stale, f"{len(stale)} keys rolled back, e.g. {stale[:5]}"


def test_sigkill_keeps_tables_and_deletes(riptide_server):
    server = riptide_server()
    client = make_client(server.url)
    create(client, "t_created")
    create(client, "t_deleted")
    client.put_item(TableName="t_created", Item={"pk": {"S": "x"}})
    client.delete_table(TableName="t_deleted")
    server.restart(signal.SIGKILL)
    assert client.list_tables()["TableNames"] == ["t_created"]
    assert client.get_item(TableName="t_created", Key={"pk": {"S": "x"}})["Item"]


def test_sigterm_exits_cleanly(riptide_server):
    server = riptide_server()
    assert server.kill(signal.SIGTERM) == 0
