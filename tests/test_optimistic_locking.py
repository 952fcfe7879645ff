"""A real optimistic-locking client library run unchanged against the
endpoint: AWS Labs' @aws/dynamodb-data-mapper (npm, with the v2 aws-sdk). Its
version attribute turns put/update/delete into conditional writes
(attribute_not_exists on create, `version = :seen` afterwards, SET version =
version + 1 on update), so a stale copy must get ConditionalCheckFailedException
and write nothing. The script is tests/js2/locking_test.js; `npm ci` runs when
tests/js2/node_modules is missing."""
import json
import os
import pathlib
import subprocess

from test_clients import ensure_installed

JS2_DIR = pathlib.Path(__file__).resolve().parent / "js2"


def test_dynamodb_data_mapper_version_attribute(endpoint):
    node = ensure_installed("/usr/bin/node", ["nodejs"])
    npm = ensure_installed("/usr/bin/npm", ["npm"])
    if not (JS2_DIR / "node_modules" / "@aws" / "dynamodb-data-mapper").is_dir():
        r = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS2_DIR,
                           capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, f"npm ci failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    env = dict(os.environ, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE="1")
    r = subprocess.run([node, "locking_test.js", endpoint], cwd=JS2_DIR, capture_output=True,
                       text=True, timeout=120, env=env)
    lines = r.stdout.strip().splitlines()
    assert r.returncode == 0 and lines, f"locking_test.js failed:\n{r.stdout}\n{r.stderr[-4000:]}"
    result = json.loads(lines[-1])
    assert result["ok"] is True, result
    # Every step ran, including the five rounds of four racing writers.
    assert "stale save wrote nothing" in result["steps"]
    assert result["steps"][-1] == "race final version"
