#!/usr/bin/env bash
# go/make_truth.sh NAME VERSION
#
# The truth maker for Go (called by ../run.py; see README.md here and docs/accuracy.md). For one Go module
# packaged by Debian (golang-*-dev) it
#   1. installs the Debian package and the ones its tests import (apt-get), and checks its upstream VERSION,
#   2. copies the module from /usr/share/gocode/src twice into $TRUTH_WORK: tree/ (the root gap scans, never
#      touched by a test) and gopath/src/IMPORT (where the tests build and run),
#   3. reads it statically with truthscan/ (Go, standard library only: packages as the go tool builds them,
#      test functions, suite methods, which product files each test file names, resolved with go/types),
#   4. runs make_truth.py: in GOPATH mode (GO111MODULE=off, GOPROXY=off, so nothing is downloaded) one
#      coverage test binary per package, an init-only run and one run per test file,
#   5. writes the common truth JSON to $TRUTH_OUT, with project.scan_root = $TRUTH_WORK/tree.
# Nothing is written outside $TRUTH_WORK, $TRUTH_OUT and the Go build cache.
#
# Environment (the runner sets TRUTH_WORK and TRUTH_OUT, and one TRUTH_<KEY> per setting of the project in
# projects.toml):
#   TRUTH_WORK       work folder of this project (wiped first); default /tmp/gap-accuracy/go/NAME-VERSION
#   TRUTH_OUT        the JSON to write; default $TRUTH_WORK/truth.json
#   TRUTH_DEB        the Debian package holding the module (required)
#   TRUTH_IMPORT     the module's import path, its folder under /usr/share/gocode/src (required)
#   TRUTH_TEST_DEBS  Debian packages its tests import, space-separated
#   TRUTH_TIMEOUT    seconds for one build or test run (default 600)
#   TRUTH_NOTES      free text recorded in the JSON
#   TRUTH_GOCACHE    the Go build cache, kept between projects (default /tmp/gap-accuracy/go-cache)
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 NAME VERSION" >&2
  exit 2
fi
NAME=$1
VERSION=$2
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${TRUTH_WORK:-/tmp/gap-accuracy/go/$NAME-$VERSION}
OUT=${TRUTH_OUT:-$WORK/truth.json}
DEB=${TRUTH_DEB:-}
IMPORT=${TRUTH_IMPORT:-}
TEST_DEBS=${TRUTH_TEST_DEBS:-}
TIMEOUT=${TRUTH_TIMEOUT:-600}
NOTES=${TRUTH_NOTES:-}
if [ -z "$DEB" ] || [ -z "$IMPORT" ]; then
  echo "$0: $NAME: set TRUTH_DEB and TRUTH_IMPORT (projects.toml settings DEB and IMPORT)" >&2
  exit 2
fi
now() { date +%s.%N; }
t0=$(now)

# ---- 1. install ---------------------------------------------------------------------------------------------
need=""
command -v go >/dev/null || need="golang-go"
for p in $DEB $TEST_DEBS; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need="$need $p"
done
if [ -n "$need" ]; then
  echo "installing:$need" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >&2
fi
DEBVER=$(dpkg-query -W -f '${Version}' "$DEB")
UPSTREAM=${DEBVER#*:}
UPSTREAM=${UPSTREAM%-*}
case "$UPSTREAM" in
  "$VERSION"|"$VERSION"~*|"$VERSION"+*) ;;
  *) echo "$0: Debian's $DEB is $DEBVER (upstream $UPSTREAM), not $VERSION" >&2; exit 2 ;;
esac

# ---- 2. copy the module -------------------------------------------------------------------------------------
SRC=/usr/share/gocode/src/$IMPORT
[ -d "$SRC" ] || { echo "$0: $SRC not found (is $DEB installed?)" >&2; exit 2; }
rm -rf "$WORK"
mkdir -p "$WORK/tree" "$WORK/gopath/src/$(dirname "$IMPORT")"
cp -R "$SRC/." "$WORK/tree/"
cp -R "$SRC" "$WORK/gopath/src/$IMPORT"

export GO111MODULE=off GOPROXY=off GOFLAGS= GOTOOLCHAIN=local
export GOPATH="$WORK/gopath:/usr/share/gocode"
export GOCACHE=${TRUTH_GOCACHE:-/tmp/gap-accuracy/go-cache}

# ---- 3. static facts ----------------------------------------------------------------------------------------
(cd "$HERE/truthscan" && go build -o "$WORK/truthscan" .)
"$WORK/truthscan" -root "$WORK/gopath/src/$IMPORT" -import-path "$IMPORT" > "$WORK/static.json"

# ---- 4. run the tests per test file -------------------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
python3 "$HERE/make_truth.py" --static "$WORK/static.json" --root "$WORK/gopath/src/$IMPORT" \
  --scan-root "$WORK/tree" --import-path "$IMPORT" --work "$WORK" --name "$NAME" --version "$VERSION" \
  --debian-package "$DEB" --debian-version "$DEBVER" --extra-debs "$TEST_DEBS" --notes "$NOTES" \
  --timeout "$TIMEOUT" --out "$OUT"
echo "took $(python3 -c "print(round($(now)-$t0,1))")s; wrote $OUT" >&2
