#!/usr/bin/env python3
"""gap's benchmark: gap-scan against tokei on the same trees, then gap-rank and gap-report on the documents.

Run through scripts/bench.sh, which builds the release binaries first. See docs/performance.md.

    scripts/bench.sh [--runs N] [--sizes 10k,100k,1m] [--layouts python,mixed] [--tree PATH ...]
                     [--modules-doc N] [--no-synthetic] [--scan-only]

For each tree (deterministic synthetic trees of the given sizes and layouts, then every --tree), runs tokei and
gap-scan alternately N times (median of N, default 5) and prints wall time, user time and peak memory of both,
the ratios gap-scan/tokei of wall and of user time, and gap-scan's lines per second of user (CPU) time; then gap-rank and gap-report (markdown) on the
scanned document. Finally a synthetic document of --modules-doc modules (default 100,000) through gap-rank and
gap-report, with its size. Lines are counted as `wc -l` counts them.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("GAP_BENCH_BIN", os.path.join(ROOT, "target", "release"))
CACHE = os.environ.get("GAP_BENCH_CACHE", os.path.join(tempfile.gettempdir(), "gap-bench-trees"))

# ---------------------------------------------------------------------------------------------------------
# Synthetic trees. Deterministic: a seeded generator per tree, so the same size and layout give the same bytes
# (and the cache can be reused). Module sizes vary like real code (most 80-300 lines, a few large ones), each
# module imports a few others, and a tests folder references about a third of the modules.
# ---------------------------------------------------------------------------------------------------------


def py_module(rng, pkg, i, others):
    out = [f'"""Module {i} of package {pkg}."""', "import os", "import logging"]
    for p, j in others:
        out.append(f"from app.{p}.mod{j} import helper_{j}")
    out.append("")
    out.append("log = logging.getLogger(__name__)")
    out.append("")
    for c in range(rng.randint(1, 4)):
        out.append(f"class Service{i}x{c}:")
        out.append(f'    """A service of module {i}."""')
        out.append("")
        out.append("    def __init__(self, repo, limit=10):")
        out.append("        self.repo = repo")
        out.append("        self.limit = limit")
        for m in range(rng.randint(2, 8)):
            out.append("")
            out.append(f"    def find_{m}(self, key, default=None):")
            out.append("        # Look the key up, newest first.")
            out.append("        if key is None or not self.repo:")
            out.append('            raise ValueError("key")')
            out.append("        for item in self.repo.items(key):")
            out.append("            if item and item.active:")
            out.append("                return item")
            out.append("        return default")
        out.append("")
        out.append("")
    out.append(f"def helper_{i}(a, b):")
    out.append("    return a if a > b else b")
    return "\n".join(out) + "\n"


def py_test(pkg, i):
    return (
        f"from app.{pkg}.mod{i} import Service{i}x0, helper_{i}\n\n\n"
        f"def test_find():\n    assert Service{i}x0([]).find_0(1) is None\n\n\n"
        f"def test_helper():\n    assert helper_{i}(1, 2) == 2\n"
    )


def go_module(rng, pkg, i):
    out = [f"package {pkg}", "", 'import "errors"', ""]
    for c in range(rng.randint(1, 4)):
        out += [f"// Service{i}x{c} is a service.", f"type Service{i}x{c} struct {{", "\trepo []int", "}", ""]
        for m in range(rng.randint(2, 8)):
            out += [
                f"func (s *Service{i}x{c}) Find{m}(key int) (int, error) {{",
                "\tif key < 0 || len(s.repo) == 0 {",
                '\t\treturn 0, errors.New("key")',
                "\t}",
                "\tfor _, item := range s.repo {",
                "\t\tif item == key {",
                "\t\t\treturn item, nil",
                "\t\t}",
                "\t}",
                "\treturn 0, nil",
                "}",
                "",
            ]
    out += [f"func Helper{i}(a, b int) int {{", "\tif a > b {", "\t\treturn a", "\t}", "\treturn b", "}"]
    return "\n".join(out) + "\n"


def go_test(pkg, i):
    return (
        f'package {pkg}\n\nimport "testing"\n\nfunc TestFind{i}(t *testing.T) {{\n'
        f"\ts := &Service{i}x0{{}}\n\tif _, err := s.Find0(1); err == nil {{\n\t\tt.Fatal()\n\t}}\n}}\n"
    )


def ts_module(rng, pkg, i, others):
    out = [f"import {{ helper{j} }} from '../{p}/mod{j}';" for p, j in others]
    out.append("")
    for c in range(rng.randint(1, 4)):
        out.append(f"/** A service of module {i}. */")
        out.append(f"export class Service{i}x{c} {{")
        out.append("  constructor(private repo: number[], private limit = 10) {}")
        for m in range(rng.randint(2, 8)):
            out += [
                "",
                f"  find{m}(key: number | null, fallback: number | null = null): number | null {{",
                "    if (key == null || this.repo.length === 0) {",
                "      throw new Error('key');",
                "    }",
                "    for (const item of this.repo) {",
                "      if (item > 0 && item === key) {",
                "        return item;",
                "      }",
                "    }",
                "    return fallback;",
                "  }",
            ]
        out += ["}", ""]
    out += [f"export function helper{i}(a: number, b: number): number {{", "  return a > b ? a : b;", "}"]
    return "\n".join(out) + "\n"


def ts_test(i):
    return (
        f"import {{ Service{i}x0 }} from './mod{i}';\n\n"
        f"test('find', () => {{\n  expect(new Service{i}x0([]).find0(1)).toBe(null);\n}});\n"
    )


def rs_module(rng, i, others):
    out = [f"use crate::{p}::mod{j}::helper{j};" for p, j in others]
    out.append("")
    for c in range(rng.randint(1, 4)):
        out += [f"/// A service of module {i}.", f"pub struct Service{i}x{c} {{", "    repo: Vec<u32>,", "}", ""]
        out.append(f"impl Service{i}x{c} {{")
        for m in range(rng.randint(2, 8)):
            out += [
                f"    pub fn find{m}(&self, key: u32) -> Result<u32, String> {{",
                "        if key == 0 || self.repo.is_empty() {",
                '            return Err("key".into());',
                "        }",
                "        for item in &self.repo {",
                "            if *item == key {",
                "                return Ok(*item);",
                "            }",
                "        }",
                "        Ok(0)",
                "    }",
                "",
            ]
        out += ["}", ""]
    out += [f"pub fn helper{i}(a: u32, b: u32) -> u32 {{", "    if a > b { a } else { b }", "}"]
    return "\n".join(out) + "\n"


def java_module(rng, pkg, i):
    out = [f"package bench.{pkg};", "", "import java.util.List;", "", f"/** Service {i}. */", f"public class Service{i} {{"]
    out += ["    private final List<Integer> repo;", "", f"    public Service{i}(List<Integer> repo) {{", "        this.repo = repo;", "    }"]
    for m in range(rng.randint(4, 24)):
        out += [
            "",
            f"    public int find{m}(int key) {{",
            "        if (key < 0 || repo.isEmpty()) {",
            '            throw new IllegalArgumentException("key");',
            "        }",
            "        for (int item : repo) {",
            "            if (item == key) {",
            "                return item;",
            "            }",
            "        }",
            "        return 0;",
            "    }",
        ]
    out.append("}")
    return "\n".join(out) + "\n"


def java_test(pkg, i):
    return (
        f"package bench.{pkg};\n\nimport org.junit.jupiter.api.Test;\n\nclass Service{i}Test {{\n"
        f"    @Test\n    void finds() {{\n        new Service{i}(java.util.List.of()).find0(1);\n    }}\n}}\n"
    )


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def generate(root, layout, target_lines):
    """Writes a tree of about `target_lines` lines; returns nothing (lines are counted afterwards)."""
    rng = random.Random(f"{layout}-{target_lines}")
    langs = ["python"] if layout == "python" else ["python", "typescript", "go", "rust", "java"]
    share = target_lines // len(langs)
    for lang in langs:
        lines, i = 0, 0
        while lines < share:
            pkg = f"pkg{i // 40}"
            others = [(f"pkg{j // 40}", j) for j in sorted({rng.randrange(0, i) for _ in range(3)})] if i else []
            if lang == "python":
                base = root if layout == "python" else os.path.join(root, "backend")
                text = py_module(rng, pkg, i, others)
                write(os.path.join(base, "app", pkg, "__init__.py"), "")
                write(os.path.join(base, "app", pkg, f"mod{i}.py"), text)
                if i % 3 == 0:
                    t = py_test(pkg, i)
                    write(os.path.join(base, "tests", pkg, f"test_mod{i}.py"), t)
                    lines += t.count("\n")
            elif lang == "typescript":
                text = ts_module(rng, pkg, i, others)
                write(os.path.join(root, "frontend", "src", pkg, f"mod{i}.ts"), text)
                if i % 3 == 0:
                    t = ts_test(i)
                    write(os.path.join(root, "frontend", "src", pkg, f"mod{i}.test.ts"), t)
                    lines += t.count("\n")
            elif lang == "go":
                write(os.path.join(root, "gateway", "go.mod"), "module example.com/gateway\n\ngo 1.21\n")
                text = go_module(rng, pkg, i)
                write(os.path.join(root, "gateway", pkg, f"mod{i}.go"), text)
                if i % 3 == 0:
                    t = go_test(pkg, i)
                    write(os.path.join(root, "gateway", pkg, f"mod{i}_test.go"), t)
                    lines += t.count("\n")
            elif lang == "rust":
                write(os.path.join(root, "engine", "Cargo.toml"), '[package]\nname = "engine"\nversion = "0.1.0"\n')
                text = rs_module(rng, i, others)
                write(os.path.join(root, "engine", "src", pkg, f"mod{i}.rs"), text)
                if i % 3 == 0:
                    t = f"use engine::{pkg}::mod{i}::helper{i};\n\n#[test]\nfn helps() {{\n    assert_eq!(helper{i}(1, 2), 2);\n}}\n"
                    write(os.path.join(root, "engine", "tests", f"mod{i}.rs"), t)
                    lines += t.count("\n")
            elif lang == "java":
                text = java_module(rng, pkg, i)
                write(os.path.join(root, "billing", "src", "main", "java", "bench", pkg, f"Service{i}.java"), text)
                if i % 3 == 0:
                    t = java_test(pkg, i)
                    write(os.path.join(root, "billing", "src", "test", "java", "bench", pkg, f"Service{i}Test.java"), t)
                    lines += t.count("\n")
            lines += text.count("\n")
            i += 1


def synthetic_tree(layout, size_label):
    target = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}[size_label]
    root = os.path.join(CACHE, f"{layout}-{size_label}")
    stamp = os.path.join(CACHE, f"{layout}-{size_label}.done")
    if not os.path.exists(stamp):
        shutil.rmtree(root, ignore_errors=True)
        generate(root, layout, target)
        with open(stamp, "w") as f:
            f.write("1\n")
    return root


# ---------------------------------------------------------------------------------------------------------
# Measuring.
# ---------------------------------------------------------------------------------------------------------


def timed(cmd, stdin=None, stdout=None):
    """(wall s, user s, peak RSS MiB) of one run, through /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r") as t:
        full = ["/usr/bin/time", "-f", "%e %U %M", "-o", t.name] + cmd
        r = subprocess.run(full, stdin=stdin, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode != 0:
            sys.exit(f"bench: {' '.join(cmd)} failed with exit {r.returncode}")
        wall, user, rss = t.read().split()[-3:]
        return float(wall), float(user), int(rss) / 1024


def median_of(samples):
    return tuple(statistics.median(s[k] for s in samples) for k in range(3))


def count(root):
    """(files, lines) of the files tokei and gap-scan both read, lines as wc -l counts them."""
    exts = (".py", ".go", ".ts", ".tsx", ".js", ".rs", ".java", ".kt")
    files = lines = 0
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".") and x not in ("node_modules", "target", "__pycache__")]
        for n in names:
            if n.endswith(exts):
                files += 1
                with open(os.path.join(d, n), "rb") as f:
                    lines += f.read().count(b"\n")
    return files, lines


