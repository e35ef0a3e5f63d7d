#!/usr/bin/env bash
# javascript/make_truth.sh NAME VERSION
#
# The truth maker for JavaScript (called by ../run.py; see docs/accuracy.md). For one npm package it
#   1. unpacks the published tarball (npm pack NAME@VERSION) in $TRUTH_WORK/src/NAME-VERSION; when the tarball
#      ships no tests, copies the test folders from the project's repository at the matching tag (a git mirror
#      that the session's `fetch` tool brought under $GAP_ACCURACY_MIRRORS, default /work/.mirror),
#   2. installs the package's dependencies and the test dependencies in $TRUTH_WORK/src/node_modules (outside
#      the scanned tree; Node finds them by walking up) and links the package's own name to the tree,
#   3. runs each test file on its own with NODE_V8_COVERAGE (V8's block coverage with call counts), and once a
#      process that only loads every source module (the load-time baseline),
#   4. calls truth.js to turn the coverage and an acorn scan of sources and tests into the common truth JSON
#      at $TRUTH_OUT: a function-body statement counts for a test file when that file's run executed it more
#      often than loading the modules does.
#
# Environment (the runner sets TRUTH_WORK and TRUTH_OUT, and one TRUTH_<KEY> per setting in projects.toml):
#   TRUTH_WORK     work folder of this project (wiped first); default /tmp/gap-accuracy/javascript/NAME-VERSION
#   TRUTH_OUT      the JSON to write; default $TRUTH_WORK/truth.json
#   TRUTH_SRC      source files and folders relative to the package root (default: every .js/.cjs/.mjs outside
#                  test folders, examples, node_modules)
#   TRUTH_TESTS    test files: globs relative to the package root, space-separated (default test/*.js)
#   TRUTH_RUNNER   command that runs one test file, {file} replaced by its path (default "node {file}")
#   TRUTH_DEPS     test dependencies for npm install (the package's own dependencies are installed anyway)
#   TRUTH_GIT      owner/name of the repository to take the tests from when the tarball has none
#   TRUTH_GIT_REF  its tag for this version;  TRUTH_GIT_PATHS  what to copy from it (default: test)
#   TRUTH_LOCAL    a folder to copy instead of the npm tarball (selftest.sh uses it)
#   TRUTH_TIMEOUT  seconds per test file (default 300)
#   TRUTH_NOTES    free text recorded in the JSON
#   TRUTH_REANALYSE 1: analyse the coverage kept in TRUTH_WORK again (run.sh --reanalyse), the tests not run
. "$(dirname "$0")/../truth_common.sh" javascript "$@"
TESTS=${TRUTH_TESTS:-test/*.js}
RUNNER=${TRUTH_RUNNER:-}
[ -n "$RUNNER" ] || RUNNER='node {file}'
TIMEOUT=${TRUTH_TIMEOUT:-300}
MIRRORS=${GAP_ACCURACY_MIRRORS:-/work/.mirror}
# Pinned tooling: the parser truth.js reads sources and tests with.
TOOLS="acorn@8.15.0"

ROOT=$WORK/src/$NAME-$VERSION

# TRUTH_REANALYSE=1: turn the coverage kept in $TRUTH_WORK into $TRUTH_OUT again (after a change to truth.js's
# analysis), with the facts of the run (tarball, timings) taken from the truth it replaces; the tests do not run.
if [ "${TRUTH_REANALYSE:-}" = 1 ] && [ -f "$WORK/runs.tsv" ] && [ -d "$WORK/cov" ] && [ -f "$OUT" ]; then
  stage_start analyse
  mapfile -t PREV < <(node -e '
    const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const p = t.project, r = t.run, s = r.timing_s || {};
    for (const v of [p.tarball, p.tarball_sha256, r.runner, p.tests_from_git || "", p.tests_git_ref || "",
                     p.notes || "", s.download, s.install, s.baseline, s.tests]) console.log(v ?? "");' "$OUT")
  NODE_PATH="$WORK/tools/node_modules" node "$HERE/truth.js" analyse --root "$ROOT" --name "$NAME" \
      --version "$VERSION" --sources "$WORK/sources.txt" --runs "$WORK/runs.tsv" --cov "$WORK/cov" \
      --tarball "${PREV[0]}" --tarball-sha256 "${PREV[1]}" --runner "${PREV[2]}" \
      --git "${PREV[3]}" --git-ref "${PREV[4]}" --notes "${PREV[5]}" --npm-ls "$WORK/npm-ls.txt" \
      --timing "download=${PREV[6]}" "install=${PREV[7]}" "baseline=${PREV[8]}" "tests=${PREV[9]}" \
      --out "$OUT.tmp"
  mv "$OUT.tmp" "$OUT"
  stage_end analyse
  exit 0
fi

rm -rf "$WORK"
mkdir -p "$WORK/dl" "$WORK/src" "$WORK/tools" "$WORK/cov"

# ---- 1. the published package, and the tests from the repository if it ships none ----------------------------
stage_start download
mkdir -p "$ROOT"
if [ -n "${TRUTH_LOCAL:-}" ]; then
  cp -R "$TRUTH_LOCAL"/. "$ROOT"
  TARBALL=local; TARBALL_SHA256=""
else
  (cd "$WORK/dl" && npm pack --silent "$NAME@$VERSION" > /dev/null)
  TARBALL=$(ls "$WORK"/dl/*.tgz | head -n1)
  tar -xzf "$TARBALL" -C "$ROOT" --strip-components=1
  TARBALL_SHA256=$(sha256sum "$TARBALL" | cut -d' ' -f1)
fi
if [ -n "${TRUTH_GIT:-}" ]; then
  GITDIR=$MIRRORS/${TRUTH_GIT/\//+}/repo
  if [ ! -d "$GITDIR" ]; then
    echo "no mirror of $TRUTH_GIT at $GITDIR: bring it with the session's fetch tool (github:$TRUTH_GIT)" >&2
    exit 1
  fi
  git --git-dir="$GITDIR" archive "${TRUTH_GIT_REF:?TRUTH_GIT_REF is needed with TRUTH_GIT}" \
      ${TRUTH_GIT_PATHS:-test} | tar -x -C "$ROOT"
fi
stage_end download

# ---- 2. dependencies outside the tree ---------------------------------------------------------------------
stage_start install
echo '{"private": true}' > "$WORK/src/package.json"
RUNTIME_DEPS=$(node -e '
  const d = require(process.argv[1]).dependencies || {};
  console.log(Object.entries(d).map(([k, v]) => `${k}@${v}`).join(" "));' "$ROOT/package.json")
NPMFLAGS="--ignore-scripts --no-audit --no-fund --loglevel=error"
# shellcheck disable=SC2086
(cd "$WORK/src" && npm install $NPMFLAGS $RUNTIME_DEPS ${TRUTH_DEPS:-} > /dev/null)
rm -rf "$WORK/src/node_modules/$NAME"
mkdir -p "$(dirname "$WORK/src/node_modules/$NAME")"
ln -s "$ROOT" "$WORK/src/node_modules/$NAME"
echo '{"private": true}' > "$WORK/tools/package.json"
(cd "$WORK/tools" && npm install $NPMFLAGS $TOOLS > /dev/null)
(cd "$WORK/src" && npm ls --all --parseable 2> /dev/null | sed "s|^$WORK/src/||" | sort > "$WORK/npm-ls.txt") || true
stage_end install

# ---- 3. one coverage run per test file, and the load-only baseline --------------------------------------------
node "$HERE/truth.js" list --root "$ROOT" --src "${TRUTH_SRC:-}" --tests "$TESTS" \
    --sources-out "$WORK/sources.txt" --tests-out "$WORK/tests.txt"
echo "$(wc -l < "$WORK/sources.txt") source modules, $(wc -l < "$WORK/tests.txt") test files" >&2

stage_start baseline
(cd "$ROOT" && NODE_V8_COVERAGE="$WORK/cov/load" timeout "$TIMEOUT" \
    node "$HERE/truth.js" load --root "$ROOT" --sources "$WORK/sources.txt" > "$WORK/load.log" 2>&1) || true
stage_end baseline

stage_start tests
export PATH="$WORK/src/node_modules/.bin:$PATH"
: > "$WORK/runs.tsv"
i=0
while IFS= read -r tf; do
  i=$((i + 1))
  cmd=${RUNNER//\{file\}/$(printf %q "$tf")}
  set +e
  (cd "$ROOT" && NODE_V8_COVERAGE="$WORK/cov/$i" timeout "$TIMEOUT" bash -c "$cmd" < /dev/null > "$WORK/cov/$i.log" 2>&1)
  rc=$?
  set -e
  printf '%s\t%s\t%s\n' "$i" "$rc" "$tf" >> "$WORK/runs.tsv"
done < "$WORK/tests.txt"
echo "test files: $(wc -l < "$WORK/runs.tsv"), failing: $(awk -F'\t' '$2 != 0' "$WORK/runs.tsv" | wc -l)" >&2
stage_end tests

# ---- 4. analyse -----------------------------------------------------------------------------------------------
stage_start analyse
mkdir -p "$(dirname "$OUT")"
NODE_PATH="$WORK/tools/node_modules" node "$HERE/truth.js" analyse --root "$ROOT" --name "$NAME" \
    --version "$VERSION" --sources "$WORK/sources.txt" --runs "$WORK/runs.tsv" --cov "$WORK/cov" \
    --tarball "$(basename "$TARBALL")" --tarball-sha256 "$TARBALL_SHA256" --runner "$RUNNER" \
    --git "${TRUTH_GIT:-}" --git-ref "${TRUTH_GIT_REF:-}" --notes "${TRUTH_NOTES:-}" --npm-ls "$WORK/npm-ls.txt" \
    --timing "download=${T[download]}" "install=${T[install]}" "baseline=${T[baseline]}" "tests=${T[tests]}" \
    --out "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
stage_end analyse
echo "wrote $OUT" >&2
