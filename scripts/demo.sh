#!/usr/bin/env bash
# make demo: dx-conform on the bundled Fixtures/ (never on ../shared).
#   scripts/demo.sh BIN_DIR OUT_DIR
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${1:-.build/debug}
out=${2:-out/demo}
dx="$bin/dx-conform"
[ -x "$dx" ] || { echo "demo: $dx not built (make build)" >&2; exit 66; }
rm -rf "$out"
mkdir -p "$out"

step() { printf '\n== %s\n$ %s\n' "$1" "${*:2}"; "${@:2}"; }

edl=Fixtures/edl/otio_dissolve_test_4.edl
step "1. List an EDL as a table (rate given; dissolves keep their outgoing side)" \
    "$dx" list "$edl" --fps 24
step "2. The same list without --fps: the rate is guessed and the guess reported" \
    "$dx" list Fixtures/edl/julik_SPEEDUP_AND_FADEOUT.EDL
step "3. Convert the EDL to canonical JSON (written to a temp file, then renamed)" \
    "$dx" convert "$edl" --fps 24 -o "$out/dissolve.json"
printf 'first event row of %s:\n' "$out/dissolve.json"
sed -n '/"events": \[/,/"speed"/p' "$out/dissolve.json" | sed -n '2,$p'
step "4. Convert the JSON back to a CMX 3600 EDL" \
    "$dx" convert "$out/dissolve.json" -o "$out/dissolve.edl"
cat "$out/dissolve.edl"
step "5. The round trip lists the same events" \
    "$dx" list "$out/dissolve.edl" --fps 24 --csv
"$dx" list "$edl" --fps 24 --json | grep -v '"file"\|"line"\|"warnings"' > "$out/a.json"
"$dx" list "$out/dissolve.edl" --fps 24 --json | grep -v '"file"\|"line"\|"warnings"' > "$out/b.json"
if cmp -s "$out/a.json" "$out/b.json"; then echo "round trip: same JSON (file names and line numbers aside)"
else echo "round trip: JSON differs:"; diff "$out/a.json" "$out/b.json" | head -20; fi

xml=Fixtures/xml/hg_Fade_inn_og_ut.xml
step "6. List the audio of a Premiere xmeml (both sides of every stereo pair, 15 audio tracks)" \
    "$dx" list "$xml" --track A1 A2 A3 A4 A9 A10 A15
fcpxml=Fixtures/xml/dawfk_SyncClipRoles.fcpxml
step "7. List an FCPXML project with sync clips and roles" \
    "$dx" list "$fcpxml"

printf '\ndemo: listed 2 EDLs, an xmeml and an FCPXML; wrote %s/dissolve.json and %s/dissolve.edl\n' "$out" "$out"
