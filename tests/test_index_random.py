"""Seeded randomized index maintenance: a few hundred random PutItem,
conditional PutItem, UpdateItem (SET/REMOVE/ADD), DeleteItem and
BatchWriteItem calls, plus writes that must be refused (wrong-typed or empty
index keys), on a table with three GSIs and one LSI. An in-test model of the
table follows every call; after every batch of ten calls the table must
equal the model and every index must equal the entries derived from it
(helpers.check_indexes: full Scan of each index, and a Query of each index
partition checked for sort order), read with random page sizes and
directions. RIPTIDE_IX_SEED=n picks another seed; the failing step and seed
are in the assertion message."""
import os
import random
import uuid
from decimal import Decimal

import pytest

from helpers import (attr_defs, check_indexes, delete_table_quietly, index_def, key_schema, raises_ddb,
                     read_all, same_items)

SEED = int(os.environ.get("RIPTIDE_IX_SEED", "5"))
STEPS = 300
CHECK_EVERY = 10
TABLE_KEYS = ["pk", "sk"]
INDEXES = [
    index_def("g_all", ("gp", "HASH"), ("gs", "RANGE")),
    index_def("g_incl", ("gs", "HASH"), projection="INCLUDE", non_key=["a", "zz"]),
    index_def("g_keys", ("gb", "HASH"), ("sk", "RANGE"), projection="KEYS_ONLY"),
]
LSIS = [index_def("l_incl", ("pk", "HASH"), ("ls", "RANGE"), projection="INCLUDE", non_key=["b"])]


class Model:
    def __init__(self, rng):
        self.rng = rng
        self.items = {}

    def key(self):
        return {"pk": {"S": f"p{self.rng.randrange(5)}"}, "sk": {"N": str(self.rng.randrange(10))}}

    @staticmethod
    def id(key):
        return (key["pk"]["S"], key["sk"]["N"])

    def value(self, attr):
        r = self.rng
        if attr == "gp":
            return {"S": r.choice(["g0", "g1", "g2"])}
        if attr == "gs":
            return {"N": r.choice(["0", "1", "2", "-3", "1.5", "40"])}
        if attr == "gb":
            return {"B": r.choice([b"\x00", b"\x01", b"\xff\x00"])}
        if attr == "ls":
            return {"S": r.choice(["l0", "l1", "l2", "\u00e9", "Z"])}
        kind = r.randrange(5)
        if kind == 0:
            return {"S": "v" * r.randrange(0, 30)}
        if kind == 1:
            return {"N": str(r.randrange(-100, 100))}
        if kind == 2:
            return {"L": [{"S": "x"}, {"N": str(r.randrange(9))}]}
        if kind == 3:
            return {"M": {"k": {"BOOL": r.random() < 0.5}}}
        return {"SS": sorted({r.choice("abcd") for _ in range(3)})}

    def random_item(self, key=None):
        item = dict(key or self.key())
        for attr in ("gp", "gs", "gb", "ls", "a", "b", "c"):
            if self.rng.random() < 0.6:
                item[attr] = self.value(attr)
        return item


def apply_update(item, sets, removes, adds):
    for attr, value in sets.items():
        item[attr] = value
    for attr in removes:
        item.pop(attr, None)
    for attr, delta in adds.items():
        old = Decimal(item[attr]["N"]) if attr in item else Decimal(0)
        item[attr] = {"N": str(old + Decimal(delta))}


@pytest.fixture
def t(ddb):
    name = "ixrnd_" + uuid.uuid4().hex[:12]
    ddb.create_table(TableName=name, KeySchema=key_schema(("pk", "HASH"), ("sk", "RANGE")),
                     AttributeDefinitions=attr_defs(("pk", "S"), ("sk", "N"), ("gp", "S"), ("gs", "N"),
                                                    ("gb", "B"), ("ls", "S")),
                     GlobalSecondaryIndexes=INDEXES, LocalSecondaryIndexes=LSIS, BillingMode="PAY_PER_REQUEST")
    yield name
    delete_table_quietly(ddb, name)


