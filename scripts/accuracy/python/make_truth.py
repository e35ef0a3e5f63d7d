#!/usr/bin/env python3
"""Turn a coverage.py database recorded with per-test dynamic contexts
(pytest-cov ``--cov-context=test``, branch mode) into the common truth JSON
of the accuracy suite (docs/accuracy.md describes its fields).

Run with the project's venv python (it needs ``coverage``); make_truth.sh
calls it.
"""
from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import os
import platform
import re
import sqlite3
import sys
from collections import defaultdict

SCHEMA_VERSION = 1

TEST_DIR_NAMES = {"tests", "test", "testing"}
TEST_FILE_GLOBS = ("test_*.py", "*_test.py", "conftest.py")
SKIP_DIRS = {".git", ".tox", ".nox", "__pycache__", "build", "dist", ".venv",
             "venv", "node_modules", ".eggs"}
NON_TEST_TOP_DIRS = {"docs", "doc", "examples", "example", "benchmarks", "bench"}


# --------------------------------------------------------------------------
# file classification
# --------------------------------------------------------------------------
def is_test_path(rel: str) -> bool:
    parts = rel.split("/")
    base = parts[-1]
    if any(fnmatch.fnmatch(base, g) for g in TEST_FILE_GLOBS):
        return True
    return any(p in TEST_DIR_NAMES for p in parts[:-1])


def walk_py(root: str, start: str):
    for dirpath, dirnames, filenames in os.walk(start):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in SKIP_DIRS and not d.endswith(".egg-info"))
        for fn in sorted(filenames):
            if fn.endswith(".py"):
                full = os.path.join(dirpath, fn)
                yield os.path.relpath(full, root).replace(os.sep, "/")


def dotted_name(root: str, rel: str) -> str:
    """Module name of a file: climb while the directory is a package."""
    full = os.path.join(root, rel)
    d, fn = os.path.split(full)
    parts = [] if fn == "__init__.py" else [fn[:-3]]
    while os.path.isfile(os.path.join(d, "__init__.py")):
        parts.insert(0, os.path.basename(d))
        nd = os.path.dirname(d)
        if nd == d:
            break
        d = nd
    return ".".join(parts)


# --------------------------------------------------------------------------
# static import scan of test files
# --------------------------------------------------------------------------
DOTTED_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")


def entry_points(root: str, known: dict[str, str]) -> dict[str, str]:
    """Entry-point names the project declares (pyproject.toml, setup.cfg; scripts left out) -> the dotted
    source module each points into: a test string equal to one names that module (``extensions=['tables']``)."""
    import configparser
    import tomllib
    groups: dict[str, dict[str, str]] = {}
    try:
        with open(os.path.join(root, "pyproject.toml"), "rb") as fh:
            project = tomllib.load(fh)
        groups.update(project.get("project", {}).get("entry-points", {}))
        groups.update(project.get("tool", {}).get("poetry", {}).get("plugins", {}))
    except (OSError, tomllib.TOMLDecodeError):
        pass
    cfg = configparser.ConfigParser()
    try:
        cfg.read(os.path.join(root, "setup.cfg"), encoding="utf-8")
        if cfg.has_section("options.entry_points"):
            for group, text in cfg.items("options.entry_points"):
                groups[group] = dict(tuple(x.strip() for x in line.split("=", 1))
                                     for line in text.splitlines() if "=" in line)
    except configparser.Error:
        pass
    out = {}
    for group, entries in groups.items():
        if group in ("console_scripts", "gui_scripts"):
            continue
        for name, value in entries.items():
            module = value.split(":")[0].split("[")[0].strip()
            if module in known:
                out[name] = module
    return out


