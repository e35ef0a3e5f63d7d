#!/usr/bin/env bash
# make_truth.sh NAME VERSION
#
# Per-test-file dynamic truth for one Go module packaged by Debian (golang-*-dev):
#   1. installs the Debian package (and the ones its tests need) with apt-get, checks its upstream VERSION,
#   2. copies the module from /usr/share/gocode/src twice under $TRUTH_WORK/go-NAME-VERSION: tree/ (the root to
#      scan, never touched by a test) and gopath/src/IMPORT_PATH (where the tests build and run),
#   3. reads it statically with truthscan (Go, stdlib only: packages, test functions, suite methods, what each
#      test file names through go/types),
#   4. runs make_truth.py: one coverage test binary per package in GOPATH mode (GO111MODULE=off,
#      GOPROXY=off), an init-only run and one run per test file,
#   5. writes $TRUTH_OUT/NAME-VERSION.json (TRUTH_OUT defaults to the current directory) and prints the
#      scan root on the last line of stdout: `root: PATH`.
#
# NAME is a short name from the table below, or any name with TRUTH_GO_DEB (Debian package), TRUTH_GO_IMPORT
# (its import path) and TRUTH_GO_TEST_DEBS (Debian packages its tests import) set.
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
WORK=$WORKBASE/go-$NAME-$VERSION
TIMEOUT=${TRUTH_TIMEOUT:-600}

# ---- per-project configuration: NAME -> Debian package, import path, test dependencies, notes ----------------
DEB=""; IMPORT=""; TEST_DEBS=""; NOTES=""
case "$NAME" in
  uuid)        DEB=golang-github-google-uuid-dev; IMPORT=github.com/google/uuid ;;
  go-cmp)      DEB=golang-github-google-go-cmp-dev; IMPORT=github.com/google/go-cmp ;;
  go-humanize) DEB=golang-github-dustin-go-humanize-dev; IMPORT=github.com/dustin/go-humanize ;;
  testify)     DEB=golang-github-stretchr-testify-dev; IMPORT=github.com/stretchr/testify
               TEST_DEBS="golang-github-stretchr-objx-dev golang-github-davecgh-go-spew-dev golang-github-pmezard-go-difflib-dev golang-gopkg-yaml.v3-dev" ;;
  websocket)   DEB=golang-github-gorilla-websocket-dev; IMPORT=github.com/gorilla/websocket ;;
  urfave-cli)  DEB=golang-github-urfave-cli-dev; IMPORT=github.com/urfave/cli
               TEST_DEBS="golang-github-burntsushi-toml-dev golang-gopkg-yaml.v2-dev golang-github-cpuguy83-go-md2man-v2-dev" ;;
  toml)        DEB=golang-github-burntsushi-toml-dev; IMPORT=github.com/BurntSushi/toml ;;
  afero)       DEB=golang-github-spf13-afero-dev; IMPORT=github.com/spf13/afero
               TEST_DEBS="golang-github-pkg-sftp-dev golang-golang-x-crypto-dev golang-golang-x-text-dev" ;;
  cobra)       DEB=golang-github-spf13-cobra-dev; IMPORT=github.com/spf13/cobra
               TEST_DEBS="golang-github-spf13-pflag-dev golang-github-cpuguy83-go-md2man-v2-dev golang-gopkg-yaml.v3-dev golang-github-inconshreveable-mousetrap-dev" ;;
  pflag)       DEB=golang-github-spf13-pflag-dev; IMPORT=github.com/spf13/pflag ;;
  logrus)      DEB=golang-github-sirupsen-logrus-dev; IMPORT=github.com/sirupsen/logrus
               TEST_DEBS="golang-github-stretchr-testify-dev golang-golang-x-sys-dev" ;;
  yaml.v3)     DEB=golang-gopkg-yaml.v3-dev; IMPORT=gopkg.in/yaml.v3; TEST_DEBS="golang-gopkg-check.v1-dev" ;;
esac
DEB=${TRUTH_GO_DEB:-$DEB}
IMPORT=${TRUTH_GO_IMPORT:-$IMPORT}
TEST_DEBS=${TRUTH_GO_TEST_DEBS:-$TEST_DEBS}
if [ -z "$DEB" ] || [ -z "$IMPORT" ]; then
  echo "$0: unknown Go project '$NAME': set TRUTH_GO_DEB and TRUTH_GO_IMPORT" >&2
  exit 2
fi

now() { date +%s.%N; }

# ---- 1. install ---------------------------------------------------------------------------------------------
need=""
command -v go >/dev/null || need="golang-go"
for p in $DEB $TEST_DEBS; do dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need="$need $p"; done
if [ -n "$need" ]; then
  echo "installing:$need" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >&2
fi
DEBVER=$(dpkg-query -W -f '${Version}' "$DEB")
UPSTREAM=${DEBVER#*:}; UPSTREAM=${UPSTREAM%-*}
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
export GOCACHE=${TRUTH_GOCACHE:-$WORKBASE/go-cache}

# ---- 3. static facts ----------------------------------------------------------------------------------------
t0=$(now)
(cd "$HERE/truthscan" && go build -o "$WORK/truthscan" .)
"$WORK/truthscan" -root "$WORK/gopath/src/$IMPORT" -import-path "$IMPORT" > "$WORK/static.json"

# ---- 4. run the tests per test file -------------------------------------------------------------------------
mkdir -p "$OUTDIR"
python3 "$HERE/make_truth.py" --static "$WORK/static.json" --root "$WORK/gopath/src/$IMPORT" \
  --import-path "$IMPORT" --work "$WORK" --name "$NAME" --version "$VERSION" \
  --debian-package "$DEB" --debian-version "$DEBVER" --extra-debs "$TEST_DEBS" --notes "$NOTES" \
  --timeout "$TIMEOUT" --out "$OUTDIR/$NAME-$VERSION.json" >&2
echo "took $(python3 -c "print(round($(now)-$t0,1))")s; wrote $OUTDIR/$NAME-$VERSION.json" >&2
echo "root: $WORK/tree"
