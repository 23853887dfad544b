#!/usr/bin/python3
"""Runs the declarative scenario files tests/scenarios/*.scenario against a real omnihub server,
once per backend. The file format is described in tests/scenarios/README.md.

  run.py [--omnihub build/omnihub] [--backends sqlite,postgres] [FILE.scenario ...]
"""

import base64
import json
import subprocess
import re
import secrets
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
import harness  # noqa: E402

HERE = Path(__file__).resolve().parent
REQUEST_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|STREAM)\s+(\S+)(.*)$")
COUNT_LINE = re.compile(r"^COUNT\s+(\w+)((?:\s+\d{3}=\d+)+)$")
VARIABLE = re.compile(r"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}")
PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
ANY = "<any>"  # an expected string matching any value but null
ABSENT = "<absent>"  # an expected member that must not be in the object


class ScenarioError(Exception):
    """A scenario file is malformed or a step failed; the message says why."""


@dataclass
class Step:
    line: int
    method: str
    target: str
    options: list
    body: list = field(default_factory=list)
    status: int = None
    statuses: list = field(default_factory=list)  # '---- 201|409': any of them
    expect: list = field(default_factory=list)
    expect_headers: list = field(default_factory=list)  # (name, op, value), op ':' or '~'
    captures: list = field(default_factory=list)  # (name, path)
    events: list = field(default_factory=list)  # (line, type, subset text)


def parse(path):
    """Returns (description, [Step]) or raises ScenarioError naming the line."""
    steps, description, state = [], None, "top"
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        request = REQUEST_LINE.match(line)
        if line.startswith("# description:") and description is None:
            description = line.split(":", 1)[1].strip()
        if state == "body" and not line.startswith("----"):
            if request:
                raise ScenarioError(f"line {number}: previous request (line {steps[-1].line}) "
                                    "has no '---- STATUS' line")
            steps[-1].body.append(raw)
            continue
        if not line or line.startswith("#"):
            continue
        count = COUNT_LINE.match(line)
        if count:
            want = dict(pair.split("=") for pair in count[2].split())
            steps.append(Step(number, "COUNT", count[1], [],
                              statuses=[(int(k), int(v)) for k, v in want.items()]))
            state = "top"
            continue
        if request:
            steps.append(Step(number, request[1], request[2], request[3].split()))
            state = "events" if request[1] == "STREAM" else "body"
        elif state == "body":
            match = re.fullmatch(r"----\s*(\d{3}(?:\|\d{3})*)", line)
            if not match:
                raise ScenarioError(f"line {number}: want '---- STATUS', got {line!r}")
            steps[-1].statuses = [int(code) for code in match[1].split("|")]
            steps[-1].status, state = steps[-1].statuses[0], "expect"
        elif state == "events" and line.startswith("event "):
            _, type_, *subset = line.split(None, 2)
            steps[-1].events.append((number, type_, subset[0] if subset else "{}"))
        elif state == "expect" and line.startswith("header "):
            match = re.fullmatch(r"header\s+([A-Za-z0-9-]+)\s*([:~])\s*(.*)", line)
            if not match:
                raise ScenarioError(f"line {number}: want 'header Name: value', got {line!r}")
            steps[-1].expect_headers.append(match.groups())
        elif state == "expect" and line.startswith("capture "):
            match = re.fullmatch(r"capture\s+(\w+)\s*=\s*(\S+)", line)
            if not match:
                raise ScenarioError(f"line {number}: want 'capture NAME = path', got {line!r}")
            steps[-1].captures.append(match.groups())
        elif state == "expect":
            if len(steps[-1].statuses) > 1:
                raise ScenarioError(f"line {number}: a step with several statuses takes no "
                                    "expected body (check what follows with COUNT and GET)")
            steps[-1].expect.append(raw)
        else:
            raise ScenarioError(f"line {number}: unexpected {line!r}")
    if state == "body":
        raise ScenarioError(f"line {steps[-1].line}: request has no '---- STATUS' line")
    if not description:
        raise ScenarioError("missing '# description:' line")
    if not steps:
        raise ScenarioError("no steps")
    return description, steps


