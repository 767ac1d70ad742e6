#!/usr/bin/env bash
# Generates the demo's production sound: four takes on two recorder days, each a
# 4-channel 48 kHz 24-bit poly BWF (Mix, Boom, Lav1, Lav2) of espeak-ng speech with
# room tone, tagged with a bext TimeReference and iXML scene/take/tape/track names.
#   scripts/demo-media.sh DX_CONFORM OUT_DIR
set -euo pipefail
dx=$1
out=$2
work="$out/.work"
mkdir -p "$work" "$out/day1" "$out/day2"

# name  tape  scene take  start        line
takes=(
  "A001_T01 DAY1 12A 1 10:00:00:00 Where were you last night? I waited until the lights went out."
  "A002_T02 DAY1 12A 2 10:02:00:00 Where were you? I waited, and waited, until the lights went out."
  "A003_T01 DAY1 14  1 10:05:00:00 The car is outside. Bring the keys, and do not wake your brother."
  "B001_T03 DAY2 20  3 10:00:00:00 Nobody saw us leave. That is the whole point of leaving at night."
)
for t in "${takes[@]}"; do
  read -r name tape scene take start line <<<"$t"
  s="$work/$name"
  espeak-ng -s 150 -w "$s.speech.wav" "$line"
  # One second of room tone each side, at 48 kHz 24-bit.
  sox -v 0.6 "$s.speech.wav" -r 48000 -b 24 "$s.dry.wav" pad 1 1.5
  len=$(soxi -D "$s.dry.wav")
  sox -n -r 48000 -b 24 -c 1 "$s.tone.wav" synth "$len" pinknoise vol 0.02
  sox -m "$s.dry.wav" "$s.tone.wav" -b 24 "$s.boom.wav"
  sox "$s.dry.wav" -b 24 "$s.lav1.wav" highpass 250 gain -4
  sox -n -r 48000 -b 24 -c 1 "$s.lav2.wav" synth "$len" pinknoise vol 0.01
  sox -m "$s.boom.wav" "$s.lav1.wav" -b 24 "$s.mix.wav" gain -3
  sox -M "$s.mix.wav" "$s.boom.wav" "$s.lav1.wav" "$s.lav2.wav" -b 24 "$s.poly.wav"
  day=$( [ "$tape" = DAY1 ] && echo day1 || echo day2 )
  "$dx" tag-bwf "$s.poly.wav" -o "$out/$day/$name.WAV" --start "$start" --fps 25 \
      --scene "$scene" --take "$take" --tape "$tape" --project DEMO --tracks Mix,Boom,Lav1,Lav2 --circled
done
rm -rf "$work"
