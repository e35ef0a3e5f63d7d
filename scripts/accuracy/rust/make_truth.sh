#!/usr/bin/env bash
# make_truth.sh NAME VERSION
#
# Per-test-file dynamic truth for one crate from crates.io:
#   1. fetches NAME==VERSION with cargo (a scratch project under $TRUTH_WORK that depends on it, `cargo fetch`),
#   2. copies the published sources twice under $TRUTH_WORK/rust-NAME-VERSION: tree/ (the root to scan, never
#      built) and build/ (where the tests build and run),
#   3. installs Debian's llvm-19 if needed (llvm-profdata-19, llvm-cov-19, llvm-objdump-19, llvm-cxxfilt-19),
#   4. runs make_truth.py: test targets built with -C instrument-coverage (the crate only), an empty run and one
#      run per source file holding tests per test binary, profiles read with llvm-cov-19,
#   5. writes $TRUTH_OUT/NAME-VERSION.json (TRUTH_OUT defaults to the current directory) and prints the scan
#      root on the last line of stdout: `root: PATH`.
#
# Settings per crate come from the table below or from TRUTH_RUST_FEATURES (extra cargo arguments such as
# "--features raw_value"). The published crate must ship its tests: tests/ and #[cfg(test)] modules.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 NAME VERSION" >&2
  exit 2
fi
NAME=$1
VERSION=$2
HERE=$(cd "$(dirname "$0")" && pwd)
WORKBASE=${TRUTH_WORK:-/tmp/truth-work}
OUTDIR=${TRUTH_OUT:-$PWD}
WORK=$WORKBASE/rust-$NAME-$VERSION
TIMEOUT=${TRUTH_TIMEOUT:-900}

# ---- per-crate configuration -------------------------------------------------------------------------------
FEATURES=""; NOTES=""
case "$NAME" in
  serde_json) NOTES="doc tests are not run (rustdoc coverage needs nightly flags)" ;;
esac
FEATURES=${TRUTH_RUST_FEATURES:-$FEATURES}

now() { date +%s.%N; }
t0=$(now)

# ---- 1. fetch ------------------------------------------------------------------------------------------------
for tool in llvm-profdata-19 llvm-cov-19 llvm-objdump-19 llvm-cxxfilt-19; do
  command -v $tool >/dev/null || { echo "installing llvm-19" >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq llvm-19 >&2; break; }
done
rm -rf "$WORK"
mkdir -p "$WORK/fetch/src"
cat > "$WORK/fetch/Cargo.toml" <<EOF
[package]
name = "truth-fetch"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$NAME = "=$VERSION"

[workspace]
EOF
echo "" > "$WORK/fetch/src/lib.rs"
(cd "$WORK/fetch" && cargo fetch -q) >&2
SRC=$(cd "$WORK/fetch" && cargo metadata --format-version 1 -q | python3 -c "
import json, sys
m = json.load(sys.stdin)
print(next(p['manifest_path'] for p in m['packages'] if p['name'] == '$NAME' and p['version'] == '$VERSION'))")
SRC=$(dirname "$SRC")
[ -d "$SRC" ] || { echo "$0: $NAME $VERSION not found after cargo fetch" >&2; exit 2; }

# ---- 2. copy -------------------------------------------------------------------------------------------------
mkdir -p "$WORK/tree" "$WORK/build"
cp -R "$SRC/." "$WORK/tree/"
cp -R "$SRC/." "$WORK/build/"
# a stand-alone package: never part of a workspace above it
grep -q '^\[workspace\]' "$WORK/build/Cargo.toml" || printf '\n[workspace]\n' >> "$WORK/build/Cargo.toml"

# ---- 3. build and run ----------------------------------------------------------------------------------------
mkdir -p "$OUTDIR"
python3 "$HERE/make_truth.py" --root "$WORK/build" --target-dir "${TRUTH_TARGET_DIR:-$WORKBASE/cargo-target}" \
  --work "$WORK" --name "$NAME" --version "$VERSION" --features "$FEATURES" --notes "$NOTES" \
  --timeout "$TIMEOUT" --out "$OUTDIR/$NAME-$VERSION.json" >&2
echo "took $(python3 -c "print(round($(now)-$t0,1))")s; wrote $OUTDIR/$NAME-$VERSION.json" >&2
echo "root: $WORK/tree"