def resolve_imports(tree: ast.AST, own_module: str, is_pkg_init: bool,
                    known: dict[str, str], exports: dict | None = None, eps: dict | None = None):
    """Static references from one test-side file to source modules.

    Returns three dicts {source_module_dotted_name: [line numbers]}:

    imports  -- import statements (the primary "imports it directly" signal).
        ``import a.b.c`` -> a.b.c ; ``from a.b import c`` -> a.b.c when that
        is a module, else a.b ; ``from a.b import *`` -> a.b.  Parent packages
        that Python imports implicitly are not counted.  Names that are not
        source modules fall back to their longest known prefix.  Relative
        imports are resolved against the test file's own package.  Imports
        anywhere in the file count (also inside functions / try blocks).
    attrs    -- attribute chains rooted at an imported name that reach a more
        specific module than the import itself, e.g. ``import pkg`` then
        ``pkg.formatting.wrap_text(...)`` -> pkg.formatting.
    strings  -- dotted string literals naming a module or something inside
        it, e.g. ``monkeypatch.setattr("pkg.termui.prompt_func", f)``
        -> pkg.termui (longest known prefix; the string must contain a dot),
        and entry-point names (``eps``, from entry_points()) the project loads
        plugins by: ``extensions=['tables']`` -> pkg.extensions.tables.
    reexp    -- names a module re-exports, used through it: ``from httpx import
        get`` or ``httpx.get(...)`` where httpx/__init__.py has ``from ._api
        import get`` -> httpx._api (``exports`` is reexport_table()'s answer).
    """
    imports: dict[str, list[int]] = defaultdict(list)
    attrs: dict[str, list[int]] = defaultdict(list)
    strings: dict[str, list[int]] = defaultdict(list)
    alias: dict[str, str] = {}  # local name -> dotted target

    def longest_known(name: str):
        parts = name.split(".")
        for i in range(len(parts), 0, -1):
            cand = ".".join(parts[:i])
            if cand in known:
                return cand
        return None

    own_pkg = own_module.split(".") if is_pkg_init else own_module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                m = longest_known(a.name)
                if m:
                    imports[m].append(node.lineno)
                if a.asname:
                    alias[a.asname] = a.name
                else:
                    top = a.name.split(".")[0]
                    alias.setdefault(top, top)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if node.level - 1 > len(own_pkg):
                    continue
                base_parts = own_pkg[: len(own_pkg) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for a in node.names:
                full = f"{base}.{a.name}" if base else a.name
                if a.name != "*" and full in known:
                    imports[full].append(node.lineno)
                else:
                    m = longest_known(base)
                    if m:
                        imports[m].append(node.lineno)
                if a.name != "*":
                    alias[a.asname or a.name] = full

    def attribute_chain(node):
        """(imported target, dotted name) of an attribute chain rooted at an imported name, else None."""
        chain = []
        cur = node
        while isinstance(cur, ast.Attribute):
            chain.append(cur.attr)
            cur = cur.value
        if not isinstance(cur, ast.Name) or cur.id not in alias:
            return None
        return alias[cur.id], ".".join([alias[cur.id]] + chain[::-1])

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            found = attribute_chain(node)
            if not found:
                continue
            target, full = found
            m = longest_known(full)
            if m and m != longest_known(target) and len(m) > len(target):
                attrs[m].append(node.lineno)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            v = node.value
            if len(v) < 200 and DOTTED_RE.match(v):
                m = longest_known(v)
                if m:
                    strings[m].append(node.lineno)
            elif eps and v in eps:
                strings[eps[v]].append(node.lineno)

    reexp: dict[str, list[int]] = defaultdict(list)
    if exports:
        def via_reexport(full, line):
            m = longest_known(full)
            rest = full[len(m) + 1:].split(".") if m and len(full) > len(m) else []
            if rest and rest[0]:
                d = exported_from(exports, m, rest[0])
                if d and d != m:
                    reexp[d].append(line)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for a in node.names:
                    full = alias.get(a.asname or a.name)
                    if full:
                        via_reexport(full, node.lineno)
            elif isinstance(node, ast.Attribute):
                found = attribute_chain(node)
                if found:
                    via_reexport(found[1], node.lineno)

    def fin(d):
        return {k: sorted(set(v)) for k, v in d.items()}
    return fin(imports), fin(attrs), fin(strings), fin(reexp)


def parsed_modules(root: str, src_modules: list[str], mod_name: dict[str, str]):
    """Each source module that parses: (path, its ast, its module name, the package its relative imports
    start from). Unreadable or unparsable modules are skipped."""
    for rel in src_modules:
        try:
            with open(os.path.join(root, rel), encoding="utf-8") as fh:
                tree = ast.parse(fh.read(), filename=rel)
        except (SyntaxError, UnicodeDecodeError, OSError):
            continue
        me = mod_name[rel]
        yield rel, tree, me, (me.split(".") if rel.endswith("__init__.py") else me.split(".")[:-1])


def reexport_table(root: str, src_modules: list[str], mod_name: dict[str, str], known: dict[str, str]):
    """Per source module: the names its module-level ``from X import name`` statements bind ({name: module
    the name comes from}), the modules it star-imports, and the names it defines itself."""
    table = {}
    for rel, tree, me, own_pkg in parsed_modules(root, src_modules, mod_name):
        names, stars, defined = {}, [], set()

        def block(stmts):
            for st in stmts:
                if isinstance(st, ast.ImportFrom):
                    if st.level:
                        if st.level - 1 > len(own_pkg):
                            continue
                        base = ".".join(own_pkg[: len(own_pkg) - (st.level - 1)] + ([st.module] if st.module else []))
                    else:
                        base = st.module or ""
                    for a in st.names:
                        full = f"{base}.{a.name}"
                        if a.name == "*":
                            if base in known:
                                stars.append(base)
                        elif full in known:
                            names[a.asname or a.name] = (full, None)
                        elif base in known:
                            names[a.asname or a.name] = (base, a.name)
                elif isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    defined.add(st.name)
                elif isinstance(st, ast.Assign):
                    defined.update(t.id for t in st.targets if isinstance(t, ast.Name))
                elif isinstance(st, (ast.If, ast.Try)):
                    block(st.body)
                    block(st.orelse)
                    for h in getattr(st, "handlers", []):
                        block(h.body)
                    block(getattr(st, "finalbody", []))
        block(tree.body)
        table[me] = (names, stars, defined)
    return table


def exported_from(table, module: str, name: str, depth: int = 0):
    """The module that defines `name` as `module` exposes it, following re-exports (None: not a re-export)."""
    if depth > 8 or module not in table:
        return None
    names, stars, defined = table[module]
    if name in names:
        target, attr = names[name]
        if attr is None:
            return target
        return exported_from(table, target, attr, depth + 1) or target
    if name in defined:
        return module
    for star in stars:
        found = exported_from(table, star, name, depth + 1)
        if found:
            return found
    return None



MAX_ANCESTRY = 16


def base_classes(root: str, src_modules: list[str], mod_name: dict[str, str], known: dict[str, str], exports):
    """The classes of the source modules, as (module, class): their base classes of the tree, followed through
    imports and re-exports (``class Flask(App)`` with ``from .sansio.app import App`` -> (flask.sansio.app,
    App)), and the methods each defines. Returns (parents, methods)."""
    out: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    methods: dict[tuple[str, str], set[str]] = {}
    for rel, tree, me, own_pkg in parsed_modules(root, src_modules, mod_name):
        alias: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    alias[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    # By the file it names (a folder without __init__.py has no dotted name of its own).
                    d = os.path.dirname(rel)
                    for _ in range(node.level - 1):
                        d = os.path.dirname(d)
                    stem = os.path.join(d, *(node.module or "").split("."))
                    file = next((f for f in (stem + ".py", os.path.join(stem, "__init__.py")) if f in mod_name),
                                None)
                    if file is None:
                        continue
                    base = mod_name[file]
                else:
                    base = node.module or ""
                for a in node.names:
                    if a.name != "*":
                        alias[a.asname or a.name] = f"{base}.{a.name}" if base else a.name
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            methods[(me, node.name)] = {f.name for f in node.body
                                        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
            for b in node.bases:
                chain = []
                while isinstance(b, ast.Attribute):
                    chain.append(b.attr)
                    b = b.value
                if not isinstance(b, ast.Name) or b.id not in alias:
                    continue
                full = ".".join([alias[b.id]] + chain[::-1])
                mod, _, name = full.rpartition(".")
                parts = mod.split(".")
                for i in range(len(parts), 0, -1):
                    cand = ".".join(parts[:i])
                    if cand in known:
                        rest = (parts[i:] + [name])[0]
                        d = exported_from(exports, cand, rest) or cand
                        if (d, rest) != (me, node.name):
                            out[(me, node.name)].add((d, rest))
                        break
    return out, methods


def ancestors(parents, cls) -> set:
    """The base classes of class `cls` ((module, class)), transitively (MAX_ANCESTRY deep)."""
    seen: set = set()
    level = {cls}
    for _ in range(MAX_ANCESTRY):
        level = {p for c in level for p in parents.get(c, ())} - seen - {cls}
        if not level:
            break
        seen |= level
    return seen

# --------------------------------------------------------------------------
# ast: function bodies and symbols
# --------------------------------------------------------------------------
class Func:
    __slots__ = ("name", "qualname", "kind", "parent", "lineno", "first_lineno",
                 "body_start", "end_lineno", "one_liner", "top_level", "overload")

    def __init__(self, node, qualname, kind, parent, top_level):
        self.name = node.name
        self.qualname = qualname
        self.kind = kind  # function | method | nested
        self.parent = parent
        self.lineno = node.lineno
        # code object's co_firstlineno: first decorator line when decorated
        self.first_lineno = min([node.lineno] + [d.lineno for d in node.decorator_list])
        self.body_start = node.body[0].lineno
        self.end_lineno = node.end_lineno
        self.one_liner = self.body_start == node.lineno
        self.top_level = top_level
        self.overload = any(
            (isinstance(d, ast.Name) and d.id == "overload")
            or (isinstance(d, ast.Attribute) and d.attr == "overload")
            for d in node.decorator_list)


class Klass:
    __slots__ = ("name", "qualname", "lineno", "end_lineno", "top_level", "methods")

    def __init__(self, node, qualname, top_level):
        self.name = node.name
        self.qualname = qualname
        self.lineno = min([node.lineno] + [d.lineno for d in node.decorator_list])
        self.end_lineno = node.end_lineno
        self.top_level = top_level
        self.methods: list[Func] = []


def collect_defs(tree: ast.Module):
    funcs: list[Func] = []
    classes: list[Klass] = []
    FN = (ast.FunctionDef, ast.AsyncFunctionDef)

    def visit_block(stmts, scope_kind, qual_prefix, klass, top):
        # scope_kind: module | class | function
        for st in stmts:
            if isinstance(st, FN):
                q = f"{qual_prefix}{st.name}"
                if scope_kind == "module":
                    f = Func(st, q, "function", None, True)
                elif scope_kind == "class":
                    f = Func(st, q, "method", klass.qualname, klass.top_level)
                    klass.methods.append(f)
                else:
                    f = Func(st, q, "nested", None, False)
                funcs.append(f)
                visit_block(st.body, "function", f"{q}.<locals>.", None, False)
            elif isinstance(st, ast.ClassDef):
                q = f"{qual_prefix}{st.name}"
                k = Klass(st, q, scope_kind == "module")
                if scope_kind != "function":
                    classes.append(k)
                visit_block(st.body, "class", f"{q}.", k, False)
            else:
                # descend into compound statements (if/try/with/for/while/match)
                for field in ("body", "orelse", "finalbody"):
                    sub = getattr(st, field, None)
                    if isinstance(sub, list) and sub and isinstance(sub[0], ast.stmt):
                        visit_block(sub, scope_kind, qual_prefix, klass, top)
                for h in getattr(st, "handlers", None) or []:
                    visit_block(h.body, scope_kind, qual_prefix, klass, top)
                for c in getattr(st, "cases", None) or []:
                    visit_block(c.body, scope_kind, qual_prefix, klass, top)

    visit_block(tree.body, "module", "", None, True)
    return funcs, classes


def is_public(name: str) -> bool:
    return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))


# --------------------------------------------------------------------------
# coverage database
# --------------------------------------------------------------------------
def load_db(path: str):
    con = sqlite3.connect(path)
    files = dict(con.execute("select id, path from file"))
    contexts = dict(con.execute("select id, context from context"))
    has_arcs = con.execute("select count(*) from arc").fetchone()[0] > 0
    return con, files, contexts, has_arcs


def context_test_file(ctx: str) -> str | None:
    if not ctx:
        return None
    nodeid = ctx.rsplit("|", 1)[0] if "|" in ctx else ctx
    return nodeid.split("::", 1)[0]


def per_file_exec(con, file_id: int, has_arcs: bool):
    """{context_id: (set(lines), set((from,to) entry arcs with from<0))}"""
    lines: dict[int, set[int]] = defaultdict(set)
    entries: dict[int, set[tuple[int, int]]] = defaultdict(set)
    if has_arcs:
        for ctx_id, a, b in con.execute(
                "select context_id, fromno, tono from arc where file_id=?", (file_id,)):
            if a > 0:
                lines[ctx_id].add(a)
            if b > 0:
                lines[ctx_id].add(b)
            if a < 0:
                entries[ctx_id].add((a, b))
    else:
        from coverage.numbits import numbits_to_nums
        for ctx_id, nb in con.execute(
                "select context_id, numbits from line_bits where file_id=?", (file_id,)):
            lines[ctx_id].update(numbits_to_nums(nb))
    return lines, entries


def junit_file(root: str, classname: str):
    parts = classname.split(".")
    for i in range(len(parts), 0, -1):
        rel = "/".join(parts[:i]) + ".py"
        if os.path.isfile(os.path.join(root, rel)):
            return rel
    return None


# --------------------------------------------------------------------------
def parse_pytest_summary(log_path: str):
    try:
        with open(log_path, encoding="utf-8", errors="replace") as fh:
            text = fh.read().splitlines()
    except OSError:
        return None, {}
    line = None
    for ln in reversed(text):
        if re.search(r"\b(passed|failed|error|errors|skipped|no tests ran)\b", ln) and " in " in ln:
            line = ln.strip().strip("=").strip()
            break
    counts = {}
    if line:
        for n, word in re.findall(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected|warnings?)", line):
            counts[word.rstrip("s") if word in ("errors", "warnings") else word] = int(n)
    return line, counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name")
    ap.add_argument("--version")
    ap.add_argument("--root")
    ap.add_argument("--data")
    ap.add_argument("--rcfile")
    ap.add_argument("--pkgs", nargs="+")
    ap.add_argument("--pytest-log")
    ap.add_argument("--junit")
    ap.add_argument("--pytest-rc", type=int)
    ap.add_argument("--pytest-args", default="")
    ap.add_argument("--extra-deps", default="")
    ap.add_argument("--tools", default="")
    ap.add_argument("--freeze")
    ap.add_argument("--sdist")
    ap.add_argument("--sdist-sha256")
    ap.add_argument("--timing", nargs="*", default=[])
    ap.add_argument("--layout", default="")
    ap.add_argument("--notes", default="")
    ap.add_argument("--out", required=True)
    ap.add_argument("--from-truth", help="take every project and run fact not given from this earlier truth "
                    "(make_truth.sh's TRUTH_REANALYSE=1: analyse the kept coverage data again)")
    args = ap.parse_args()
    if args.from_truth:
        with open(args.from_truth, encoding="utf-8") as fh:
            prev = json.load(fh)
        pr, run, env = prev["project"], prev["run"], prev["environment"]
        fill = {"name": pr["name"], "version": pr["version"], "root": pr["scan_root"], "pkgs": pr["packages"],
                "sdist": pr.get("sdist"), "sdist_sha256": pr.get("sdist_sha256"), "layout": pr.get("layout", ""),
                "notes": pr.get("notes", ""), "pytest_args": run.get("pytest_args", ""),
                "pytest_rc": run.get("pytest_exit_code"), "extra_deps": " ".join(env.get("extra_deps", [])),
                "tools": " ".join(env.get("tools", [])),
                "timing": [f"{k}={v}" for k, v in (run.get("timing_s") or {}).items()]}
        for k, v in fill.items():
            if getattr(args, k) in (None, "", []):
                setattr(args, k, v)
    missing = [k for k in ("name", "version", "root", "data", "rcfile", "pkgs") if not getattr(args, k)]
    if missing:
        ap.error("missing: " + ", ".join("--" + k for k in missing))

    import coverage
    from coverage.python import PythonFileReporter

    root = os.path.realpath(args.root)

    # ---- coverage data ----------------------------------------------------------
    con, files, contexts, has_arcs = load_db(args.data)
    real_to_fid = {os.path.realpath(p): fid for fid, p in files.items()}
    cov = coverage.Coverage(data_file=args.data, config_file=args.rcfile)
    cov.load()

    ctx_file = {cid: context_test_file(c) for cid, c in contexts.items()}
    empty_ctx_ids = {cid for cid, c in contexts.items() if not c}
    test_ctx_ids = {cid for cid in contexts if cid not in empty_ctx_ids}
    # test items (node ids without the |setup/|run/|teardown phase)
    nodeids_by_file: dict[str, set[str]] = defaultdict(set)
    for cid in test_ctx_ids:
        c = contexts[cid]
        nodeids_by_file[ctx_file[cid]].add(c.rsplit("|", 1)[0])
    collected_files = set(nodeids_by_file)

    # pytest's own view of the run (junit xml, xunit1 family has file=...)
    junit_by_file: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if args.junit and os.path.exists(args.junit):
        import xml.etree.ElementTree as ET
        for tc in ET.parse(args.junit).getroot().iter("testcase"):
            # The "file" attribute names where the test *function* is defined
            # (for inherited unittest methods that can be a library module),
            # so derive the collected file from the dotted classname instead.
            f = junit_file(root, tc.get("classname") or "") or tc.get("file")
            if not f:
                continue
            if tc.find("failure") is not None:
                oc = "failed"
            elif tc.find("error") is not None:
                oc = "error"
            elif tc.find("skipped") is not None:
                oc = "skipped"
            else:
                oc = "passed"
            junit_by_file[f][oc] += 1
    junit_files = {f for f, c in junit_by_file.items() if sum(c.values())}
    collected_files |= junit_files

    # ---- source modules -------------------------------------------------
    # Every .py file under the package dirs, except files inside a tests/test
    # sub-directory of the package, conftest.py, and files pytest collected
    # test items from.  (A library module merely *named* like a test, e.g.
    # pkg/test_tools.py, stays a source module.)
    def is_pkg_test_file(rel_in_pkg: str, rel: str) -> bool:
        parts = rel_in_pkg.split("/")
        collected_test = rel in collected_files and any(
            fnmatch.fnmatch(parts[-1], g) for g in ("test_*.py", "*_test.py"))
        return (parts[-1] == "conftest.py" or collected_test
                or any(p in ("tests", "test") for p in parts[:-1]))

    src_modules: list[str] = []
    for p in args.pkgs:
        start = os.path.join(root, p)
        if os.path.isfile(start):
            src_modules.append(os.path.relpath(start, root))
            continue
        for rel in walk_py(root, start):
            if not is_pkg_test_file(os.path.relpath(os.path.join(root, rel), start), rel):
                src_modules.append(rel)
    src_modules = sorted(set(src_modules))
    known = {}  # dotted -> rel
    mod_name = {}
    for rel in src_modules:
        dn = dotted_name(root, rel)
        mod_name[rel] = dn
        known[dn] = rel
    src_set = set(src_modules)

    # ---- test-side files ------------------------------------------------------
    test_side = []
    for rel in walk_py(root, root):
        top = rel.split("/", 1)[0]
        if top in NON_TEST_TOP_DIRS or rel in src_set:
            continue
        if is_test_path(rel) or rel in collected_files:
            test_side.append(rel)

    test_side_all = sorted(set(test_side) | {f for f in collected_files if f.endswith(".py") and f not in src_set})

    # static imports of each test-side file
    test_imports: dict[str, dict[str, list[int]]] = {}
    test_attr_refs: dict[str, dict[str, list[int]]] = {}
    test_str_refs: dict[str, dict[str, list[int]]] = {}
    test_reexp_refs: dict[str, dict[str, list[int]]] = {}
    test_words: dict[str, set[str]] = {}
    exports = reexport_table(root, src_modules, mod_name, known)
    eps = entry_points(root, known)
    parse_errors = []
    for rel in test_side_all:
        try:
            with open(os.path.join(root, rel), encoding="utf-8") as fh:
                tree = ast.parse(fh.read(), filename=rel)
        except (SyntaxError, UnicodeDecodeError, OSError) as exc:
            parse_errors.append({"path": rel, "error": repr(exc)})
            continue
        test_words[rel] = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)} | \
            {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        dn = dotted_name(root, rel)
        test_imports[rel], test_attr_refs[rel], test_str_refs[rel], test_reexp_refs[rel] = resolve_imports(
            tree, dn, rel.endswith("__init__.py"), known, exports, eps)
    importers: dict[str, set[str]] = defaultdict(set)
    attr_referencers: dict[str, set[str]] = defaultdict(set)
    str_referencers: dict[str, set[str]] = defaultdict(set)
    reexp_referencers: dict[str, set[str]] = defaultdict(set)
    for src_map, dst in ((test_imports, importers), (test_attr_refs, attr_referencers),
                         (test_str_refs, str_referencers), (test_reexp_refs, reexp_referencers)):
        for tf, mods in src_map.items():
            for m in mods:
                dst[known[m]].add(tf)
    # A test that reaches a module reaches the modules defining its classes' base classes: their methods are
    # the subclasses' (`app.add_url_rule` on a Flask runs flask/sansio/app.py).
    # Only when the test names the subclass and a method the base class defines (calls it on the subclass).
    parents, methods = base_classes(root, src_modules, mod_name, known, exports)
    classes_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for c in parents:
        classes_of[c[0]].append(c)
    inherit_referencers: dict[str, set[str]] = defaultdict(set)
    for src_map in (test_imports, test_attr_refs, test_str_refs, test_reexp_refs):
        for tf, mods in src_map.items():
            for m in mods:
                words = test_words.get(tf, set())
                for c in classes_of.get(m, ()):
                    if c[1] not in words:
                        continue
                    for bm, bc in ancestors(parents, c):
                        if bm in known and methods.get((bm, bc), set()) & words:
                            inherit_referencers[known[bm]].add(tf)

    def classify(f):
        if f is None:
            return "import-time"
        if f in src_set:
            return "doctest-in-source"
        if not f.endswith(".py"):
            return "doctest-file"
        return "test-file"

    # ---- per module -------------------------------------------------------------
    modules_out = []
    fn_total = 0
    for rel in src_modules:
        full = os.path.join(root, rel)
        with open(full, encoding="utf-8") as fh:
            src = fh.read()
        tree = ast.parse(src, filename=rel)
        _, statements, excluded, missing, _ = cov.analysis2(full)
        statements = set(statements)
        branch_info = None
        try:
            nums = cov._analyze(full).numbers  # private API, informational only
            branch_info = {"total": nums.n_branches,
                           "covered_any": nums.n_branches - nums.n_missing_branches}
        except Exception:  # pragma: no cover
            pass

        fid = real_to_fid.get(os.path.realpath(full))
        if fid is not None:
            lines_by_ctx, entries_by_ctx = per_file_exec(con, fid, has_arcs)
            # map every executed line to the first line of its statement, as
            # coverage.py's own analysis does (multi-line statements)
            fr = PythonFileReporter(full, coverage=cov)
            lines_by_ctx = {cid: set(fr.translate_lines(ls)) for cid, ls in lines_by_ctx.items()}
        else:
            lines_by_ctx, entries_by_ctx = {}, {}

        funcs, classes = collect_defs(tree)
        fn_total += len(funcs)
        # body statement sets
        body_sets = {}
        for f in funcs:
            if f.one_liner:
                body_sets[f] = {f.body_start} & statements
            else:
                body_sets[f] = {s for s in statements if f.body_start <= s <= f.end_lineno}
        body_stmts = set().union(*body_sets.values()) if body_sets else set()

        # line -> functions whose (multi-line) body contains it
        line_funcs: dict[int, list[Func]] = defaultdict(list)
        one_liners_by_first: dict[int, list[Func]] = defaultdict(list)
        for f in funcs:
            if f.one_liner:
                if body_sets[f]:
                    one_liners_by_first[-f.first_lineno].append(f)
            else:
                for s in body_sets[f]:
                    line_funcs[s].append(f)

        exec_any = set()
        exec_tests = set()
        for cid, ls in lines_by_ctx.items():
            ls = ls & statements
            exec_any |= ls
            if cid in test_ctx_ids:
                exec_tests |= ls

        func_cov_tests: dict[Func, set[int]] = {f: set() for f in funcs}
        func_cov_any: dict[Func, set[int]] = {f: set() for f in funcs}
        func_files: dict[Func, set[str]] = {f: set() for f in funcs}
        body_lines_by_testfile: dict[str, set[int]] = defaultdict(set)
        body_cov_import_time = set()
        for cid in set(lines_by_ctx) | set(entries_by_ctx):
            is_test = cid in test_ctx_ids
            tf = ctx_file[cid] if is_test else None
            hits: dict[Func, set[int]] = defaultdict(set)
            for ln in lines_by_ctx.get(cid, ()):
                for f in line_funcs.get(ln, ()):
                    hits[f].add(ln)
            for a, _b in entries_by_ctx.get(cid, ()):
                for f in one_liners_by_first.get(a, ()):
                    hits[f] |= body_sets[f]
            for f, got in hits.items():
                func_cov_any[f] |= got
                if is_test:
                    func_cov_tests[f] |= got
                    func_files[f].add(tf)
                    body_lines_by_testfile[tf] |= got
                else:
                    body_cov_import_time |= got
        body_cov_tests = set().union(*func_cov_tests.values()) if funcs else set()
        body_cov_any = set().union(*func_cov_any.values()) if funcs else set()

        # module-level statements (everything not inside a function body)
        mod_level = statements - body_stmts
        any_line_files = sorted({ctx_file[cid] for cid, ls in lines_by_ctx.items()
                                 if cid in test_ctx_ids and (ls & statements)})

        test_files = sorted(body_lines_by_testfile)
        direct = sorted(importers.get(rel, ()))
        executing_importers = sorted(set(test_files) & set(direct))
        attr_refs = sorted(attr_referencers.get(rel, ()))
        str_refs = sorted(str_referencers.get(rel, ()))
        reexp_refs = sorted(reexp_referencers.get(rel, ()))
        inherit_refs = sorted(inherit_referencers.get(rel, ()))
        any_ref = set(direct) | set(attr_refs) | set(str_refs) | set(reexp_refs) | set(inherit_refs)
        # Code that runs because it was imported: when no test runs a function body but the module's function
        # bodies run while modules load (a registry filled at import: requests' status_codes._init() fills the
        # `codes` tests read) and a test reads a name of the module (through a package's re-export, an
        # attribute chain or a string), the test exercises what that code built. A plain import is not enough.
        built_at_import = sorted(set(reexp_refs) | set(attr_refs) | set(str_refs)) \
            if not body_cov_tests and body_cov_import_time else []
        test_files = sorted(set(test_files) | set(built_at_import))
        executing_referencers = sorted(set(test_files) & any_ref)
        tested = bool(body_cov_tests) or bool(built_at_import)

        def sym_record(name, qualname, kind, lineno, end_lineno, fl, body, ct, parent=None,
                       overload=False):
            r = {
                "name": name, "qualname": qualname, "kind": kind,
                "public": is_public(name), "lineno": lineno, "end_lineno": end_lineno,
                "body_statements": len(body), "body_covered_by_tests": len(ct),
                "executed": (bool(ct) if body else None),
                "test_files": sorted(fl),
            }
            if parent:
                r["parent"] = parent
            if overload:
                r["overload"] = True
            return r

        symbols = []
        for f in funcs:
            if f.kind == "function":
                symbols.append(sym_record(f.name, f.qualname, "function", f.lineno, f.end_lineno,
                                          func_files[f], body_sets[f], func_cov_tests[f],
                                          overload=f.overload))
        for k in classes:
            mb = set().union(*(body_sets[m] for m in k.methods)) if k.methods else set()
            mc = set().union(*(func_cov_tests[m] for m in k.methods)) if k.methods else set()
            mf = set().union(*(func_files[m] for m in k.methods)) if k.methods else set()
            symbols.append(sym_record(k.name, k.qualname, "class", k.lineno, k.end_lineno,
                                      mf, mb, mc))
            for m in k.methods:
                symbols.append(sym_record(m.name, m.qualname, "method", m.lineno, m.end_lineno,
                                          func_files[m], body_sets[m], func_cov_tests[m],
                                          parent=k.qualname, overload=m.overload))
        symbols.sort(key=lambda r: (r["lineno"], r["qualname"]))

        kinds = sorted({classify(tf) for tf in test_files})
        modules_out.append({
            "path": rel,
            "module": mod_name[rel],
            "is_package_init": rel.endswith("__init__.py"),
            "measured": fid is not None,
            "statements": {
                "total": len(statements),
                "excluded": len(set(excluded)),
                "covered_any": len(exec_any),
                "covered_by_tests": len(exec_tests),
                "missing": len(statements - exec_any),
            },
            "branches": branch_info,
            "module_level": {
                "statements": len(mod_level),
                "covered_any": len(mod_level & exec_any),
            },
            "function_body": {
                "statements": len(body_stmts),
                "covered_any": len(body_cov_any),
                "covered_by_tests": len(body_cov_tests),
                "covered_only_outside_tests": len(body_cov_any - body_cov_tests),
                "fraction_by_tests": (round(len(body_cov_tests) / len(body_stmts), 4)
                                      if body_stmts else None),
            },
            "n_functions": len(funcs),
            "tested": tested,
            "test_files": test_files,
            "built_at_import_for": built_at_import,
            "test_file_kinds": kinds,
            "test_file_body_statements": {tf: len(v) for tf, v in sorted(body_lines_by_testfile.items())},
            "test_files_any_line": any_line_files,
            "direct_importers": direct,
            "imported_directly_by_any_test_file": bool(direct),
            "executing_test_files_importing_directly": executing_importers,
            "indirect_only": tested and not executing_importers,
            "indirect_only_no_importer_at_all": tested and not direct,
            "attribute_referencers": attr_refs,
            "string_referencers": str_refs,
            "reexport_referencers": reexp_refs,
            "inheritance_referencers": inherit_refs,
            "executing_test_files_importing_or_referencing": executing_referencers,
            "indirect_only_even_counting_references": tested and not executing_referencers,
            "symbols": symbols,
        })
        # sanity check against coverage's own analysis
        assert len(statements - exec_any) == len(set(missing)), (rel, len(statements - exec_any), len(missing))

    # ---- test files table ----------------------------------------------------
    body_exec_by_tf: dict[str, list[str]] = defaultdict(list)
    for m in modules_out:
        for tf in m["test_files"]:
            body_exec_by_tf[tf].append(m["path"])
    tests_out = []
    for tf in sorted(set(test_side_all) | collected_files):
        tests_out.append({
            "path": tf,
            "kind": classify(tf),
            "collected": tf in collected_files,
            "n_tests": sum(junit_by_file[tf].values()) if tf in junit_by_file else 0,
            "outcomes": dict(junit_by_file[tf]) if tf in junit_by_file else {},
            "n_test_items_with_coverage": len(nodeids_by_file.get(tf, ())),
            "imports_modules": sorted(known[m] for m in test_imports.get(tf, {})),
            "executes_function_bodies_of": sorted(body_exec_by_tf.get(tf, [])),
        })

    # ---- summary ------------------------------------------------------------------
    with_bodies = [m for m in modules_out if m["function_body"]["statements"] > 0]
    summary = {
        "modules": len(modules_out),
        "modules_with_function_bodies": len(with_bodies),
        "modules_without_function_bodies": len(modules_out) - len(with_bodies),
        "modules_zero_function_body_coverage": sum(1 for m in modules_out if not m["tested"]),
        "modules_zero_function_body_coverage_among_those_with_bodies":
            sum(1 for m in with_bodies if not m["tested"]),
        "modules_never_imported_during_run": sum(1 for m in modules_out if m["statements"]["covered_any"] == 0),
        "modules_tested": sum(1 for m in modules_out if m["tested"]),
        "modules_indirect_only": sum(1 for m in modules_out if m["indirect_only"]),
        "modules_indirect_only_no_importer_at_all": sum(1 for m in modules_out if m["indirect_only_no_importer_at_all"]),
        "modules_indirect_only_even_counting_references": sum(1 for m in modules_out if m["indirect_only_even_counting_references"]),
        "statements_total": sum(m["statements"]["total"] for m in modules_out),
        "statements_covered_any": sum(m["statements"]["covered_any"] for m in modules_out),
        "function_body_statements_total": sum(m["function_body"]["statements"] for m in modules_out),
        "function_body_statements_covered_by_tests": sum(m["function_body"]["covered_by_tests"] for m in modules_out),
        "symbols_public_with_body": sum(1 for m in modules_out for s in m["symbols"]
                                        if s["public"] and s["executed"] is not None),
        "symbols_public_executed": sum(1 for m in modules_out for s in m["symbols"]
                                       if s["public"] and s["executed"]),
        "test_files_collected": len(collected_files),
        "test_files_recorded_in_coverage_contexts": len(nodeids_by_file),
        "tests_run": sum(sum(c.values()) for c in junit_by_file.values()),
        "test_items_with_coverage": sum(len(v) for v in nodeids_by_file.values()),
    }

    timing = {}
    for t in args.timing:
        k, _, v = t.partition("=")
        try:
            timing[k] = float(v)
        except ValueError:
            timing[k] = None
    summary_line, counts = parse_pytest_summary(args.pytest_log) if args.pytest_log else (None, {})
    freeze = []
    if args.freeze and os.path.exists(args.freeze):
        with open(args.freeze) as fh:
            freeze = [ln.strip() for ln in fh
                      if ln.strip() and not ln.startswith(("-e ", "#"))]

    out = {
        "schema_version": SCHEMA_VERSION,
        "project": {
            "name": args.name, "version": args.version, "language": "python",
            # the tree gap-scan reads; every module and test path is relative to it
            "scan_root": root,
            "sdist": args.sdist, "sdist_sha256": args.sdist_sha256,
            "packages": args.pkgs,
            "layout": args.layout,
            "notes": args.notes,
        },
        "environment": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "coverage": coverage.__version__,
            "tools": args.tools.split(),
            "extra_deps": args.extra_deps.split(),
            "pip_freeze": freeze,
        },
        "run": {
            "pytest_args": args.pytest_args,
            "pytest_exit_code": args.pytest_rc,
            "pytest_summary_line": summary_line,
            "pytest_counts": counts,
            "coverage_branch": has_arcs,
            "timing_s": timing,
            "static_import_parse_errors": parse_errors,
        },
        "summary": summary,
        "test_files": tests_out,
        "modules": modules_out,
    }
    with open(args.out, "w") as fh:
        json.dump(out, fh, indent=1, sort_keys=False)
        fh.write("\n")
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    sys.exit(main())
