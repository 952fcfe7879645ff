"""Small helpers shared by the expression tests (test_conditions.py,
test_update_item.py, test_projection.py, test_legacy_params.py,
test_expression_attributes.py)."""
import decimal
import uuid

from helpers import create_table, delete_table_quietly

__all__ = ["CCF", "CCF_MSG", "V", "canonical_number", "create_table", "delete_table_quietly",
           "get", "new_key", "norm"]

CCF = "ConditionalCheckFailedException"
CCF_MSG = "The conditional request failed"
V = "ValidationException"


_CTX = decimal.Context(prec=200)


def canonical_number(text):
    """DynamoDB's canonical text of a number: no exponent, no leading or
    trailing zeros ("3.00" -> "3", "1E+2" -> "100", "-0" -> "0")."""
    d = _CTX.create_decimal(text)
    if d.is_zero():
        return "0"
    out = format(d.normalize(_CTX), "f")
    return out


def norm(value):
    """An item or AttributeValue with set members sorted (DynamoDB returns
    sets in no particular order), numbers in canonical text and B as bytes,
    so == compares contents. Canonical numbers: DynamoDB Local returns the
    results of UpdateItem arithmetic as computed ("1.50 + 1.50" -> "3.00");
    tests that pin the text itself do not use norm()."""
    if isinstance(value, dict):
        out = {}
        for k, x in value.items():
            if k == "N" and isinstance(x, str):
                out[k] = canonical_number(x)
            elif k == "NS" and isinstance(x, list):
                out[k] = sorted(canonical_number(m) for m in x)
            elif k in ("SS", "BS") and isinstance(x, list):
                out[k] = sorted(_bytes(m) if k == "BS" else m for m in x)
            elif k == "B":
                out[k] = _bytes(x)
            else:
                out[k] = norm(x)
        return out
    if isinstance(value, list):
        return [norm(x) for x in value]
    return value


def _bytes(x):
    # boto3 gives bytes; raw JSON gives base64 text, compared as text.
    return bytes(x) if isinstance(x, (bytes, bytearray)) else x


def new_key(prefix="k"):
    return {"pk": {"S": f"{prefix}-{uuid.uuid4().hex[:12]}"}}


def get(ddb, table, key):
    """The stored item (sets sorted) or None."""
    item = ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")
    return None if item is None else norm(item)

