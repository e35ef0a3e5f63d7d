#!/usr/bin/env bash
# gap's benchmark: gap-scan against tokei on the same trees, then gap-rank and gap-report on the documents.
#   scripts/bench.sh [--runs N] [--sizes 10k,100k,1m] [--layouts python,mixed] [--tree PATH ...]
#                    [--modules-doc N] [--no-synthetic] [--scan-only]
# Builds the release binaries, then runs scripts/bench.py (docs/performance.md explains every column).
# Synthetic trees are generated deterministically and cached under $GAP_BENCH_CACHE (default
# /tmp/gap-bench-trees). Needs tokei (`cargo install tokei`). Not run by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q --bins
exec python3 scripts/bench.py "$@"
