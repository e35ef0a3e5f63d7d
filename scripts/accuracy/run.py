#!/usr/bin/env python3
"""The accuracy suite's runner (docs/accuracy.md): for each pinned project, make (or reuse) its dynamic truth,
run the current gap-scan on the same tree, compare, and print one table and the misses.

    run.sh [--lang LANG] [--gap-scan PATH] [--remake | --reanalyse] [--cache DIR] [--json FILE] [--all-misses]
           [--truth-only] [PROJECT...]

Projects are listed per language in <lang>/projects.toml; the truth of each is made by
`<lang>/make_truth.sh NAME VERSION` with TRUTH_WORK, TRUTH_OUT and one TRUTH_<KEY> per setting in the
environment, and cached under the cache folder (default /tmp/gap-accuracy) until its settings change."""
import argparse
import fcntl
import json
import os
import subprocess
import sys
import time
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from compare import CAUSES, compare  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))


def fail(msg):
    """A usage or input error: one line on stderr, exit 2."""
    print(f"run.py: {msg}", file=sys.stderr)
    sys.exit(2)


def languages():
    """Language folders that hold both a project list and a truth maker."""
    return sorted(d for d in os.listdir(HERE)
                  if os.path.isfile(os.path.join(HERE, d, "projects.toml"))
                  and os.path.isfile(os.path.join(HERE, d, "make_truth.sh")))