def step(ddb, t, m, rng):
    """One random call; returns a short description for failure messages."""
    op = rng.choices(["put", "put_if_absent", "update", "delete", "batch", "bad"], [25, 8, 30, 12, 15, 10])[0]
    if op == "put":
        item = m.random_item()
        ddb.put_item(TableName=t, Item=item)
        m.items[m.id(item)] = item
    elif op == "put_if_absent":
        item = m.random_item()
        if m.id(item) in m.items:
            with raises_ddb("ConditionalCheckFailedException"):
                ddb.put_item(TableName=t, Item=item, ConditionExpression="attribute_not_exists(pk)")
        else:
            ddb.put_item(TableName=t, Item=item, ConditionExpression="attribute_not_exists(pk)")
            m.items[m.id(item)] = item
    elif op == "update":
        key = m.key()
        attrs = ["gp", "gs", "gb", "ls", "a", "b", "c"]
        rng.shuffle(attrs)
        sets = {a: m.value(a) for a in attrs[:rng.randrange(0, 3)]}
        removes = attrs[3:3 + rng.randrange(0, 3)]
        adds = {}
        current = m.items.get(m.id(key), {})
        if "gs" not in sets and "gs" not in removes and "N" in current.get("gs", {"N": ""}) and rng.random() < 0.3:
            adds["gs"] = str(rng.randrange(-2, 3))
        if not (sets or adds) and (not removes or m.id(key) not in m.items):
            # (A remove-only update of a missing item creates nothing in DynamoDB but an
            # empty item in DynamoDB Local: not exercised here.)
            sets = {"c": m.value("c")}
            removes = [a for a in removes if a != "c"]
        clauses, values, names = [], {}, {}
        if sets:
            clauses.append("SET " + ", ".join(f"#{a} = :{a}" for a in sets))
            values.update({f":{a}": v for a, v in sets.items()})
        if removes:
            clauses.append("REMOVE " + ", ".join(f"#{a}" for a in removes))
        if adds:
            clauses.append("ADD " + ", ".join(f"#{a} :{a}" for a in adds))
            values.update({f":{a}": {"N": d} for a, d in adds.items()})
        names = {f"#{a}": a for a in list(sets) + list(removes) + list(adds)}
        args = dict(TableName=t, Key=key, UpdateExpression=" ".join(clauses), ExpressionAttributeNames=names)
        if values:
            args["ExpressionAttributeValues"] = values
        ddb.update_item(**args)
        if sets or adds or m.id(key) in m.items:
            item = dict(m.items.get(m.id(key), key))
            apply_update(item, sets, removes, adds)
            m.items[m.id(key)] = item
        op += f" {args['UpdateExpression']}"
    elif op == "delete":
        key = m.key()
        ddb.delete_item(TableName=t, Key=key)
        m.items.pop(m.id(key), None)
    elif op == "batch":
        keys = {}
        for _ in range(rng.randrange(1, 7)):
            key = m.key()
            keys[m.id(key)] = key
        requests = []
        for kid, key in keys.items():
            if rng.random() < 0.7:
                item = m.random_item(key)
                requests.append({"PutRequest": {"Item": item}})
                m.items[kid] = item
            else:
                requests.append({"DeleteRequest": {"Key": key}})
                m.items.pop(kid, None)
        r = ddb.batch_write_item(RequestItems={t: requests})
        assert not r.get("UnprocessedItems")
    else:
        bad = m.random_item()
        attr, value = rng.choice([("gs", {"S": "1"}), ("gb", {"S": "AA=="}), ("ls", {"N": "1"}),
                                  ("gp", {"N": "7"}), ("ls", {"S": ""})])
        bad[attr] = value
        with raises_ddb("ValidationException"):
            if rng.random() < 0.5:
                ddb.put_item(TableName=t, Item=bad)
            else:
                good = m.random_item()
                requests = [{"PutRequest": {"Item": good}}]
                if m.id(good) != m.id(bad):
                    requests.append({"PutRequest": {"Item": bad}})
                else:
                    requests = [{"PutRequest": {"Item": bad}}]
                ddb.batch_write_item(RequestItems={t: requests})
        op += f" {attr}={value}"
    return op


def test_random_writes_keep_every_index_exact(ddb, t):
    rng = random.Random(SEED)
    m = Model(rng)
    history = []
    for n in range(1, STEPS + 1):
        history.append(step(ddb, t, m, rng))
        if n % CHECK_EVERY:
            continue
        where = f"seed {SEED}, after step {n}; last calls: {history[-CHECK_EVERY:]}"
        limit = rng.choice([None, None, 1, 3, 8])
        table = read_all(ddb.scan, TableName=t, **({"Limit": limit} if limit else {}))
        assert same_items(table, list(m.items.values())), "table differs from the model: " + where
        try:
            check_indexes(ddb, t, TABLE_KEYS, INDEXES + LSIS, items=list(m.items.values()), limit=limit,
                          forward=rng.random() < 0.5)
        except AssertionError as err:
            raise AssertionError(f"{err} ({where})") from None
    assert len(m.items) > 10
