#!/usr/bin/python3
"""The official Segment and RudderStack Node clients, unchanged, against a real omnihub: only
their host points at it. What they send must be stored, on the right channel, and resolved to
one profile: the web visit (Segment) and the app (RudderStack) meet through the e-mail.

The clients come from npm, pinned by tests/sdk/package-lock.json (`npm ci` on first use)."""

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import harness

SDK_DIR = harness.REPO / "tests" / "sdk"
WEB_EVENTS = 4   # page, Product Viewed, identify, Order Completed
APP_EVENTS = 3   # Product Added, identify, screen


def ensure_clients():
    """npm ci once per lockfile: the installed tree records the lockfile it came from."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise harness.HarnessError("node and npm are required (scripts/deps.sh installs them)")
    lock = (SDK_DIR / "package-lock.json").read_bytes()
    stamp = SDK_DIR / "node_modules" / ".omnihub-lock"
    if stamp.exists() and stamp.read_bytes() == lock:
        return
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                          cwd=SDK_DIR, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise harness.HarnessError(f"npm ci failed: {done.stderr[-800:]}")
    stamp.write_bytes(lock)


def write_key(demo, name):
    return next(c["write_key"] for c in demo["channels"] if c["name"] == name)


def channel_id(demo, name):
    return next(c["id"] for c in demo["channels"] if c["name"] == name)


def run_backend(checks, omnihub, dbs, backend):
    url = dbs.new(backend, "sdk")
    demo = harness.prepare(omnihub, url)
    admin = demo["keys"]["admin"]
    server = harness.start_server(omnihub, url, dbs.tmp)
    run = secrets.token_hex(4)
    local_phone = f"6{secrets.randbelow(10**8):08d}"  # a Polish mobile no other test uses
    sent = subprocess.run(["node", "send.mjs", server.base, write_key(demo, "web"),
                           write_key(demo, "app"), run, local_phone],
                          cwd=SDK_DIR, capture_output=True, text=True, timeout=120)
    checks.check(sent.returncode == 0, f"{backend}: both clients delivered without an error",
                 (sent.stdout + sent.stderr)[-800:])
    story = json.loads(sent.stdout.strip().splitlines()[-1])

    found = harness.http_request(server.base, "GET",
                                 f"/api/v1/customers/lookup?email={story['email'].lower()}",
                                 key=admin)
    checks.check(found.status == 200, f"{backend}: the person is found by e-mail", repr(found))
    profile = found.json() or {}
    customer = profile.get("id", "")
    held = {(i.get("type"), i.get("value")) for i in profile.get("identifiers", [])}
    for expected in (("user_id", story["userId"]), ("anonymous_id", story["webAnon"]),
                     ("anonymous_id", story["appAnon"]), ("email", story["email"].lower()),
                     ("phone", "+48" + local_phone)):
        checks.check(expected in held, f"{backend}: one profile holds {expected[0]} {expected[1]}",
                     repr(sorted(held)))
    for kind, value in (("anonymous_id", story["appAnon"]), ("user_id", story["userId"]),
                        ("phone", local_phone)):
        other = harness.http_request(server.base, "GET",
                                     f"/api/v1/customers/lookup?{kind}={value}", key=admin)
        checks.check(other.status == 200 and (other.json() or {}).get("id") == customer,
                     f"{backend}: lookup by {kind} finds the same profile", repr(other))

    listed = harness.http_request(server.base, "GET",
                                  f"/api/v1/events?customer_id={customer}&limit=100", key=admin)
    events = (listed.json() or {}).get("events", [])
    by_channel = {}
    for event in events:
        by_channel[event.get("channel_id")] = by_channel.get(event.get("channel_id"), 0) + 1
    checks.check(by_channel.get(channel_id(demo, "web")) == WEB_EVENTS and
                 by_channel.get(channel_id(demo, "app")) == APP_EVENTS,
                 f"{backend}: every event is stored once on its channel and resolved to the person",
                 repr(by_channel))
    order = next((e for e in events if e.get("event") == "Order Completed"), {})
    revenue = (order.get("commerce") or {}).get("revenue")
    checks.check(revenue == {"amount": 24999, "currency": "PLN"},
                 f"{backend}: Order Completed keeps revenue in minor units", repr(order)[:400])
    rudder = [e for e in events if e.get("channel_id") == channel_id(demo, "app")]
    checks.check(all(e.get("timestamp") and e.get("original_timestamp") for e in rudder),
                 f"{backend}: RudderStack events (originalTimestamp + sentAt only) get a timestamp",
                 repr(rudder)[:400])

    timeline = harness.http_request(server.base, "GET",
                                    f"/api/v1/customers/{customer}/timeline?limit=100", key=admin)
    entries = (timeline.json() or {}).get("entries", [])
    channels = {e.get("channel_id") for e in entries}
    checks.check({channel_id(demo, "web"), channel_id(demo, "app")} <= channels,
                 f"{backend}: the timeline shows both channels", repr(channels))
    code = server.stop()
    checks.check(code == 0, f"{backend}: server exits 0 on SIGTERM", f"exit {code}")


def main():
    try:
        ensure_clients()
    except (harness.HarnessError, OSError, subprocess.TimeoutExpired) as e:
        print(f"FAIL setup: {e}", file=sys.stderr)
        return 1
    return harness.run_per_backend(__doc__, run_backend)


if __name__ == "__main__":
    sys.exit(main())
