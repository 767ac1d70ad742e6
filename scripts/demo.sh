#!/usr/bin/env bash
# make demo: the whole dialogue pipeline on material generated here (espeak-ng, sox),
# each step printed with its command, checking its own results as it goes.
#   conform: production sound → index → match → render two cuts → diff (+ bundled lists, AAF)
#   spotting: a Pro Tools session text of the cut's ADR cues → dx-cues database
#   ADR: takes (other voices, speeds, a line said twice in the cut, a line not in it)
#        → dx-align batch against the rendered dialogue → filed on their cues → dx-denoise
#   reports: every cue sheet (CSV, JSON, HTML, PDF) and marker export; a closing summary.
# Never reads ../shared.
#   scripts/demo.sh BIN_DIR OUT_DIR
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${1:-.build/debug}
out=${2:-out/demo}
dx="$bin/dx-conform" cues="$bin/dx-cues" align="$bin/dx-align" denoise="$bin/dx-denoise"
for t in "$dx" "$cues" "$align" "$denoise"; do
  [ -x "$t" ] || { echo "demo: $t not built (make build)" >&2; exit 66; }
done
for t in espeak-ng sox python3; do
  command -v "$t" >/dev/null || { echo "demo: $t missing (make deps)" >&2; exit 69; }
done
rm -rf "$out"
mkdir -p "$out"
SECONDS=0

