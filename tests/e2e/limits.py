#!/usr/bin/python3
"""Rate limits (issue 12, finding 8), against a server started with small limits: a key over its
rate gets 429 rate_limited with Retry-After while another key goes on; requests without a valid
key are limited per client address (guessing keys), and a locked-out address waits with any
key; a write key is limited like an API key;
refusals are counted in /metrics; a key holds at most its cap of event streams; a revoked key's
open stream ends within seconds."""

import base64
import re
import sys
import threading
import time

import harness

KEY_RATE = 5  # per second, burst KEY_BURST: small enough to exhaust with a few requests
KEY_BURST = 5
ADDRESS_BURST = 4
STREAM_CAP = 2


def new_key(server, admin, role):
    made = harness.http_request(server.base, "POST", "/api/v1/keys",
                                {"role": role, "name": f"limits {role} {time.monotonic_ns()}"},
                                key=admin)
    if made.status != 201:
        raise harness.HarnessError(f"create {role} key: {made!r}")
    return made.json()["id"], made.json()["key"]


def burst_until_refused(server, key=None, headers=None, path="/api/v1/keys/current", count=40):
    """Sends up to `count` requests back to back; returns the answers."""
    answers = []
    for _ in range(count):
        answers.append(harness.http_request(server.base, "GET", path, key=key, headers=headers))
        if answers[-1].status == 429:
            break
    return answers


def run_backend(checks, omnihub, dbs, backend):
    url = dbs.new(backend, "limits")
    demo = harness.prepare(omnihub, url)
    admin = demo["keys"]["admin"]
    web_key = next(c["write_key"] for c in demo["channels"] if c["name"] == "web")
    server = harness.start_server(
        omnihub, url, dbs.tmp,
        ["--rate-limit-key", f"{KEY_RATE}/{KEY_BURST}",
         "--rate-limit-address", f"1/{ADDRESS_BURST}", "--streams-per-key", str(STREAM_CAP)])
    tag = f"{backend}:"
    # The admin key's own bucket is spent by the setup below: fresh keys for each check.
    _, busy = new_key(server, admin, "analyst")
    _, other = new_key(server, admin, "analyst")
    streamer_id, streamer = new_key(server, admin, "agent")

    answers = burst_until_refused(server, key=busy)
    refused = answers[-1]
    checks.check(refused.status == 429 and refused.error_code() == "rate_limited",
                 f"{tag} a key over its rate gets 429 rate_limited", repr(refused))
    checks.check(len(answers) - 1 >= KEY_BURST,
                 f"{tag} the key had its burst of {KEY_BURST} first", f"{len(answers) - 1} admitted")
    retry = refused.header("Retry-After")
    checks.check(retry is not None and retry.isdigit() and int(retry) >= 1,
                 f"{tag} the refusal says when to retry", repr(refused.headers))
    alone = harness.http_request(server.base, "GET", "/api/v1/keys/current", key=other)
    checks.check(alone.status == 200, f"{tag} another key goes on meanwhile", repr(alone))
    time.sleep(1.1 * max(1, int(retry or 1)))
    again = harness.http_request(server.base, "GET", "/api/v1/keys/current", key=busy)
    checks.check(again.status == 200, f"{tag} after Retry-After the key is admitted", repr(again))

    guessed = burst_until_refused(server, key="ok_live_not_a_real_key_" + backend)
    checks.check(guessed[0].status == 401 and guessed[-1].status == 429
                 and len(guessed) - 1 <= ADDRESS_BURST,
                 f"{tag} guessing keys from one address is limited",
                 f"{[a.status for a in guessed]}")
    # Locked out is locked out: the right key from that address waits too, or a guesser would
    # still learn which key is right at full speed.
    right = harness.http_request(server.base, "GET", "/api/v1/keys/current", key=other)
    checks.check(right.status == 429, f"{tag} a valid key from a locked-out address waits too",
                 repr(right))
    time.sleep(1.5)  # one token back at 1 per second

    basic = {"Authorization": "Basic " + base64.b64encode(f"{web_key}:".encode()).decode()}
    tracked = []
    for n in range(40):
        tracked.append(harness.http_request(
            server.base, "POST", "/v1/track",
            {"anonymousId": f"limits-{backend}", "event": "Product Viewed",
             "messageId": f"limits-{backend}-{n}-{time.monotonic_ns()}"}, headers=basic))
        if tracked[-1].status == 429:
            break
    checks.check(tracked[-1].status == 429 and tracked[0].status == 200,
                 f"{tag} a write key is limited like an API key", f"{[a.status for a in tracked]}")

    time.sleep(1.1 * ADDRESS_BURST)  # /metrics is a public route: this address's bucket refills
    metrics = harness.http_request(server.base, "GET", "/metrics").body.decode()
    by_scope = dict(re.findall(r'^omnihub_http_rate_limited_total\{scope="(\w+)"\} (\d+)',
                               metrics, re.M))
    checks.check(int(by_scope.get("key", 0)) >= 2 and int(by_scope.get("address", 0)) >= 1,
                 f"{tag} refusals are counted in /metrics by scope", repr(by_scope))

    time.sleep(1.2)  # the streamer's bucket is full again
    streams = [harness.SseStream(server.base, "/api/v1/stream", key=streamer)
               for _ in range(STREAM_CAP)]
    checks.check(all(s.status == 200 for s in streams),
                 f"{tag} a key opens its {STREAM_CAP} streams", f"{[s.status for s in streams]}")
    extra = harness.SseStream(server.base, "/api/v1/stream", key=streamer)
    checks.check(extra.status == 429, f"{tag} one stream over the cap is refused with 429",
                 f"status {extra.status}")
    extra.close()
    streams[0].close()
    reopened = None
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the server checks on its streams every second
        reopened = harness.SseStream(server.base, "/api/v1/stream", key=streamer)
        if reopened.status == 200:
            break
        reopened.close()
        time.sleep(0.3)
    checks.check(reopened is not None and reopened.status == 200,
                 f"{tag} a closed stream frees its place", f"status {reopened and reopened.status}")

    ended = {}

    def read_to_end(stream):
        try:
            while stream.next_event(time.monotonic() + 20) is not None:
                pass
            ended["at"] = time.monotonic()
        except Exception as e:  # noqa: BLE001 - a timeout or a torn stream is the finding
            ended["error"] = f"{type(e).__name__}: {e}"

    reader = threading.Thread(target=read_to_end, args=(streams[1],), daemon=True)
    reader.start()
    revoked_at = time.monotonic()
    gone = harness.http_request(server.base, "DELETE", f"/api/v1/keys/{streamer_id}", key=admin)
    checks.check(gone.status in (200, 204), f"{tag} the key is revoked", repr(gone))
    reader.join(25)
    took = ended.get("at", float("inf")) - revoked_at
    checks.check(took < 5, f"{tag} the revoked key's open stream ends within seconds",
                 f"{took:.1f} s {ended.get('error', '')}")
    for stream in (streams[1], reopened):
        stream.close()
    code = server.stop()
    checks.check(code == 0, f"{tag} server exits 0 on SIGTERM", f"exit {code}\n{server.log_tail()}")


if __name__ == "__main__":
    sys.exit(harness.run_per_backend(__doc__, run_backend))
