#!/usr/bin/python3
"""Erasure leaves nothing of the person: after POST /api/v1/customers/{id}/erasure answers, the
raw database files hold none of their strings — read as they are while the server still runs
(SQLite: the file and its WAL; PostgreSQL: the database's files after a CHECKPOINT), nothing
vacuumed by the test — wherever they had been stored: profile, events, change-log payloads,
idempotent replays, rejected-event records, carts (contact, payment reference, anonymous
id), orders (delivery address, payment references) and loyalty (adjustment reasons). Export
before the erasure holds all of those. Later events carrying their identifiers are counted,
not stored. A second person, stored the same ways, stays intact, which proves the search can
find a string."""

import base64
import re
import sqlite3
import sys
import urllib.parse
from pathlib import Path

import harness


def person(tag, run):
    prefix = {"gone": "601", "kept": "602"}[tag]  # one phone each: a shared one would merge them
    return {"email": f"{tag}.{run}@example.org", "first_name": f"Zofia{tag}{run}",
            "last_name": f"Kowalska{tag}{run}", "phone": f"+48 {prefix} {run[:3]} {run[3:6]}",
            "street": f"ul. Tajna {tag}{run}", "user_id": f"u-{tag}-{run}",
            "anon": f"anon-{tag}-{run}", "card": f"card-{tag}-{run}",
            "payref": f"BLIK-{tag}-{run}", "guest_browser": f"guestbrowser-{tag}-{run}"}


def strings_of(p):
    digits = re.sub(r"\D", "", p["phone"])
    return [p["email"], p["first_name"], p["last_name"], p["street"], p["user_id"], p["anon"],
            p["card"], "+" + digits, digits[2:], p["payref"]]


def basic(key):
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def store_everywhere(server, web_key, admin, shop, p, tag, run):
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
    customer_id = (created.json() or {}).get("id")
    order_id = buy(server, shop, p, customer_id, tag)
    # A cart their own browser started, and a guest's cart on another device where they
    # typed their e-mail and name: both theirs.
    for browser in (p["anon"], p["guest_browser"]):
        cart = call(server, shop, "POST", "/api/v1/carts", {"anonymous_id": browser},
                    f"cart of {tag}'s browser {browser}")["id"]
        call(server, shop, "PUT", f"/api/v1/carts/{cart}/contact",
             {"email": p["email"], "name": f'{p["first_name"]} {p["last_name"]}'},
             f"contact in the cart of {browser}")
    call(server, admin, "POST", f"/api/v1/loyalty/customers/{customer_id}/adjustments",
         {"points": 15, "reason": f'apology to {p["first_name"]} {p["last_name"]}'},
         f"loyalty adjustment for {tag}")
    return customer_id, order_id


def call(server, key, method, path, body, what):
    answer = harness.http_request(server.base, method, path, body, key=key)
    if answer.status not in (200, 201):
        raise harness.HarnessError(f"{what}: {answer!r}")
    return answer.json() or {}


def buy(server, shop, p, customer_id, tag):
    """An order through the storefront's cart with every checkout detail; returns its id."""
    cart = call(server, shop, "POST", "/api/v1/carts", {"customer_id": customer_id},
                f"cart of {tag}")["id"]
    call(server, shop, "POST", f"/api/v1/carts/{cart}/lines", {"sku": "SZC-TSH-L", "quantity": 1},
         f"line for {tag}")
    call(server, shop, "PUT", f"/api/v1/carts/{cart}/contact",
         {"email": p["email"], "phone": p["phone"], "name": f'{p["first_name"]} {p["last_name"]}',
          "address": f'{p["street"]}, 31-053 Kraków'}, f"contact of {tag}")
    call(server, shop, "PUT", f"/api/v1/carts/{cart}/payment",
         {"method": "blik", "reference": p["payref"]}, f"payment of {tag}")
    done = call(server, shop, "POST", f"/api/v1/carts/{cart}/checkout", {}, f"checkout of {tag}")
    return done["order"]["id"]


def live_rows_holding(url, text):
    """Failure detail: the tables whose live rows still hold `text` (none: only freed space)."""
    if not url.startswith("sqlite:"):
        dump = harness.run_cmd(["pg_dump", "--no-owner", "--data-only", url], timeout=120)
        return sorted({line.split()[1] for line in dump.splitlines()
                       if line.startswith("COPY ")} & {t for t in dump.split() if text in t}) or \
            [line[:80] for line in dump.splitlines() if text.lower() in line.lower()][:3]
    conn = sqlite3.connect(f"file:{url[len('sqlite:'):]}?mode=ro", uri=True)
    try:
        found = []
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                if text.lower() in repr(row).lower():
                    found.append(table)
                    break
        return found
    finally:
        conn.close()


