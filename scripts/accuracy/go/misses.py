#!/usr/bin/env python3
"""Lists, for one project, every module where a gap/1 scan and a truth file (Go or Rust, made by make_truth.sh
here) disagree, with what the truth saw, so each miss can be put down to a cause. compare.py gives the numbers;
this gives the rows behind them.

Usage: misses.py SCAN.json TRUTH.json [--all]

For each module with function bodies it prints one line when gap's verdict (exercised = tested, limited or
indirect) differs from the truth's (a test file ran a statement or region of its function bodies), and, with
--all, also when both say exercised but disagree on whether a test reaches it directly. Each line: path, gap's
status and direct tests, the test files that ran it (statements they ran) and those that name it directly. Files
the truth could not build on this platform (not_built) are listed with gap's status too.
"""
import json
import sys

EXERCISED = ("tested", "limited", "indirect")
DIRECT = ("tested", "limited")


def short(xs, n=3):
    xs = list(xs)
    return ", ".join(xs[:n]) + (f" (+{len(xs) - n})" if len(xs) > n else "")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show_all = "--all" in sys.argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    scan, truth = (json.load(open(a)) for a in args)
    gap = {m["path"]: m for m in scan.get("modules", [])}
    rows = []
    for t in truth["modules"]:
        if not t.get("n_functions"):
            continue
        g = gap.get(t["path"])
        status = g.get("status") if g else "missing"
        really = t["function_body"]["covered_by_tests"] > 0
        said = status in EXERCISED
        really_direct = bool(t["executing_test_files_importing_or_referencing"]
                             or t["executing_test_files_importing_directly"])
        said_direct = status in DIRECT
        kind = None
        if said and not really:
            kind = "gap exercised, truth never"
        elif really and not said:
            kind = "truth exercised, gap not"
        elif show_all and said_direct != really_direct:
            kind = "direct differs"
        if not kind:
            continue
        ran = t.get("test_file_body_statements") or {}
        ran_s = short(f"{k}:{v}" for k, v in sorted(ran.items(), key=lambda kv: -kv[1]))
        named = t.get("named_by_tests") or {}
        first = next((tf for tf in t["executing_test_files_importing_or_referencing"] if named.get(tf)), None)
        what = f" ({first}: {short(named[first], 4)})" if first else ""
        rows.append(f"- {t['path']} [{kind}] gap {status} direct={short((g or {}).get('direct_tests', []))} "
                    f"import_only={short((g or {}).get('import_only_tests', []))} | truth ran by: {ran_s or '-'}"
                    f" | names it: {short(t['executing_test_files_importing_or_referencing']) or '-'}{what}")
    name = truth["project"]["name"]
    print(f"## {name}: {len(rows)} rows")
    print("\n".join(rows))
    nb = truth.get("not_built") or []
    listed = [(n["path"], gap[n["path"]].get("status"), n["reason"]) for n in nb
              if n["path"] in gap and n["reason"] != "defines no function"]
    if listed:
        print(f"### {name}: files the tests never build here (tool folders, build constraints, cfg) that gap lists")
        for p, s, r in listed:
            print(f"- {p}: gap {s} ({r})")
    test_only = [(p, gap[p].get("status")) for p in truth.get("test_only_files") or [] if p in gap]
    if test_only:
        print(f"### {name}: test-only files (`#[cfg(test)] mod x;`) that gap lists as modules")
        for p, s in test_only:
            print(f"- {p}: gap {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
