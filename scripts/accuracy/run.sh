#!/usr/bin/env bash
# The accuracy suite (docs/accuracy.md): dynamic truth per pinned project, the current gap-scan, one table.
#   scripts/accuracy/run.sh [--lang python|javascript|go|rust] [--gap-scan PATH] [--remake] [PROJECT...]
# The truth is cached under /tmp/gap-accuracy, so a rerun after a change to gap takes seconds.
exec python3 "$(dirname "$0")/run.py" "$@"
