#!/usr/bin/env bash
# python/make_truth.sh NAME VERSION
#
# The truth maker for Python (called by ../run.py; see docs/accuracy.md). For one pure-Python project it
#   1. downloads the pinned sdist from PyPI (pip download --no-binary :all:) and unpacks it in $TRUTH_WORK,
#   2. creates a venv there, installs the pinned test tooling, the test dependencies and the project (editable),
#   3. runs the project's pytest suite under coverage.py with per-test dynamic contexts
#      (pytest-cov --cov-context=test, branch coverage),
#   4. calls make_truth.py to turn the coverage database and an ast/static-import scan of the sources into the
#      common truth JSON at $TRUTH_OUT.
# Nothing is written outside $TRUTH_WORK and $TRUTH_OUT.
#
# Environment (the runner sets TRUTH_WORK and TRUTH_OUT, and one TRUTH_<KEY> per setting of the project in
# projects.toml):
#   TRUTH_WORK        work folder of this project (wiped first); default /tmp/gap-accuracy/python/NAME-VERSION
#   TRUTH_OUT         the JSON to write; default $TRUTH_WORK/truth.json
#   TRUTH_PKGS        space-separated package dirs (or single-module files) relative to the sdist root
#                     (e.g. "src/mypkg"); default: auto-detected
#   TRUTH_DEPS        extra pip requirements for the test suite
#   TRUTH_PYTEST_ARGS extra pytest arguments (test paths, -k/-m filters, -p no:PLUGIN), split as the shell
#                     splits words (quotes group)
#   TRUTH_PYTEST      the pytest requirement, for a suite that needs another pytest (default pytest==9.2.0)
#   TRUTH_ENV         NAME=VALUE words set in the environment of the pytest run
#   TRUTH_TIMEOUT     seconds for the pytest run (default 900)
#   TRUTH_NOTES       free text recorded in the JSON
#   TRUTH_REANALYSE   1: only analyse the coverage data kept in $TRUTH_WORK again into $TRUTH_OUT (which must
#                     be there: the run's facts come from it), for a change to make_truth.py
. "$(dirname "$0")/../truth_common.sh" python "$@"
PYTHON=${TRUTH_PYTHON:-python3}
TIMEOUT=${TRUTH_TIMEOUT:-900}

# Pinned test tooling (same for every project so results are comparable).
TOOLS="${TRUTH_PYTEST:-pytest==9.2.0} coverage==7.17.3 pytest-cov==7.1.0"

# ---- per-project configuration -------------------------------------------
# Per-project settings come from the environment variables above.
PKGS=${TRUTH_PKGS:-}
DEPS=${TRUTH_DEPS:-}
PYTEST_ARGS=${TRUTH_PYTEST_ARGS:-}
LAYOUT=""
NOTES=${TRUTH_NOTES:-}

if [ "${TRUTH_REANALYSE:-}" = 1 ] && [ -f "$WORK/.coverage" ] && [ -f "$OUT" ]; then
  stage_start analyse
  "$WORK/venv/bin/python" "$HERE/make_truth.py" --from-truth "$OUT" --data "$WORK/.coverage" \
      --rcfile "$WORK/coveragerc" --junit "$WORK/junit.xml" --pytest-log "$WORK/pytest.log" \
      --freeze "$WORK/pip-freeze.txt" --out "$OUT.tmp" > /dev/null
  mv "$OUT.tmp" "$OUT"
  stage_end analyse
  exit 0
fi

rm -rf "$WORK"
mkdir -p "$WORK/dl" "$WORK/src"

