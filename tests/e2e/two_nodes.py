#!/usr/bin/python3
"""Two `omnihub serve` nodes on one PostgreSQL database: a change committed through one node
reaches a stream subscribed on the other within 5 s, and the other node's change feed has it."""

import sys
import threading
import time

import harness

WITHIN_S = 5.0


def watch(stream, want_id, result):
    """Reads the stream until the channels.channel.created frame for want_id or the deadline."""
    deadline = time.monotonic() + WITHIN_S + 5
    try:
        while True:
            frame = stream.next_event(deadline)
            if frame is None:
                result["error"] = "stream ended"
                return
            data = frame["data"] if isinstance(frame["data"], dict) else {}
            # The channel's only change is its creation.
            if data.get("entity_type") == "channel" and data.get("entity_id") == want_id[0]:
                result["at"], result["frame"] = time.monotonic(), frame
                return
    except Exception as e:  # noqa: BLE001 - the test reports however the stream failed
        result["error"] = f"{type(e).__name__}: {e}"


def across(checks, writer, reader, admin, label):
    """Creates a channel on `writer`; the reader node must stream and list its creation."""
    latest = harness.http_request(reader.base, "GET", "/api/v1/changes?after=0&limit=1",
                                  key=admin).json()
    start_seq = latest["latest_seq"]
    stream = harness.SseStream(reader.base, "/api/v1/stream?types=channels.channel.", key=admin)
    checks.check(stream.status == 200, f"{label}: stream opened on the reading node",
                 f"status {stream.status}")
    want_id, result = [None], {}
    watcher = threading.Thread(target=watch, args=(stream, want_id, result), daemon=True)

    name = f"two-nodes-{label.replace(' ', '-')}-t{time.monotonic_ns()}"
    created = harness.http_request(writer.base, "POST", "/api/v1/channels", key=admin,
                                   body={"type": "app", "name": name, "funnel_role": "retention"})
    committed_at = time.monotonic()
    doc = created.json() or {}
    if not checks.check(created.status == 201 and "id" in doc, f"{label}: created on the writer",
                        repr(created)):
        stream.close()
        return
    want_id[0] = doc["id"]
    watcher.start()
    watcher.join(timeout=WITHIN_S + 10)
    stream.close()
    arrived = result.get("at")
    checks.check(arrived is not None and arrived - committed_at <= WITHIN_S,
                 f"{label}: the reading node streams the creation within {WITHIN_S:g} s",
                 result.get("error") or f"arrived after {(arrived or 0) - committed_at:.2f}s")
    if arrived is not None:
        data = result["frame"]["data"]
        seq = data.get("seq")
        checks.check(result["frame"]["id"] == str(seq) and isinstance(seq, int) and seq > start_seq,
                     f"{label}: the frame's id is its seq, after the reader's latest_seq",
                     f"id {result['frame']['id']!r}, data {data}, start {start_seq}")

    feed = harness.http_request(reader.base, "GET", f"/api/v1/changes?after={start_seq}"
                                "&types=channels.channel.", key=admin)
    ids = [c.get("entity_id") for c in (feed.json() or {}).get("changes", [])]
    checks.check(feed.status == 200 and doc["id"] in ids,
                 f"{label}: the reading node's /api/v1/changes lists it", repr(feed))
    seen = harness.http_request(reader.base, "GET", f"/api/v1/channels/{doc['id']}", key=admin)
    checks.check(seen.status == 200 and (seen.json() or {}).get("name") == name,
                 f"{label}: the reading node serves the channel", repr(seen))


def main():
    args = harness.parse_args(__doc__, with_backends=False)
    checks, dbs = harness.Checks(), harness.Databases()
    try:
        url = dbs.new("postgres", "two")
        admin = harness.prepare(args.omnihub, url)["keys"]["admin"]
        node_a = harness.start_server(args.omnihub, url, dbs.tmp)
        node_b = harness.start_server(args.omnihub, url, dbs.tmp)
        across(checks, node_a, node_b, admin, "A to B")
        across(checks, node_b, node_a, admin, "B to A")
        for label, node in (("A", node_a), ("B", node_b)):
            code = node.stop()
            checks.check(code == 0, f"node {label} exits 0 on SIGTERM", f"exit {code}")
    except (harness.HarnessError, KeyError, TypeError, OSError) as e:
        checks.fail("postgres: setup or transport", f"{type(e).__name__}: {e}")
    finally:
        dbs.close()
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
