#!/usr/bin/env python3
"""Compares a gap/1 scan of a real project with its dynamic truth (the common truth JSON every
<lang>/make_truth.sh writes; docs/accuracy.md). Usage: compare.py SCAN TRUTH [--all]

Per module with function bodies: the truth says exercised when tests ran any function-body statement; gap says
exercised when its status is tested, limited or indirect. Prints the misses (with a guess at their cause),
agreement, precision/recall of the gaps (modules gap calls unexercised) and how well gap's direct test files
match the ones that really ran the module. Modules gap lists in `excluded` (not product code: generated, a tool,
a test fixture) are not compared; they are listed apart. run.py imports `compare` and `CAUSES`."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jsonfind import find, paths  # noqa: E402

EXERCISED = ("tested", "limited", "indirect")
DIRECT = ("tested", "limited")

# Cause codes of a miss, in the order they are reported, with the words the tables use.
CAUSES = {
    "not-a-module": "gap has no module for the file: it took it for a test or support file, or left it out",
    "by-string": "gap says unexercised; tests name the module by a string (importlib, plugin or extension name, mock.patch target)",
    "attribute": "gap says unexercised; tests reach it through an attribute chain of an imported package (`pkg.sub.f`)",
    "use-unseen": "gap says unexercised; a test imports it and runs it, gap saw no use (re-export, binding, inheritance, fallback)",
    "reach-unseen": "gap says unexercised; no test imports it, tests run it through other modules gap did not follow",
    "import-time": "gap says exercised; only code run at import time runs, no test runs a function body",
    "not-loaded": "gap says exercised; the tests never even load it",
    "not-run": "gap says exercised; it is loaded but no test runs a function body (names used, not called)",
}


def compared(t):
    """Whether a truth module takes part: it has function bodies (a package init only when they hold statements)."""
    return bool(t.get("n_functions")) and not (t.get("is_package_init") and not t["function_body"]["statements"])


def exercised_in(t):
    """Whether the truth says tests exercise the module: a test ran a function body, or (Python) a test reads what
    the module's import-time code built (`built_at_import_for`, docs/accuracy.md)."""
    return (t["function_body"]["covered_by_tests"] or 0) > 0 or bool(t.get("built_at_import_for"))


def cause(t, g, really):
    """Best guess at why gap and the truth disagree on one module, from the truth's static facts."""
    if g is None:
        return "not-a-module"
    if really:
        running = set(t.get("test_files") or [])
        if set(t.get("string_referencers") or []) & running:
            return "by-string"
        if set(t.get("executing_test_files_importing_directly") or []):
            return "use-unseen"
        if set(t.get("attribute_referencers") or []) & running:
            return "attribute"
        return "reach-unseen"
    st = t.get("statements") or {}
    if st and not st.get("covered_any"):
        return "not-loaded"
    if (t["function_body"].get("covered_only_outside_tests") or 0) > 0:
        return "import-time"
    return "not-run"


def excluded_by(scan, path):
    """The `excluded` entry of the scan that leaves `path` out (the file itself, or a folder above it), if any."""
    for e in scan.get("excluded", []):
        p = e.get("path", "")
        if p == path or (p.endswith("/") and path.startswith(p)):
            return e
    return None


def compare(scan, truth):
    """Scores one project; returns a dict of the numbers, the misses (each with path, gap status, truth, cause)
    and the modules gap left out as not product code (`excluded`: not compared, listed with gap's reason)."""
    gap = {m.get("path"): m for m in scan.get("modules", [])}
    agree = total = tp = fp = fn = dagree = exercised = 0
    jac = []
    misses = []
    excluded = []
    for t in truth["modules"]:
        if not compared(t):
            continue
        e = None if t["path"] in gap else excluded_by(scan, t["path"])
        if e:
            excluded.append({"path": t["path"], "reason": e.get("reason"),
                             "truth": "exercised" if exercised_in(t) else "never exercised"})
            continue
        total += 1
        really = exercised_in(t)
        exercised += really
        g = gap.get(t["path"])
        status = g.get("status") if g else "missing"
        said = status in EXERCISED
        really_direct = bool(t.get("executing_test_files_importing_or_referencing")
                             or t.get("executing_test_files_importing_directly"))
        said_direct = status in DIRECT
        dagree += said_direct == really_direct
        if said == really:
            agree += 1
        else:
            misses.append({
                "path": t["path"], "gap": status, "truth": "exercised" if really else "never exercised",
                "cause": cause(t, g, really),
                "tests_that_run_it": sorted(t.get("test_files") or [])[:3],
                "gap_evidence": sorted({e.get("kind") for e in (g or {}).get("evidence", []) if e.get("kind")}),
            })
        if not said and not really:
            tp += 1
        elif not said and really:
            fp += 1
        elif said and not really:
            fn += 1
        want = set(t.get("executing_test_files_importing_or_referencing")
                   or t.get("executing_test_files_importing_directly") or [])
        got = set()
        for v in find(g or {}, r"(?<![a-z])direct"):
            got |= paths(v)
        if want or got:
            jac.append(len(want & got) / len(want | got))
    return {
        "modules": total,
        "agree": agree,
        "agreement": 100 * agree / max(total, 1),
        "gaps_precision": tp / (tp + fp) if tp + fp else 1.0,
        "gaps_recall": tp / (tp + fn) if tp + fn else 1.0,
        "direct_agreement": 100 * dagree / max(total, 1),
        "direct_jaccard": sum(jac) / max(len(jac), 1),
        "exercised": exercised,
        "misses": misses,
        "excluded": excluded,
    }


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        print("usage: compare.py SCAN TRUTH [--all]", file=sys.stderr)
        return 2
    scan, truth = (json.load(open(p, encoding="utf-8")) for p in args)
    r = compare(scan, truth)
    shown = r["misses"] if "--all" in sys.argv else r["misses"][:8]
    for m in shown:
        print(f"{m['path']}: gap {m['gap']}, truth {m['truth']} [{m['cause']}]")
    for e in r["excluded"]:
        print(f"{e['path']}: gap excluded ({e['reason']}), truth {e['truth']} [not compared]")
    print(f"{truth['project']['name']}: agreement {r['agree']}/{r['modules']} = {r['agreement']:.1f}%, "
          f"gaps precision {r['gaps_precision']:.2f} recall {r['gaps_recall']:.2f}, "
          f"direct-test Jaccard {r['direct_jaccard']:.2f}, direct agreement {r['direct_agreement']:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