def bench_tree(label, root, runs, tokei, work, scan_only=False):
    files, lines = count(root)
    scan_out = os.path.join(work, "scan.json")
    gap_scan = [os.path.join(BIN, "gap-scan"), "--no-history", root]
    tokei_cmd = [tokei, root]
    # Warm the page cache once, then alternate.
    subprocess.run(tokei_cmd, stdout=subprocess.DEVNULL)
    subprocess.run(gap_scan, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t_samples, g_samples = [], []
    for _ in range(runs):
        t_samples.append(timed(tokei_cmd))
        with open(scan_out, "w") as out:
            g_samples.append(timed(gap_scan, stdout=out))
    t, g = median_of(t_samples), median_of(g_samples)
    head = (
        f"{label:<22} {files:>7} {lines:>9} | {t[0]:>6.2f} {t[1]:>6.2f} {t[2]:>6.0f} | {g[0]:>6.2f} {g[1]:>6.2f} {g[2]:>6.0f}"
        f" | {g[0] / max(t[0], 1e-3):>5.2f} {g[1] / max(t[1], 1e-3):>5.2f} {lines / max(g[1], 1e-3) / 1e6:>6.2f}"
    )
    if scan_only:
        print(head, flush=True)
        return
    ranked = os.path.join(work, "ranked.json")
    r_samples, p_samples = [], []
    for _ in range(runs):
        with open(scan_out) as i, open(ranked, "w") as o:
            r_samples.append(timed([os.path.join(BIN, "gap-rank")], stdin=i, stdout=o))
        with open(ranked) as i:
            p_samples.append(timed([os.path.join(BIN, "gap-report"), "--format", "markdown"], stdin=i))
    r, p = median_of(r_samples), median_of(p_samples)
    doc_mib = os.path.getsize(ranked) / 2**20
    print(
        f"{head} | {doc_mib:>6.1f} | {r[0]:>5.2f} {r[1]:>5.2f} {r[2]:>5.0f} | {p[0]:>5.2f} {p[1]:>5.2f} {p[2]:>5.0f}",
        flush=True,
    )


def synthetic_document(n, path):
    """A gap/1 scan document of n modules in n/50 categories, written as gap-scan writes it."""
    rng = random.Random(n)
    modules, categories = [], {}
    for i in range(n):
        cat = f"app/pkg{i // 50}"
        path_i = f"{cat}/mod{i}.py"
        syms = []
        for k in range(rng.randint(1, 12)):
            syms.append({"name": f"f{k}", "kind": "function", "line": 1 + 10 * k, "branches": rng.randint(0, 9),
                         "raises": rng.randint(0, 2), "public": True, "referenced": rng.random() < 0.4})
        ref = sum(s["referenced"] for s in syms)
        status = "tested" if ref * 2 >= len(syms) else ("limited" if ref else rng.choice(["untested", "indirect", "import_only"]))
        tests = [f"tests/test_mod{i}.py"] if ref else []
        modules.append({
            "path": path_i, "language": "python", "name": path_i[:-3].replace("/", "."), "category": cat,
            "lines": rng.randint(20, 600), "code_lines": rng.randint(10, 400), "branches": rng.randint(0, 80),
            "testable": True, "symbols": syms, "raises": [], "imports": [], "external_imports": ["sqlalchemy"] if i % 7 == 0 else [],
            "imported_by": [], "direct_tests": tests, "import_only_tests": [], "named_tests": [], "indirect_via": [],
            "evidence": [{"test": t, "line": 1, "kind": "reference"} for t in tests],
            "public_symbols": len(syms), "referenced_symbols": ref,
            "symbol_coverage": round(ref / len(syms), 4), "status": status,
        })
        categories.setdefault(cat, []).append(path_i)
    modules.sort(key=lambda m: m["path"])  # as gap-scan writes them (by path: mod10.py before mod2.py)
    for ms in categories.values():
        ms.sort()
    doc = {
        "schema": "gap/1", "tool": {"name": "gap-scan", "version": "bench"}, "stages": [{"name": "gap-scan", "version": "bench"}],
        "root": "synthetic", "modules": modules, "tests": [], "warnings": [], "excluded": [],
        "categories": [{"id": c, "name": c.rsplit("/", 1)[-1], "languages": ["python"], "modules": ms} for c, ms in sorted(categories.items())],
    }
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)