def projects(lang):
    try:
        with open(os.path.join(HERE, lang, "projects.toml"), "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as e:
        fail(f"{lang}/projects.toml: {e}")
    out = []
    for i, p in enumerate(data.get("project", [])):
        for key in ("name", "version"):
            if not isinstance(p.get(key), str):
                fail(f"{lang}/projects.toml: project {i + 1}: `{key}` missing or not a string")
        out.append({"lang": lang, "name": p["name"], "version": p["version"],
                    "settings": {k: str(v) for k, v in sorted((p.get("settings") or {}).items())}})
    return out


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def make_truth(p, cache, remake, reanalyse=False):
    """Path of the project's truth JSON, made now unless a cached one with the same settings exists. A lock
    file keeps two runs (two sessions on one machine) from making the same truth at once."""
    base = os.path.join(cache, p["lang"], f"{p['name']}-{p['version']}")
    os.makedirs(os.path.dirname(base), exist_ok=True)
    with open(base + ".lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return make_truth_locked(p, base, remake, reanalyse)


def make_truth_locked(p, base, remake, reanalyse):
    truth, stamp, logf = base + ".json", base + ".settings.json", base + ".log"
    want = json.dumps(p["settings"], sort_keys=True)
    if not remake and not reanalyse and os.path.isfile(truth) and os.path.isfile(stamp):
        with open(stamp, encoding="utf-8") as fh:
            if fh.read() == want:
                return truth, None
    log(f"{p['lang']} {p['name']} {p['version']}: {'analysing' if reanalyse else 'making'} the truth (log: {logf})")
    env = dict(os.environ, TRUTH_WORK=base, TRUTH_OUT=truth)
    env.update({f"TRUTH_{k.upper()}": v for k, v in p["settings"].items()})
    if reanalyse:
        env["TRUTH_REANALYSE"] = "1"
    else:
        for f in (truth, stamp):
            if os.path.exists(f):
                os.remove(f)
    t0 = time.time()
    with open(logf, "w", encoding="utf-8") as fh:
        rc = subprocess.call(["bash", os.path.join(HERE, p["lang"], "make_truth.sh"), p["name"], p["version"]],
                             stdout=fh, stderr=subprocess.STDOUT, env=env)
    log(f"{p['lang']} {p['name']} {p['version']}: truth maker exit {rc} after {time.time() - t0:.0f}s")
    if rc != 0 or not os.path.isfile(truth):
        return None, f"truth maker failed (exit {rc}); see {logf}"
    with open(stamp, "w", encoding="utf-8") as fh:
        fh.write(want)
    return truth, None


def scan(gap_scan, root, out):
    with open(out, "w", encoding="utf-8") as fh:
        r = subprocess.run([gap_scan, root], stdout=fh, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        return f"gap-scan exit {r.returncode}: {r.stderr.strip().splitlines()[-1:]}"
    return None


def pct(x):
    return f"{x:.1f}%"


def table(rows):
    lines = ["| project | language | modules | exercised | agreement | gaps precision | gaps recall "
             "| direct agreement | direct Jaccard |",
             "|---|---|--:|--:|--:|--:|--:|--:|--:|"]
    for r in rows:
        name = f"{r['name']} {r['version']}"
        if r.get("error"):
            lines.append(f"| {name} | {r['lang']} | {r['error']} |||||||")
            continue
        c = r["result"]
        lines.append(f"| {name} | {r['lang']} | {c['modules']} | {c['exercised']} | {pct(c['agreement'])} "
                     f"| {c['gaps_precision']:.2f} | {c['gaps_recall']:.2f} | {pct(c['direct_agreement'])} "
                     f"| {c['direct_jaccard']:.2f} |")
    return "\n".join(lines)


def misses_text(rows, limit):
    out = []
    for r in rows:
        ms = (r.get("result") or {}).get("misses") or []
        left_out = (r.get("result") or {}).get("excluded") or []
        if not ms and not left_out:
            continue
        out.append(f"\n### {r['name']} {r['version']} ({r['lang']}): {len(ms)} misses")
        if left_out:
            out.append(f"- not compared ({len(left_out)}): gap excludes them as not product code")
            for e in left_out[:limit]:
                out.append(f"  - `{e['path']}`: {e['reason']}; truth: {e['truth']}")
            if len(left_out) > limit:
                out.append(f"  - ... {len(left_out) - limit} more (--all-misses)")
        for code in CAUSES:
            group = [m for m in ms if m["cause"] == code]
            if not group:
                continue
            out.append(f"- {code} ({len(group)}): {CAUSES[code]}")
            for m in group[:limit]:
                ran = ", ".join(m["tests_that_run_it"])
                out.append(f"  - `{m['path']}`: gap {m['gap']}" + (f"; run by {ran}" if ran else ""))
            if len(group) > limit:
                out.append(f"  - ... {len(group) - limit} more (--all-misses)")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", action="append", help="only this language (repeatable)")
    ap.add_argument("--gap-scan", default=os.environ.get("GAP_SCAN", os.path.join(REPO, "target/release/gap-scan")),
                    help="gap-scan binary (default: target/release/gap-scan of this worktree, or $GAP_SCAN)")
    ap.add_argument("--cache", default=os.environ.get("GAP_ACCURACY_CACHE", "/tmp/gap-accuracy"))
    ap.add_argument("--remake", action="store_true", help="make the truth again even when cached")
    ap.add_argument("--reanalyse", action="store_true",
                    help="turn the kept coverage data into the truth again (after a change to a truth maker's "
                    "analysis), without running the tests")
    ap.add_argument("--truth-only", action="store_true", help="make the truth, scan nothing")
    ap.add_argument("--json", help="also write the results (numbers and every miss) to this file")
    ap.add_argument("--all-misses", action="store_true", help="list every miss, not the first 6 per cause")
    ap.add_argument("project", nargs="*", help="project names (default: all of the chosen languages)")
    a = ap.parse_args()

    langs = languages()
    for lang in a.lang or []:
        if lang not in langs:
            fail(f"no language `{lang}` (have: {', '.join(langs)})")
    chosen = [p for lang in (a.lang or langs) for p in projects(lang)]
    if a.project:
        unknown = set(a.project) - {p["name"] for p in chosen}
        if unknown:
            fail(f"unknown project(s): {', '.join(sorted(unknown))}")
        chosen = [p for p in chosen if p["name"] in a.project]
    if not a.truth_only and not os.access(a.gap_scan, os.X_OK):
        fail(f"no gap-scan at {a.gap_scan}: build it (cargo build --release --bin gap-scan) "
                 "or give --gap-scan PATH")

    rows = []
    for p in chosen:
        row = dict(p)
        rows.append(row)
        truth_path, err = make_truth(p, a.cache, a.remake, a.reanalyse)
        if err:
            row["error"] = err
            continue
        if a.truth_only:
            continue
        with open(truth_path, encoding="utf-8") as fh:
            truth = json.load(fh)
        root = truth["project"].get("scan_root")
        if not root or not os.path.isdir(root):
            row["error"] = f"scan root {root!r} of {truth_path} is gone; rerun with --remake"
            continue
        out = truth_path[:-len(".json")] + ".scan.json"
        t0 = time.time()
        err = scan(a.gap_scan, root, out)
        if err:
            row["error"] = err
            continue
        row["scan_seconds"] = round(time.time() - t0, 2)
        with open(out, encoding="utf-8") as fh:
            row["result"] = compare(json.load(fh), truth)

    if a.truth_only:
        for r in rows:
            print(f"{r['lang']} {r['name']} {r['version']}: {r.get('error') or 'truth ready'}")
        return 1 if any(r.get("error") for r in rows) else 0
    print(table(rows))
    print(misses_text(rows, 10**9 if a.all_misses else 6))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump({"gap_scan": a.gap_scan, "projects": rows}, fh, indent=1)
            fh.write("\n")
    return 1 if any(r.get("error") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