def substitute(text, variables):
    def value(match):
        name = match[1]
        if name not in variables:
            raise ScenarioError(f"unknown variable {{{{{name}}}}}")
        v = variables[name]
        return v if isinstance(v, str) else json.dumps(v)
    return VARIABLE.sub(value, text)


def load_json(text, variables, what):
    text = substitute(text, variables)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ScenarioError(f"{what} is not valid JSON ({e}): {text}") from None


def mismatch(expected, actual, where="$"):
    """None when `actual` contains `expected` as a subset; else a sentence naming the path."""
    if expected == ANY:
        return None if actual is not None else f"{where}: want any value, got null"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{where}: want an object, got {json.dumps(actual)[:200]}"
        for key, sub in expected.items():
            if sub == ABSENT:
                if key in actual:
                    return f"{where}.{key}: want it absent, got {json.dumps(actual[key])[:200]}"
                continue
            if key not in actual:
                return f"{where}.{key}: missing"
            found = mismatch(sub, actual[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"{where}: want an array, got {json.dumps(actual)[:200]}"
        if len(actual) < len(expected):
            return f"{where}: want at least {len(expected)} elements, got {len(actual)}"
        for idx, sub in enumerate(expected):
            found = mismatch(sub, actual[idx], f"{where}[{idx}]")
            if found:
                return found
        return None
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool)
                  for v in (expected, actual))
    if expected == actual and (numbers or type(expected) is type(actual)):
        return None
    return f"{where}: want {json.dumps(expected)}, got {json.dumps(actual)[:200]}"


def lookup(doc, path):
    for name, index in PATH_PART.findall(path):
        try:
            doc = doc[int(index)] if index else doc[name]
        except (KeyError, IndexError, TypeError):
            raise ScenarioError(f"capture path {path!r}: no {name or '[' + index + ']'}") from None
    return doc