def raw_files_text(url, pg_dir):
    """The database's files as they lie on disk, as lower-case text. Read while the server runs:
    closing it would checkpoint SQLite's WAL for us. PostgreSQL: the database's directory after
    a CHECKPOINT (its WAL keeps old bytes until recycled: docs/security.md)."""
    if url.startswith("sqlite:"):
        path = url[len("sqlite:"):]
        files = [path + suffix for suffix in ("", "-wal", "-journal")]
    else:
        harness.run_cmd(["psql", "-X", "-q", url, "-c", "CHECKPOINT"])
        oid = harness.run_cmd(["psql", "-X", "-At", url, "-c",
                               "SELECT oid FROM pg_database WHERE datname = current_database()"])
        base = Path(pg_dir) / "data" / "base" / oid.strip()
        files = sorted(str(f) for f in base.iterdir() if f.is_file())
    data = b""
    for name in files:
        try:
            with open(name, "rb") as f:
                data += f.read()
        except FileNotFoundError:
            pass
    return data.decode("utf-8", "replace").lower()


def run_backend(checks, omnihub, dbs, backend):
    url = dbs.new(backend, "erase")
    demo = harness.prepare(omnihub, url)
    admin = demo["keys"]["admin"]
    web_key = next(c["write_key"] for c in demo["channels"] if c["name"] == "web")
    server = harness.start_server(omnihub, url, dbs.tmp)
    run = str(harness.secrets.randbelow(900000) + 100000)  # digits: it also makes the phone
    gone, kept = person("gone", run), person("kept", run)
    shop = demo["keys"]["web"]
    gone_id, gone_order = store_everywhere(server, web_key, admin, shop, gone, "gone", run)
    kept_id, _ = store_everywhere(server, web_key, admin, shop, kept, "kept", run)
    checks.check(gone_id and kept_id and gone_id != kept_id,
                 f"{backend}: two people, two profiles", f"{gone_id} {kept_id}")
    harness.http_request(server.base, "GET", f"/api/v1/customers/{gone_id}", key=admin)

    exported = harness.http_request(server.base, "POST", f"/api/v1/customers/{gone_id}/export",
                                    key=admin)
    document = exported.json() or {}
    carts = document.get("carts") or []
    checks.check(exported.status == 200 and len(carts) == 3 and all(
        (c.get("contact") or {}).get("email") == gone["email"] for c in carts),
        f"{backend}: the export holds their three carts with their contact", repr(carts)[:600])
    orders = document.get("orders") or []
    checks.check(len(orders) == 1 and orders[0]["order"]["id"] == gone_order
                 and gone["street"] in (orders[0]["order"]["fulfilment"].get("address") or "")
                 and [x.get("reference") for x in orders[0].get("payments", [])] == [gone["payref"]],
                 f"{backend}: the export holds the order, its address and its payment",
                 repr(orders)[:600])
    entries = (document.get("loyalty") or {}).get("entries") or []
    checks.check(any(gone["last_name"] in (e.get("reason") or "") for e in entries),
                 f"{backend}: the export holds the loyalty ledger", repr(entries)[:600])

    erased = harness.http_request(server.base, "POST", f"/api/v1/customers/{gone_id}/erasure",
                                  key=admin)
    report = erased.json() or {}
    checks.check(erased.status == 200 and report.get("erased") is True
                 and report.get("files_purged") is True,
                 f"{backend}: erasure answers 200 when complete, files purged", repr(erased))
    checks.check(report.get("carts", 0) >= 3 and report.get("orders", 0) >= 1
                 and report.get("loyalty", 0) >= 1,
                 f"{backend}: the erasure report counts carts, orders and loyalty", repr(report))
    order = harness.http_request(server.base, "GET", f"/api/v1/orders/{gone_order}", key=admin)
    kept_order = order.json() or {}
    checks.check(order.status == 200 and kept_order.get("fulfilment", {}).get("address") is None
                 and kept_order.get("totals") is not None,
                 f"{backend}: the order stays, without its address", repr(order)[:400])
    text = raw_files_text(url, dbs.pg_dir)
    for s in strings_of(gone):
        if not checks.check(s.lower() not in text,
                            f"{backend}: no trace of the erased {s!r} in the files"):
            print(f"  live rows holding it: {live_rows_holding(url, s) or 'none (freed space)'}")
    for s in strings_of(kept):
        checks.check(s.lower() in text, f"{backend}: the other person's {s!r} is still stored")

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
    text = raw_files_text(url, dbs.pg_dir)
    for s in strings_of(gone):
        checks.check(s.lower() not in text, f"{backend}: still no trace of {s!r} after the stop")


if __name__ == "__main__":
    sys.exit(harness.run_per_backend(__doc__, run_backend))
