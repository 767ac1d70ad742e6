#!/usr/bin/env python3
"""The demo's generated material, from one table of lines (python3 standard library,
espeak-ng, sox and dx-conform tag-bwf):

  demo_material.py media DX_CONFORM DIR      production sound: 6 takes on 2 recorder days,
                                             4-channel 48 kHz 24-bit BWF, timecode and iXML
  demo_material.py spotting FILE             a Pro Tools session text of the cut's ADR cues,
                                             tagged as ptulsconv reads them ($QN, {R}, {Actor})
  demo_material.py guide PLACED_JSON OUT     cut 1's rendered events laid end to end at their
                                             record times: the reel's production dialogue
  demo_material.py takes DIR                 ADR takes (other voices, speeds, room tone) and
                                             DIR/truth.json: where each take belongs
Everything here is made from the MEDIA, CUES and TAKES tables below; the cut's EDLs in
scripts/demo.sh place the production takes at the record times given in CUES. The room
tone is seeded noise: every run makes the same files (DXKIT_DEMO_SEED=N makes others).
"""
import array
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import wave

FPS = 25
RATE = 48000
REEL_START = "01:00:00:00"
GUIDE_START = "00:59:58:00"  # the guide starts 2 s before the reel's first frame
LEAD = 1.0        # room tone before the line in every production take (s)
SOURCE_IN = 0.8   # every cut event starts 20 frames into its production take

# Production takes: file, tape, scene, take, start TC, character, line.
MEDIA = [
    ("A001_T01", "DAY1", "12A", 1, "10:00:00:00", "ANNA", "Where were you last night?"),
    ("A002_T02", "DAY1", "12A", 2, "10:02:00:00", "ANNA", "Where were you last night?"),
    ("A003_T01", "DAY1", "14", 1, "10:05:00:00", "BEN", "The car is outside. Bring the keys."),
    ("A004_T01", "DAY1", "17", 1, "10:09:00:00", "BEN", "Do not wake your brother."),
    ("B001_T03", "DAY2", "20", 3, "10:00:00:00", "BEN", "Nobody saw us leave."),
    ("B002_T01", "DAY2", "21", 1, "10:03:00:00", "ANNA", "That is the whole point of leaving at night."),
]
# The production voices (espeak-ng voice, words a minute).
VOICE = {"ANNA": ("en+f3", 150), "BEN": ("en", 150)}
ACTOR = {"ANNA": "Ada Stone", "BEN": "Ben Marsh"}

# Spotted cues: number, character, record frames in/out from 01:00:00:00 (cut 1),
# production take (None: an added line, not in the production sound), reason, line.
CUES = [
    ("A101", "ANNA", 0, 80, "A001_T01", "Noise", "Where were you last night?"),
    ("B101", "BEN", 80, 160, "B001_T03", "Perf", "Nobody saw us leave."),
    ("B102", "BEN", 160, 240, "A003_T01", "Noise", "The car is outside. Bring the keys."),
    ("A102", "ANNA", 240, 320, "A002_T02", "Noise", "Where were you last night?"),
    ("B103", "BEN", 320, 400, "A004_T01", "Tech", "Do not wake your brother."),
    ("A103", "ANNA", 400, 480, "B002_T01", "Perf", "That is the whole point of leaving at night."),
    ("A104", "ANNA", 480, 505, None, "Add", "I never said I would wait."),
]
# ADR takes: file, cue, espeak voice, words a minute, kind. A101's line is said in cut 1
# twice (takes 1 and 2 of scene 12A): its take must come back ambiguous. A104 is a line
# added in ADR: not in the guide.
TAKES = [
    ("A101_t1", "A101", "en+f2", 150, "twice"),
    ("B101_t1", "B101", "en-us", 150, "revoice"),
    ("B102_t1", "B102", "en-us", 165, "faster"),
    ("B102_t2", "B102", "en-gb-x-rp", 132, "slower"),
    ("B103_t1", "B103", "en-us+m2", 140, "revoice"),
    ("A103_t1", "A103", "en+f2", 140, "slower"),
    ("A104_t1", "A104", "en+f3", 150, "absent"),
]
TAKE_LEAD = 0.7   # silence + room tone before the line in an ADR take (s)


def run(*args):
    # sox -R: dither from a fixed seed, so every run makes the same material.
    subprocess.run(args[:1] + ("-R",) + args[1:] if args[0] == "sox" else args, check=True)


