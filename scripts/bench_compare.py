#!/usr/bin/env python3
"""The table of scripts/bench_compare.sh: every headline figure of every round of both binaries.

    scripts/bench_compare.py OUT_DIR BEFORE_BINARY AFTER_BINARY ROUNDS

OUT_DIR holds before-N/ and after-N/, each a work dir of scripts/bench.sh with its
figures.json. For each figure: the rounds of each side, the after/before ratio of the means,
the noise (the larger relative spread of one side's rounds) and whether the change is beyond it.
"""
import json
import os
import sys
from collections import OrderedDict


def load_figures(path):
    try:
        with open(os.path.join(path, "figures.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return []


def mean(values):
    return sum(values) / len(values) if values else None


def spread(values):
    """Relative spread of one side's rounds: (max - min) / mean."""
    m = mean(values)
    if not m or len(values) < 2:
        return None
    return (max(values) - min(values)) / m


def fmt(x):
    if x is None:
        return "?"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


def main():
    out_dir, before_bin, after_bin, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    table = OrderedDict()  # (benchmark, metric) -> {"before": [...], "after": [...], "hib": bool}
    for side in ("before", "after"):
        for r in range(1, rounds + 1):
            for fig in load_figures(os.path.join(out_dir, f"{side}-{r}")):
                key = (fig["benchmark"], fig["metric"])
                entry = table.setdefault(key, {"before": [], "after": [],
                                               "hib": fig["higher_is_better"]})
                entry[side].append(fig["value"])
    print("# omnihub before/after benchmarks\n")
    print(f"Command: `scripts/bench_compare.sh BUILD_DIR {before_bin}` ({rounds} rounds per "
          f"binary, alternating). Before: `{before_bin}`; after: `{after_bin}`.\n")
    print("| benchmark | figure | before (rounds) | after (rounds) | after / before | noise | "
          "change |")
    print("|---|---|--:|--:|--:|--:|---|")
    for (bench, metric), e in table.items():
        b, a = mean(e["before"]), mean(e["after"])
        ratio = a / b if a is not None and b else None
        noises = [n for n in (spread(e["before"]), spread(e["after"])) if n is not None]
        noise = max(noises) if noises else None
        change = "?"
        if ratio is not None and noise is not None:
            gain = ratio - 1 if e["hib"] else 1 - ratio
            if abs(gain) <= noise:
                change = "within noise"
            else:
                change = "better" if gain > 0 else "**worse**"
        print(f"| {bench} | {metric}{'' if e['hib'] else ' (lower is better)'} | "
              f"{' / '.join(fmt(v) for v in e['before'])} | "
              f"{' / '.join(fmt(v) for v in e['after'])} | "
              f"{f'{ratio:.3f}' if ratio is not None else '?'} | "
              f"{f'{100 * noise:.0f} %' if noise is not None else '?'} | {change} |")


if __name__ == "__main__":
    main()
