#!/usr/bin/python3
"""Hostile input over a raw socket: each bad request gets the contract's status and error code,
the server stays up, and the database contents are byte-for-byte unchanged."""

import json
import sys

import harness

MIB = 1024 * 1024
CHANNEL = {"type": "web", "name": "must-not-exist", "funnel_role": "conversion"}


def nested(depth_of_name):
    """A channel body whose "name" is arrays nested so the whole document is that deep + 1."""
    return ('{"type":"web","funnel_role":"conversion","name":' + "[" * depth_of_name
            + "]" * depth_of_name + "}").encode()


def post(path, body, key, extra=()):
    return harness.raw_head("POST", path, key, ["Content-Type: application/json", *extra],
                            body_len=len(body)) + body


def cases(keys):
    """(name, request bytes, status, code, details subset, extra check)."""
    admin, web, revoked = keys["admin"], keys["web"], keys["revoked"]
    body = json.dumps(CHANNEL).encode()
    get_current = "/api/v1/keys/current"
    allow_has_get_post = lambda r: all(m in (r.header("Allow") or "") for m in ("GET", "POST"))
    return [
        ("malformed JSON", post("/api/v1/channels", b'{"type":"web","name":', admin),
         400, "malformed_json", {"reason": "syntax"}, None),
        ("empty body", post("/api/v1/channels", b"", admin), 400, "malformed_json",
         {"reason": "empty"}, None),
        ("duplicate key", post("/api/v1/channels",
                               b'{"type":"web","type":"app","name":"x","funnel_role":"conversion"}',
                               admin), 400, "malformed_json", {"reason": "duplicate_key"}, None),
        ("wrong type: name is a number",
         post("/api/v1/channels", b'{"type":"web","name":42,"funnel_role":"conversion"}', admin),
         400, "invalid_argument", {"field": "name"}, None),
        ("wrong type: funnel_role is a bool",
         post("/api/v1/channels", b'{"type":"web","name":"x","funnel_role":true}', admin),
         400, "invalid_argument", {"field": "funnel_role"}, None),
        ("JSON 65 deep", post("/api/v1/channels", nested(64), admin), 400, "malformed_json",
         {"reason": "depth"}, None),
        ("JSON 64 deep is parsed (then rejected as a wrong type)",
         post("/api/v1/channels", nested(63), admin), 400, "invalid_argument", {"field": "name"},
         None),
        ("invalid UTF-8 in a string",
         post("/api/v1/channels", b'{"type":"web","name":"a\xff\xfeb","funnel_role":"conversion"}',
              admin), 400, "malformed_json", {"reason": "utf8"}, None),
        ("overlong UTF-8 in a string",
         post("/api/v1/channels", b'{"type":"web","name":"a\xc0\xafb","funnel_role":"conversion"}',
              admin), 400, "malformed_json", {"reason": "utf8"}, None),
        ("headers over 8 KiB",
         harness.raw_head("GET", "/api/v1/channels", admin, ["X-Filler: " + "a" * 9000]),
         431, "headers_too_large", {}, None),
        ("unknown route", harness.raw_head("GET", "/api/v1/no-such-route", admin), 404,
         "not_found", {}, None),
        ("unknown route, no key", harness.raw_head("GET", "/api/v1/no-such-route"), 404,
         "not_found", {}, None),
        ("wrong method", harness.raw_head("DELETE", "/api/v1/channels", admin), 405,
         "method_not_allowed", {}, allow_has_get_post),
        ("missing key", harness.raw_head("GET", get_current), 401, "unauthenticated", {}, None),
        ("missing key on a valid POST", post("/api/v1/channels", body, None), 401,
         "unauthenticated", {}, None),
        ("invalid key", harness.raw_head("GET", get_current, "ohk_not_a_real_key_at_all"), 401,
         "unauthenticated", {}, None),
        ("empty bearer", harness.raw_head("GET", get_current, None, ["Authorization: Bearer "]),
         401, "unauthenticated", {}, None),
        ("revoked key", harness.raw_head("GET", get_current, revoked), 401, "unauthenticated",
         {}, None),
        ("revoked key as X-Api-Key", harness.raw_head("GET", get_current, None,
                                                      [f"X-Api-Key: {revoked}"]),
         401, "unauthenticated", {}, None),
        ("revoked key on a valid POST", post("/api/v1/channels", body, revoked), 401,
         "unauthenticated", {}, None),
        ("channel key on an admin POST", post("/api/v1/channels", body, web), 403, "forbidden",
         {}, None),
        # Who calls is decided on the headers: a refused request never gets its body read (the
        # body below is announced and never sent, so waiting for it would time out).
        ("no key, 200 MB announced", harness.raw_head("POST", "/api/v1/catalog/imports", None,
                                                      ["Content-Type: text/csv"],
                                                      body_len=200_000_000),
         401, "unauthenticated", {}, None),
        ("analyst key, 200 MB announced", harness.raw_head("POST", "/api/v1/catalog/imports",
                                                           keys["analyst"],
                                                           ["Content-Type: text/csv"],
                                                           body_len=200_000_000),
         403, "forbidden", {"role": "analyst"}, None),
        ("unknown write key, 1 MB gzip announced",
         harness.raw_head("POST", "/v1/batch", None,
                          ["Authorization: Basic bm90LWEta2V5Og==", "Content-Encoding: gzip"],
                          body_len=MIB), 401, "unauthenticated", {}, None),
    ]


