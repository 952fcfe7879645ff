"""Other real clients against the endpoint: the AWS CLI (Debian's awscli) and
the npm AWS SDK v3 with its DocumentClient (tests/js)."""
import json
import os
import pathlib
import subprocess
import uuid

import pytest

JS_DIR = pathlib.Path(__file__).resolve().parent / "js"
AWS = "/usr/bin/aws"  # Debian's awscli, not whatever `aws` comes first on PATH


def ensure_installed(path, packages):
    """Installs Debian packages when a tool is missing; fails (never skips)
    when that is not possible."""
    if os.path.exists(path):
        return path
    cmd = ["apt-get", "install", "-y", "-q", *packages]
    if os.geteuid() != 0:
        cmd = ["sudo", "-n", *cmd]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if not os.path.exists(path):
        pytest.fail(f"{path} missing and `{' '.join(cmd)}` did not install it:\n"
                    f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return path


def run_cli(endpoint, tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID="AKIDTESTTESTTEST", AWS_SECRET_ACCESS_KEY="secret",
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="",
               AWS_CONFIG_FILE=str(tmp_path / "config"),
               AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "credentials"),
               HOME=str(tmp_path))
    cmd = [AWS, "dynamodb", *args, "--endpoint-url", endpoint, "--output", "json",
           "--cli-read-timeout", "30"]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


def test_aws_cli(endpoint, tmp_path):
    ensure_installed(AWS, ["awscli"])
    table = "cli_" + uuid.uuid4().hex[:12]
    r = run_cli(endpoint, tmp_path, "create-table", "--table-name", table,
                "--attribute-definitions", "AttributeName=pk,AttributeType=S",
                "--key-schema", "AttributeName=pk,KeyType=HASH",
                "--billing-mode", "PAY_PER_REQUEST")
    assert r.returncode == 0, r.stderr
    try:
        assert json.loads(r.stdout)["TableDescription"]["TableName"] == table
        r = run_cli(endpoint, tmp_path, "describe-table", "--table-name", table)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["Table"]["TableStatus"] == "ACTIVE"
        item = {"pk": {"S": "cli"}, "n": {"N": "1.50"}, "l": {"L": [{"S": "x"}]},
                "b": {"B": "AAE="}}
        r = run_cli(endpoint, tmp_path, "put-item", "--table-name", table,
                    "--item", json.dumps(item))
        assert r.returncode == 0, r.stderr
        r = run_cli(endpoint, tmp_path, "get-item", "--table-name", table,
                    "--key", '{"pk": {"S": "cli"}}', "--consistent-read")
        assert r.returncode == 0, r.stderr
        got = json.loads(r.stdout)["Item"]
        assert got["pk"] == {"S": "cli"} and got["n"] == {"N": "1.5"}
        assert got["l"] == {"L": [{"S": "x"}]} and got["b"] == {"B": "AAE="}
        # Errors reach the user with DynamoDB's code and message.
        r = run_cli(endpoint, tmp_path, "get-item", "--table-name", table + "_missing",
                    "--key", '{"pk": {"S": "cli"}}')
        assert r.returncode != 0
        assert "ResourceNotFoundException" in r.stderr
        assert "Cannot do operations on a non-existent table" in r.stderr
    finally:
        run_cli(endpoint, tmp_path, "delete-table", "--table-name", table)


def test_npm_sdk_v3_document_client(endpoint):
    node = ensure_installed("/usr/bin/node", ["nodejs"])
    npm = ensure_installed("/usr/bin/npm", ["npm"])
    if not (JS_DIR / "node_modules" / "@aws-sdk" / "lib-dynamodb").is_dir():
        r = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR,
                           capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, f"npm ci failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    r = subprocess.run([node, "sdk_test.js", endpoint], cwd=JS_DIR, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, f"sdk_test.js failed:\n{r.stdout}\n{r.stderr[-4000:]}"
    assert json.loads(r.stdout.strip().splitlines()[-1])["ok"] is True

