"""Conditional writes and updates to one item are linearizable: several
clients (threads, each with its own boto3 client and connections) race on
one item, and the final state accounts for exactly the writes that were
acknowledged. Every refused write must be ConditionalCheckFailedException."""
import threading

import botocore.exceptions
import pytest

from expr_helpers import CCF, create_table, delete_table_quietly, new_key
from helpers import make_client

THREADS = 8
ROUNDS = 50


@pytest.fixture(scope="module")
def tbl(ddb):
    name = create_table(ddb)
    yield name
    delete_table_quietly(ddb, name)


@pytest.fixture(scope="module")
def clients(endpoint):
    # Made here, one after the other: creating boto3 clients is not thread-safe.
    return [make_client(endpoint) for _ in range(THREADS)]


def run_threads(clients, work):
    """Runs work(client, index) in one thread per client, all released at
    once; returns the per-thread results and re-raises the first exception."""
    barrier = threading.Barrier(len(clients))
    results = [None] * len(clients)
    errors = []

    def body(i):
        try:
            barrier.wait()
            results[i] = work(clients[i], i)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "a client thread hung"
    if errors:
        raise errors[0]
    return results


def error_code(e):
    return e.response["Error"]["Code"]


def test_compare_and_set_counter(clients, tbl):
    """Each client reads n, then writes n + 1 only if n is still what it
    read. The final n is exactly the number of acknowledged updates."""
    key = new_key("counter")
    clients[0].put_item(TableName=tbl, Item=dict(key, n={"N": "0"}))

    def work(client, _):
        ok, conflicts = 0, 0
        for _ in range(ROUNDS):
            seen = client.get_item(TableName=tbl, Key=key, ConsistentRead=True)["Item"]["n"]
            try:
                r = client.update_item(TableName=tbl, Key=key,
                                       UpdateExpression="SET n = n + :one",
                                       ConditionExpression="n = :seen",
                                       ExpressionAttributeValues={":one": {"N": "1"},
                                                                  ":seen": seen},
                                       ReturnValues="UPDATED_NEW")
                # The value written is the one read plus one: no lost update.
                assert int(r["Attributes"]["n"]["N"]) == int(seen["N"]) + 1
                ok += 1
            except botocore.exceptions.ClientError as e:
                assert error_code(e) == CCF, e
                conflicts += 1
        return ok, conflicts

    results = run_threads(clients, work)
    successes = sum(ok for ok, _ in results)
    assert sum(ok + c for ok, c in results) == THREADS * ROUNDS
    # A refused attempt was overtaken by a success between its read and its
    # write, and one success can overtake at most one attempt per other
    # client: failures <= (THREADS - 1) * successes, so successes >= ROUNDS.
    assert successes >= ROUNDS
    final = clients[0].get_item(TableName=tbl, Key=key, ConsistentRead=True)["Item"]
    assert final == dict(key, n={"N": str(successes)})


def test_unconditional_add(clients, tbl):
    """ADD n :one from every client: no increment is lost."""
    key = new_key("adder")

    def work(client, _):
        for _ in range(ROUNDS):
            client.update_item(TableName=tbl, Key=key, UpdateExpression="ADD n :one",
                               ExpressionAttributeValues={":one": {"N": "1"}})
        return ROUNDS

    total = sum(run_threads(clients, work))
    final = clients[0].get_item(TableName=tbl, Key=key, ConsistentRead=True)["Item"]
    assert final == dict(key, n={"N": str(total)}) and total == THREADS * ROUNDS


def test_put_if_absent_has_one_winner(clients, tbl):
    """All clients try to create the same items with attribute_not_exists:
    each item gets exactly one creator, and it keeps the winner's write."""
    keys = [new_key(f"race{i}") for i in range(20)]

    def work(client, index):
        won = []
        for k in keys:
            try:
                client.put_item(TableName=tbl, Item=dict(k, owner={"N": str(index)}),
                                ConditionExpression="attribute_not_exists(pk)")
                won.append(k["pk"]["S"])
            except botocore.exceptions.ClientError as e:
                assert error_code(e) == CCF, e
        return won

    results = run_threads(clients, work)
    winners = {}
    for index, won in enumerate(results):
        for k in won:
            assert k not in winners, f"{k} created twice"
            winners[k] = index
    assert sorted(winners) == sorted(k["pk"]["S"] for k in keys)
    for k in keys:
        item = clients[0].get_item(TableName=tbl, Key=k, ConsistentRead=True)["Item"]
        assert item["owner"] == {"N": str(winners[k["pk"]["S"]])}


def test_versioned_list_appends(clients, tbl):
    """Optimistic appends: each client appends its own marker to a list,
    guarded by the list's size; every acknowledged append is in the list
    exactly once, in a single order."""
    key = new_key("list")
    clients[0].put_item(TableName=tbl, Item=dict(key, l={"L": []}))
    per_thread = 10

    def work(client, index):
        done = []
        attempts = 0
        while len(done) < per_thread:
            attempts += 1
            assert attempts < 2000, "no progress"
            size = len(client.get_item(TableName=tbl, Key=key,
                                       ConsistentRead=True)["Item"]["l"]["L"])
            marker = f"{index}-{len(done)}"
            try:
                client.update_item(TableName=tbl, Key=key,
                                   UpdateExpression="SET l = list_append(l, :m)",
                                   ConditionExpression="size(l) = :size",
                                   ExpressionAttributeValues={":m": {"L": [{"S": marker}]},
                                                              ":size": {"N": str(size)}})
                done.append(marker)
            except botocore.exceptions.ClientError as e:
                assert error_code(e) == CCF, e
        return done

    results = run_threads(clients, work)
    final = [v["S"] for v in clients[0].get_item(TableName=tbl, Key=key,
                                                 ConsistentRead=True)["Item"]["l"]["L"]]
    assert sorted(final) == sorted(m for done in results for m in done)
    # Each client's markers appear in the order it wrote them.
    for index in range(THREADS):
        mine = [m for m in final if m.startswith(f"{index}-")]
        assert mine == [f"{index}-{i}" for i in range(per_thread)]
