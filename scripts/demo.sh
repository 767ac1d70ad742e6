#!/usr/bin/env bash
# make demo: production sound generated here (espeak-ng, sox, dx-conform tag-bwf), a cut
# and a re-cut, then index → match → render → diff; then dx-conform on the bundled
# Fixtures/ lists. Never reads ../shared.
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
# A step whose tool reports incomplete work with exit status 1 (unmatched events).
step1() { step "$@" || { s=$?; [ $s -eq 1 ] || exit $s; echo "(exit status 1: not everything matched, as listed above)"; }; }

printf '== 0. Production sound: 4 takes on 2 recorder days, 4-channel 48 kHz 24-bit BWF with timecode and iXML\n'
scripts/demo-media.sh "$dx" "$out/media"
ls -l "$out"/media/day*/ | sed 's/^/   /'

cat > "$out/cut1.edl" <<'EDL'
TITLE: DEMO REEL 1 CUT 1
FCM: NON-DROP FRAME
001  DAY1     A     C        10:00:01:00 10:00:03:10 01:00:00:00 01:00:02:10
* FROM CLIP NAME:  12A-1
002  DAY1     AA    C        10:02:01:05 10:02:03:15 01:00:02:10 01:00:04:20
* FROM CLIP NAME:  12A-2
003  DAY2     A     C        10:00:01:00 10:00:03:20 01:00:04:20 01:00:07:15
* FROM CLIP NAME:  20-3
004  DAY1     A     C        10:05:01:00 10:05:03:00 01:00:07:15 01:00:09:15
* FROM CLIP NAME:  14-1
005  DAY1     A     C        10:07:00:00 10:07:01:00 01:00:09:15 01:00:10:15
* FROM CLIP NAME:  15-1
006  DAY1     A     C        10:02:03:15 10:02:04:05 01:00:10:15 01:00:11:05
M2   DAY1           050.0                10:02:03:15
* FROM CLIP NAME:  12A-2
EDL
cat > "$out/cut2.edl" <<'EDL'
TITLE: DEMO REEL 1 CUT 2
FCM: NON-DROP FRAME
001  DAY2     A     C        10:00:01:00 10:00:03:20 01:00:00:00 01:00:02:20
* FROM CLIP NAME:  20-3
002  DAY1     A     C        10:00:01:00 10:00:03:00 01:00:02:20 01:00:04:20
* FROM CLIP NAME:  12A-1
003  DAY1     AA    C        10:02:01:05 10:02:03:15 01:00:04:20 01:00:07:05
* FROM CLIP NAME:  12A-2
004  DAY1     A     C        10:07:00:00 10:07:01:00 01:00:07:05 01:00:08:05
* FROM CLIP NAME:  15-1
005  DAY1     A     C        10:02:03:15 10:02:04:05 01:00:08:05 01:00:08:20
M2   DAY1           050.0                10:02:03:15
* FROM CLIP NAME:  12A-2
006  DAY1     A     C        10:05:03:05 10:05:04:05 01:00:08:20 01:00:09:20
* FROM CLIP NAME:  14-1
EDL

step "1. Index the production sound (rate, channels, TimeReference, iXML, fingerprint) into SQLite" \
    "$dx" index "$out/media" --db "$out/media.db"
step "2. Rescan: unchanged files are not opened again; a moved file is found by its fingerprint" \
    mv "$out/media/day2/B001_T03.WAV" "$out/media/B001_T03.WAV"
"$dx" index "$out/media" --db "$out/media.db"
step1 "3. Match cut 1 to the production sound (timecode + tape / clip name / scene-take evidence)" \
    "$dx" match "$out/cut1.edl" --fps 25 --index "$out/media.db"
step1 "4. Render cut 1: Boom and Lav1 only, 2 s handles (cut short where a take ends), TimeReference = record TC - head" \
    "$dx" render "$out/cut1.edl" --fps 25 --index "$out/media.db" --channels boom,lav1 --handles 2s -o "$out/render1"
step "5. The edit list of what was placed: an EDL that plays the rendered files" \
    "$dx" list "$out/render1/placed.edl" --fps 25
step "6. Re-conform: what changed between cut 1 and cut 2 (and a change EDL)" \
    "$dx" diff "$out/cut1.edl" "$out/cut2.edl" --fps 25 --edl "$out/changes.edl"
step1 "7. Render cut 2, all channels, 1 s handles" \
    "$dx" render "$out/cut2.edl" --fps 25 --index "$out/media.db" --handles 1s -o "$out/render2" -q

printf '\n== 8. Reading lists: the bundled Fixtures/\n'
edl=Fixtures/edl/otio_dissolve_test_4.edl
step "8.1 List an EDL as a table (rate given; dissolves keep their outgoing side)" \
    "$dx" list "$edl" --fps 24
step "8.2 The same list without --fps: the rate is guessed and the guess reported" \
    "$dx" list Fixtures/edl/julik_SPEEDUP_AND_FADEOUT.EDL
step "8.3 Convert the EDL to canonical JSON (written to a temp file, then renamed)" \
    "$dx" convert "$edl" --fps 24 -o "$out/dissolve.json"
printf 'first event row of %s:\n' "$out/dissolve.json"
sed -n '/"events": \[/,/"speed"/p' "$out/dissolve.json" | sed -n '2,$p'
step "8.4 Convert the JSON back to a CMX 3600 EDL" \
    "$dx" convert "$out/dissolve.json" -o "$out/dissolve.edl"
cat "$out/dissolve.edl"
step "8.5 The round trip lists the same events" \
    "$dx" list "$out/dissolve.edl" --fps 24 --csv
"$dx" list "$edl" --fps 24 --json | grep -v '"file"\|"line"\|"warnings"' > "$out/a.json"
"$dx" list "$out/dissolve.edl" --fps 24 --json | grep -v '"file"\|"line"\|"warnings"' > "$out/b.json"
if cmp -s "$out/a.json" "$out/b.json"; then echo "round trip: same JSON (file names and line numbers aside)"
else echo "round trip: JSON differs:"; diff "$out/a.json" "$out/b.json" | head -20; fi

xml=Fixtures/xml/hg_Fade_inn_og_ut.xml
step "8.6 List the audio of a Premiere xmeml (both sides of every stereo pair, 15 audio tracks)" \
    "$dx" list "$xml" --track A1 A2 A3 A4 A9 A10 A15
fcpxml=Fixtures/xml/dawfk_SyncClipRoles.fcpxml
step "8.7 List an FCPXML project with sync clips and roles" \
    "$dx" list "$fcpxml"

printf '\ndemo: generated 4 takes, indexed, matched and rendered two cuts (%s/render1, %s/render2),\n' "$out" "$out"
printf 'diffed them (%s/changes.edl), and listed 2 EDLs, an xmeml and an FCPXML\n' "$out"