def check_error(checks, name, resp, status, code, details, extra):
    """Asserts status, error.code and details; then, separately, the contract's error envelope:
    a message, a request_id and the X-Request-Id header."""
    doc = resp.json()
    err = doc.get("error") if isinstance(doc, dict) else None
    err = err if isinstance(err, dict) else {}
    problems = []
    if resp.status != status:
        problems.append(f"status {resp.status}, want {status}")
    if err.get("code") != code:
        problems.append(f"error.code {err.get('code')!r}, want {code!r}")
    for key, want in details.items():
        got = (err.get("details") or {}).get(key)
        if got != want:
            problems.append(f"error.details.{key} {got!r}, want {want!r}")
    if extra is not None and not extra(resp):
        problems.append(f"extra check failed; headers {resp.headers}")
    ok = checks.check(not problems, name, "; ".join(problems) + f"\n  response: {resp!r}")
    envelope = [what for what, present in (
        ("error.message", isinstance(err.get("message"), str)),
        ("error.request_id", isinstance(err.get("request_id"), str) and err["request_id"]),
        ("X-Request-Id header", resp.header("X-Request-Id"))) if not present]
    checks.check(not envelope, f"{name}: error envelope complete",
                 f"missing {', '.join(envelope)}\n  response: {resp!r} headers {resp.headers}")
    return ok


def oversized(checks, backend, server, admin, chunked):
    """A body over 1 MiB: 413 payload_too_large and the connection closed."""
    name = f"{backend}: body over 1 MiB ({'chunked' if chunked else 'Content-Length'})"
    size = MIB + 1
    extra = ["Content-Type: application/json"]
    if chunked:
        head = harness.raw_head("POST", "/api/v1/channels", admin,
                                extra + ["Transfer-Encoding: chunked"], close=False)
        piece = b"[" * 65536
        chunks = [b"%x\r\n" % len(piece) + piece + b"\r\n"] * (size // len(piece) + 2)
    else:
        head = harness.raw_head("POST", "/api/v1/channels", admin, extra, body_len=size,
                                close=False)
        chunks = [b" " * 65536] * (size // 65536 + 1)
    conn = harness.RawConn(server.host, server.port)
    try:
        conn.send_until_answered(head, chunks)
        resp = conn.read_response()
        if check_error(checks, name, resp, 413, "payload_too_large", {}, None):
            checks.check(conn.closed_by_peer(), f"{name}: connection closed after 413")
    except (OSError, ValueError) as e:
        checks.fail(name, f"{type(e).__name__}: {e}")
    finally:
        conn.close()


def run_backend(checks, omnihub, dbs, backend):
    url = dbs.new(backend, "bad")
    demo = harness.prepare(omnihub, url)
    server = harness.start_server(omnihub, url, dbs.tmp)
    admin = demo["keys"]["admin"]
    made = harness.http_request(server.base, "POST", "/api/v1/keys", key=admin,
                                body={"role": "analyst", "name": "to be revoked"})
    doc = made.json() or {}
    if made.status != 201 or "key" not in doc:
        raise harness.HarnessError(f"POST /api/v1/keys: {made!r}")
    before = harness.http_request(server.base, "GET", "/api/v1/keys/current", key=doc["key"])
    checks.check(before.status == 200, f"{backend}: the key works before revocation", repr(before))
    revoke = harness.http_request(server.base, "DELETE", f"/api/v1/keys/{doc['id']}", key=admin)
    checks.check(revoke.status == 200, f"{backend}: revoke", repr(revoke))

    checksum = harness.db_checksum(url)
    keys = dict(demo["keys"], revoked=doc["key"])
    for name, request, status, code, details, extra in cases(keys):
        try:
            resp = harness.raw_exchange(server.host, server.port, request)
        except (OSError, ValueError) as e:
            checks.fail(f"{backend}: {name}", f"{type(e).__name__}: {e}")
            continue
        check_error(checks, f"{backend}: {name}", resp, status, code, details, extra)
    oversized(checks, backend, server, admin, chunked=False)
    oversized(checks, backend, server, admin, chunked=True)

    health = harness.http_request(server.base, "GET", "/healthz")
    checks.check(health.status == 200, f"{backend}: still healthy afterwards", repr(health))
    after = harness.db_checksum(url)
    checks.check(after == checksum, f"{backend}: database contents unchanged",
                 f"checksum {checksum[:16]} before, {after[:16]} after")
    code = server.stop()
    checks.check(code == 0, f"{backend}: SIGTERM exits 0", f"exit {code}\n{server.log_tail()}")


if __name__ == "__main__":
    sys.exit(harness.run_per_backend(__doc__, run_backend))
