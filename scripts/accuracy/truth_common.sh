# Sourced by every <lang>/make_truth.sh:  . "$(dirname "$0")/../truth_common.sh" LANG "$@"
# Checks the arguments (NAME VERSION) and sets NAME, VERSION, HERE (the maker's folder), WORK ($TRUTH_WORK, the
# project's work folder, default /tmp/gap-accuracy/LANG/NAME-VERSION) and OUT ($TRUTH_OUT, the truth JSON to
# write, default $WORK/truth.json); stage_start/stage_end NAME time the stages into T[NAME] (seconds).
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $(basename "$(dirname "$0")")/$(basename "$0") NAME VERSION" >&2
  exit 2
fi
NAME=$2
VERSION=$3
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${TRUTH_WORK:-/tmp/gap-accuracy/$1/$NAME-$VERSION}
OUT=${TRUTH_OUT:-$WORK/truth.json}
now() { date +%s.%N; }
declare -A T
stage_start() { T[$1.start]=$(now); echo "[$(date +%T)] $1 ..." >&2; }
stage_end()   { T[$1]=$(python3 -c "print(round($(now)-${T[$1.start]},2))"); echo "[$(date +%T)] $1 done in ${T[$1]}s" >&2; }
