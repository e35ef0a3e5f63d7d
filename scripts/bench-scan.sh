#!/usr/bin/env bash
# Measures gap-scan on a generated Python tree against `wc -l` (the line counter it should come close to).
#   scripts/bench-scan.sh [MODULES]   default 3000 modules (about 600,000 lines) plus one test file per 3 modules
# Prints lines, seconds and lines per second for both, and gap-scan's peak memory. Not run by CI.
set -euo pipefail
modules=${1:-3000}
cd "$(dirname "$0")/.."
cargo build --release -q -p gap-scan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$modules" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
body = '''
class Service{i}:
    """A service."""

    def __init__(self, repo, limit=10):
        self.repo = repo
        self.limit = limit

    def find(self, key, default=None):
        if key is None or not self.repo:
            raise ValueError("key")
        for item in self.repo.items(key):
            if item and item.active:
                return item
        return default

    def _private(self):
        return [x for x in self.repo if x]


def helper_{i}(a, b):
    # comment
    return a if a > b else b
'''
for i in range(n):
    pkg = os.path.join(root, "app", f"pkg{i // 50}")
    os.makedirs(pkg, exist_ok=True)
    open(os.path.join(pkg, "__init__.py"), "w").close()
    with open(os.path.join(pkg, f"mod{i}.py"), "w") as f:
        f.write(f"import os\nfrom app.pkg{max(i - 1, 0) // 50}.mod{max(i - 1, 0)} import helper_{max(i - 1, 0)}\n")
        f.write(body.replace("{i}", str(i)) * 8)
    if i % 3 == 0:
        tdir = os.path.join(root, "tests", f"pkg{i // 50}")
        os.makedirs(tdir, exist_ok=True)
        with open(os.path.join(tdir, f"test_mod{i}.py"), "w") as f:
            f.write(f"from app.pkg{i // 50}.mod{i} import Service{i}, helper_{i}\n\n\ndef test_find():\n    assert Service{i}([]).find(1) is None\n")
PY
lines=$(find "$work" -name '*.py' -print0 | xargs -0 cat | wc -l)
files=$(find "$work" -name '*.py' | wc -l)
sync
t0=$(date +%s.%N); find "$work" -name '*.py' -print0 | xargs -0 wc -l > /dev/null; t1=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$work.rss" target/release/gap-scan "$work" > /dev/null
t2=$(date +%s.%N); target/release/gap-scan "$work" > /dev/null; t3=$(date +%s.%N)
rss=$(cat "$work.rss"); rm -f "$work.rss"
python3 - "$files" "$lines" "$t0" "$t1" "$t2" "$t3" "$rss" <<'PY'
import sys
files, lines = int(sys.argv[1]), int(sys.argv[2])
t0, t1, t2, t3 = map(float, sys.argv[3:7])
rss = int(sys.argv[7])
wc, scan = t1 - t0, t3 - t2
print(f"tree:     {files} files, {lines} lines")
print(f"wc -l:    {wc:.3f} s  {lines / wc / 1e6:.1f} M lines/s")
print(f"gap-scan: {scan:.3f} s  {lines / scan / 1e6:.1f} M lines/s  ({scan / wc:.1f}x wc -l), peak RSS {rss / 1024:.0f} MiB")
PY