def big_file_tree(defs):
    """A tree whose one module holds `defs` definitions (half functions, half constants) and a test using one."""
    root = os.path.join(CACHE, f"bigfile-{defs}")
    stamp = root + ".done"
    if not os.path.exists(stamp):
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(os.path.join(root, "app"))
        write(os.path.join(root, "app", "__init__.py"), "")
        with open(os.path.join(root, "app", "huge.py"), "w") as f:
            for i in range(defs):
                f.write(f"def f{i}(a):\n    return a\n" if i % 2 else f"X{i} = {i}\n")
        write(os.path.join(root, "tests", "test_huge.py"), "from app.huge import f1\n\n\ndef test_f():\n    assert f1(2) == 2\n")
        with open(stamp, "w") as f:
            f.write("1\n")
    return root


def bench_big_file(defs, runs, work):
    root = big_file_tree(defs)
    size = os.path.getsize(os.path.join(root, "app", "huge.py")) / 2**20
    out = os.path.join(work, "big.json")
    samples = []
    for _ in range(runs):
        with open(out, "w") as o:
            samples.append(timed([os.path.join(BIN, "gap-scan"), "--no-history", root], stdout=o))
    w, u, peak = median_of(samples)
    print(f"one file of {defs:,} definitions ({size:.0f} MiB): gap-scan {w:.2f} s wall {u:.2f} s user"
          f" {peak:.0f} MiB peak ({peak / size:.1f}x the file)")


