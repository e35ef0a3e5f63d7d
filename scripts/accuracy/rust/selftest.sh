#!/usr/bin/env bash
# rust/selftest.sh: checks make_truth.py on a made-up crate without dependencies (written here, in a temp
# folder) whose right answers are known: a unit-test module, an integration test, a doc test, a trait impl
# reached through format!, a function reached only through a `crate::` path, a test-only module file, a
# feature-gated file. Needs cargo and llvm-19 (llvm-profdata-19, llvm-cov-19, llvm-objdump-19, llvm-nm-19,
# llvm-cxxfilt-19).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/rust-truth-selftest.XXXXXX)
trap 'rm -rf "$T"' EXIT
C=$T/st
mkdir -p "$C/src/b" "$C/tests"
cat > "$C/Cargo.toml" <<'EOF'
[package]
name = "st"
version = "0.1.0"
edition = "2021"

[features]
extra = []

[workspace]
EOF
cat > "$C/src/lib.rs" <<'EOF'
pub mod a;
mod b;
pub mod c;
#[cfg(feature = "extra")]
pub mod gated;
pub use a::f;
EOF
cat > "$C/src/a.rs" <<'EOF'
/// Adds one to what `b` gives.
///
/// ```
/// assert_eq!(st::f(), 3);
/// ```
pub fn f() -> i32 {
    crate::b::g() + 1
}

pub fn unused() -> i32 {
    7
}
EOF
cat > "$C/src/b.rs" <<'EOF'
pub(crate) fn g() -> i32 {
    2
}

#[cfg(test)]
mod tests;
EOF
cat > "$C/src/b/tests.rs" <<'EOF'
#[test]
fn g_is_two() {
    assert_eq!(super::g(), 2);
}
EOF
cat > "$C/src/c.rs" <<'EOF'
pub struct V;

impl std::fmt::Display for V {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "v")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nothing_of_c() {
        assert_eq!(1 + 1, 2);
    }
}
EOF
cat > "$C/src/gated.rs" <<'EOF'
pub fn gated() -> i32 {
    1
}
EOF
cat > "$C/tests/t.rs" <<'EOF'
#[test]
fn uses_f() {
    assert_eq!(st::f(), 3);
}

#[test]
fn formats() {
    assert_eq!(format!("{}", st::c::V), "v");
}
EOF
python3 "$HERE/make_truth.py" --root "$C" --target-dir "${TRUTH_TARGET_DIR:-$T/target}" --work "$T/work" \
  --name st --version 0.1.0 --timeout 300 --out "$T/truth.json" > /dev/null
python3 - "$T/truth.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
m = {x["path"]: x for x in d["modules"]}
def check(cond, what):
    if not cond:
        sys.exit(f"rust selftest FAILED: {what}")
check(sorted(m) == ["src/a.rs", "src/b.rs", "src/c.rs", "src/gated.rs", "src/lib.rs"], f"modules {sorted(m)}")
check(d["test_only_files"] == ["src/b/tests.rs"], f"test-only files {d['test_only_files']}")
a, b, c = m["src/a.rs"], m["src/b.rs"], m["src/c.rs"]
check(a["test_files"] == ["src/a.rs", "tests/t.rs"], f"a.rs run by its doc test and tests/t.rs: {a['test_files']}")
check(a["executing_test_files_importing_directly"] == ["src/a.rs", "tests/t.rs"], "a.rs named by both")
check(a["function_body"]["covered_by_tests"] < a["function_body"]["statements"], "unused() not run")
check(b["test_files"] == ["src/a.rs", "src/b/tests.rs", "tests/t.rs"], f"b.rs run by {b['test_files']}")
check(b["executing_test_files_importing_directly"] == ["src/b/tests.rs"], "only the unit tests name g()")
check(c["test_files"] == ["tests/t.rs"], f"c.rs run by tests/t.rs only (its own test runs none of it): {c['test_files']}")
check(any("Display" in n for n in c["named_by_tests"].get("tests/t.rs", [])), "format! names <V as Display>::fmt")
check(c["n_functions"] == 1, "the test module's function is not a product function")
check(not m["src/gated.rs"]["measured"], "gated.rs is not compiled")
check(d["run"]["doc_tests"]["tests"] == 1, "one doc test")
print("rust selftest: ok")
EOF
