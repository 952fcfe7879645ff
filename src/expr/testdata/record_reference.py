#!/usr/bin/python3
"""Records (or checks) the expected outcome of every expression test case by
asking the reference, AWS's DynamoDB Local (see /work/shared/reference).

    record_reference.py PORT [--check] FILE.jsonl...

Each line of a case file is one JSON object (see README.md beside this file).
Without --check, the "expect" member of every case that is not "pinned" is
(re)written with the reference's answer. With --check nothing is written and
every disagreement is printed; the exit status is 1 when there is one.

Pinned cases carry an expectation written by hand because DynamoDB Local is
known to differ from DynamoDB there (their "note" says why); they are skipped.
"""
import json
import sys
import urllib.error
import urllib.request

PORT = None
HASH_TABLE = "expr_hash"
HASH_RANGE_TABLE = "expr_hash_range"


def call(op, body):
    req = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/", data=json.dumps(body).encode(),
        headers={"X-Amz-Target": "DynamoDB_20120810." + op,
                 "Content-Type": "application/x-amz-json-1.0",
                 "Authorization": "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/"
                                  "dynamodb/aws4_request, SignedHeaders=host, Signature=0"})
    try:
        with urllib.request.urlopen(req) as r:
            return json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        d = json.loads(e.read())
        return {"__error": d.get("__type", "").split("#")[-1],
                "message": d.get("message", d.get("Message"))}


def setup():
    call("CreateTable", {
        "TableName": HASH_TABLE, "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]})
    call("CreateTable", {
        "TableName": HASH_RANGE_TABLE, "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "sk", "KeyType": "RANGE"}]})


def table_and_key(case):
    if case.get("table") == "hash_range":
        return HASH_RANGE_TABLE, {"pk": {"S": "k"}, "sk": {"N": "1"}}
    return HASH_TABLE, {"pk": {"S": "k"}}


def reset(case):
    """Puts the case's item (with the key added) or deletes it."""
    table, key = table_and_key(case)
    if "item" in case and case["item"] is not None:
        item = dict(key)
        item.update(case["item"])
        r = call("PutItem", {"TableName": table, "Item": item})
        if "__error" in r:
            raise RuntimeError("cannot put item of case %r: %r" % (case, r))
    else:
        call("DeleteItem", {"TableName": table, "Key": key})
    return table, key


def add_expression_maps(case, body):
    for field, member in (("names", "ExpressionAttributeNames"),
                          ("values", "ExpressionAttributeValues")):
        if field in case:
            body[member] = case[field]
    for field in ("Expected", "ConditionalOperator", "AttributeUpdates", "AttributesToGet"):
        if field in case:
            body[field] = case[field]


def error_of(r):
    if r["__error"] == "ValidationException":
        return {"error": r["message"]}
    return {"error": r["__error"] + ": " + r["message"]}


def run_condition(case):
    table, key = reset(case)
    item = dict(key)
    item.update(case.get("item") or {})
    body = {"TableName": table, "Item": item}
    if "expr" in case:
        body["ConditionExpression"] = case["expr"]
    add_expression_maps(case, body)
    r = call("PutItem", body)
    if "__error" in r:
        if r["__error"] == "ConditionalCheckFailedException":
            return False
        return error_of(r)
    return True


def run_update_once(case, return_values):
    table, key = reset(case)
    body = {"TableName": table, "Key": key, "ReturnValues": return_values}
    if "expr" in case:
        body["UpdateExpression"] = case["expr"]
    if "cond" in case:
        body["ConditionExpression"] = case["cond"]
    add_expression_maps(case, body)
    return call("UpdateItem", body)


def run_update(case):
    # UPDATED_OLD/UPDATED_NEW are recorded only when every written path is
    # top-level (no "." or "[" in the expression, or "top_level": true): only
    # then does DynamoDB Local agree with DynamoDB, which projects the
    # returned attributes on the updated paths where Local returns whole
    # top-level attributes. Nested cases are pinned by hand.
    r = run_update_once(case, "ALL_NEW")
    if "__error" in r:
        return error_of(r)
    table, key = table_and_key(case)
    got = call("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True})
    expect = {"new": got.get("Item")}
    top_level = case.get("top_level")
    if top_level is None:
        text = case.get("expr", "")
        top_level = "." not in text and "[" not in text
        # AttributeUpdates write top-level attributes only.
    if top_level:
        expect["updated_old"] = run_update_once(case, "UPDATED_OLD").get("Attributes")
        expect["updated_new"] = run_update_once(case, "UPDATED_NEW").get("Attributes")
    return expect


def run_projection(case):
    table, key = reset(case)
    body = {"TableName": table, "Key": key}
    if "expr" in case:
        body["ProjectionExpression"] = case["expr"]
    add_expression_maps(case, body)
    r = call("GetItem", body)
    if "__error" in r:
        return error_of(r)
    return {"item": r.get("Item")}


RUNNERS = {"condition": run_condition, "update": run_update, "projection": run_projection}
# legacy_cases.jsonl names the operation of each case.
LEGACY_RUNNERS = {"PutItem": run_condition, "UpdateItem": run_update, "GetItem": run_projection}


def run_legacy(case):
    return LEGACY_RUNNERS[case["op"]](case)


RUNNERS["legacy"] = run_legacy


def main():
    global PORT
    args = sys.argv[1:]
    PORT = int(args.pop(0))
    check = "--check" in args
    files = [a for a in args if a != "--check"]
    setup()
    bad = 0
    for path in files:
        kind = next(k for k in RUNNERS if k in path.rsplit("/", 1)[-1])
        lines = open(path, encoding="utf-8").read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        out = []
        for n, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("//"):
                out.append(line)
                continue
            case = json.loads(line)
            if case.get("pinned"):
                out.append(line)
                continue
            got = RUNNERS[kind](case)
            if check:
                if got != case.get("expect"):
                    bad += 1
                    print("%s:%d: reference says %s, case expects %s" % (
                        path, n, json.dumps(got), json.dumps(case.get("expect"))))
            else:
                case["expect"] = got
            out.append(json.dumps(case, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8"))
        if not check:
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(out) + "\n")
    if check:
        print("%d disagreement(s)" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
