"""Python's own ast as the second reference for gap's Python reader (run by xcheck, see src/pyast.rs).

Reads file paths, one a line, on stdin; writes one JSON object a line: {"path", "error", "defs": [[name,
kind, line, construct]], "imports": [[spec, line, construct]]}. Definitions: functions and classes not inside
another function or class (blocks of if/try/with/for/while/match do not nest), methods directly in a
top-level class; imports: every import statement, anywhere.
"""
import ast
import json
import sys
import warnings

BLOCKS = ("body", "orelse", "handlers", "finalbody", "cases")
DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def statements(nodes):
    """The statements of a block, descending through compound statements that are not definitions."""
    for n in nodes:
        yield n
        if isinstance(n, DEFS + (ast.ClassDef,)):
            continue
        for field in BLOCKS:
            inner = getattr(n, field, None)
            if isinstance(inner, list):
                yield from statements(inner)


def read(path):
    with open(path, "rb") as f:
        source = f.read()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(source, filename=path)
    defs = []
    for n in statements(tree.body):
        if isinstance(n, DEFS):
            defs.append([n.name, "function", n.lineno, type(n).__name__])
        elif isinstance(n, ast.ClassDef):
            defs.append([n.name, "class", n.lineno, "ClassDef"])
            for m in statements(n.body):
                if isinstance(m, DEFS):
                    defs.append([f"{n.name}.{m.name}", "method", m.lineno, type(m).__name__ + " in class"])
    imports = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Import):
            imports.extend([a.name, n.lineno, "Import"] for a in n.names)
        elif isinstance(n, ast.ImportFrom):
            imports.append(["." * n.level + (n.module or ""), n.lineno, "ImportFrom"])
    imports.sort(key=lambda i: i[1])
    return defs, imports


def main():
    for line in sys.stdin:
        path = line.rstrip("\n")
        out = {"path": path, "error": None, "defs": [], "imports": []}
        try:
            out["defs"], out["imports"] = read(path)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
            out["error"] = f"{type(e).__name__}: {e}"
        sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
