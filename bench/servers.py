"""The servers bench_compare.py measures, each started fresh by us.

Riptide (on disk, WAL on), AWS's DynamoDB Local (the reference), and a
fixed-answer nginx that stands for the machine's ceiling. Each server knows
how to start itself, how to tell that it answers, which processes make up
its memory, and where its data lives on disk.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

REFERENCE_SCRIPT = os.path.join(os.path.dirname(__file__), "..", "..", "shared",
                                "reference", "dynamodb-local.sh")

NGINX_CONF = """\
worker_processes 2;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  client_body_buffer_size 128k;
  client_body_temp_path {dir}/body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location / {{
      default_type application/x-amz-json-1.0;
      return 200 '{{"TableNames":[]}}';
    }}
  }}
}}
"""

# DynamoDB Local answers only signed requests with 200; it does not check
# the signature itself.
LIST_TABLES = (
    "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    "Content-Type: application/x-amz-json-1.0\r\n"
    "X-Amz-Target: DynamoDB_20120810.ListTables\r\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host, Signature=0\r\n"
    "Content-Length: 2\r\n\r\n{}")
GET_ROOT = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def probe(port, request):
    """The HTTP status of one request, or None when nothing answers."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(request.encode())
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    return None
                data += chunk
            return int(data.split(b" ", 2)[1])
    except (OSError, ValueError, IndexError):
        return None


def process_tree(pid):
    """pid and all its descendants."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def rss_kb(pid):
    """VmRSS of pid and its descendants, in KiB (nginx has worker children)."""
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def cpu_seconds(pid):
    """User + system CPU time of pid and its descendants, in seconds."""
    ticks = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def disk_bytes(path):
    """Bytes allocated on disk under path (as du counts them)."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total


class Server:
    """A server process we spawn, time and stop."""
    name = "server"
    label = "server"
    fixed_answer = False
    probe_request = GET_ROOT

    def __init__(self, port, workdir):
        self.port = port
        self.workdir = workdir
        self.proc = None
        self.log_path = os.path.join(workdir, f"{self.name}.log")
        self.startup_ms = None
        self.note = ""

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        raise NotImplementedError

    def cwd(self):
        return None

    def data_dir(self):
        return None

    def start(self, timeout=120.0):
        """Spawns the server and polls until it answers 200; records the time
        from spawn to that first answer (monotonic clock)."""
        if probe(self.port, GET_ROOT) is not None:
            raise RuntimeError(f"port {self.port} is already taken")
        log = open(self.log_path, "w")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self.command(), cwd=self.cwd(), stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        while time.monotonic() - t0 < timeout:
            if probe(self.port, self.probe_request) == 200:
                self.startup_ms = (time.monotonic() - t0) * 1000
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; "
                                   f"see {self.log_path}")
            time.sleep(0.001)
        raise RuntimeError(f"{self.name} did not answer within {timeout} s")

    def rss_kb(self):
        return rss_kb(self.proc.pid) if self.proc else None

    def wait_idle(self, limit_s=180, busy_share=0.05):
        """Waits until the server uses under busy_share of a core for a whole
        second (an LSM store compacts for a while after a bulk load); returns
        the seconds waited, or None when it was still busy at limit_s."""
        if not self.proc:
            return 0.0
        start = time.monotonic()
        while time.monotonic() - start < limit_s:
            before = cpu_seconds(self.proc.pid)
            time.sleep(1.0)
            if cpu_seconds(self.proc.pid) - before < busy_share:
                return time.monotonic() - start
        return None

    def disk_bytes(self):
        d = self.data_dir()
        return disk_bytes(d) if d else None

    def stop(self):
        if not self.proc or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


class Riptide(Server):
    name = "riptide"
    label = "Riptide (on disk, WAL on)"

    def __init__(self, port, workdir, binary, in_memory=False):
        super().__init__(port, workdir)
        self.binary = binary
        self.in_memory = in_memory
        self.data = tempfile.mkdtemp(prefix="riptide-data-", dir=workdir)
        if in_memory:
            self.label = "Riptide (in memory)"

    def command(self):
        mode = ["--in-memory"] if self.in_memory else ["--data-dir", self.data]
        return [self.binary, "serve", "--port", str(self.port)] + mode

    def data_dir(self):
        return None if self.in_memory else self.data


class DynamoDBLocal(Server):
    """Started with the reference script's own command line (java -jar
    DynamoDBLocal.jar -inMemory ...), spawned directly so that its start is
    timed from the exec and its RSS is the java process's."""
    name = "dynamodb-local"
    label = "DynamoDB Local (in memory)"
    probe_request = LIST_TABLES

    def __init__(self, port, workdir, on_disk=False):
        super().__init__(port, workdir)
        self.home = subprocess.run(["bash", REFERENCE_SCRIPT, "home"], check=True,
                                   capture_output=True, text=True).stdout.strip()
        self.on_disk = on_disk
        self.data = tempfile.mkdtemp(prefix="ddb-data-", dir=workdir) if on_disk else None
        if on_disk:
            self.label = "DynamoDB Local (on disk)"

    def command(self):
        store = ["-sharedDb", "-dbPath", self.data] if self.on_disk else ["-inMemory"]
        return ["java", "-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar"] + \
            store + ["-disableTelemetry", "-port", str(self.port)]

    def cwd(self):
        return self.home

    def data_dir(self):
        return self.data


class Nginx(Server):
    name = "ceiling"
    label = "fixed answer (nginx, 2 workers)"
    fixed_answer = True

    def __init__(self, port, workdir):
        super().__init__(port, workdir)
        self.dir = tempfile.mkdtemp(prefix="nginx-", dir=workdir)
        self.conf = os.path.join(self.dir, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(NGINX_CONF.format(dir=self.dir, port=port))

    def command(self):
        return [shutil.which("nginx") or "/usr/sbin/nginx", "-c", self.conf, "-p", self.dir + "/"]
