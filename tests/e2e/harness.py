"""Shared helpers for omnihub's process-level tests and the scenario runner.

Everything here follows docs/contract-draft.md: the CLI (`migrate`, `demo --json`, `serve`), the
"omnihub listening on http://HOST:PORT" line, JSON errors and SSE frames. Python 3.11 standard
library only. Every network call and every wait is bounded.
"""

import argparse
import atexit
import hashlib
import http.client
import json
import os
import queue
import re
import secrets
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PG_CLUSTER = REPO / "tests" / "testing" / "pg_cluster.sh"
HTTP_TIMEOUT = 10.0
ALL_BACKENDS = ("sqlite", "postgres")


class HarnessError(Exception):
    """The test could not be set up or a process misbehaved outside any single assertion."""


# ---------------------------------------------------------------- arguments and results

def parse_args(description, with_backends=True, argv=None, extra=None):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--omnihub", default=str(REPO / "build" / "omnihub"),
                        help="path of the omnihub binary (default: build/omnihub)")
    if with_backends:
        parser.add_argument("--backends", default=None,
                            help="comma list of sqlite,postgres (default: $OMNIHUB_TEST_BACKENDS "
                                 "or both)")
    if extra:
        extra(parser)
    args = parser.parse_args(argv)
    # A SIGTERM (say from a test driver) still runs the cleanups: servers, cluster, temp files.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not os.access(args.omnihub, os.X_OK):
        sys.exit(f"error: omnihub binary not found or not executable: {args.omnihub}")
    if with_backends:
        args.backends = select_backends(args.backends)
    return args


def select_backends(flag):
    """--backends, else $OMNIHUB_TEST_BACKENDS, else both. Under CI=true both are required."""
    text = flag
    if text is None:
        text = os.environ.get("OMNIHUB_TEST_BACKENDS", ",".join(ALL_BACKENDS))
    chosen = [b.strip() for b in text.split(",") if b.strip()]
    unknown = [b for b in chosen if b not in ALL_BACKENDS]
    if unknown:
        sys.exit(f"error: unknown backend(s) {unknown}; use sqlite,postgres")
    if os.environ.get("CI") == "true" and sorted(set(chosen)) != sorted(ALL_BACKENDS):
        sys.exit(f"error: CI=true requires both backends, got {chosen}")
    return list(dict.fromkeys(chosen))


class Checks:
    """Counts named assertions and prints one line each: `ok NAME` or `FAIL NAME` + detail."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.lock = threading.Lock()

    def check(self, cond, name, detail=""):
        with self.lock:
            if cond:
                self.passed += 1
                print(f"ok {name}", flush=True)
            else:
                self.failed += 1
                print(f"FAIL {name}" + (f"\n  {detail}" if detail else ""), flush=True)
        return bool(cond)

    def fail(self, name, detail):
        return self.check(False, name, detail)

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        return 1 if self.failed or not self.passed else 0


# ---------------------------------------------------------------- databases

def run_cmd(argv, timeout=60):
    """Runs a command, returns stdout; raises HarnessError on non-zero exit or timeout."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise HarnessError(f"timed out after {timeout}s: {' '.join(map(str, argv))}") from None
    if done.returncode != 0:
        raise HarnessError(f"exit {done.returncode}: {' '.join(map(str, argv))}\n"
                           f"{done.stderr.strip()}")
    return done.stdout


