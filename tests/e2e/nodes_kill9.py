#!/usr/bin/python3
"""Two `omnihub serve` nodes on one PostgreSQL database under writes; one is killed with -9
halfway. The other carries on; every acknowledged write is there exactly once, the change log
has no gap, and what the killed node committed but had not numbered yet is numbered by the
survivor's poll (docs/changes.md, the sequencer)."""

import secrets
import subprocess
import sys
import threading
import time

import harness

WRITERS = 6
BEFORE_KILL_S = 1.5
AFTER_KILL_S = 1.5
ORPHANS_NUMBERED_WITHIN_S = 10.0


def write_until(stop, nodes, admin, acked, errors, index):
    """Creates channels, alternating nodes; a write to a dead node is simply not acknowledged."""
    n = 0
    while not stop.is_set():
        node = nodes[(index + n) % len(nodes)]
        n += 1
        name = f"nk-{index}-{n}-{secrets.token_hex(4)}"  # no long digit run (card numbers)
        try:
            made = harness.http_request(node[0].base, "POST", "/api/v1/channels", key=admin,
                                        body={"type": "app", "name": name,
                                              "funnel_role": "retention"}, timeout=10)
        except OSError:
            continue  # the killed node: not acknowledged
        if made.status == 201:
            acked.append((made.json() or {}).get("id"))
        elif made.status != 503:
            errors.append(repr(made))


def read_feed(base, admin):
    """Every change from the start, oldest first, through the pull feed."""
    changes, after = [], 0
    while True:
        page = harness.http_request(base, "GET", f"/api/v1/changes?after={after}&limit=1000",
                                    key=admin).json() or {}
        got = page.get("changes", [])
        changes.extend(got)
        if not got:
            return changes, page.get("latest_seq")
        after = page["next_after"]


def pending(url):
    out = subprocess.run(["psql", "-X", "-A", "-t", url, "-c",
                          "SELECT COUNT(*) FROM changes_pending"],
                         capture_output=True, text=True, timeout=30)
    return int(out.stdout.strip() or -1)


def main():
    args = harness.parse_args(__doc__, with_backends=False)
    checks, dbs = harness.Checks(), harness.Databases()
    try:
        url = dbs.new("postgres", "nodes")
        admin = harness.prepare(args.omnihub, url)["keys"]["admin"]
        node_a = harness.start_server(args.omnihub, url, dbs.tmp)
        node_b = harness.start_server(args.omnihub, url, dbs.tmp)
        nodes = [[node_a], [node_b]]
        stop, acked, errors = threading.Event(), [], []
        writers = [threading.Thread(target=write_until, args=(stop, nodes, admin, acked, errors, i),
                                    daemon=True) for i in range(WRITERS)]
        for writer in writers:
            writer.start()
        time.sleep(BEFORE_KILL_S)
        acked_before_kill = len(acked)
        node_a.kill9()
        nodes[0][0] = node_b  # writers aimed at A go to B from now on
        time.sleep(AFTER_KILL_S)
        stop.set()
        for writer in writers:
            writer.join(timeout=30)
        checks.check(acked_before_kill > 0 and len(acked) > acked_before_kill,
                     "writes were acknowledged before the kill and by the survivor after it",
                     f"{acked_before_kill} before, {len(acked)} in all")
        checks.check(not errors, "no write failed but by reaching the killed node", "; ".join(errors[:3]))

        deadline = time.monotonic() + ORPHANS_NUMBERED_WITHIN_S
        while pending(url) != 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        checks.check(pending(url) == 0,
                     "what the killed node committed unnumbered is numbered by the survivor",
                     f"{pending(url)} changes still pending")

        changes, latest = read_feed(node_b.base, admin)
        seqs = [c["seq"] for c in changes]
        checks.check(seqs == list(range(1, len(seqs) + 1)) and latest == len(seqs),
                     "the change log has no gap and no reordering",
                     f"{len(seqs)} changes, latest {latest}, first gap at "
                     f"{next((i + 1 for i, s in enumerate(seqs) if s != i + 1), None)}")
        created = [c["entity_id"] for c in changes
                   if c.get("entity_type") == "channel" and c.get("module") == "channels"]
        doubled = {i for i in created if created.count(i) > 1}
        missing = [i for i in acked if i not in set(created)]
        checks.check(not missing and not doubled,
                     "every acknowledged channel's change is in the log exactly once",
                     f"{len(missing)} missing, {len(doubled)} doubled of {len(acked)}")
        lost = [i for i in acked
                if harness.http_request(node_b.base, "GET", f"/api/v1/channels/{i}",
                                        key=admin).status != 200]
        checks.check(not lost, "every acknowledged channel is served by the survivor",
                     f"{len(lost)} of {len(acked)} lost")
        code = node_b.stop()
        checks.check(code == 0, "the survivor exits 0 on SIGTERM", f"exit {code}")
    except (harness.HarnessError, KeyError, TypeError, OSError, ValueError) as e:
        checks.fail("postgres: setup or transport", f"{type(e).__name__}: {e}")
    finally:
        dbs.close()
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
