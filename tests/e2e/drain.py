#!/usr/bin/python3
"""Graceful drain: on SIGTERM the server finishes the requests it has started, ends SSE streams
cleanly, closes idle keep-alive connections and exits 0 within 10 s; what it acknowledged exists
after a restart."""

import http.client
import json
import sys
import threading
import time

import harness

HELD_POSTS = 4     # requests whose headers the server has provably read before the SIGTERM
LOAD_THREADS = 4   # writers posting back to back while the SIGTERM lands
MAX_POSTS_PER_THREAD = 300


def channel_body(name):
    return json.dumps({"type": "web", "name": name, "funnel_role": "conversion"}).encode()


def hold_post(server, admin, name):
    """Sends a POST's headers with Expect: 100-continue and waits for 100 Continue, which proves
    the server parsed them; the body is sent later. Returns (conn, body)."""
    body = channel_body(name)
    conn = harness.RawConn(server.host, server.port)
    conn.send(harness.raw_head("POST", "/api/v1/channels", admin,
                               ["Content-Type: application/json", "Expect: 100-continue"],
                               body_len=len(body), close=False))
    status, _ = conn.read_head()
    if status != 100:
        raise harness.HarnessError(f"{name}: want 100 Continue to hold the request, got {status}")
    return conn, body


def post_phased(server, admin, name):
    """One POST on a fresh connection. Returns ("ack", id, name); ("refused", name) when the
    server answered not a byte (refused, or closed before the status line), or answered a
    complete 503 unavailable; ("bad", name, detail) for anything else, e.g. a torn response."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=harness.HTTP_TIMEOUT)
    try:
        try:
            conn.request("POST", "/api/v1/channels", body=channel_body(name),
                         headers={"Authorization": f"Bearer {admin}",
                                  "Content-Type": "application/json"})
            resp = conn.getresponse()
        except (ConnectionError, http.client.RemoteDisconnected):
            # No response byte arrived. Requests the server provably parsed are the held ones.
            return ("refused", name)
        try:
            body = resp.read()
        except (OSError, http.client.HTTPException) as e:
            return ("bad", name, f"torn response: {resp.status} then {type(e).__name__}: {e}")
    except (OSError, http.client.HTTPException) as e:
        return ("bad", name, f"{type(e).__name__}: {e}")
    finally:
        conn.close()
    resp = harness.Response(resp.status, resp.getheaders(), body)
    doc = resp.json()
    if resp.status == 201 and isinstance(doc, dict) and "id" in doc:
        return ("ack", doc["id"], name)
    if resp.status == 503 and resp.error_code() == "unavailable":
        return ("refused", name)  # a complete, explicit refusal while draining
    return ("bad", name, repr(resp))


def load(server, admin, prefix, outcomes, stop):
    """Posts back to back until the server stops answering, `stop`, or the count runs out."""
    for seq in range(MAX_POSTS_PER_THREAD):
        if stop.is_set():
            return
        outcomes.append(post_phased(server, admin, f"{prefix}-{seq}"))
        if outcomes[-1][0] != "ack":
            return


def read_stream(stream, result):
    deadline = time.monotonic() + 30
    try:
        while stream.next_event(deadline) is not None:
            pass
        result["clean"] = stream.clean
    except Exception as e:  # noqa: BLE001 - any way the stream breaks is the finding
        result["clean"], result["error"] = False, f"{type(e).__name__}: {e}"


def run_backend(checks, omnihub, dbs, backend):
    url = dbs.new(backend, "drain")
    admin = harness.prepare(omnihub, url)["keys"]["admin"]
    server = harness.start_server(omnihub, url, dbs.tmp)
    tag = f"{backend}:"

    stream = harness.SseStream(server.base, "/api/v1/stream", key=admin)
    checks.check(stream.status == 200, f"{tag} SSE stream opened", f"status {stream.status}")
    stream_result = {}
    stream_reader = threading.Thread(target=read_stream, args=(stream, stream_result),
                                     daemon=True)
    stream_reader.start()

    idle = []
    for _ in range(2):
        conn = harness.RawConn(server.host, server.port)
        conn.send(harness.raw_head("GET", "/healthz", close=False))
        resp = conn.read_response()
        checks.check(resp.status == 200, f"{tag} keep-alive connection answered", repr(resp))
        idle.append(conn)

    prefix = f"drain-{backend}-t{time.monotonic_ns()}"
    outcomes, stop = [], threading.Event()
    loaders = [threading.Thread(target=load, daemon=True,
                                args=(server, admin, f"{prefix}-l{t}", outcomes, stop))
               for t in range(LOAD_THREADS)]
    for thread in loaders:
        thread.start()
    held = [hold_post(server, admin, f"{prefix}-held-{i}") for i in range(HELD_POSTS)]
    harness.poll(lambda: sum(o[0] == "ack" for o in outcomes) >= 2 * LOAD_THREADS, 10)

    server.proc.send_signal(harness.signal.SIGTERM)
    sigterm_at = time.monotonic()
    acked = []
    for idx, (conn, body) in enumerate(held):
        name = f"{tag} held POST {idx} completes with 201 after SIGTERM"
        try:
            conn.send(body)
            resp = conn.read_response()
            doc = resp.json()
            if checks.check(resp.status == 201 and isinstance(doc, dict) and "id" in doc, name,
                            repr(resp)):
                acked.append((doc["id"], doc.get("name")))
        except (OSError, ValueError) as e:
            checks.fail(name, f"{type(e).__name__}: {e}")
        finally:
            conn.close()

    code = server.wait(timeout=max(0.1, sigterm_at + 10 - time.monotonic()))
    checks.check(code == 0, f"{tag} exits 0 within 10 s of SIGTERM",
                 f"exit {code} after {time.monotonic() - sigterm_at:.1f}s\n{server.log_tail()}")
    checks.check(len(server.stdout_lines) == 1, f"{tag} exactly one line on stdout",
                 repr(server.stdout_lines[:5]))
    stop.set()
    for thread in loaders:
        thread.join(timeout=harness.HTTP_TIMEOUT + 5)
    stream_reader.join(timeout=harness.HTTP_TIMEOUT + 5)
    checks.check(stream_result.get("clean") is True, f"{tag} SSE stream ended cleanly",
                 stream_result.get("error", f"result {stream_result}"))
    for idx, conn in enumerate(idle):
        checks.check(conn.closed_by_peer(timeout=1),
                     f"{tag} idle keep-alive {idx} closed without bytes")
        conn.close()
    bad = [o for o in outcomes if o[0] == "bad"]
    checks.check(not bad, f"{tag} every POST under load got a full response or none at all",
                 "; ".join(map(str, bad[:5])))
    acked += [(o[1], o[2]) for o in outcomes if o[0] == "ack"]

    server = harness.start_server(omnihub, url, dbs.tmp)
    missing = []
    for chan_id, name in acked:
        resp = harness.http_request(server.base, "GET", f"/api/v1/channels/{chan_id}", key=admin)
        if resp.status != 200 or (resp.json() or {}).get("name") != name:
            missing.append(f"{chan_id} ({name}): {resp!r}")
    checks.check(acked and not missing,
                 f"{tag} all {len(acked)} acknowledged channels exist after restart",
                 "\n  ".join(missing[:5]) or "nothing was acknowledged")
    code = server.stop()
    checks.check(code == 0, f"{tag} restarted server exits 0 on SIGTERM", f"exit {code}")


if __name__ == "__main__":
    sys.exit(harness.run_per_backend(__doc__, run_backend))