def bench_document(n, runs, work):
    doc = os.path.join(work, f"doc-{n}.json")
    synthetic_document(n, doc)
    ranked = os.path.join(work, f"ranked-{n}.json")
    r_samples, p_samples = [], []
    for _ in range(runs):
        with open(doc) as i, open(ranked, "w") as o:
            r_samples.append(timed([os.path.join(BIN, "gap-rank")], stdin=i, stdout=o))
        with open(ranked) as i:
            p_samples.append(timed([os.path.join(BIN, "gap-report"), "--format", "markdown"], stdin=i))
    r, p = median_of(r_samples), median_of(p_samples)
    size = os.path.getsize(doc) / 2**20
    print(f"document of {n:,} modules: {size:.0f} MiB scanned, {os.path.getsize(ranked) / 2**20:.0f} MiB ranked")
    print(f"  gap-rank   {r[0]:>6.2f} s wall {r[1]:>6.2f} s user {r[2]:>7.0f} MiB peak ({r[2] / size:.1f}x the document)")
    print(f"  gap-report {p[0]:>6.2f} s wall {p[1]:>6.2f} s user {p[2]:>7.0f} MiB peak ({p[2] / size:.1f}x the document)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="10k,100k,1m")
    ap.add_argument("--layouts", default="python,mixed")
    ap.add_argument("--tree", action="append", default=[], help="a real tree to measure (repeatable)")
    ap.add_argument("--modules-doc", type=int, default=100_000)
    ap.add_argument("--no-synthetic", action="store_true")
    ap.add_argument("--big-file", type=int, default=0, metavar="DEFS",
                    help="also scan a tree whose one file holds DEFS definitions (peak memory against the file's size)")
    ap.add_argument("--scan-only", action="store_true", help="measure gap-scan and tokei only (no rank, report, document)")
    a = ap.parse_args()
    tokei = shutil.which("tokei") or os.path.expanduser("~/.cargo/bin/tokei")
    if not os.path.exists(tokei):
        sys.exit("bench: tokei not found; install it with `cargo install tokei`")
    version = subprocess.run([tokei, "--version"], capture_output=True, text=True).stdout.strip()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores; load average {load}; {version}; median of {a.runs} alternating runs; times in s,"
          " memory in MiB")
    print(f"{'tree':<22} {'files':>7} {'lines':>9} | {'tokei: wall':>6} {'user':>6} {'peak':>6} | "
          f"{'scan: wall':>6} {'user':>6} {'peak':>6} | {'wall×':>5} {'user×':>5} {'Mln/s':>6}"
          + ("" if a.scan_only else f" | {'docMiB':>6} | {'rank: wall':>5} {'user':>5} {'peak':>5} |"
             f" {'report: wall':>5} {'user':>5} {'peak':>5}"))
    with tempfile.TemporaryDirectory() as work:
        if not a.no_synthetic:
            for layout in a.layouts.split(","):
                for size in a.sizes.split(","):
                    bench_tree(f"{layout}-{size}", synthetic_tree(layout, size), a.runs, tokei, work, a.scan_only)
        for t in a.tree:
            bench_tree(os.path.basename(os.path.normpath(t))[:22], t, a.runs, tokei, work, a.scan_only)
        if a.big_file:
            bench_big_file(a.big_file, a.runs, work)
        if a.modules_doc and not a.scan_only:
            bench_document(a.modules_doc, a.runs, work)


if __name__ == "__main__":
    main()
