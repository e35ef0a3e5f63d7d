#!/usr/bin/env bash
# go/selftest.sh: checks truthscan and make_truth.py on a made-up Go module (written here, in a temp folder)
# whose right answers are known: a method in another file than its type, a file reached only through a call
# inside its package, a function run only at package init, a test file that runs nothing, a test that panics,
# a file with build constraints for a tool. Needs golang-go; no Debian module package.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/go-truth-selftest.XXXXXX)
trap 'rm -rf "$T"' EXIT
M=$T/gopath/src/example.com/m
mkdir -p "$M/_tool"
cat > "$M/a.go" <<'EOF'
package m

type T struct{}

func New() *T { return &T{} }

var X = setup()
EOF
cat > "$M/b.go" <<'EOF'
package m

func (t *T) M() int { return helper() }

func never() int { return 0 }
EOF
cat > "$M/c.go" <<'EOF'
package m

func helper() int {
	return 2
}
EOF
cat > "$M/e.go" <<'EOF'
package m

func setup() int {
	return 1
}
EOF
cat > "$M/mage.go" <<'EOF'
//go:build mage

package m

func Build() {}
EOF
cat > "$M/_tool/main.go" <<'EOF'
package main

func main() {}
EOF
cat > "$M/a_test.go" <<'EOF'
package m

import "testing"

func TestM(t *testing.T) {
	if New().M() != 2 {
		t.Fatal("M")
	}
}
EOF
cat > "$M/d_test.go" <<'EOF'
package m

import "testing"

func TestNothing(t *testing.T) {}
EOF
cat > "$M/p_test.go" <<'EOF'
package m

import "testing"

func TestPanics(t *testing.T) { panic("boom") }

func TestHelper(t *testing.T) {
	if helper() != 2 {
		t.Fatal("helper")
	}
}
EOF
export GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH="$T/gopath" GOCACHE=${TRUTH_GOCACHE:-$T/cache}
(cd "$HERE/truthscan" && go build -o "$T/truthscan" .)
"$T/truthscan" -root "$M" -import-path example.com/m > "$T/static.json"
python3 "$HERE/make_truth.py" --static "$T/static.json" --root "$M" --scan-root "$M" --import-path example.com/m \
  --work "$T/work" --name selftest --version 0 --timeout 120 --out "$T/truth.json" > /dev/null
python3 - "$T/truth.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
m = {x["path"]: x for x in d["modules"]}
def check(cond, what):
    if not cond:
        sys.exit(f"go selftest FAILED: {what}")
check(sorted(m) == ["a.go", "b.go", "c.go", "e.go"], f"modules {sorted(m)}")
check(m["a.go"]["test_files"] == ["a_test.go"], "a.go run by a_test.go only (New)")
check(m["b.go"]["test_files"] == ["a_test.go"], "b.go run by a_test.go (T.M)")
check(m["b.go"]["executing_test_files_importing_directly"] == ["a_test.go"], "a_test.go names T.M of b.go")
check(m["b.go"]["named_by_tests"]["a_test.go"] == ["T.M (type in a.go)"], "T.M named with its type's file")
check(m["b.go"]["function_body"]["covered_by_tests"] < m["b.go"]["function_body"]["statements"], "never() not run")
check(m["c.go"]["test_files"] == ["a_test.go", "p_test.go"], f"c.go run by {m['c.go']['test_files']}")
check(m["c.go"]["executing_test_files_importing_directly"] == ["p_test.go"], "only p_test.go names helper")
check(not m["e.go"]["tested"] and m["e.go"]["function_body"]["covered_only_outside_tests"] == 1,
      "setup() runs at init only")
tf = {t["path"]: t for t in d["test_files"]}
check(tf["d_test.go"]["executes_function_bodies_of"] == [], "d_test.go runs nothing")
check(tf["p_test.go"]["runs_without_profile"], "p_test.go's whole-file run died and was split")
nb = {x["path"]: x["reason"] for x in d["not_built"]}
check(sorted(nb) == ["_tool/main.go", "mage.go"], f"not built {sorted(nb)}")
print("go selftest: ok")
EOF
