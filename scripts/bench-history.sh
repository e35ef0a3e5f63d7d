#!/usr/bin/env bash
# Measures what reading change history adds to a scan: builds a repository of COMMITS commits (default
# 20,000) over FILES Python modules (default 2,000) with git fast-import, then times gap-scan with and without
# --no-history. Prints both times and the difference. Not run by CI.
#   scripts/bench-history.sh [COMMITS] [FILES]
set -euo pipefail
commits=${1:-20000}
files=${2:-2000}
cd "$(dirname "$0")/.."
cargo build --release -q --bin gap-scan
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
git -C "$repo" init -q
python3 - "$commits" "$files" <<'PY' | git -C "$repo" fast-import --quiet
import random, sys
commits, files = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(7)
start = 1_700_000_000 - commits * 300
out = sys.stdout
for c in range(commits):
    when = start + c * 300
    author = f"dev{rng.randrange(25)}"
    msg = f"change {c}"
    out.write(f"commit refs/heads/main\ncommitter {author} <{author}@example.com> {when} +0000\n")
    out.write(f"data {len(msg)}\n{msg}\n")
    touched = range(files) if c == 0 else {rng.randrange(files) for _ in range(rng.randint(1, 3))}
    for f in touched:
        body = f"def f{f}(x):\n    if x > {c}:\n        return x\n    return {c}\n"
        out.write(f"M 644 inline app/pkg{f // 100}/mod{f}.py\ndata {len(body)}\n{body}\n")
PY
git -C "$repo" checkout -q main
time_of() {
  local t0 t1
  t0=$(date +%s.%N); target/release/gap-scan "$@" > /dev/null; t1=$(date +%s.%N)
  python3 -c "print(f'{$t1 - $t0:.3f}')"
}
target/release/gap-scan "$repo" > /dev/null   # warm the cache
without=$(time_of "$repo" --no-history)
with=$(time_of "$repo")
echo "repository: $(git -C "$repo" rev-list --count HEAD) commits, $files files"
echo "gap-scan --no-history: ${without} s"
echo "gap-scan (90-day window): ${with} s"
python3 -c "print(f'history adds {$with - $without:.3f} s')"
git -C "$repo" log --format=%x1e --name-only > /dev/null
echo "window covers $(target/release/gap-scan "$repo" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(m.get("history",{}).get("commits",0) for m in d["modules"]))') file changes"