def noise(path, seconds, seed, level, *effects):
    """Room tone: seeded white noise (a seed per file, so no two files share any noise,
    which an aligner could match), shaped by sox effects."""
    rng = random.Random(seed + os.environ.get("DXKIT_DEMO_SEED", ""))
    n = int(float(seconds) * RATE)
    x = array.array("h", (max(-32767, min(32767, int(rng.gauss(0, level * 32767)))) for _ in range(n)))
    with wave.open(path + ".white.wav", "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(x.tobytes())
    run("sox", path + ".white.wav", "-b", "24", path, *effects)


def tc(frames, hour=1):
    s = frames // FPS
    return "%02d:%02d:%02d:%02d" % (hour + s // 3600, s // 60 % 60, s % 60, frames % FPS)


def speech(path, text, voice, wpm):
    run("espeak-ng", "-v", voice, "-s", str(wpm), "-w", path, text)


def activity(path):
    """First and last sample time (s) of speech in a 16-bit mono WAV: 5 ms frames within
    40 dB of the loudest frame."""
    with wave.open(path) as w:
        rate, n = w.getframerate(), w.getnframes()
        raw = w.readframes(n)
    x = struct.unpack("<%dh" % (len(raw) // 2), raw)
    hop = max(1, rate // 200)
    levels = [sum(v * v for v in x[i:i + hop]) / hop for i in range(0, len(x) - hop + 1, hop)]
    floor = max(levels) * 1e-4
    active = [i for i, e in enumerate(levels) if e > floor]
    return active[0] * hop / rate, (active[-1] + 1) * hop / rate


def media(dx, out):
    with tempfile.TemporaryDirectory(dir=out) as work:
        for name, tape, scene, take, start, who, line in MEDIA:
            s = os.path.join(work, name)
            voice, wpm = VOICE[who]
            speech(s + ".speech.wav", line, voice, wpm)
            # Room tone around the line, 48 kHz 24-bit.
            run("sox", "-v", "0.6", s + ".speech.wav", "-r", str(RATE), "-b", "24", s + ".dry.wav",
                "pad", str(LEAD), "2")
            length = subprocess.run(["soxi", "-D", s + ".dry.wav"], check=True, capture_output=True,
                                    text=True).stdout.strip()
            noise(s + ".tone.wav", length, "tone " + name, 0.008, "lowpass", "4000")
            run("sox", "-m", s + ".dry.wav", s + ".tone.wav", "-b", "24", s + ".boom.wav")
            run("sox", s + ".dry.wav", "-b", "24", s + ".lav1.wav", "highpass", "250", "gain", "-4")
            noise(s + ".lav2.wav", length, "lav2 " + name, 0.004, "lowpass", "4000")
            run("sox", "-m", s + ".boom.wav", s + ".lav1.wav", "-b", "24", s + ".mix.wav", "gain", "-3")
            run("sox", "-M", s + ".mix.wav", s + ".boom.wav", s + ".lav1.wav", s + ".lav2.wav", "-b", "24",
                s + ".poly.wav")
            day = os.path.join(out, tape.lower())
            os.makedirs(day, exist_ok=True)
            run(dx, "tag-bwf", s + ".poly.wav", "-o", os.path.join(day, name + ".WAV"), "--start", start,
                "--fps", str(FPS), "--scene", scene, "--take", str(take), "--tape", tape, "--project", "DEMO",
                "--tracks", "Mix,Boom,Lav1,Lav2", "--circled")


def spotting(path):
    """Pro Tools "Session Info as Text": one track per character, a clip per cue."""
    out = ["SESSION NAME:\tDemo Reel 1 ADR", "SAMPLE RATE:\t48000.000000", "BIT DEPTH:\t24-bit",
           "SESSION START TIMECODE:\t00:59:50:00", "TIMECODE FORMAT:\t25 Frame",
           "# OF AUDIO TRACKS:\t2", "# OF AUDIO CLIPS:\t0", "# OF AUDIO FILES:\t0", "", "",
           "T R A C K  L I S T I N G"]
    for n, who in enumerate(["ANNA", "BEN"], 1):
        out += ["TRACK NAME:\t" + who, "COMMENTS:\t$CN=%d {Actor=%s}" % (n, ACTOR[who]),
                "USER DELAY:\t0 Samples", "STATE: ",
                "CHANNEL \tEVENT   \tCLIP NAME                     \tSTART TIME    \tEND TIME      "
                "\tDURATION      \tSTATE"]
        cues = [c for c in CUES if c[1] == who]
        for i, (num, _, fin, fout, _, reason, line) in enumerate(cues, 1):
            out.append("1       \t%d       \t%s {R=%s} $QN=%s\t   %s\t   %s\t   %s\tUnmuted"
                       % (i, line, reason, num, tc(fin), tc(fout), tc(fout - fin, 0)))
        out += ["", ""]
    out += ["M A R K E R S  L I S T I N G",
            "#   \tLOCATION     \tTIME REFERENCE    \tUNITS    \tNAME                             \tCOMMENTS",
            "1   \t01:00:00:00  \t480000            \tSamples  \t{Title=Demo} $Reel=R1           \t"]
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def read_pcm(path):
    """(channels, sample width, sample rate, frames as bytes) of a PCM WAV or BWF."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] not in (b"RIFF", b"RF64") or data[8:12] != b"WAVE":
        raise SystemExit("demo: %s is not a WAV file" % path)
    pos, fmt, pcm = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            pcm = body
        pos += 8 + size + (size & 1)
    if fmt is None or pcm is None:
        raise SystemExit("demo: %s has no fmt or data chunk" % path)
    return fmt[1], fmt[5] // 8, fmt[2], pcm


def guide(placed_json, out):
    """Cut 1 as it plays from GUIDE_START: each rendered event from its record in to its
    record out, silence where nothing was placed."""
    with open(placed_json) as f:
        placed = json.load(f)
    rows = [r for r in placed["placed"] if r["status"] == "render"]
    start = tc_frames(GUIDE_START)
    end = max(tc_frames(r["record_out"]) for r in rows)
    channels = width = body = None
    for r in rows:
        ch, w, rate, pcm = read_pcm(os.path.join(os.path.dirname(placed_json), r["output"]))
        if body is None:
            channels, width = ch, w
            body = bytearray((end - start) * RATE // FPS * ch * w)
        frame = ch * w
        count = (tc_frames(r["record_out"]) - tc_frames(r["record_in"])) * RATE // FPS
        at = (tc_frames(r["record_in"]) - start) * RATE // FPS
        head = r["head_samples"]
        body[at * frame:(at + count) * frame] = pcm[head * frame:(head + count) * frame]
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(RATE)
        w.writeframes(bytes(body))


def tc_frames(s):
    h, m, sec, fr = (int(v) for v in s.replace(";", ":").split(":"))
    return ((h * 60 + m) * 60 + sec) * FPS + fr


def takes(out):
    os.makedirs(out, exist_ok=True)
    cues = {c[0]: c for c in CUES}
    truth = []
    with tempfile.TemporaryDirectory(dir=out) as work:
        for name, cue, voice, wpm, kind in TAKES:
            _, who, fin, fout, prod, _, line = cues[cue]
            t = os.path.join(work, name)
            speech(t + ".speech.wav", line, voice, wpm)
            t_on, t_off = activity(t + ".speech.wav")
            run("sox", "-v", "0.7", t + ".speech.wav", "-r", str(RATE), "-b", "24", t + ".dry.wav",
                "pad", str(TAKE_LEAD), "1.2", "highpass", "80")
            length = subprocess.run(["soxi", "-D", t + ".dry.wav"], check=True, capture_output=True,
                                    text=True).stdout.strip()
            noise(t + ".tone.wav", length, "take " + name, 0.002, "lowpass", "1500")
            run("sox", "-m", t + ".dry.wav", t + ".tone.wav", "-b", "24", os.path.join(out, name + ".wav"))
            row = {"take": name + ".wav", "cue": cue, "kind": kind, "voice": voice, "wpm": wpm,
                   "match": kind != "absent", "ambiguous": kind == "twice", "occurrences": []}
            # Where the line sits in the guide: every cue of cut 1 whose production take says it.
            for num, _, cin, cout, ptake, _, pline in CUES:
                if ptake is None or pline != line:
                    continue
                pvoice, pwpm = VOICE[who]
                speech(t + ".prod.wav", pline, pvoice, pwpm)
                p_on, p_off = activity(t + ".prod.wav")
                g0 = (cin + tc_frames(REEL_START) - tc_frames(GUIDE_START)) / FPS + LEAD - SOURCE_IN
                g_on, g_off = g0 + p_on, g0 + p_off
                a_on, a_off = TAKE_LEAD + t_on, TAKE_LEAD + t_off
                row["occurrences"].append({
                    "cue": num,
                    "offset_onset_seconds": round(g_on - a_on, 6),
                    "offset_center_seconds": round((g_on + g_off) / 2 - (a_on + a_off) / 2, 6)})
            truth.append(row)
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump({"schema": 1, "fps": FPS, "guide_start": GUIDE_START, "takes": truth}, f, indent=1)


def main(argv):
    if len(argv) >= 2 and argv[1] == "media" and len(argv) == 4:
        media(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] == "spotting":
        spotting(argv[2])
    elif len(argv) == 4 and argv[1] == "guide":
        guide(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] == "takes":
        takes(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