class Runner:
    """Runs scenario files against one server; `variables` holds the demo's keys and ids."""

    def __init__(self, base, demo):
        self.base = base
        self.keys = dict(demo["keys"])
        self.seed = {f"key.{name}": key for name, key in demo["keys"].items()}
        self.seed.update({f"channel.{c['name']}": c["id"] for c in demo["channels"]})
        self.seed.update({f"write_key.{c['name']}": c["write_key"]
                          for c in demo["channels"] if c.get("write_key")})
        self.seed.update({f"basic.{c['name']}": base64.b64encode(f"{c['write_key']}:".encode())
                          .decode() for c in demo["channels"] if c.get("write_key")})
        self.seed.update({f"location.{name}": id_ for name, id_ in demo["locations"].items()})

    def run(self, steps):
        """Runs the steps in order; raises ScenarioError describing the first failing step."""
        variables = dict(self.seed, run=secrets.token_hex(4))
        groups = {}  # together=G → the statuses its steps got
        index = 0
        while index < len(steps):
            step = steps[index]
            group = self.together(step)
            if group:
                batch = [step]
                while index + 1 < len(steps) and self.together(steps[index + 1]) == group:
                    index += 1
                    batch.append(steps[index])
                groups[group] = self.run_together(batch, variables)
                index += 1
                continue
            index += 1
            try:
                if step.method == "COUNT":
                    got = Counter(groups.get(step.target, []))
                    want = dict(step.statuses)
                    if step.target not in groups or got != Counter(want):
                        raise ScenarioError(f"statuses of together={step.target}: want "
                                            f"{dict(sorted(want.items()))}, got "
                                            f"{dict(sorted(got.items()))}")
                elif step.method == "STREAM":
                    self.stream(step, variables)
                else:
                    self.request(step, variables)
            except ScenarioError as e:
                raise ScenarioError(f"line {step.line}: {step.method} {step.target} "
                                    f"{' '.join(step.options)}\n  {e}") from None
            except (OSError, ValueError) as e:
                raise ScenarioError(f"line {step.line}: {step.method} {step.target}\n  "
                                    f"transport error: {type(e).__name__}: {e}") from None

    @staticmethod
    def together(step):
        for option in step.options:
            if option.startswith("together="):
                return option[len("together="):]
        return None

    def run_together(self, batch, variables):
        """Sends the batch's requests at the same instant; returns their statuses."""
        start = threading.Barrier(len(batch))
        statuses, failures = [None] * len(batch), [None] * len(batch)

        def send(slot, step):
            try:
                start.wait(timeout=10)
                statuses[slot] = self.request(step, dict(variables))
            except (ScenarioError, OSError, ValueError, threading.BrokenBarrierError) as e:
                failures[slot] = f"line {step.line}: {step.method} {step.target}\n  {e}"

        threads = [threading.Thread(target=send, args=(slot, step))
                   for slot, step in enumerate(batch)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        problems = [f for f in failures if f]
        if problems:
            raise ScenarioError("\n".join(problems))
        return statuses

    def options(self, step, variables):
        key, headers, named = None, {}, {}
        for option in step.options:
            name, sep, value = option.partition("=")
            if not sep:
                raise ScenarioError(f"option {option!r} is not NAME=VALUE")
            if name.startswith("header:"):
                headers[name[len("header:"):]] = substitute(value, variables)
            else:
                named[name] = value
        named.pop("together", None)
        who = named.pop("as", None)
        if who is None:
            raise ScenarioError("missing as=KEY (use as=none for no key)")
        if who == "invalid":
            key = "ohk_invalid_" + secrets.token_hex(12)
        elif who.startswith("write_key:"):  # Segment's way: Basic, the write key as the user
            headers["Authorization"] = "Basic " + substitute(
                "{{basic." + who[len("write_key:"):] + "}}", variables)
        elif "{{" in who:
            key = substitute(who, variables)
        elif who != "none":
            if who not in self.keys:
                raise ScenarioError(f"as={who}: no such demo key (have {sorted(self.keys)})")
            key = self.keys[who]
        return key, headers, named

    def request(self, step, variables):
        key, headers, named = self.options(step, variables)
        if named:
            raise ScenarioError(f"unknown options {sorted(named)}")
        target = substitute(step.target, variables)
        body_text = substitute("\n".join(step.body).strip(), variables)
        body = body_text.encode() if body_text else None
        resp = harness.http_request(self.base, step.method, target, body=body, key=key,
                                    headers=headers)
        actual = resp.json()
        shown = resp.body.decode("utf-8", "replace")[:1000]
        request = f"{step.method} {target}" + (f"\n  request body: {body_text}" if body else "")
        expected = None
        if step.expect:
            expected = load_json("\n".join(step.expect), variables, "expected body")
        problems = []
        if resp.status not in step.statuses:
            want = "|".join(str(code) for code in step.statuses)
            problems.append(f"status: want {want}, got {resp.status}")
        if expected is not None:
            found = mismatch(expected, actual) if actual is not None else "body is not JSON"
            if found:
                problems.append(f"body: {found}")
        for name, op, value in step.expect_headers:
            value = substitute(value, variables)
            got = resp.header(name)
            if got is None or (got.strip() != value if op == ":" else value not in got):
                want = f"'{value}'" if op == ":" else f"containing '{value}'"
                problems.append(f"header {name}: want {want}, got {got!r}")
        if problems:
            raise ScenarioError(f"{request}\n  expected: {'|'.join(map(str, step.statuses))} "
                                f"{json.dumps(expected) if expected is not None else ''}\n"
                                f"  actual:   {resp.status} {shown}\n  " + "\n  ".join(problems))
        for name, path in step.captures:
            if actual is None:
                raise ScenarioError(f"capture {name}: response body is not JSON: {shown}")
            variables[name] = lookup(actual, path)
        return resp.status

    def stream(self, step, variables):
        key, headers, named = self.options(step, variables)
        if headers or set(named) - {"after", "within"}:
            raise ScenarioError("STREAM takes only as=, after= and within=")
        after = substitute(named["after"], variables) if "after" in named else None
        within = float(named.get("within", "5"))
        target = substitute(step.target, variables)
        wanted = [(line, t, load_json(text, variables, f"line {line} event subset"))
                  for line, t, text in step.events]
        stream = harness.SseStream(self.base, target, key=key, last_event_id=after,
                                   timeout=harness.HTTP_TIMEOUT)
        seen = []
        try:
            if stream.status != 200:
                raise ScenarioError(f"status: want 200, got {stream.status} "
                                    f"{stream.resp.read(1000).decode('utf-8', 'replace')}")
            deadline = time.monotonic() + within
            while wanted:
                try:
                    frame = stream.next_event(deadline)
                except TimeoutError:
                    frame = None
                if frame is None:
                    line, type_, subset = wanted[0]
                    why = "stream ended" if stream.ended else f"not seen within {within:g}s"
                    raise ScenarioError(f"event of line {line} ({type_} {json.dumps(subset)}) {why}"
                                        f"; Last-Event-ID: {after}; frames seen (id, event): "
                                        f"{seen[-10:]}")
                seen.append((frame["id"], frame["event"]))
                _, type_, subset = wanted[0]
                if frame["event"] == type_ and mismatch(subset, frame["data"]) is None:
                    wanted.pop(0)
        finally:
            stream.close()


def check_change_log(omnihub, url, backend, checks):
    """Every change the scenarios (and the demo) left decodes through its event type, and
    encoding it again gives the stored payload (omnihub events check)."""
    result = subprocess.run([omnihub, "events", "check", "--db", url], capture_output=True,
                            text=True, timeout=300)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        checks.fail(f"{backend} change log decodes", f"no report: {result.stderr[-2000:]}")
        return
    types = len(report["decoded"])
    detail = "; ".join(report["failures"][:5])
    if report["not_seen"]:
        print(f"note {backend}: event types no scenario produced: {', '.join(report['not_seen'])}")
    checks.check(result.returncode == 0 and not report["failures"] and report["rows"] > 0,
                 f"{backend} change log decodes ({report['rows']} changes of {types} types, "
                 f"{report['erased']} erased)", detail)


def main():
    args = harness.parse_args(
        "Run tests/scenarios/*.scenario against omnihub on each backend.",
        extra=lambda p: p.add_argument("files", nargs="*", help="scenario files (default: all)"))
    files = [Path(f).resolve() for f in args.files] or sorted(HERE.glob("*.scenario"))
    if not files:
        sys.exit("error: no scenario files")
    checks = harness.Checks()
    dbs = harness.Databases()
    try:
        for backend in args.backends:
            try:
                url = dbs.new(backend, "scenarios")
                demo = harness.prepare(args.omnihub, url)
                server = harness.start_server(args.omnihub, url, dbs.tmp)
            except (harness.HarnessError, KeyError) as e:
                for path in files:
                    checks.fail(f"{backend} {path.name}", f"setup failed: {e}")
                continue
            runner = Runner(server.base, demo)
            for path in files:
                try:
                    _, steps = parse(path)
                    runner.run(steps)
                    checks.check(True, f"{backend} {path.name}")
                except ScenarioError as e:
                    checks.fail(f"{backend} {path.name}", str(e))
            code = server.stop(timeout=10)
            if code != 0:
                checks.fail(f"{backend} server shutdown",
                            f"SIGTERM: want exit 0 within 10s, got {code}\n{server.log_tail()}")
            check_change_log(args.omnihub, url, backend, checks)
    finally:
        dbs.close()
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
