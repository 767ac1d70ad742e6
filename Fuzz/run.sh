#!/usr/bin/env bash
# Runs one libFuzzer target built by Fuzz/build.sh:
#
#   Fuzz/run.sh edl|xml|cues|aaf-cfb|aaf-objects|audio [SECONDS]        (default 300)
#
# Seeds (read-only): Fuzz/corpus-TARGET/ (Fuzz/corpus-aaf/ for both AAF targets), the
# matching Fixtures/ folders and the saved regressions in Fixtures/fuzz-regressions/TARGET/. New corpus units go to
# fuzz-out/corpus-TARGET/, crash/timeout/oom/leak inputs to fuzz-out/artifacts-TARGET/;
# each one found is also copied to Fixtures/fuzz-regressions/TARGET/ so it becomes a
# regression fixture once committed. Exit status: libFuzzer's (0 = nothing found).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

t=${1:?usage: Fuzz/run.sh edl|xml|cues|aaf-cfb|aaf-objects|audio [SECONDS]}
secs=${2:-300}
OUT=${FUZZ_OUT:-fuzz-out}
bin=$OUT/fuzz-$t
[ -x "$bin" ] || { echo "Fuzz/run.sh: $bin missing; run Fuzz/build.sh $t" >&2; exit 66; }

# Text formats stay small; AAF files are 180 KB to 2 MB, so the AAF targets take inputs
# up to 1 MiB and may allocate no more than 256 MB at once (an allocation sized by a
# count or size the file claims, not by the file, is a bug).
seed_dir=Fuzz/corpus-$t
limits=(-max_len=65536)
case "$t" in
edl) fixture_dirs=(Fixtures/edl Fixtures/edl-bad Fixtures/edl-made) ;;
xml) fixture_dirs=(Fixtures/xml Fixtures/xml-bad Fixtures/xmeml Fixtures/fcpxml) ;;
cues) fixture_dirs=(Fixtures/cues Fixtures/cues/daw_file_tools) ;;
audio)
    # Takes are megabytes, but every chunk layout fits in a few KB; no allocation may
    # be sized by what a header claims rather than by the file.
    fixture_dirs=()
    limits=(-max_len=65536 -malloc_limit_mb=256)
    ;;
aaf-cfb | aaf-objects)
    fixture_dirs=()
    seed_dir=Fuzz/corpus-aaf
    limits=(-max_len=1048576 -malloc_limit_mb=256)
    ;;
*) echo "Fuzz/run.sh: unknown target '$t'" >&2; exit 64 ;;
esac

work=$OUT/corpus-$t
art=$OUT/artifacts-$t
regress=Fixtures/fuzz-regressions/$t
mkdir -p "$work" "$art" "$regress"
seeds=()
for d in "$seed_dir" "${fixture_dirs[@]}" "$regress"; do
    [ -d "$d" ] && seeds+=("$d")
done

# Swift's own crash backtracer reads the stack in a way ASan reports as an underflow,
# hiding the real report: let libFuzzer/ASan print the stack instead.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
# Round-trip findings (DXFUZZ_ROUNDTRIP=1) are not crashes: they stay in fuzz-out only.
save=1
[ "${DXFUZZ_ROUNDTRIP:-0}" = 1 ] && save=0

log=$OUT/fuzz-$t.log
before=$(ls "$art" | sort)
echo "fuzz-$t: ${secs}s, seeds: ${seeds[*]}"
"$bin" "${limits[@]}" -timeout=10 -rss_limit_mb=4096 -max_total_time="$secs" \
    -print_final_stats=1 -artifact_prefix="$art/" "$work" "${seeds[@]}" >"$log" 2>&1
status=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
grep -E '^Done [0-9]+ runs' "$log" || true
echo "fuzz-$t: exit $status, ${execs:-?} executions, corpus $(ls "$work" | wc -l) files, log $log"
new=$(comm -13 <(echo "$before") <(ls "$art" | sort) | grep -v '^$' || true)
for f in $new; do
    if [ "$save" = 1 ]; then
        cp "$art/$f" "$regress/$f"
        echo "fuzz-$t: FOUND $f -> $regress/$f"
    else
        echo "fuzz-$t: FOUND $f (round-trip mode: kept in $art only)"
    fi
done
if [ "$status" -ne 0 ]; then
    echo "fuzz-$t: failed; the report is in $log:"
    grep -m1 -A40 -E '^==[0-9]+==ERROR|Fatal error|deadly signal|ALARM|out-of-memory' "$log" | head -60
fi
exit "$status"