class Databases:
    """Fresh databases: SQLite files in a temp dir; PostgreSQL databases in one throwaway cluster
    started on first use and stopped on close()."""

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="omnihub-test."))
        self.pg_dir = None
        self.pg_url = None
        atexit.register(self.close)

    def new(self, backend, prefix="t"):
        name = f"{prefix}_{secrets.token_hex(4)}"
        if backend == "sqlite":
            return f"sqlite:{self.tmp / (name + '.db')}"
        if self.pg_url is None:
            out = run_cmd([str(PG_CLUSTER), "start"], timeout=120).split()
            if len(out) != 2:
                raise HarnessError(f"pg_cluster.sh start printed {out!r}, want 'DIR URL'")
            self.pg_dir, self.pg_url = out
        run_cmd(["psql", "-X", "-q", self.pg_url, "-c", f"CREATE DATABASE {name}"])
        parts = urllib.parse.urlsplit(self.pg_url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + name))

    def close(self):
        _cleanup_servers()  # before their databases go away
        if self.pg_dir:
            subprocess.run([str(PG_CLUSTER), "stop", self.pg_dir], timeout=60,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.pg_dir = None
        shutil.rmtree(self.tmp, ignore_errors=True)


def backend_of(url):
    return "sqlite" if url.startswith("sqlite:") else "postgres"


def prepare(omnihub, url):
    """`omnihub migrate` then `omnihub demo --json`; returns the parsed demo object."""
    run_cmd([omnihub, "migrate", "--db", url])
    out = run_cmd([omnihub, "demo", "--db", url, "--json"])
    try:
        return json.loads(out)
    except json.JSONDecodeError as e:
        raise HarnessError(f"demo --json printed invalid JSON ({e}): {out[:300]!r}") from None


def db_checksum(url):
    """SHA-256 over every table's rows, tables by name, rows in a total order of all columns."""
    digest = hashlib.sha256()
    if backend_of(url) == "sqlite":
        con = sqlite3.connect(url[len("sqlite:"):], timeout=10)
        try:
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
            for table in tables:
                quoted = '"' + table.replace('"', '""') + '"'
                ncols = len(con.execute(f"PRAGMA table_info({quoted})").fetchall())
                order = ",".join(str(i) for i in range(1, ncols + 1))
                digest.update(f"\0table {table}\0".encode())
                for row in con.execute(f"SELECT * FROM {quoted} ORDER BY {order}"):
                    digest.update(repr(row).encode())
        finally:
            con.close()
        return digest.hexdigest()
    tables = run_cmd(["psql", "-X", "-At", url, "-c",
                      "SELECT quote_ident(schemaname)||'.'||quote_ident(tablename) FROM pg_tables "
                      "WHERE schemaname NOT IN ('pg_catalog','information_schema') "
                      "ORDER BY 1"]).split()
    for table in tables:
        # Ordering by the row's text orders by all columns and works for json columns too.
        rows = run_cmd(["psql", "-X", "-At", url, "-c",
                        f"SELECT t::text FROM {table} t ORDER BY 1"])
        digest.update(f"\0table {table}\0{rows}".encode())
    return digest.hexdigest()


# ---------------------------------------------------------------- the server process

_servers = []


def _cleanup_servers():
    for server in _servers:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait(timeout=10)


atexit.register(_cleanup_servers)


class Server:
    """One `omnihub serve --listen 127.0.0.1:0` process; stderr (JSON logs) goes to a file."""

    LISTENING = re.compile(r"^omnihub listening on (http://(127\.0\.0\.1):(\d+))$")

    def __init__(self, omnihub, url, log_dir, extra_args=()):
        log_dir = Path(log_dir)
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"serve-{secrets.token_hex(3)}.log"
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [omnihub, "serve", "--db", url, "--listen", "127.0.0.1:0", *extra_args],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.log)
        _servers.append(self)
        self.stdout_lines = []
        self._lines = queue.Queue()
        threading.Thread(target=self._pump_stdout, daemon=True).start()
        self.base = self.host = self.port = None

    def _pump_stdout(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.stdout_lines.append(line)
            self._lines.put(line)
        self._lines.put(None)

    def wait_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise HarnessError(f"no 'omnihub listening on' line within {timeout}s\n"
                                   f"{self.log_tail()}")
            if line is None:
                self.proc.wait(timeout=10)
                raise HarnessError(f"serve exited ({self.proc.returncode}) before listening\n"
                                   f"{self.log_tail()}")
            match = self.LISTENING.match(line)
            if match:
                self.base, self.host, self.port = match[1], match[2], int(match[3])
                return self
            if time.monotonic() > deadline:
                raise HarnessError(f"unexpected stdout {line!r}")

    def log_tail(self, n=15):
        self.log.flush()
        lines = self.log_path.read_text(errors="replace").splitlines()[-n:]
        return "  server log: " + "\n  ".join(lines) if lines else "  (server log empty)"

    def stop(self, timeout=10):
        """SIGTERM; returns the exit code, or None if it did not exit in time (then kills)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.wait(timeout)

    def wait(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
            return None

    def kill9(self):
        self.proc.kill()
        self.proc.wait(timeout=10)


def start_server(omnihub, url, log_dir, extra_args=()):
    return Server(omnihub, url, log_dir, extra_args).wait_ready()


# ---------------------------------------------------------------- HTTP

class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def json(self):
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            return None

    def error_code(self):
        doc = self.json()
        err = doc.get("error") if isinstance(doc, dict) else None
        return err.get("code") if isinstance(err, dict) else None

    def __repr__(self):
        return f"{self.status} {self.body[:400].decode('utf-8', 'replace')}"


def auth_headers(key):
    return {"Authorization": f"Bearer {key}"} if key else {}


def http_request(base, method, path, body=None, key=None, headers=None, timeout=HTTP_TIMEOUT):
    """One request on a fresh connection. body: dict/list (sent as JSON), str or bytes."""
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    all_headers = dict(auth_headers(key))
    if body is not None:
        if not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        all_headers["Content-Type"] = "application/json"
    all_headers.update(headers or {})
    try:
        conn.request(method, path, body=body, headers=all_headers)
        resp = conn.getresponse()
        return Response(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()


class SseStream:
    """A GET on an SSE endpoint. next_event() returns {"id","event","data"} or None at the end of
    the stream; `clean` is True when the server ended the chunked body properly."""

    def __init__(self, base, path, key=None, last_event_id=None, timeout=HTTP_TIMEOUT):
        parts = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        headers = {"Accept": "text/event-stream", **auth_headers(key)}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self.conn.request("GET", path, headers=headers)
        self.sock = self.conn.sock
        self.resp = self.conn.getresponse()
        self.status = self.resp.status
        self.clean = None
        self.ended = False

    def next_event(self, deadline):
        """Raises TimeoutError at the deadline; http.client.IncompleteRead on a torn stream."""
        frame = {"id": None, "event": "message", "data": []}
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no complete SSE frame before the deadline")
            self.sock.settimeout(remaining)
            try:
                raw = self.resp.readline()
            except socket.timeout:
                raise TimeoutError("no complete SSE frame before the deadline") from None
            except (http.client.IncompleteRead, ConnectionError, OSError):
                self.ended, self.clean = True, False
                raise
            if raw == b"":
                self.ended = True
                self.clean = not frame["data"]  # a half frame at EOF is a torn stream
                return None
            line = raw.decode("utf-8").rstrip("\r\n")
            if line == "":
                if frame["data"] or frame["id"] is not None:
                    data = "\n".join(frame["data"])
                    try:
                        frame["data"] = json.loads(data)
                    except ValueError:
                        frame["data"] = data
                    return frame
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "data":
                frame["data"].append(value)
            elif name in ("id", "event"):
                frame[name] = value

    def close(self):
        self.conn.close()
        try:
            self.resp.close()
        except OSError:
            pass


# ---------------------------------------------------------------- raw sockets

def raw_head(method, path, key=None, headers=(), body_len=None, close=True):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if key:
        lines.append(f"Authorization: Bearer {key}")
    lines += list(headers)
    if body_len is not None:
        lines.append(f"Content-Length: {body_len}")
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class RawConn:
    """A socket speaking HTTP/1.1 by hand, for inputs http.client will not send."""

    def __init__(self, host, port, timeout=HTTP_TIMEOUT):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""
        self.deadline = time.monotonic() + timeout

    def send(self, data):
        self.sock.sendall(data)

    def send_until_answered(self, head, chunks):
        """Sends head, then body chunks until the server starts answering or stops reading."""
        self.sock.sendall(head)
        for chunk in chunks:
            if select.select([self.sock], [], [], 0)[0]:
                return
            try:
                self.sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                return

    def _fill(self):
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no complete response before the deadline")
        self.sock.settimeout(remaining)
        data = self.sock.recv(65536)
        self.buf += data
        return data

    def _read_until(self, marker):
        while marker not in self.buf:
            if not self._fill():
                raise ConnectionError(f"connection closed after {len(self.buf)} bytes: "
                                      f"{self.buf[:200]!r}")
        head, _, self.buf = self.buf.partition(marker)
        return head

    def _read_exact(self, n):
        while len(self.buf) < n:
            if not self._fill():
                raise ConnectionError(f"connection closed {n - len(self.buf)} bytes short "
                                      "of the body")
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_head(self):
        """Reads one status line + headers (including 1xx ones); returns (status, headers)."""
        lines = self._read_until(b"\r\n\r\n").decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = [tuple(p.strip() for p in line.split(":", 1))
                   for line in lines[1:] if ":" in line]
        return status, headers

    def read_response(self):
        """The next final response (1xx skipped), body read by Content-Length or chunked."""
        while True:
            status, headers = self.read_head()
            if status >= 200:
                break
        resp = Response(status, headers, b"")
        if (resp.header("Transfer-Encoding") or "").lower() == "chunked":
            while True:
                size = int(self._read_until(b"\r\n").split(b";")[0], 16)
                resp.body += self._read_exact(size)
                self._read_exact(2)
                if size == 0:
                    break
        elif resp.header("Content-Length") is not None:
            resp.body = self._read_exact(int(resp.header("Content-Length")))
        else:
            while self._fill():
                pass
            resp.body, self.buf = self.buf, b""
        return resp

    def closed_by_peer(self, timeout=5):
        """True when the server closes the connection within timeout with no further bytes."""
        self.deadline = time.monotonic() + timeout
        try:
            return not self.buf and not self._fill()
        except ConnectionResetError:
            return not self.buf
        except TimeoutError:
            return False
        except socket.timeout:
            return False

    def close(self):
        self.sock.close()


def raw_exchange(host, port, data, timeout=HTTP_TIMEOUT):
    conn = RawConn(host, port, timeout)
    try:
        conn.send(data)
        return conn.read_response()
    finally:
        conn.close()


def poll(condition, timeout, interval=0.01):
    """Calls condition() until it returns truthy or the timeout passes; returns the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def run_per_backend(description, run_backend):
    """The main() of a process-level test: run_backend(checks, omnihub, dbs, backend) for every
    selected backend; a setup or transport failure is one failed check, not a crash. Returns the
    exit code."""
    args = parse_args(description)
    checks, dbs = Checks(), Databases()
    try:
        for backend in args.backends:
            try:
                run_backend(checks, args.omnihub, dbs, backend)
            except (HarnessError, KeyError, TypeError, ValueError, OSError) as e:
                checks.fail(f"{backend}: setup or transport", f"{type(e).__name__}: {e}")
    finally:
        dbs.close()
    return checks.finish()
