"""Black-box test harness for Riptide.

Two ways to run (see tests/README.md):
  pytest tests --riptide build/riptide        start a fresh riptide for the session
  pytest tests --url URL [--reference]        use an already running endpoint;
                                              --reference: it is DynamoDB Local

Markers:
  riptide_only           needs to start/kill/restart the server itself: skipped with --url.
  reference_differs(why) DynamoDB Local is known to differ from DynamoDB here:
                         xfail (strict=False) only under --reference.
"""
import os
import pathlib
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid

import pytest

from helpers import RawClient, call_json, make_client

REPO = pathlib.Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    group = parser.getgroup("riptide")
    group.addoption("--riptide", default=None,
                    help="path to the riptide binary to start (default: build/riptide)")
    group.addoption("--url", default=None,
                    help="run against an already running endpoint instead of starting riptide")
    group.addoption("--reference", action="store_true", default=False,
                    help="the --url endpoint is DynamoDB Local (reference_differs tests xfail)")


def pytest_configure(config):
    config.addinivalue_line("markers", "riptide_only: needs to start/stop riptide itself")
    config.addinivalue_line(
        "markers", "reference_differs(reason): DynamoDB Local differs from DynamoDB here")
    if config.getoption("--url") is None and not config.getoption("--help"):
        binary = _riptide_binary(config)
        if not (binary.is_file() and os.access(binary, os.X_OK)):
            # Loud on purpose: a missing binary must fail the run, not skip it.
            raise pytest.UsageError(f"riptide binary not found or not executable: {binary} "
                                    "(build it first, or pass --url to test a running endpoint)")


def pytest_collection_modifyitems(config, items):
    url = config.getoption("--url")
    reference = config.getoption("--reference")
    for item in items:
        if url and item.get_closest_marker("riptide_only"):
            item.add_marker(pytest.mark.skip(reason="riptide_only: needs to start riptide itself"))
        marker = item.get_closest_marker("reference_differs")
        if reference and marker:
            why = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
            item.add_marker(pytest.mark.xfail(reason="reference differs: " + why, strict=False))


def _riptide_binary(config):
    path = config.getoption("--riptide") or str(REPO / "build" / "riptide")
    return pathlib.Path(path).resolve()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RiptideProcess:
    """One riptide server process on a fixed port and data directory.

    start() waits until GET / answers 200; kill() sends a signal and reaps the
    process; start() again restarts it on the same port and data dir."""

    def __init__(self, binary, data_dir, extra_args=(), port=None):
        self.binary = str(binary)
        self.data_dir = str(data_dir)
        self.extra_args = list(extra_args)
        self.port = port or free_port()
        self.proc = None
        self.log_path = os.path.join(tempfile.gettempdir(),
                                     f"riptide-test-{self.port}-{uuid.uuid4().hex[:6]}.log")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=15.0):
        args = [self.binary, "serve", "--port", str(self.port)]
        if "--in-memory" not in self.extra_args:
            args += ["--data-dir", self.data_dir]
        args += self.extra_args
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"riptide exited with {self.proc.returncode}: {self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.02)
        self.kill(signal.SIGKILL)
        raise RuntimeError(f"riptide did not answer GET / within {timeout}s: {self.log()}")

    def kill(self, sig=signal.SIGTERM, timeout=10.0):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        code = self.proc.returncode
        self.proc = None
        return code

    def restart(self, sig=signal.SIGTERM):
        self.kill(sig)
        return self.start()

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-4000:].decode("utf-8", "replace")
        except OSError:
            return ""


@pytest.fixture(scope="session")
def reference(pytestconfig):
    """True when the endpoint is DynamoDB Local."""
    return pytestconfig.getoption("--reference")


@pytest.fixture(scope="session")
def riptide_binary(pytestconfig):
    return _riptide_binary(pytestconfig)


@pytest.fixture(scope="session")
def endpoint(pytestconfig, tmp_path_factory):
    """Base URL of the server under test (started here unless --url was given)."""
    url = pytestconfig.getoption("--url")
    if url:
        yield url.rstrip("/")
        return
    server = RiptideProcess(_riptide_binary(pytestconfig), tmp_path_factory.mktemp("riptide-data"))
    server.start()
    try:
        yield server.url
    finally:
        server.kill(signal.SIGTERM)


@pytest.fixture(scope="session")
def ddb(endpoint):
    """boto3 DynamoDB client, retries off, client-side parameter validation on."""
    return make_client(endpoint)


@pytest.fixture(scope="session")
def ddb_nv(endpoint):
    """Like ddb but without client-side parameter validation, to send bad input."""
    return make_client(endpoint, parameter_validation=False)


@pytest.fixture(scope="session")
def raw(endpoint):
    """Raw HTTP helper: raw.post(op, body, headers=..., sign=True) -> RawResponse."""
    return RawClient(endpoint)


@pytest.fixture(scope="session")
def call(raw):
    """call(op, body_dict) -> parsed JSON; raises DdbError on error responses.

    For fields the Debian botocore does not know (DeletionProtectionEnabled,
    TableId ...)."""
    return lambda op, body: call_json(raw, op, body)


def _delete_table_quietly(client, raw, name):
    try:
        raw.post("UpdateTable", {"TableName": name, "DeletionProtectionEnabled": False})
        client.delete_table(TableName=name)
    except Exception:
        pass


@pytest.fixture
def make_table(ddb, raw):
    """Factory: make_table(hash=('pk','S'), range=None, billing='PAY_PER_REQUEST',
    name=None, **extra CreateTable args) -> table name. Deleted after the test."""
    created = []

    def factory(hash=("pk", "S"), range=None, billing="PAY_PER_REQUEST", name=None,
                throughput=(5, 5), **extra):
        name = name or "rt_" + uuid.uuid4().hex[:16]
        keys = [{"AttributeName": hash[0], "KeyType": "HASH"}]
        attrs = [{"AttributeName": hash[0], "AttributeType": hash[1]}]
        if range:
            keys.append({"AttributeName": range[0], "KeyType": "RANGE"})
            attrs.append({"AttributeName": range[0], "AttributeType": range[1]})
        args = dict(TableName=name, KeySchema=keys, AttributeDefinitions=attrs)
        if billing == "PAY_PER_REQUEST":
            args["BillingMode"] = "PAY_PER_REQUEST"
        else:
            args["ProvisionedThroughput"] = {"ReadCapacityUnits": throughput[0],
                                             "WriteCapacityUnits": throughput[1]}
        args.update(extra)
        created.append(name)
        ddb.create_table(**args)
        return name

    yield factory
    for name in created:
        _delete_table_quietly(ddb, raw, name)


@pytest.fixture
def table(make_table):
    """A fresh table with a string partition key 'pk'."""
    return make_table()


@pytest.fixture
def table_hr(make_table):
    """A fresh table with partition key 'pk' (S) and sort key 'sk' (N)."""
    return make_table(range=("sk", "N"))


@pytest.fixture
def riptide_server(riptide_binary, tmp_path):
    """Factory for riptide_only tests: riptide_server(*extra_args) -> started
    RiptideProcess on a fresh data dir (kill/start/restart on the same dir).
    Every server started is stopped after the test."""
    servers = []

    def factory(*extra_args, data_dir=None):
        server = RiptideProcess(riptide_binary, data_dir or (tmp_path / f"data{len(servers)}"),
                                extra_args)
        servers.append(server)
        return server.start()

    yield factory
    for server in servers:
        server.kill(signal.SIGKILL)
