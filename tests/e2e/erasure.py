#!/usr/bin/python3
"""Erasure leaves nothing of the person: after POST /api/v1/customers/{id}/erasure answers, the
SQLite file (checkpointed and vacuumed) and the PostgreSQL dump hold none of their strings,
wherever they had been stored (profile, events, change-log payloads, idempotent replays,
rejected-event records). Later events carrying their identifiers are counted, not stored. A
second person, stored the same ways, stays intact, which proves the search can find a string."""

import base64
import re
import sqlite3
import subprocess
import sys
import urllib.parse

import harness


def person(tag, run):
    prefix = {"gone": "601", "kept": "602"}[tag]  # one phone each: a shared one would merge them
    return {"email": f"{tag}.{run}@example.org", "first_name": f"Zofia{tag}{run}",
            "last_name": f"Kowalska{tag}{run}", "phone": f"+48 {prefix} {run[:3]} {run[3:6]}",
            "street": f"ul. Tajna {tag}{run}", "user_id": f"u-{tag}-{run}",
            "anon": f"anon-{tag}-{run}", "card": f"card-{tag}-{run}"}


def strings_of(p):
    digits = re.sub(r"\D", "", p["phone"])
    return [p["email"], p["first_name"], p["last_name"], p["street"], p["user_id"], p["anon"],
            p["card"], "+" + digits, digits[2:]]


def basic(key):
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def store_everywhere(server, web_key, admin, p, tag, run):
    """Stores the person through every path that keeps personal data; returns their id."""
    batch = {"batch": [
        {"type": "page", "anonymousId": p["anon"], "name": "Home", "messageId": f"m1-{tag}-{run}"},
        {"type": "identify", "userId": p["user_id"], "anonymousId": p["anon"],
         "messageId": f"m2-{tag}-{run}",
         "traits": {"email": p["email"], "first_name": p["first_name"],
                    "last_name": p["last_name"], "phone": p["phone"],
                    "address": {"street": p["street"], "city": "Kraków"}}},
        {"type": "track", "userId": p["user_id"], "messageId": f"m3-{tag}-{run}",
         "event": "Order Completed",
         "properties": {"order_id": f"o-{tag}-{run}", "revenue": 10, "currency": "PLN",
                        "note": p["street"]}},
        # Rejected (a track without "event"): the rejection record keeps an excerpt.
        {"type": "track", "userId": p["user_id"], "messageId": f"m4-{tag}-{run}",
         "properties": {"email": p["email"]}},
    ]}
    sent = harness.http_request(server.base, "POST", "/v1/batch", batch, headers=basic(web_key))
    if sent.status != 200:
        raise harness.HarnessError(f"batch for {tag}: {sent!r}")
    # Created through the API with an Idempotency-Key: the replay copy holds the profile.
    created = harness.http_request(
        server.base, "POST", "/api/v1/customers",
        {"identifiers": [{"type": "card", "value": p["card"]},
                         {"type": "email", "value": p["email"]}],
         "traits": {"first_name": p["first_name"]}},
        key=admin, headers={"Idempotency-Key": f"create-{tag}-{run}"})
    if created.status not in (200, 201):
        raise harness.HarnessError(f"create for {tag}: {created!r}")
    return (created.json() or {}).get("id")


def stored_text(url, tmp):
    """Everything the database holds, as text: the vacuumed SQLite file or a pg_dump."""
    if url.startswith("sqlite:"):
        path = url[len("sqlite:"):]
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        conn.close()
        data = b""
        for suffix in ("", "-wal", "-journal"):
            try:
                with open(path + suffix, "rb") as f:
                    data += f.read()
            except FileNotFoundError:
                pass
        return data.decode("utf-8", "replace").lower()
    dump = subprocess.run(["pg_dump", "--no-owner", url], capture_output=True, timeout=120)
    if dump.returncode != 0:
        raise harness.HarnessError(f"pg_dump: {dump.stderr[-400:]!r}")
    return dump.stdout.decode("utf-8", "replace").lower()


def run_backend(checks, omnihub, dbs, backend):
    url = dbs.new(backend, "erase")
    demo = harness.prepare(omnihub, url)
    admin = demo["keys"]["admin"]
    web_key = next(c["write_key"] for c in demo["channels"] if c["name"] == "web")
    server = harness.start_server(omnihub, url, dbs.tmp)
    run = str(harness.secrets.randbelow(900000) + 100000)  # digits: it also makes the phone
    gone, kept = person("gone", run), person("kept", run)
    gone_id = store_everywhere(server, web_key, admin, gone, "gone", run)
    kept_id = store_everywhere(server, web_key, admin, kept, "kept", run)
    checks.check(gone_id and kept_id and gone_id != kept_id,
                 f"{backend}: two people, two profiles", f"{gone_id} {kept_id}")
    harness.http_request(server.base, "GET", f"/api/v1/customers/{gone_id}", key=admin)

    erased = harness.http_request(server.base, "POST", f"/api/v1/customers/{gone_id}/erasure",
                                  key=admin)
    checks.check(erased.status == 200 and (erased.json() or {}).get("erased") is True,
                 f"{backend}: erasure answers 200 when complete", repr(erased))
    after = harness.http_request(server.base, "GET",
                                 f"/api/v1/customers/lookup?email={urllib.parse.quote(gone['email'])}",
                                 key=admin)
    checks.check(after.status == 404, f"{backend}: the erased e-mail finds nobody", repr(after))

    # A later event with the erased identifiers is acknowledged, counted and not stored.
    again = harness.http_request(server.base, "POST", "/v1/track",
                                 {"userId": gone["user_id"], "event": "Came Back",
                                  "messageId": f"late-{run}", "properties": {"x": gone["email"]}},
                                 headers=basic(web_key))
    checks.check(again.status == 200, f"{backend}: a later event of the erased person is acked",
                 repr(again))
    metrics = harness.http_request(server.base, "GET", "/metrics").body.decode()
    suppressed = re.search(r"^omnihub_events_suppressed_total(?:\{[^}]*\})? (\d+)", metrics, re.M)
    checks.check(suppressed is not None and int(suppressed[1]) >= 1,
                 f"{backend}: the suppressed event is counted in /metrics",
                 suppressed[0] if suppressed else "no omnihub_events_suppressed_total")
    audit = harness.http_request(server.base, "GET", "/api/v1/changes?types=privacy.&limit=10",
                                 key=admin)
    checks.check(gone_id in audit.body.decode(),
                 f"{backend}: a non-personal audit record of the erasure stays", repr(audit))
    code = server.stop()
    checks.check(code == 0, f"{backend}: server exits 0 on SIGTERM", f"exit {code}")

    text = stored_text(url, dbs.tmp)
    for s in strings_of(gone):
        checks.check(s.lower() not in text, f"{backend}: no trace of the erased {s!r}")
    for s in strings_of(kept):
        checks.check(s.lower() in text, f"{backend}: the other person's {s!r} is still stored")


if __name__ == "__main__":
    sys.exit(harness.run_per_backend(__doc__, run_backend))
