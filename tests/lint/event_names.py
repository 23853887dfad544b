#!/usr/bin/python3
"""No event name is written as a string literal outside its module's events.h: code and tests
name an event through its typed constant (orders::events::kCompleted), so renaming or removing
one fails the build instead of silently matching nothing.

Scanned: src/, tests/, bench/ and scripts/ (C++, Python, shell). Not scanned: the events.h
files (where the names live), comments, docs, and the declarative scenarios (tests/scenarios/
*.scenario), which assert the feed's wire format as an outside client sees it."""

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUFFIXES = {".cc", ".h", ".py", ".sh"}


def event_names(omnihub):
    listing = subprocess.run([omnihub, "events"], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in listing.stdout.splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--omnihub", required=True)
    args = parser.parse_args()
    names = event_names(args.omnihub)
    if len(names) < 10:
        sys.exit(f"error: the catalogue lists only {len(names)} event types")
    quoted = re.compile(r"""["'](%s)["']""" % "|".join(re.escape(n) for n in names))
    found = []
    scanned = 0
    for top in ("src", "tests", "bench", "scripts"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in SUFFIXES or path.name == "events.h" or not path.is_file():
                continue
            scanned += 1
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                code = line.strip()
                if code.startswith(("//", "#", "*")):
                    continue
                if path.suffix in (".cc", ".h"):
                    code = code.split("  //")[0]  # a trailing comment (clang-format's two spaces)
                for match in quoted.finditer(code):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(1)}")
    for item in found:
        print(item)
    print(f"{len(names)} event names, {scanned} files scanned, {len(found)} literal(s) found")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
