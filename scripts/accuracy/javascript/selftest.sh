#!/usr/bin/env bash
# selftest.sh
# Checks the JavaScript truth maker on a tiny made-up package (written here, in a temp dir) whose right answers
# are known: a function called only at load time does not count, one a test calls does, a module reached only
# through another is exercised but not imported directly, a module named by a path string is a string reference,
# a module no test loads is not exercised, and an ES module is measured like a CommonJS one.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/truth-selftest-js.XXXXXX)
trap 'rm -rf "$T"' EXIT
P=$T/proj
mkdir -p "$P/lib" "$P/test"
cat > "$P/package.json" <<'EOF'
{ "name": "selftest-pkg", "version": "0.0.0", "main": "index.js" }
EOF
cat > "$P/index.js" <<'EOF'
module.exports = require('./lib/a');
EOF
cat > "$P/lib/a.js" <<'EOF'
var b = require('./b');
function atLoad() { return 1; }
function called(x) {
  return b.helper(x) + 1;
}
function never() {
  return 3;
}
var LOADED = atLoad();
module.exports = { called: called, never: never, LOADED: LOADED };
EOF
cat > "$P/lib/b.js" <<'EOF'
exports.helper = function (x) {
  return x * 2;
};
EOF
cat > "$P/lib/c.js" <<'EOF'
exports.byPath = function () {
  return 'c';
};
EOF
cat > "$P/lib/d.js" <<'EOF'
exports.unused = function () {
  return 'd';
};
EOF
cat > "$P/lib/e.mjs" <<'EOF'
export const esm = (x) => x + 10;
EOF
cat > "$P/test/a.js" <<'EOF'
var assert = require('assert');
var a = require('../');
assert.strictEqual(a.called(2), 5);
var c = require(require('path').join(__dirname, '../lib/c'));
assert.strictEqual(c.byPath(), 'c');
EOF
cat > "$P/test/e.mjs" <<'EOF'
import assert from 'assert';
import { esm } from '../lib/e.mjs';
assert.strictEqual(esm(1), 11);
EOF
TRUTH_LOCAL=$P TRUTH_WORK=$T/work TRUTH_OUT=$T/out.json TRUTH_SRC="index.js lib" TRUTH_TESTS="test/*" \
  bash "$HERE/make_truth.sh" selftest-pkg 0.0.0 2> "$T/log" || { cat "$T/log"; exit 1; }
node - "$T/out.json" <<'EOF'
const d = require(process.argv[2]);
const mods = Object.fromEntries(d.modules.map((m) => [m.path, m]));
const sym = (p, n) => mods[p].symbols.find((s) => s.name === n);
let failed = false;
const check = (cond, msg) => { console.log(`${cond ? 'ok  ' : 'FAIL'} ${msg}`); if (!cond) failed = true; };
check(sym('lib/a.js', 'called').executed === true, 'a function a test calls is executed');
check(sym('lib/a.js', 'atLoad').executed === false, 'a function called only at load time is not test-executed');
check(sym('lib/a.js', 'never').executed === false, 'an uncalled function is not executed');
check(mods['lib/a.js'].function_body.covered_only_outside_tests === 1, 'the load-time body statement counts outside tests');
check(!mods['lib/a.js'].indirect_only && mods['lib/a.js'].direct_importers.join() === 'test/a.js',
  'lib/a.js, which index.js re-exports (module.exports = require), is imported by the test that imports index.js');
check(mods['index.js'].direct_importers.join() === 'test/a.js', 'require("../") imports index.js');
check(mods['lib/b.js'].tested && mods['lib/b.js'].indirect_only, 'lib/b.js runs, reached only through lib/a.js');
check(mods['lib/c.js'].tested && mods['lib/c.js'].string_referencers.join() === 'test/a.js', 'lib/c.js is named by a path string');
check(!mods["lib/d.js"].tested && !mods["lib/d.js"].measured && mods["lib/d.js"].loaded_by_baseline, "lib/d.js is loaded by the baseline, never by a test");
check(mods['lib/e.mjs'].tested && mods['lib/e.mjs'].executing_test_files_importing_directly.join() === 'test/e.mjs', 'an ES module imported and run');
check(mods['index.js'].n_functions === 0, 'a re-export-only module has no function bodies');
process.exit(failed ? 1 : 0);
EOF
echo "selftest passed"
