#!/usr/bin/env python3
"""pyaaf2 side of bench/aaf.py; runs in a venv with pyaaf2 1.7.1.

  aaf_pyaaf2.py walk RUNS FILE...   per file: median seconds to open the file and walk it
  aaf_pyaaf2.py make OUT.aaf SECONDS   writes an AAF with SECONDS of embedded 48 kHz 24-bit PCM

"Walk" = less than a conform reader must do, so that the ratio beside dx-conform is a
lower bound: every mob in the content storage, every slot, every component below it
(sequences, operation groups and their parameters, selectors, essence groups,
transitions) and every descriptor, following only those structural references (no
other property value is decoded, no source chain resolved). Prints JSON lines.
"""
import json
import statistics
import struct
import sys
import time

import aaf2

NESTED = ("Components", "InputSegments", "Alternates", "Choices", "Parameters", "PointList", "Slots")
SINGLE = ("Segment", "InputSegment", "Selected", "OperationGroup", "EssenceDescription")


def touch(obj, seen):
    """Visits obj and the objects its structural references hold (no other values read)."""
    if obj is None or id(obj) in seen:
        return
    seen.add(id(obj))
    for name in NESTED:
        if name in obj:
            for x in obj[name].value or []:
                touch(x, seen)
    for name in SINGLE:
        if name in obj:
            touch(obj[name].value, seen)


def walk(path):
    with aaf2.open(path, "r") as f:
        seen = set()
        for mob in f.content.mobs:
            touch(mob, seen)
        return len(seen)


def cmd_walk(runs, files):
    for path in files:
        times, objects = [], 0
        for _ in range(runs):
            t0 = time.perf_counter()
            objects = walk(path)
            times.append(time.perf_counter() - t0)
        print(json.dumps({"file": path, "median_s": statistics.median(times), "objects": objects}), flush=True)


def cmd_make(out, seconds):
    rate, frames = 48000, int(seconds * 48000)
    with aaf2.open(out, "w") as f:
        mob = f.create.MasterMob("long take")
        f.content.mobs.append(mob)
        comp = f.create.CompositionMob("long take sequence")
        comp.usage = "Usage_TopLevel"
        f.content.mobs.append(comp)
        import wave, tempfile, os
        with tempfile.TemporaryDirectory() as d:
            wav = os.path.join(d, "tone.wav")
            with wave.open(wav, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(3)
                w.setframerate(rate)
                block = b"".join(struct.pack("<i", (i * 7919) % 8388607)[:3] for i in range(48000))
                left = frames
                while left > 0:
                    n = min(left, 48000)
                    w.writeframes(block[: 3 * n])
                    left -= n
            mob.import_audio_essence(wav, 25)
        clip = mob.create_source_clip(1, 0, frames // 1920)
        s = comp.create_sound_slot(25)
        s.segment.components.append(clip)
    print(json.dumps({"file": out, "frames": frames}))


if __name__ == "__main__":
    if sys.argv[1] == "walk":
        cmd_walk(int(sys.argv[2]), sys.argv[3:])
    else:
        cmd_make(sys.argv[2], float(sys.argv[3]))
