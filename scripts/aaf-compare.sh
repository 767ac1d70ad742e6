#!/usr/bin/env bash
# Scores dx-conform's AAF reading against the pyaaf2 oracle of the research corpus:
# lists every AAF of CORPUS (default ../shared/corpus/aaf) as JSON, then runs the
# corpus's compare_aaf.py --all over the results. Exit status: compare_aaf.py's.
#   scripts/aaf-compare.sh [DX_CONFORM] [CORPUS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dx=${1:-.build/debug/dx-conform}
corpus=${2:-../shared/corpus/aaf}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
for f in "$corpus"/*.aaf; do
    name=$(basename "$f")
    if ! "$dx" list --json -q "$f" > "$out/aaf__$name.json"; then
        echo "dx-conform list failed on $name" >&2
        failed=1
    fi
done
python3 "$corpus/compare_aaf.py" --all "$out" | tail -1
exit $(( failed || PIPESTATUS[0] ))