# ---- 1. download + unpack ---------------------------------------------------
stage_start download
"$PYTHON" -m pip download --quiet --no-deps --no-binary :all: "$NAME==$VERSION" -d "$WORK/dl"
SDIST=$(ls "$WORK"/dl/* | head -n1)
case "$SDIST" in
  *.tar.gz|*.tgz) tar -xzf "$SDIST" -C "$WORK/src" ;;
  *.zip) (cd "$WORK/src" && "$PYTHON" -m zipfile -e "$SDIST" .) ;;
  *) echo "unknown sdist format: $SDIST" >&2; exit 1 ;;
esac
ROOT=$(find "$WORK/src" -mindepth 1 -maxdepth 1 -type d | head -n1)
SDIST_SHA256=$(sha256sum "$SDIST" | cut -d' ' -f1)
stage_end download

# auto-detect packages if not configured: dirs with __init__.py at root or in src/
if [ -z "$PKGS" ]; then
  for base in "$ROOT/src" "$ROOT"; do
    [ -d "$base" ] || continue
    for d in "$base"/*/; do
      d=${d%/}; b=$(basename "$d")
      case "$b" in tests|test|docs|doc|examples|build|dist|.*) continue ;; esac
      [ -f "$d/__init__.py" ] && PKGS="$PKGS ${d#$ROOT/}"
    done
    [ -n "$PKGS" ] && break
  done
fi
PKGS=$(echo $PKGS)
echo "packages: $PKGS" >&2

# ---- 2. venv + install ------------------------------------------------------
stage_start install
"$PYTHON" -m venv "$WORK/venv"
VPY="$WORK/venv/bin/python"
"$VPY" -m pip install --quiet --disable-pip-version-check $TOOLS $DEPS
"$VPY" -m pip install --quiet --disable-pip-version-check -e "$ROOT"
"$VPY" -m pip freeze --all > "$WORK/pip-freeze.txt"
stage_end install

# ---- 3. run the suite under coverage with per-test contexts ----------------
RC="$WORK/coveragerc"
{
  echo "[run]"
  echo "branch = True"
  echo "data_file = $WORK/.coverage"
  echo "source ="
  for p in $PKGS; do echo "    $ROOT/$p"; done
  echo "[report]"
  echo "# coverage.py defaults only (\"pragma: no cover\"); project-specific exclusions ignored"
} > "$RC"

COVARGS=""
for p in $PKGS; do COVARGS="$COVARGS --cov=$ROOT/$p"; done

eval "PYARGS=($PYTEST_ARGS)"
stage_start pytest
set +e
(
  cd "$ROOT"
  # -p no:cacheprovider: keep the tree clean; --rootdir: node ids relative to the sdist root
  timeout "$TIMEOUT" env ${TRUTH_ENV:-} "$VPY" -m pytest -p no:cacheprovider --rootdir="$ROOT" \
      $COVARGS --cov-config="$RC" --cov-branch --cov-context=test --cov-report= \
      --junitxml="$WORK/junit.xml" -o junit_family=xunit1 \
      -q -o console_output_style=classic "${PYARGS[@]}"
) > "$WORK/pytest.log" 2>&1
PYTEST_RC=$?
set -e
stage_end pytest
tail -n 5 "$WORK/pytest.log" >&2
echo "pytest exit code: $PYTEST_RC" >&2
if [ ! -f "$WORK/.coverage" ]; then
  echo "no coverage data produced; see $WORK/pytest.log" >&2
  exit 1
fi

# ---- 4. analyse -----------------------------------------------------------------
stage_start analyse
mkdir -p "$(dirname "$OUT")"
"$VPY" "$HERE/make_truth.py" \
  --name "$NAME" --version "$VERSION" --root "$ROOT" \
  --data "$WORK/.coverage" --rcfile "$RC" \
  --pkgs $PKGS \
  --pytest-log "$WORK/pytest.log" --pytest-rc "$PYTEST_RC" --junit "$WORK/junit.xml" \
  --pytest-args "$PYTEST_ARGS" --extra-deps "$DEPS" --tools "$TOOLS" \
  --layout "$LAYOUT" --notes "$NOTES" \
  --freeze "$WORK/pip-freeze.txt" --sdist "$(basename "$SDIST")" --sdist-sha256 "$SDIST_SHA256" \
  --timing "download=${T[download]}" "install=${T[install]}" "pytest=${T[pytest]}" \
  --out "$OUT.tmp" > /dev/null
mv "$OUT.tmp" "$OUT"
stage_end analyse
echo "wrote $OUT" >&2
