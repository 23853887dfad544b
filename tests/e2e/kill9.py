#!/usr/bin/python3
"""Crash safety: every channel the server acknowledged (201) survives kill -9, together with its
channels.channel.created change, and SQLite's file stays intact. Three kill/restart cycles on the
same database per backend, 16 writer threads each time. Bounded to about a minute."""

import http.client
import sqlite3
import sys
import threading
import time

import harness

THREADS = 16
CYCLES = 3
ACKS_BEFORE_KILL = 100     # kill once this many POSTs were acknowledged in the cycle...
LOAD_LIMIT_S = 5.0         # ...or after this long, whichever comes first
MAX_POSTS_PER_THREAD = 400
PAGE = 200


def load(base, admin, prefix, acked, stop, errors):
    """One writer thread: POST uniquely named channels until `stop`; records (id, name) of 201s."""
    for seq in range(MAX_POSTS_PER_THREAD):
        if stop.is_set():
            return
        name = f"{prefix}-n{seq}"
        body = {"type": "web", "name": name, "funnel_role": "conversion"}
        try:
            resp = harness.http_request(base, "POST", "/api/v1/channels", key=admin, body=body)
        except (OSError, http.client.HTTPException):
            if not stop.is_set():
                errors.append(f"{name}: transport error before the kill")
            return  # the server is gone; the outcome of this POST is unknown, which is allowed
        doc = resp.json()
        if resp.status == 201 and isinstance(doc, dict) and isinstance(doc.get("id"), str):
            acked.append((doc["id"], name))
        elif not stop.is_set():
            errors.append(f"{name}: {resp!r}")


def read_changes(base, admin):
    """All changes from seq 0, following next_after; returns (changes, problem or None)."""
    changes, after = [], 0
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        resp = harness.http_request(base, "GET", f"/api/v1/changes?after={after}&limit={PAGE}",
                                    key=admin)
        doc = resp.json()
        if resp.status != 200 or not isinstance(doc, dict):
            return changes, f"GET /api/v1/changes?after={after}: {resp!r}"
        changes += doc["changes"]
        if not doc["has_more"]:
            return changes, None
        if doc["next_after"] <= after:
            return changes, f"next_after {doc['next_after']} does not advance past {after}"
        after = doc["next_after"]
    return changes, "paging the change feed took over 30 s"


def run_backend(checks, omnihub, dbs, backend):
    url = dbs.new(backend, "kill9")
    admin = harness.prepare(omnihub, url)["keys"]["admin"]
    all_acked = []
    for cycle in range(1, CYCLES + 1):
        tag = f"{backend} cycle {cycle}"
        server = harness.start_server(omnihub, url, dbs.tmp)
        acked, errors, stop = [], [], threading.Event()
        # Letters between the numbers: a long digit run joined by dashes can pass the card-number
        # check (a Mastercard prefix and a valid Luhn digit) and be refused.
        prefix = f"k9-{backend}-c{cycle}-t{time.monotonic_ns()}"
        threads = [threading.Thread(target=load, daemon=True,
                                    args=(server.base, admin, f"{prefix}-w{t}", acked, stop, errors))
                   for t in range(THREADS)]
        for thread in threads:
            thread.start()
        harness.poll(lambda: len(acked) >= ACKS_BEFORE_KILL
                     or not any(t.is_alive() for t in threads), LOAD_LIMIT_S)
        still_loading = sum(t.is_alive() for t in threads)
        stop.set()  # before the kill, so errors from here on are expected
        server.kill9()
        for thread in threads:
            thread.join(timeout=harness.HTTP_TIMEOUT + 5)
        acked = list(acked)
        all_acked += acked
        checks.check(acked and still_loading > 0, f"{tag}: killed mid-load",
                     f"{len(acked)} acknowledged, {still_loading} writers running at the kill")
        checks.check(not errors, f"{tag}: no failed POSTs before the kill", "; ".join(errors[:5]))

        if backend == "sqlite":
            con = sqlite3.connect(url[len("sqlite:"):], timeout=10)
            try:
                result = con.execute("PRAGMA integrity_check").fetchall()
            finally:
                con.close()
            checks.check(result == [("ok",)], f"{tag}: PRAGMA integrity_check", repr(result[:5]))

        server = harness.start_server(omnihub, url, dbs.tmp)
        missing = []
        for chan_id, name in all_acked:
            resp = harness.http_request(server.base, "GET", f"/api/v1/channels/{chan_id}",
                                        key=admin)
            doc = resp.json() or {}
            if resp.status != 200 or doc.get("name") != name:
                missing.append(f"{chan_id} ({name}): {resp!r}")
        checks.check(not missing, f"{tag}: all {len(all_acked)} acknowledged channels readable",
                     "\n  ".join(missing[:5]))

        changes, problem = read_changes(server.base, admin)
        checks.check(problem is None, f"{tag}: change feed pages to the end", problem)
        seqs = [c["seq"] for c in changes]
        bad = [(a, b) for a, b in zip(seqs, seqs[1:]) if b <= a]
        checks.check(not bad, f"{tag}: change seqs strictly increasing", f"out of order: {bad[:5]}")
        # A channel's only change is its creation.
        created = {c["entity_id"] for c in changes if c["entity_type"] == "channel"}
        lost = [chan_id for chan_id, _ in all_acked if chan_id not in created]
        checks.check(not lost, f"{tag}: a channels.channel.created change per acknowledged channel",
                     f"{len(lost)} missing, e.g. {lost[:5]}")
        code = server.stop()
        checks.check(code == 0, f"{tag}: SIGTERM after verification exits 0", f"exit {code}")


if __name__ == "__main__":
    sys.exit(harness.run_per_backend(__doc__, run_backend))
