#!/bin/sh
# RUSTC_WRAPPER for make_truth.sh: instruments only the package under test (cargo sets CARGO_PRIMARY_PACKAGE
# for it), so dependencies build as usual and only the crate's own code has coverage regions. v0 symbol
# mangling keeps generic arguments in symbol names, which the call-graph reading relies on.
rustc=$1
shift
if [ -n "$CARGO_PRIMARY_PACKAGE" ]; then
  exec "$rustc" "$@" -C instrument-coverage -C symbol-mangling-version=v0
fi
exec "$rustc" "$@"
