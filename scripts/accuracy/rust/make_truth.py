#!/usr/bin/env python3
"""Per-test-file dynamic truth for one Rust crate, in the JSON shape of ../../shared/accuracy/make_truth.py.

Builds the crate's test targets with `-C instrument-coverage` (only the crate itself, see rustc-wrapper.sh), lists
each test binary's tests with the file that holds each one (libtest's JSON listing), and runs every binary once
with no test selected and once per source file holding tests (`--exact` with that file's test names: a
`tests/*.rs` file, a module of an integration test, or a source file with a `#[cfg(test)]` module). Profiles are
merged and read with Debian's llvm-19 (`llvm-profdata-19`, `llvm-cov-19 export`). A region counts as run by a
test file when its count in that file's run is above its count in the empty run. Product regions are the code
regions of function bodies in files of the crate outside tests/, benches/, examples/, build.rs, `#[cfg(test)]`
items and `#[test]` functions; a file is exercised by a test file when that test file's run executed one of its
product regions. Which test files name a file directly is read from the test binaries' machine code: the
functions defined in a test file, the product functions they call or take the address of (through generic
instances made for the test, such as `Argument::new_display::<Version>`), see callgraph.py.

Usage: make_truth.py --root CRATE_COPY --scan-root TREE --target-dir DIR --work DIR --name N --version V
                     --out OUT [--features F]
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import callgraph  # noqa: E402
import cfgtest  # noqa: E402

SCHEMA_VERSION = 1
LLVM = os.environ.get("TRUTH_LLVM_SUFFIX", "-19")
NO_TEST = "__gap_truth_selects_no_test__"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def build(root, target_dir, features, wrapper, log):
    env = dict(os.environ, RUSTC_WRAPPER=wrapper, CARGO_TARGET_DIR=target_dir, CARGO_INCREMENTAL="0")
    cmd = ["cargo", "test", "--no-run", "--lib", "--bins", "--tests", "--message-format=json"] + features
    t0 = time.time()
    with open(log, "w") as err:
        p = subprocess.run(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
    bins = []
    for line in p.stdout.splitlines():
        try:
            m = json.loads(line)
        except ValueError:
            continue
        if m.get("reason") == "compiler-message" and m["message"].get("level") == "error":
            with open(log, "a") as err:
                err.write(m["message"].get("rendered") or m["message"].get("message", "") + "\n")
        if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
            bins.append({"kind": m["target"]["kind"][0], "name": m["target"]["name"],
                         "src_path": os.path.relpath(m["target"]["src_path"], root), "executable": m["executable"]})
    return p.returncode, round(time.time() - t0, 1), bins


def list_tests(exe, root):
    env = dict(os.environ, RUSTC_BOOTSTRAP="1", LLVM_PROFILE_FILE="/dev/null")
    out = subprocess.run([exe, "--list", "--format", "json", "-Z", "unstable-options"], cwd=root, env=env,
                         capture_output=True, text=True).stdout
    tests = []
    for line in out.splitlines():
        try:
            m = json.loads(line)
        except ValueError:
            continue
        if m.get("type") == "test" and m.get("event") == "discovered":
            tests.append(m)
    return tests


def export(exe, profraws, profdata, objects=(), skip=None):
    """{region key: count} and [(function name, file, first line, [region keys])] of one run; the regions of
    functions whose name `skip` accepts are left out of the counts."""
    sh([f"llvm-profdata{LLVM}", "merge", "-sparse", "-o", profdata] + profraws)
    cmd = [f"llvm-cov{LLVM}", "export", "-format=text", "-skip-expansions", f"-instr-profile={profdata}", exe]
    for o in objects:
        cmd += ["-object", o]
    counts = defaultdict(int)
    functions = []
    try:
        data = json.loads(sh(cmd))
    except subprocess.CalledProcessError:
        # a test target compiled to nothing (`#![cfg(feature = "...")]` off) has no coverage data
        return counts, functions
    for f in data["data"][0]["functions"]:
        skipped = bool(skip and skip(f["name"]))
        keys = []
        for r in f["regions"]:
            ls, cs, le, ce, count, file_id, _exp, kind = r[:8]
            if kind != 0:
                continue
            key = (f["filenames"][file_id], ls, cs, le, ce)
            if not skipped:
                counts[key] += count
            keys.append(key)
        if keys:
            functions.append((f["name"], f["filenames"][0], min(k[1] for k in keys if k[0] == f["filenames"][0])
                              if any(k[0] == f["filenames"][0] for k in keys) else keys[0][1], keys))
    return counts, functions


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--scan-root", help="the pristine copy gap scans (default: --root)")
    ap.add_argument("--target-dir", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--features", default="")
    ap.add_argument("--notes", default="")
    ap.add_argument("--no-doctests", action="store_true", help="run no doc tests")
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    root = os.path.realpath(args.root)
    here = os.path.dirname(os.path.abspath(__file__))
    profdir = os.path.join(args.work, "profiles")
    logdir = os.path.join(args.work, "logs")
    os.makedirs(profdir, exist_ok=True)
    os.makedirs(logdir, exist_ok=True)

    rc, build_secs, bins = build(root, args.target_dir, args.features.split(),
                                 os.path.join(here, "rustc-wrapper.sh"), os.path.join(logdir, "build.log"))
    print(f"build exit {rc} in {build_secs}s, {len(bins)} test binaries", file=sys.stderr)
    if rc != 0 or not bins:
        print(f"make_truth.py: building the tests failed (exit {rc}): see {logdir}/build.log", file=sys.stderr)
        return 1

    def rel(p):
        p = os.path.realpath(os.path.join(root, p))
        r = os.path.relpath(p, root)
        return None if r.startswith("..") else r

    # test-only code: spans per file and whole test-only module files
    all_rs = []
    for dp, dn, fn in os.walk(root):
        dn[:] = sorted(d for d in dn if d not in ("target", ".git"))
        all_rs += [os.path.relpath(os.path.join(dp, f), root) for f in sorted(fn) if f.endswith(".rs")]
    spans, test_only_files, comments = {}, set(), {}
    for r in all_rs:
        s, files = cfgtest.test_spans(os.path.join(root, r), root)
        spans[r] = s
        test_only_files |= set(files)
        comments[r] = cfgtest.comment_lines(os.path.join(root, r))

    def test_side_file(r):
        top = r.split("/")[0]
        return top in ("tests", "benches", "examples") or r == "build.rs" or r in test_only_files

    def product(key):
        r = rel(key[0])
        return (r is not None and r in spans and not test_side_file(r) and not cfgtest.in_spans(key[1], spans[r])
                and key[1] not in comments[r])

    env = dict(os.environ, CARGO_MANIFEST_DIR=root, CARGO_PKG_NAME=args.name, CARGO_PKG_VERSION=args.version,
               RUST_BACKTRACE="0")
    region_files = {}  # region key -> relative file (product regions only)
    fn_first = defaultdict(set)  # file -> first lines of its product functions
    fn_names = {}  # (file, first line) -> mangled name
    exec_by_test = defaultdict(set)
    covered_any = set()
    runs_out = []
    test_files = {}  # test file -> {"tests": n, "binaries": [...], "exit_codes": [...]}
    graphs = []
    for bi, b in enumerate(bins):
        tests = [t for t in list_tests(b["executable"], root) if not t.get("ignore")]
        by_file = defaultdict(list)
        for t in tests:
            by_file[rel(t["source_path"]) or t["source_path"]].append(t["name"])

        def run(tag, names):
            for f in os.listdir(profdir):
                if f.startswith(f"{bi:02d}.{tag}."):
                    os.remove(os.path.join(profdir, f))
            pattern = os.path.join(profdir, f"{bi:02d}.{tag}.%p-%m.profraw")
            cmd = [b["executable"], "--exact"] + names
            t0 = time.time()
            with open(os.path.join(logdir, f"{bi:02d}.{tag}.log"), "w") as fh:
                try:
                    code = subprocess.run(cmd, cwd=root, env=dict(env, LLVM_PROFILE_FILE=pattern), stdout=fh,
                                          stderr=subprocess.STDOUT, timeout=args.timeout).returncode
                except subprocess.TimeoutExpired:
                    code = "timeout"
            raws = [os.path.join(profdir, f) for f in os.listdir(profdir) if f.startswith(f"{bi:02d}.{tag}.")
                    and f.endswith(".profraw")]
            counts, functions = export(b["executable"], raws, os.path.join(profdir, f"{bi:02d}.{tag}.profdata"))
            return code, round(time.time() - t0, 2), counts, functions

        code, secs, base, functions = run("empty", [NO_TEST])
        runs_out.append({"binary": b["name"], "kind": b["kind"], "test_file": None, "tests": 0, "exit_code": code,
                         "seconds": secs})
        for name, file, first, keys in functions:
            r = rel(file)
            if r is not None and product((file, first)):
                fn_first[r].add(first)
                fn_names[(r, first)] = name
            for k in keys:
                if product(k):
                    region_files[k] = rel(k[0])
        for k, c in base.items():
            if c and k in region_files:
                covered_any.add(k)
        graphs.append((b, functions, by_file))
        for j, (tf, names) in enumerate(sorted(by_file.items())):
            code, secs, counts, _ = run(f"f{j:03d}", sorted(names))
            got = {k for k, c in counts.items() if k in region_files and c > base.get(k, 0)}
            covered_any |= {k for k, c in counts.items() if c and k in region_files}
            exec_by_test[tf] |= got
            info = test_files.setdefault(tf, {"tests": 0, "binaries": [], "exit_codes": []})
            info["tests"] += len(names)
            info["binaries"].append(b["name"])
            info["exit_codes"].append(code)
            runs_out.append({"binary": b["name"], "kind": b["kind"], "test_file": tf, "tests": len(names),
                             "exit_code": code, "seconds": secs})
            print(f"[{b['name']}] {tf}: {len(names)} tests, exit {code}, {secs}s, {len(got)} regions",
                  file=sys.stderr)

    # doc tests, per source file holding them; the doc tests' own code (crate rust_out, mapped onto the doc
    # comments' lines) is left out, the crate's regions they ran count for the file
    doc = {"run": False}
    if any(b["kind"] == "lib" for b in bins) and not args.no_doctests:
        doc = run_doctests(args, root, env, profdir, logdir, product, rel, region_files, exec_by_test,
                           covered_any, test_files, runs_out, all_rs, graphs)

    # which product files each test file's code names (calls or takes the address of)
    direct, via_helpers, named = callgraph.direct_refs(graphs, root, rel, product, test_side_file, spans,
                                                       DOCTEST_CRATE.match)

    stmts = defaultdict(set)
    for k, f in region_files.items():
        stmts[f].add(k)
    product_files = sorted(r for r in all_rs if not test_side_file(r) and r.split("/")[0] != "target")
    demangled = demangle(sorted(set(fn_names.values())))
    modules = []
    for r in product_files:
        keys = stmts.get(r, set())
        by_test = {tf: len(bl & keys) for tf, bl in exec_by_test.items() if bl & keys}
        cov = set().union(*(exec_by_test[tf] & keys for tf in by_test)) if by_test else set()
        names_direct = sorted(tf for tf, fs in direct.items() if r in fs)
        names_helpers = sorted(tf for tf, fs in via_helpers.items() if r in fs)
        ran = sorted(by_test)
        exec_direct = sorted(set(ran) & set(names_direct))
        exec_ref = sorted(set(ran) & (set(names_direct) | set(names_helpers)))
        firsts = sorted(fn_first.get(r, ()))
        symbols = []
        for i, first in enumerate(firsts):
            nxt = firsts[i + 1] if i + 1 < len(firsts) else 10**9
            fk = {k for k in keys if first <= k[1] < nxt}
            symbols.append({"name": demangled.get(fn_names[(r, first)], fn_names[(r, first)]), "lineno": first,
                            "body_statements": len(fk), "body_covered_by_tests": len(fk & cov),
                            "executed": bool(fk & cov),
                            "test_files": sorted(tf for tf in ran if exec_by_test[tf] & fk)})
        tested = bool(cov)
        modules.append({
            "path": r,
            "module": r,
            "is_package_init": False,
            "measured": r in stmts,
            "function_body": {
                "statements": len(keys),
                "covered_any": len(keys & covered_any),
                "covered_by_tests": len(cov),
                "covered_only_outside_tests": len((keys & covered_any) - cov),
                "fraction_by_tests": round(len(cov) / len(keys), 4) if keys else None,
            },
            "n_functions": len(firsts),
            "tested": tested,
            "test_files": ran,
            "test_file_body_statements": by_test,
            "direct_importers": names_direct,
            "imported_directly_by_any_test_file": bool(names_direct),
            "executing_test_files_importing_directly": exec_direct,
            "indirect_only": tested and not exec_direct,
            "indirect_only_no_importer_at_all": tested and not names_direct,
            "referencers_via_helpers": names_helpers,
            "named_by_tests": {tf: named.get(tf, {}).get(r, []) for tf in names_direct},
            "executing_test_files_importing_or_referencing": exec_ref,
            "indirect_only_even_counting_references": tested and not exec_ref,
            "symbols": symbols,
        })

    tests_out = [{"path": tf, "kind": "test", "collected": True, "n_tests": info["tests"],
                  "binaries": info["binaries"], "exit_codes": info["exit_codes"],
                  "imports_modules": sorted(direct.get(tf, ())),
                  "executes_function_bodies_of": sorted({region_files[k] for k in exec_by_test.get(tf, ())})}
                 for tf, info in sorted(test_files.items())]
    not_built = [{"path": m["path"], "reason": "defines functions, none of them compiled into a test binary (cfg, "
                  "features or platform)" if defines_fn(os.path.join(root, m["path"])) else "defines no function"}
                 for m in modules if not m["measured"]]
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
        "test_binaries": len(bins),
        "test_files": len(tests_out),
        "tests_run": sum(t["n_tests"] for t in tests_out),
        "test_files_failed": sum(1 for t in tests_out if any(c != 0 for c in t["exit_codes"])),
    }
    lock = os.path.join(root, "Cargo.lock")
    out = {
        "schema_version": SCHEMA_VERSION,
        "project": {"name": args.name, "version": args.version, "language": "rust", "scan_root": args.scan_root or args.root,
                    "features": args.features,
                    "notes": args.notes},
        "environment": {"rustc": sh(["rustc", "--version"]).strip(),
                        "llvm_cov": sh([f"llvm-cov{LLVM}", "--version"]).strip().splitlines()[-1].strip(),
                        "platform": platform.platform(),
                        "cargo_lock": open(lock).read() if os.path.exists(lock) else None},
        "run": {"build_exit_code": rc, "build_seconds": build_secs, "binaries": bins, "doc_tests": doc,
                "runs": runs_out},
        "summary": summary,
        "not_built": not_built,
        "test_only_files": sorted(test_only_files),
        "test_files": tests_out,
        "modules": modules,
    }
    with open(args.out, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    print(json.dumps(summary, indent=1))
    return 0


DOCTEST_CRATE = re.compile(r"^_R[A-Za-z]*?C(s[0-9A-Za-z]*_)?8rust_out")


MERGED_RUN = "RUSTDOC_DOCTEST_RUN_NB_TEST"
MERGED_TEST = re.compile(r'mod __doctest_(\d+) \{\s*pub const TEST: test::TestDescAndFn = '
                         r'test::TestDescAndFn::new_doctest\(\s*"(?:[^"\\]|\\.)*",\s*(true|false),\s*'
                         r'"((?:[^"\\]|\\.)*)",\s*\d+,\s*(true|false)')


def merged_doctests(d):
    """[(index, source file, no_run, ignore)] of an edition-2024 merged doc-test binary, from its runner source."""
    try:
        text = open(os.path.join(d, "doctest_runner_2024.rs"), encoding="utf-8", errors="replace").read()
    except OSError:
        return []
    return [(int(m.group(1)), os.path.normpath(m.group(3)), m.group(4) == "true", m.group(2) == "true")
            for m in MERGED_TEST.finditer(text)]


def doctest_skipped(src_path, line):
    """Whether the doc test whose fence opens at `line` of the file is one rustdoc does not run."""
    try:
        text = open(src_path, encoding="utf-8", errors="replace").read().split("\n")[line - 1]
    except (OSError, IndexError):
        return False
    fence = re.sub(r"^\s*(///|//!|/\*\*|/\*!|\*)?\s*", "", text)
    attrs = {a.strip() for a in fence.lstrip("`~").split(",")}
    return bool(attrs & {"no_run", "compile_fail", "ignore"}) or any(a.startswith("ignore-") for a in attrs)


def run_doctests(args, root, env, profdir, logdir, product, rel, region_files, exec_by_test, covered_any,
                 test_files, runs_out, rs_files, graphs):
    """Builds and runs the doc tests once (`cargo test --doc`, binaries kept), then runs each kept binary
    again alone with its own profile, and counts per source file the crate regions its doc tests ran."""
    here = os.path.dirname(os.path.abspath(__file__))
    ddir = os.path.join(args.work, "doctests")
    os.makedirs(os.path.join(ddir, "discard"), exist_ok=True)
    cargo_env = dict(env, RUSTC_WRAPPER=os.path.join(here, "rustc-wrapper.sh"), CARGO_TARGET_DIR=args.target_dir,
                     CARGO_INCREMENTAL="0", RUSTDOC=os.path.join(here, "rustdoc-wrapper.sh"),
                     TRUTH_DOCTEST_DIR=os.path.join(ddir, "bin"),
                     LLVM_PROFILE_FILE=os.path.join(ddir, "discard", "%p.profraw"))
    t0 = time.time()
    with open(os.path.join(logdir, "doc.build.log"), "w") as fh:
        try:
            code = subprocess.run(["cargo", "test", "--doc"] + args.features.split(), cwd=root, env=cargo_env,
                                  stdout=fh, stderr=subprocess.STDOUT, timeout=args.timeout * 2).returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
    flat = {re.sub(r"[^A-Za-z0-9]", "_", r): r for r in rs_files}
    by_file = defaultdict(list)
    skipped = 0
    bindir = os.path.join(ddir, "bin")
    for d in sorted(os.listdir(bindir)) if os.path.isdir(bindir) else []:
        if d.startswith("merged_doctest_"):
            # edition 2024: one binary for all; RUSTDOC_DOCTEST_RUN_NB_TEST=N runs its N-th doc test alone
            for n, src, no_run, ignore in merged_doctests(os.path.join(bindir, d)):
                if src in rs_files and not (no_run or ignore):
                    by_file[src].append((f"{d}.{n}", os.path.join(bindir, d, "rust_out"), {MERGED_RUN: str(n)}))
                elif src in rs_files:
                    skipped += 1
            continue
        key, line, _n = (d.rsplit("_", 2) + ["", ""])[:3]
        src = flat.get(key)
        exes = [os.path.join(bindir, d, f) for f in sorted(os.listdir(os.path.join(bindir, d)))
                if os.access(os.path.join(bindir, d, f), os.X_OK)]
        if not src or not line.isdigit() or not exes:
            continue
        if doctest_skipped(os.path.join(root, src), int(line)):
            skipped += 1
            continue
        by_file[src].append((d, exes[0], {}))
    total = 0
    for j, (tf, tests) in enumerate(sorted(by_file.items())):
        raws, codes, t1 = [], [], time.time()
        for d, exe, extra in tests:
            pattern = os.path.join(profdir, f"doc.{d}.%p-%m.profraw")
            try:
                codes.append(subprocess.run([exe], cwd=root, env=dict(env, LLVM_PROFILE_FILE=pattern, **extra),
                                            capture_output=True, timeout=args.timeout).returncode)
            except subprocess.TimeoutExpired:
                codes.append("timeout")
            raws += [os.path.join(profdir, f) for f in os.listdir(profdir)
                     if f.startswith(f"doc.{d}.") and f.endswith(".profraw")]
        got = set()
        if raws:
            exes = sorted({e for _, e, _ in tests})
            counts, functions = export(exes[0], raws, os.path.join(profdir, f"doc.f{j:03d}.profdata"), exes[1:],
                                       skip=DOCTEST_CRATE.match)
            graphs.extend(({"executable": e}, functions, {tf: [d for d, x, _ in tests if x == e]}) for e in exes)
            for k, c in counts.items():
                if product(k):
                    region_files.setdefault(k, rel(k[0]))
                    if c:
                        got.add(k)
        exec_by_test[tf] |= got
        covered_any |= got
        info = test_files.setdefault(tf, {"tests": 0, "binaries": [], "exit_codes": []})
        info["tests"] += len(tests)
        info["binaries"].append("doc tests")
        bad = [c for c in codes if c != 0]
        info["exit_codes"].append(bad[0] if bad else 0)
        secs = round(time.time() - t1, 2)
        runs_out.append({"binary": "doc tests", "kind": "doc", "test_file": tf, "tests": len(tests),
                         "exit_code": bad[0] if bad else 0, "seconds": secs})
        total += len(tests)
        print(f"[doc tests] {tf}: {len(tests)} tests, {len(bad)} non-zero exits, {len(got)} regions",
              file=sys.stderr)
    return {"run": True, "build_and_run_exit_code": code, "seconds": round(time.time() - t0, 1),
            "files": len(by_file), "tests": total, "not_run_by_rustdoc": skipped}


def defines_fn(path):
    try:
        code = cfgtest.mask(open(path, encoding="utf-8", errors="replace").read())
    except OSError:
        return False
    return re.search(r"\bfn\s+[A-Za-z_]", code) is not None


def demangle(names):
    if not names:
        return {}
    out = subprocess.run([f"llvm-cxxfilt{LLVM}"], input="\n".join(names) + "\n", capture_output=True,
                         text=True).stdout.splitlines()
    return {n: re.sub(r"\[[0-9a-f]{16}\]", "", d) for n, d in zip(names, out)}


if __name__ == "__main__":
    sys.exit(main())
