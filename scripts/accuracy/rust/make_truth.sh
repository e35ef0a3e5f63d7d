#!/usr/bin/env bash
# rust/make_truth.sh NAME VERSION
#
# The truth maker for Rust (called by ../run.py; see README.md here and docs/accuracy.md). For one crate from
# crates.io it
#   1. fetches NAME==VERSION with cargo (a scratch package in $TRUTH_WORK/fetch that depends on it, `cargo
#      fetch`), installs Debian's llvm-19 if needed,
#   2. copies the published sources twice into $TRUTH_WORK: tree/ (the root gap scans, never built) and build/
#      (where the tests build and run; made a workspace of its own),
#   3. runs make_truth.py: the test targets built with -C instrument-coverage (the crate only, through
#      rustc-wrapper.sh), per test binary an empty run and one run per source file holding tests, profiles read
#      with llvm-profdata-19 and llvm-cov-19, direct calls read with llvm-objdump-19 (callgraph.py),
#   4. writes the common truth JSON to $TRUTH_OUT, with project.scan_root = $TRUTH_WORK/tree.
# Nothing is written outside $TRUTH_WORK, $TRUTH_OUT, cargo's registry cache and the shared target folder.
#
# Environment (the runner sets TRUTH_WORK and TRUTH_OUT, and one TRUTH_<KEY> per setting of the project in
# projects.toml):
#   TRUTH_WORK        work folder of this project (wiped first); default /tmp/gap-accuracy/rust/NAME-VERSION
#   TRUTH_OUT         the JSON to write; default $TRUTH_WORK/truth.json
#   TRUTH_FEATURES    extra cargo arguments for the test build, e.g. "--features raw_value"
#   TRUTH_TIMEOUT     seconds for one test run (default 900)
#   TRUTH_NOTES       free text recorded in the JSON
#   TRUTH_TARGET_DIR  cargo's target folder, shared between crates (default /tmp/gap-accuracy/cargo-target)
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 NAME VERSION" >&2
  exit 2
fi
NAME=$1
VERSION=$2
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${TRUTH_WORK:-/tmp/gap-accuracy/rust/$NAME-$VERSION}
OUT=${TRUTH_OUT:-$WORK/truth.json}
FEATURES=${TRUTH_FEATURES:-}
TIMEOUT=${TRUTH_TIMEOUT:-900}
NOTES=${TRUTH_NOTES:-}
TARGET=${TRUTH_TARGET_DIR:-/tmp/gap-accuracy/cargo-target}
now() { date +%s.%N; }
t0=$(now)

# ---- 1. fetch ------------------------------------------------------------------------------------------------
for tool in llvm-profdata-19 llvm-cov-19 llvm-objdump-19 llvm-cxxfilt-19 llvm-nm-19; do
  if ! command -v $tool >/dev/null; then
    echo "installing llvm-19" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq llvm-19 >&2
    break
  fi
done
rm -rf "$WORK"
mkdir -p "$WORK/fetch/src"
cat > "$WORK/fetch/Cargo.toml" <<TOML
[package]
name = "truth-fetch"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$NAME = "=$VERSION"

[workspace]
TOML
: > "$WORK/fetch/src/lib.rs"
(cd "$WORK/fetch" && cargo fetch -q) >&2
MANIFEST=$(cd "$WORK/fetch" && cargo metadata --format-version 1 -q | python3 -c "
import json, sys
m = json.load(sys.stdin)
print(next(p['manifest_path'] for p in m['packages'] if p['name'] == sys.argv[1] and p['version'] == sys.argv[2]))
" "$NAME" "$VERSION")
SRC=$(dirname "$MANIFEST")
[ -d "$SRC" ] || { echo "$0: $NAME $VERSION not found after cargo fetch" >&2; exit 2; }

# ---- 2. copy -------------------------------------------------------------------------------------------------
mkdir -p "$WORK/tree" "$WORK/build"
cp -R "$SRC/." "$WORK/tree/"
cp -R "$SRC/." "$WORK/build/"
grep -q '^\[workspace\]' "$WORK/build/Cargo.toml" || printf '\n[workspace]\n' >> "$WORK/build/Cargo.toml"

# ---- 3. build and run ----------------------------------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
python3 "$HERE/make_truth.py" --root "$WORK/build" --scan-root "$WORK/tree" --target-dir "$TARGET" \
  --work "$WORK" --name "$NAME" --version "$VERSION" --features "$FEATURES" --notes "$NOTES" \
  --timeout "$TIMEOUT" --out "$OUT"
echo "took $(python3 -c "print(round($(now)-$t0,1))")s; wrote $OUT" >&2
