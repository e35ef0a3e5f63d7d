#!/bin/sh
# RUSTDOC for make_truth.sh's doc-test runs: links each doc test with the profiler runtime and keeps its binary in
# $TRUTH_DOCTEST_DIR, so llvm-cov can map the crate's regions it ran. Only this rustdoc process sees
# RUSTC_BOOTSTRAP (--persist-doctests is unstable); cargo's rustc builds are the ones of the other tests.
RUSTC_BOOTSTRAP=1 exec rustdoc "$@" -C instrument-coverage -C symbol-mangling-version=v0 \
  -Z unstable-options --persist-doctests "$TRUTH_DOCTEST_DIR"