# The command as it would be typed: arguments with spaces or quotes in single quotes.
shown() { local a out=""; for a in "$@"; do
  if [[ $a =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then out+=" $a"; else out+=" '${a//\'/\'\\\'\'}'"; fi
done; printf '%s' "${out# }"; }
step() { printf '\n== %s\n$ %s\n' "$1" "$(shown "${@:2}")"; "${@:2}"; }
# A step whose tool reports incomplete work with exit status 1 (unmatched events).
step1() { step "$@" || { s=$?; [ $s -eq 1 ] || exit $s; echo "(exit status 1: not everything matched, as listed above)"; }; }
# A step whose standard output goes to a file: step_to FILE TITLE COMMAND...
step_to() { local f=$1; shift; printf '\n== %s\n$ %s > %s\n' "$1" "$(shown "${@:2}")" "$f"; "${@:2}" > "$f"; }
# A self-check: stops the demo with the checker's messages when a result is wrong.
check() { printf -- '-- check: %s\n' "$1"; python3 scripts/demo-check.py "${@:2}" \
  || { echo "demo: FAILED: $1" >&2; exit 1; }; }

printf '== 0. Production sound: 6 takes on 2 recorder days, 4-channel 48 kHz 24-bit BWF with timecode and iXML\n'
mkdir -p "$out/media"
python3 scripts/demo_material.py media "$dx" "$out/media"
ls -l "$out"/media/day*/ | sed 's/^/   /'

# Cut 1: six lines of 3 s 5 f, a clip whose sound is missing (15-1) and a speed change.
cat > "$out/cut1.edl" <<'EDL'
TITLE: DEMO REEL 1 CUT 1
FCM: NON-DROP FRAME
001  DAY1     A     C        10:00:00:20 10:00:04:00 01:00:00:00 01:00:03:05
* FROM CLIP NAME:  12A-1
002  DAY2     AA    C        10:00:00:20 10:00:04:00 01:00:03:05 01:00:06:10
* FROM CLIP NAME:  20-3
003  DAY1     A     C        10:05:00:20 10:05:04:00 01:00:06:10 01:00:09:15
* FROM CLIP NAME:  14-1
004  DAY1     A     C        10:02:00:20 10:02:04:00 01:00:09:15 01:00:12:20
* FROM CLIP NAME:  12A-2
005  DAY1     A     C        10:09:00:20 10:09:04:00 01:00:12:20 01:00:16:00
* FROM CLIP NAME:  17-1
006  DAY2     A     C        10:03:00:20 10:03:04:00 01:00:16:00 01:00:19:05
* FROM CLIP NAME:  21-1
007  DAY1     A     C        10:07:00:00 10:07:01:00 01:00:19:05 01:00:20:05
* FROM CLIP NAME:  15-1
008  DAY1     A     C        10:02:04:00 10:02:04:15 01:00:20:05 01:00:20:20
M2   DAY1           050.0                10:02:04:00
* FROM CLIP NAME:  12A-2
EDL
# Cut 2: 20-3 moved to the head, 12A-1's tail and 14-1's head trimmed, 17-1 deleted.
cat > "$out/cut2.edl" <<'EDL'
TITLE: DEMO REEL 1 CUT 2
FCM: NON-DROP FRAME
001  DAY2     A     C        10:00:00:20 10:00:04:00 01:00:00:00 01:00:03:05
* FROM CLIP NAME:  20-3
002  DAY1     A     C        10:00:00:20 10:00:03:20 01:00:03:05 01:00:06:05
* FROM CLIP NAME:  12A-1
003  DAY1     AA    C        10:02:00:20 10:02:04:00 01:00:06:05 01:00:09:10
* FROM CLIP NAME:  12A-2
004  DAY1     A     C        10:07:00:00 10:07:01:00 01:00:09:10 01:00:10:10
* FROM CLIP NAME:  15-1
005  DAY1     A     C        10:02:04:00 10:02:04:15 01:00:10:10 01:00:11:00
M2   DAY1           050.0                10:02:04:00
* FROM CLIP NAME:  12A-2
006  DAY1     A     C        10:05:01:05 10:05:04:00 01:00:11:00 01:00:13:20
* FROM CLIP NAME:  14-1
007  DAY2     A     C        10:03:00:20 10:03:04:00 01:00:13:20 01:00:17:00
* FROM CLIP NAME:  21-1
EDL

printf '\n######## CONFORM (dx-conform)\n'
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
step "8.2 Convert the EDL to canonical JSON, and back to a CMX 3600 EDL" \
    "$dx" convert "$edl" --fps 24 -o "$out/dissolve.json"
"$dx" convert "$out/dissolve.json" -o "$out/dissolve.edl"
"$dx" list "$edl" --fps 24 --json | grep -v '"file"\|"line"\|"warnings"' > "$out/a.json"
"$dx" list "$out/dissolve.edl" --fps 24 --json | grep -v '"file"\|"line"\|"warnings"' > "$out/b.json"
if cmp -s "$out/a.json" "$out/b.json"; then echo "round trip: same JSON (file names and line numbers aside)"
else echo "demo: FAILED: the EDL → JSON → EDL round trip changed the list:" >&2; diff "$out/a.json" "$out/b.json" | head -20; exit 1; fi
step "8.3 List the audio of a Premiere xmeml (both sides of every stereo pair)" \
    "$dx" list Fixtures/xml/hg_Fade_inn_og_ut.xml --track A1 A2 A3 A4
step "8.4 List an FCPXML project with sync clips and roles" \
    "$dx" list Fixtures/xml/dawfk_SyncClipRoles.fcpxml
step "9.1 AAF: list a Media Composer composition (its audio clips, fades kept)" \
    "$dx" list Fixtures/aaf/MC_Fades.aaf
step "9.2 AAF: extract the essence embedded in a Premiere AAF as BWFs" \
    "$dx" extract Fixtures/aaf/PR_WAV_Internal.aaf -o "$out/aaf"

printf '\n######## SPOTTING (dx-cues)\n'
db="$out/reel1.dxcues"
step "10. The ADR spotting session of cut 1 as Pro Tools session text (ptulsconv tags: \$QN cue, {R=} reason, {Actor=})" \
    python3 scripts/demo_material.py spotting "$out/spotting.txt"
sed -n '/^TRACK NAME/,/^$/p' "$out/spotting.txt" | sed 's/^/   /'
step "11. Import it: a cue database (SQLite) with characters, actors, reels and cues" \
    "$cues" --db "$db" import "$out/spotting.txt"
step "12. The cues by TC within reel" \
    "$cues" --db "$db" list
step "13. A recording session with both actors" \
    "$cues" --db "$db" session add stageA-day1 --stage A --date 2026-12-07 --engineer "Sam Reed" \
    --actor "Ada Stone" --actor "Ben Marsh"

printf '\n######## ADR (dx-align)\n'
adr="$out/adr"
step "14. Record ADR takes: other voices and speeds, studio room tone; A101's line is in cut 1 twice, A104's not at all" \
    python3 scripts/demo_material.py takes "$adr/takes"
ls "$adr/takes" | sed 's/^/   /'
step "15. The guide: cut 1's rendered Boom and Lav1 laid out at record time, from 00:59:58:00" \
    python3 scripts/demo_material.py guide "$out/render1/placed.json" "$adr/guide_plain.wav"
"$dx" tag-bwf "$adr/guide_plain.wav" -o "$adr/reel1_guide.wav" --start 00:59:58:00 --fps 25 \
    --project DEMO --tracks Boom,Lav1
rm "$adr/guide_plain.wav"
step_to "$adr/align.ndjson" "16. Align every take against the guide; matched takes written spot-ready (TimeReference = their place)" \
    "$align" batch --guide "$adr/reel1_guide.wav" --fps 25 --write "$adr/aligned" "$adr"/takes/*.wav
python3 - "$adr/align.ndjson" <<'PY'
import json, os, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    where = "ambiguous: " + ", ".join(c["timecode"] for c in r["candidates"]) if r.get("ambiguous") \
        else (r["timecode"] if r.get("match") else "no match")
    print("   %-12s %-32s confidence %.2f" % (os.path.basename(r["take"]), where, r.get("confidence") or 0))
PY
ls "$adr/aligned" | sed 's/^/   written: /'
check "offsets within a frame of the known ones; the line said twice ambiguous; the absent line not found" \
    align "$adr/takes/truth.json" "$adr/align.ndjson"

step "17. File the takes on their cues from the report (offset, confidence, match kept)" \
    "$cues" --db "$db" take add --from-align "$adr/align.ndjson" --session stageA-day1
printf '\n== 18. Circle the confident takes; flag the ambiguous and the not found\n'
python3 scripts/demo-check.py file "$adr/takes/truth.json" "$adr/align.ndjson" > "$adr/filing.tsv"
while IFS=$'\t' read -r cue n action comment; do
  case $action in
    circle) step "$cue take $n: circled" "$cues" --db "$db" take add "$cue" --number "$n" --circled --comment "$comment" ;;
    *) step "$cue take $n: $comment" "$cues" --db "$db" take add "$cue" --number "$n" --comment "$comment" ;;
  esac
done < "$adr/filing.tsv"
"$cues" --db "$db" list --json > "$out/cues.json"
check "every take filed on its cue; the re-take and the absent line flagged" \
    filing "$adr/takes/truth.json" "$out/cues.json"

printf '\n######## CLEAN (dx-denoise)\n'
mkdir -p "$adr/clean"
step_to "$adr/denoise.json" "19. Denoise the aligned takes (hum, then broadband; metadata and TimeReference kept)" \
    "$denoise" "$adr"/aligned/*.wav -d "$adr/clean" --json -q
python3 - "$adr/denoise.json" <<'PY'
import json, os, sys
for r in json.load(open(sys.argv[1])):
    print("   %-12s %s: noise floor %s -> %s dBFS, peak %s -> %s dBFS, hum %s" % (os.path.basename(r["output"]),
          r["method"], r["noise_floor_before_dbfs"], r["noise_floor_after_dbfs"], r["peak_before_dbfs"],
          r["peak_after_dbfs"], "found" if r["hum"]["found"] else "none"))
PY

printf '\n######## REPORTS (dx-cues)\n'
step "20. Every report as CSV, JSON, HTML and PDF, and the cues as Resolve and Avid markers" \
    "$cues" --db "$db" report all --dir "$out/sheets"
step "21. The recording log of one actor as PDF" \
    "$cues" --db "$db" report log --actor "Ada Stone" -o "$out/log_ada_stone.pdf"

count() { find "$1" -type f -name "$2" | wc -l; }
printf '\n######## SUMMARY (%d s)\n' "$SECONDS"
printf '%-10s %s\n' \
  production "$out/media/: $(count "$out/media" '*.WAV') production takes; index $out/media.db" \
  conform "$out/render1/, $out/render2/: $(count "$out/render1" '*.wav') + $(count "$out/render2" '*.wav') rendered events with placed.csv/json/edl; $out/changes.edl (cut 1 → cut 2)" \
  lists "$out/dissolve.json, $out/dissolve.edl (EDL → JSON → EDL round trip)" \
  aaf "$out/aaf/: $(count "$out/aaf" '*.wav') BWFs extracted from Fixtures/aaf/PR_WAV_Internal.aaf" \
  spotting "$out/spotting.txt → $db ($(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$out/cues.json") cues)" \
  adr "$adr/takes/: $(count "$adr/takes" '*.wav') takes; guide $adr/reel1_guide.wav" \
  align "$adr/align.ndjson; $adr/aligned/: $(count "$adr/aligned" '*.wav') spot-ready BWFs" \
  filing "$(grep -c $'\tcircle\t' "$adr/filing.tsv" || true) circled, $(grep -c $'\tflag\t' "$adr/filing.tsv" || true) flagged ($adr/filing.tsv)" \
  denoise "$adr/clean/: $(count "$adr/clean" '*.wav') cleaned takes; $adr/denoise.json" \
  reports "$out/sheets/: $(count "$out/sheets" '*.pdf') PDF, $(count "$out/sheets" '*.html') HTML, $(count "$out/sheets" '*.csv') CSV, $(count "$out/sheets" '*.json') JSON, $(count "$out/sheets" '*.edl') + $(count "$out/sheets" '*.txt') marker exports; $out/log_ada_stone.pdf" \
  checks "offsets within a frame, ambiguous and absent lines flagged: all passed"
printf 'demo: done in %d s\n' "$SECONDS"
