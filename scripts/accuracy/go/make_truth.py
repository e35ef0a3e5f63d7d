#!/usr/bin/env python3
"""Per-test-file dynamic truth for one Go module, in the JSON shape of ../../shared/accuracy/make_truth.py.

Reads the static facts of truthscan (packages, test functions, suite methods, what each test file names), builds
one coverage-instrumented test binary per package (`go test -c -covermode=atomic -coverpkg=<all packages of the
module>`), runs it once with nothing selected (`-test.run '^$'`: package init and TestMain) and once per test
file (its own Test/Example/Fuzz functions; suite methods through their entry function with `-testify.m` or
`-check.f` narrowed to the file's methods). A block counts as run by a test file when its count in that run is
above its count in the init-only run, so what runs regardless of the tests is subtracted. Every coverage block
lies inside a function body (Go instruments function bodies only), so a product file is exercised by a test file
when that test file ran a block of it.

Usage: make_truth.py --static static.json --root GOPATH_COPY --scan-root TREE --import-path P --work DIR
                     --name N --version V --out OUT
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections import defaultdict

SCHEMA_VERSION = 1
NOTHING = "^$"


def go_regex_alt(names):
    return "^(" + "|".join(re.escape(n) for n in sorted(set(names))) + ")$"


def read_profile(path, prefix):
    """{(rel_file, block): (statements, count)} of a coverprofile (None when the run wrote none), counts summed
    over duplicate lines."""
    if not os.path.exists(path):
        return None
    blocks = {}
    with open(path) as fh:
        for line in fh:
            if line.startswith("mode:"):
                continue
            m = re.match(r"^(.*):(\d+\.\d+,\d+\.\d+) (\d+) (\d+)$", line.strip())
            if not m:
                continue
            file, block, n, c = m.group(1), m.group(2), int(m.group(3)), int(m.group(4))
            if not file.startswith(prefix + "/"):
                continue
            key = (file[len(prefix) + 1:], block)
            old = blocks.get(key)
            blocks[key] = (n, c + (old[1] if old else 0))
    return blocks


def run(cmd, cwd, log, timeout, env):
    t0 = time.time()
    with open(log, "w") as fh:
        try:
            p = subprocess.run(cmd, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT, timeout=timeout, env=env)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
    return rc, round(time.time() - t0, 2)


def plan_runs(files, static):
    """Per test file of one test binary: the runs that make up its tests, as [(-test.run regex, {framework:
    method filter})], the whole file first, then one run per test (used when the whole-file run crashes)."""
    entries = []  # (entry name, framework, suites)
    for f in files:
        for e in static["tests"][f]["entries"] or []:
            entries.append((e["name"], e["framework"], set(e["suites"] or [])))
    frameworks = {fw for _, fw, _ in entries}

    def method_filter(fw, mine):
        if not mine:
            return NOTHING
        if fw == "testify":
            return go_regex_alt(m["name"] for m in mine)
        return go_regex_alt(f"{m['recv']}.{m['name']}" for m in mine)

    def starters(fw, mine):
        recvs = {m["recv"] for m in mine}
        return {name for name, efw, suites in entries if efw == fw and mine and (not suites or suites & recvs)}

    plans = {}
    for f in files:
        t = static["tests"][f]
        own = set(t["tests"] or [])
        methods = t["suite_methods"] or []
        filters, names = {}, set(own)
        for fw in frameworks:
            mine = [m for m in methods if m["framework"] == fw]
            filters[fw] = method_filter(fw, mine)
            names |= starters(fw, mine)
        if not names:
            plans[f] = None
            continue
        runs = [(go_regex_alt(names), filters)]
        runs += [(go_regex_alt([n]), filters) for n in sorted(own)]
        for m in methods:
            if m["framework"] in frameworks and starters(m["framework"], [m]):
                one = {fw: NOTHING for fw in frameworks}
                one[m["framework"]] = method_filter(m["framework"], [m])
                runs.append((go_regex_alt(starters(m["framework"], [m])), one))
        plans[f] = runs
    return plans


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--static", required=True)
    ap.add_argument("--root", required=True, help="the module's copy inside GOPATH/src, where tests run")
    ap.add_argument("--scan-root", required=True, help="the pristine copy gap scans")
    ap.add_argument("--import-path", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--debian-package", default="")
    ap.add_argument("--debian-version", default="")
    ap.add_argument("--extra-debs", default="")
    ap.add_argument("--notes", default="")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    static = json.load(open(args.static))
    prefix = args.import_path
    env = dict(os.environ)
    bindir = os.path.join(args.work, "bin")
    logdir = os.path.join(args.work, "logs")
    profdir = os.path.join(args.work, "profiles")
    for d in (bindir, logdir, profdir):
        os.makedirs(d, exist_ok=True)

    packages = static["packages"]
    product_files = {f: p for p in packages for f in (p["go_files"] or [])}
    all_pkgs = ",".join(p["import_path"] for p in packages if p["go_files"])

    base_counts = {}  # test binary -> blocks of the init-only run
    blocks_total = {}  # (file, block) -> statements, over every profile
    covered_any = set()  # blocks run at all (init included)
    exec_by_test = defaultdict(set)  # test file -> blocks it ran beyond init
    runs_out = []
    binaries_out = []
    crashed_runs = {}  # test file -> runs that died without a profile
    for i, p in enumerate(packages):
        tfiles = (p["test_go_files"] or []) + (p["xtest_go_files"] or [])
        if not tfiles:
            continue
        # named as `go test` names it: some packages (cobra) look at their binary's name to know they run as a test
        os.makedirs(os.path.join(bindir, f"{i:03d}"), exist_ok=True)
        binary = os.path.join(bindir, f"{i:03d}", p["import_path"].rsplit("/", 1)[-1] + ".test")
        pkgdir = os.path.join(args.root, p["dir"])
        rc, secs = run(["go", "test", "-c", "-vet=off", "-covermode=atomic", f"-coverpkg={all_pkgs}", "-o", binary,
                        p["import_path"]], args.root, os.path.join(logdir, f"{i:03d}.build.log"), args.timeout, env)
        binaries_out.append({"package": p["import_path"], "build_exit_code": rc, "seconds": secs})
        if rc != 0 or not os.path.exists(binary):
            print(f"make_truth.py: building the tests of {p['import_path']} failed: see "
                  f"{logdir}/{i:03d}.build.log", file=sys.stderr)
            return 1
        plans = plan_runs(tfiles, static)
        frameworks = sorted({fw for plan in plans.values() if plan for fw in plan[0][1]})
        flag = {"testify": "-testify.m", "gocheck": "-check.f"}

        def go(tag, regex, filters):
            prof = os.path.join(profdir, f"{i:03d}.{tag}.out")
            cmd = [binary, "-test.run", regex, "-test.coverprofile", prof, "-test.timeout", f"{args.timeout}s"]
            for fw in frameworks:
                cmd += [flag[fw], filters.get(fw, NOTHING)]
            rc, secs = run(cmd, pkgdir, os.path.join(logdir, f"{i:03d}.{tag}.log"), args.timeout + 30, env)
            return rc, secs, read_profile(prof, prefix)

        rc, secs, base = go("init", NOTHING, {})
        if base is None:
            print(f"make_truth.py: the init-only run of {p['import_path']} wrote no profile: see "
                  f"{logdir}/{i:03d}.init.log", file=sys.stderr)
            return 1
        runs_out.append({"package": p["import_path"], "test_file": None, "run": NOTHING, "exit_code": rc,
                         "seconds": secs})
        base_counts[i] = base
        for k, (n, c) in base.items():
            blocks_total[k] = n
            if c:
                covered_any.add(k)
        for j, tf in enumerate(sorted(tfiles)):
            plan = plans[tf]
            if plan is None:
                continue
            # the whole file at once; when that run dies before writing its profile (a test panics: as root, a
            # test expecting "permission denied" may), each of its tests alone, keeping what the others ran
            units = [(0, plan[0])]
            crashed = []
            while units:
                u, (regex, filters) = units.pop(0)
                rc, secs, prof = go(f"f{j:03d}.u{u:03d}", regex, filters)
                runs_out.append({"package": p["import_path"], "test_file": tf, "run": regex,
                                 "method_filters": filters, "exit_code": rc, "seconds": secs,
                                 "profile_written": prof is not None})
                if prof is None:
                    crashed.append(regex)
                    if u == 0:
                        units = list(enumerate(plan[1:], 1))
                    continue
                for k, (n, c) in prof.items():
                    blocks_total[k] = n
                    if c:
                        covered_any.add(k)
                    if c > base.get(k, (n, 0))[1]:
                        exec_by_test[tf].add(k)
            if crashed:
                crashed_runs[tf] = crashed
            print(f"[{p['import_path']}] {tf}: exit {rc}, {secs}s, {len(exec_by_test[tf])} blocks", file=sys.stderr)

    stmts_by_file = defaultdict(int)
    for (f, _), n in blocks_total.items():
        stmts_by_file[f] += n
    # a package is measured when some test binary linked it instrumented (any of its files has blocks)
    measured_pkgs = {product_files[f]["import_path"] for f in stmts_by_file if f in product_files}

    tests = static["tests"]
    modules = []
    for rel in sorted(product_files):
        facts = static["files"].get(rel, {"functions": 0, "funcs": [], "statements": 0})
        measured = product_files[rel]["import_path"] in measured_pkgs
        total = stmts_by_file[rel] if rel in stmts_by_file else facts["statements"]
        file_blocks = {k: n for k, n in blocks_total.items() if k[0] == rel}
        by_test = {}
        cov_tests = set()
        for tf, bl in exec_by_test.items():
            mine = {k for k in bl if k[0] == rel}
            if mine:
                by_test[tf] = sum(file_blocks[k] for k in mine)
                cov_tests |= mine
        any_cov = {k for k in covered_any if k[0] == rel}
        test_files = sorted(by_test)
        direct = sorted(tf for tf, t in tests.items() if rel in (t["refs"] or []))
        via_helpers = sorted(tf for tf, t in tests.items() if rel in (t["helper_refs"] or []))
        exec_direct = sorted(set(test_files) & set(direct))
        exec_ref = sorted(set(test_files) & (set(direct) | set(via_helpers)))
        n_cov = sum(file_blocks[k] for k in cov_tests)
        n_any = sum(file_blocks[k] for k in any_cov)
        symbols = []
        for fn in facts["funcs"] or []:
            fb = [k for k in file_blocks if fn["line"] <= int(k[1].split(".")[0]) <= fn["end"]]
            ran = sorted(tf for tf, bl in exec_by_test.items() if any(k in bl for k in fb))
            symbols.append({"name": fn["name"], "lineno": fn["line"], "end_lineno": fn["end"],
                            "body_statements": sum(file_blocks[k] for k in fb),
                            "body_covered_by_tests": sum(file_blocks[k] for k in fb if k in cov_tests),
                            "executed": bool(set(fb) & cov_tests) if fb else None, "test_files": ran})
        tested = n_cov > 0
        modules.append({
            "path": rel,
            "module": product_files[rel]["import_path"],
            "is_package_init": False,
            "measured": measured,
            "function_body": {
                "statements": total,
                "covered_any": n_any,
                "covered_by_tests": n_cov,
                "covered_only_outside_tests": n_any - n_cov if n_any > n_cov else 0,
                "fraction_by_tests": round(n_cov / total, 4) if total else None,
            },
            "n_functions": facts["functions"],
            "tested": tested,
            "test_files": test_files,
            "test_file_body_statements": by_test,
            "direct_importers": direct,
            "imported_directly_by_any_test_file": bool(direct),
            "executing_test_files_importing_directly": exec_direct,
            "indirect_only": tested and not exec_direct,
            "indirect_only_no_importer_at_all": tested and not direct,
            "referencers_via_helpers": via_helpers,
            "named_by_tests": {tf: (tests[tf].get("named") or {}).get(rel) for tf in direct},
            "executing_test_files_importing_or_referencing": exec_ref,
            "indirect_only_even_counting_references": tested and not exec_ref,
            "symbols": symbols,
        })

    ran = {}
    for r in runs_out:
        if r["test_file"]:
            ran.setdefault(r["test_file"], r)
    tests_out = []
    for tf in sorted(tests):
        t = tests[tf]
        r = ran.get(tf)
        tests_out.append({
            "path": tf,
            "kind": "test" if (t["tests"] or t["suite_methods"]) else "support",
            "collected": r is not None,
            "n_tests": len(t["tests"] or []) + len(t["suite_methods"] or []),
            "exit_code": r["exit_code"] if r else None,
            "runs_without_profile": crashed_runs.get(tf, []),
            "imports_modules": t["refs"] or [],
            "executes_function_bodies_of": sorted({k[0] for k in exec_by_test.get(tf, ())}),
        })

    with_bodies = [m for m in modules if m["function_body"]["statements"] > 0]
    summary = {
        "modules": len(modules),
        "modules_with_function_bodies": len(with_bodies),
        "modules_tested": sum(m["tested"] for m in modules),
        "modules_zero_function_body_coverage_among_those_with_bodies": sum(not m["tested"] for m in with_bodies),
        "modules_unmeasured": sum(not m["measured"] for m in modules),
        "modules_indirect_only": sum(m["indirect_only"] for m in modules),
        "modules_indirect_only_even_counting_references":
            sum(m["indirect_only_even_counting_references"] for m in modules),
        "test_files": len(tests_out),
        "test_files_run": sum(t["collected"] for t in tests_out),
        "test_files_failed": sum(1 for t in tests_out if t["exit_code"] not in (None, 0)),
        "test_files_with_crashed_runs": len(crashed_runs),
        "files_not_built": len(static["unbuilt"] or []),
    }
    go_version = subprocess.run(["go", "version"], capture_output=True, text=True).stdout.strip()
    out = {
        "schema_version": SCHEMA_VERSION,
        "project": {"name": args.name, "version": args.version, "language": "go", "scan_root": args.scan_root,
                    "import_path": args.import_path, "debian_package": args.debian_package,
                    "debian_version": args.debian_version, "notes": args.notes},
        "environment": {"go": go_version, "platform": platform.platform(), "extra_debs": args.extra_debs.split(),
                        "mode": "GOPATH (GO111MODULE=off, GOPROXY=off), -covermode=atomic"},
        "run": {"binaries": binaries_out, "runs": runs_out,
                "type_errors": {p["import_path"]: p["type_errors"] for p in packages if p["type_errors"]}},
        "summary": summary,
        "not_built": static["unbuilt"] or [],
        "test_files": tests_out,
        "modules": modules,
    }
    with open(args.out, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
