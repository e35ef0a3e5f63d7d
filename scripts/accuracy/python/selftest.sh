#!/usr/bin/env bash
# selftest.sh [PYTHON]
# Checks make_truth.py (the Python truth maker) on a tiny synthetic project (written here, in a temp
# dir) whose right answers are known: one-line functions, decorated one-liners,
# properties, functions called only at import time, lazy imports inside tests,
# `import pkg.a as A`, attribute-chain, string and re-export references.
# PYTHON must have pytest, pytest-cov and coverage installed; by default a venv
# with the pinned tools is created in the temp dir.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/truth-selftest.XXXXXX)
trap 'rm -rf "$T"' EXIT
PY=${1:-}
if [ -z "$PY" ]; then
  python3 -m venv "$T/venv"
  "$T/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
      pytest==9.2.0 coverage==7.17.3 pytest-cov==7.1.0
  PY="$T/venv/bin/python"
fi
P=$T/proj
mkdir -p "$P/pkg" "$P/tests"
cat > "$P/pkg/__init__.py" <<'EOF'
from .a import one, multi
EOF
cat > "$P/pkg/a.py" <<'EOF'
import functools

def one(x): return x + 1

@functools.lru_cache()
def deco_one(x): return x * 2

def multi(x):
    y = x + 1
    def inner(z): return z - 1
    return inner(y)

def never(x):
    return x

def import_time_only():
    return 5

class K:
    def m(self): return 1
    def n(self):
        return 2
    @property
    def p(self): return 3

TABLE = [one(i) for i in range(3)]
FIVE = import_time_only()
EOF
cat > "$P/pkg/b.py" <<'EOF'
def helper():
    return 42
EOF
cat > "$P/pkg/c.py" <<'EOF'
def via_attr():
    return 1
EOF
cat > "$P/pkg/d.py" <<'EOF'
def via_string():
    return 2
EOF
cat > "$P/tests/test_a.py" <<'EOF'
from pkg import one
import pkg.a as A
def test_one():
    assert one(1) == 2
def test_multi():
    assert A.multi(1) == 1
def test_deco():
    assert A.deco_one(2) == 4
def test_k():
    assert A.K().m() == 1
    assert A.K().p == 3
EOF
cat > "$P/tests/test_b.py" <<'EOF'
import importlib
import pkg
def test_b():
    from pkg import b as bb
    assert bb.helper() == 42
def test_c():
    importlib.import_module("pkg.c")
    assert pkg.c.via_attr() == 1
def test_d():
    assert importlib.import_module("pkg.d").via_string() == 2
EOF
printf '[run]\nbranch = True\ndata_file = %s/.coverage\nsource =\n    %s/pkg\n' "$T" "$P" > "$T/rc"
(cd "$P" && "$PY" -m pytest -q -p no:cacheprovider --rootdir="$P" --cov="$P/pkg" \
   --cov-config="$T/rc" --cov-branch --cov-context=test --cov-report= \
   --junitxml="$T/junit.xml" -o junit_family=xunit1 tests > "$T/pytest.log" 2>&1)
"$PY" "$HERE/make_truth.py" --name selftest --version 0 --root "$P" --data "$T/.coverage" \
   --rcfile "$T/rc" --pkgs pkg --junit "$T/junit.xml" --pytest-log "$T/pytest.log" \
   --out "$T/out.json" > /dev/null
"$PY" - "$T/out.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
mods = {m["path"]: m for m in d["modules"]}
sym = {(m["path"], s["qualname"]): s for m in d["modules"] for s in m["symbols"]}
def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg)
    if not cond:
        check.failed = True
check.failed = False
a = mods["pkg/a.py"]
check(sym["pkg/a.py", "one"]["executed"] is True, "one-liner called by a test is executed")
check(sym["pkg/a.py", "deco_one"]["executed"] is True, "decorated one-liner is executed")
check(sym["pkg/a.py", "never"]["executed"] is False, "uncalled function is not executed")
check(sym["pkg/a.py", "import_time_only"]["executed"] is False, "function called only at import time is not test-executed")
check(sym["pkg/a.py", "K.n"]["executed"] is False, "uncalled method is not executed")
check(sym["pkg/a.py", "K.p"]["executed"] is True, "property one-liner is executed")
check(a["function_body"]["covered_only_outside_tests"] == 1, "import-time-only body statement counted outside tests")
check(a["direct_importers"] == ["tests/test_a.py"], "import pkg.a as A is a direct import")
check(a["reexport_referencers"] == ["tests/test_a.py"], "from pkg import one (re-exported from pkg.a) refers to pkg/a.py")
check(mods["pkg/b.py"]["direct_importers"] == ["tests/test_b.py"], "from pkg import b (inside a function) is a direct import")
check(mods["pkg/b.py"]["function_body"]["covered_by_tests"] == 1, "b.helper body covered")
c = mods["pkg/c.py"]
check(c["tested"] and c["indirect_only"] and c["attribute_referencers"] == ["tests/test_b.py"]
      and not c["indirect_only_even_counting_references"], "pkg.c reached only via attribute chain")
dd = mods["pkg/d.py"]
check(dd["tested"] and dd["indirect_only"] and dd["string_referencers"] == ["tests/test_b.py"],
      "pkg.d reached only via importlib string")
check(mods["pkg/__init__.py"]["function_body"]["statements"] == 0, "__init__ has no function bodies")
sys.exit(1 if check.failed else 0)
EOF
echo "selftest passed"
