#!/usr/bin/python3
"""Acknowledged events survive kill -9, and messageId deduplication holds across the crash:
writers post Segment batches while the server is killed without a drain; after a restart every
batch (acknowledged or not) is sent again, and then every event is stored exactly once, every
acknowledged one among them. Bounded: 8 writers, at most 40 batches each, kill after 5 s."""

import base64
import http.client
import sys
import threading
import time

import harness

THREADS = 8
MAX_BATCHES_PER_THREAD = 40
EVENTS_PER_BATCH = 25
ACKS_BEFORE_KILL = 60
LOAD_LIMIT_S = 5.0
PAGE = 1000


def batch(writer, number):
    return {"batch": [{"type": "track", "event": "Product Viewed",
                       "anonymousId": f"kill9-{writer}-{number % 7}",
                       "messageId": f"m-{writer}-{number}-{i}",
                       "properties": {"product_id": f"SKU-{i}", "price": 10.5, "currency": "PLN"}}
                      for i in range(EVENTS_PER_BATCH)]}


def writer(base, headers, idx, acked, stop, errors):
    for number in range(MAX_BATCHES_PER_THREAD):
        if stop.is_set():
            return
        try:
            resp = harness.http_request(base, "POST", "/v1/batch", batch(idx, number),
                                        headers=headers)
        except (OSError, http.client.HTTPException):
            if not stop.is_set():
                errors.append(f"writer {idx}: transport error before the kill")
            return  # the server is gone: this batch's outcome is unknown, which is allowed
        if resp.status == 200 and (resp.json() or {}).get("success") is True:
            acked.append((idx, number))
        elif not stop.is_set():
            errors.append(f"writer {idx} batch {number}: {resp!r}")


def stored_message_ids(base, admin, channel):
    ids, after = [], 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        resp = harness.http_request(
            base, "GET", f"/api/v1/events?after={after}&limit={PAGE}", key=admin)
        doc = resp.json() or {}
        if resp.status != 200:
            raise harness.HarnessError(f"GET /api/v1/events: {resp!r}")
        ids += [e["message_id"] for e in doc.get("events", [])
                if e.get("channel_id") == channel and e.get("message_id", "").startswith("m-")]
        if not doc.get("has_more"):
            return ids
        after = doc["next_after"]
    raise harness.HarnessError("paging the events took over 60 s")


def run_backend(checks, omnihub, dbs, backend):
    url = dbs.new(backend, "ik9")
    demo = harness.prepare(omnihub, url)
    admin = demo["keys"]["admin"]
    web = next(c for c in demo["channels"] if c["name"] == "web")
    headers = {"Authorization": "Basic " + base64.b64encode(f"{web['write_key']}:".encode()).decode()}
    server = harness.start_server(omnihub, url, dbs.tmp)
    acked, errors, stop = [], [], threading.Event()
    threads = [threading.Thread(target=writer, args=(server.base, headers, i, acked, stop, errors))
               for i in range(THREADS)]
    for t in threads:
        t.start()
    harness.poll(lambda: len(acked) >= ACKS_BEFORE_KILL, LOAD_LIMIT_S)
    stop.set()  # first, so a writer cut off mid-request is not counted as an error
    server.kill9()
    for t in threads:
        t.join(timeout=30)
    checks.check(not errors, f"{backend}: no error before the kill", "; ".join(errors[:3]))
    checks.check(len(acked) > 0, f"{backend}: batches were acknowledged before the kill",
                 str(len(acked)))

    server = harness.start_server(omnihub, url, dbs.tmp)
    stored = stored_message_ids(server.base, admin, web["id"])
    expected_acked = {f"m-{w}-{n}-{i}" for w, n in acked for i in range(EVENTS_PER_BATCH)}
    missing = expected_acked - set(stored)
    checks.check(not missing, f"{backend}: all {len(expected_acked)} acknowledged events survived "
                 "kill -9", f"{len(missing)} missing, e.g. {sorted(missing)[:3]}")

    resent_ok = 0
    for w in range(THREADS):
        for n in range(MAX_BATCHES_PER_THREAD):
            resp = harness.http_request(server.base, "POST", "/v1/batch", batch(w, n),
                                        headers=headers)
            resent_ok += resp.status == 200
    checks.check(resent_ok == THREADS * MAX_BATCHES_PER_THREAD,
                 f"{backend}: every batch sent again after the restart is acknowledged",
                 f"{resent_ok}/{THREADS * MAX_BATCHES_PER_THREAD}")
    stored = stored_message_ids(server.base, admin, web["id"])
    total = THREADS * MAX_BATCHES_PER_THREAD * EVENTS_PER_BATCH
    checks.check(len(stored) == total and len(set(stored)) == total,
                 f"{backend}: after the retries every event is stored exactly once",
                 f"{len(stored)} stored, {len(set(stored))} distinct, {total} sent")
    code = server.stop()
    checks.check(code == 0, f"{backend}: server exits 0 on SIGTERM", f"exit {code}")


if __name__ == "__main__":
    sys.exit(harness.run_per_backend(__doc__, run_backend))
