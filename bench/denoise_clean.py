#!/usr/bin/env python3
"""Clean speech in, clean speech out: dx-denoise on noise-free dialogue (python3 stdlib, espeak-ng, sox).

  bench/denoise_clean.py --bin .build/release/dx-denoise [--args '--method classical']
                         [--cases DIR ...] [--out out/bench/denoise-clean] [--quick]
                         [--floor none,-80,-65]

Runs dx-denoise on clean speech and reports the output's SI-SDR against its input, dB, per
file (whole file, no alignment: dx-denoise keeps sample alignment). The target (issue 16) is
>= 30 dB on every file: no voice taken for noise.

--floor DBFS[,DBFS...] adds a noise floor under every input, as every real recording has
one (dither, preamp hiss, room tone): white Gaussian noise through an 8-tap moving average (a
gentle low-pass at 48 kHz: -6 dB at 3.7 kHz, first null at 6 kHz), seeded per file, at the
given RMS level in dBFS (full scale = 1.0); `none` keeps the input as it is (write
`--floor=-80,-65` when the list starts with a negative level). Each row then also gives the
SI-SDR of the input and of the output against the clean voice. The >= 30 dB target applies
to the rows whose input is at least CLEAN_INPUT_DB (35 dB) from the clean voice (the floor
far below the voice); the others are reported, not judged.

Inputs:
- espeak-ng lines (48 kHz PCM-24 via sox, 0.5 s of silence either side) in breathy and
  whispered voice variants (whisper, whisperf, f2, f3, f5, Alicia, caleb, sandro, victor,
  Storm) and two plain ones (m1, f1) for comparison; --quick: whisper, whisperf, f5 only;
- with --cases: the `clean.wav` of every case directory under each DIR (the shared denoise
  kit's make_cases.py output).
"""
from __future__ import annotations

import argparse
import math
import shlex
import random
import subprocess
import sys
import tempfile
from pathlib import Path

LINES = [
    "I told you already, the car was parked outside all night.",
    "Keep your voice down. She is sleeping in the next room, and she hears everything.",
    "Fifty six thousand, and not a penny more. Take it or leave it.",
]
VOICES = ["en+whisper", "en+whisperf", "en+f2", "en+f3", "en+f5", "en+Alicia", "en+caleb",
          "en+sandro", "en+victor", "en+Storm", "en+m1", "en+f1"]
QUICK_VOICES = ["en+whisper", "en+whisperf", "en+f5"]
TARGET_DB = 30.0
CLEAN_INPUT_DB = 35.0


def read_wav(path: Path) -> list[float]:
    """First channel of a 16/24/32-bit integer PCM WAV (plain or WAVE_FORMAT_EXTENSIBLE), as floats."""
    data = path.read_bytes()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError(f"{path}: not a WAV file")
    pos, width, ch, raw = 12, 0, 0, b""
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], int.from_bytes(data[pos + 4:pos + 8], "little")
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            ch, width = int.from_bytes(body[2:4], "little"), int.from_bytes(body[14:16], "little") // 8
        elif cid == b"data":
            raw = body
        pos += 8 + size + (size & 1)
    if width not in (2, 3, 4) or ch < 1:
        raise ValueError(f"{path}: unsupported WAV ({width * 8}-bit, {ch} channels)")
    step = width * ch
    scale = float(1 << (8 * width - 1))
    return [int.from_bytes(raw[i:i + width], "little", signed=True) / scale
            for i in range(0, len(raw) - step + 1, step)]


def write_wav24(path: Path, samples: list[float], rate: int = 48000) -> None:
    """Mono 24-bit PCM WAV, clipped to full scale."""
    top = (1 << 23) - 1
    body = bytearray()
    for v in samples:
        body += max(-top - 1, min(top, round(v * (1 << 23)))).to_bytes(3, "little", signed=True)
    fmt = (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + rate.to_bytes(4, "little") \
        + (rate * 3).to_bytes(4, "little") + (3).to_bytes(2, "little") + (24).to_bytes(2, "little")
    data = b"RIFF" + (4 + 24 + 8 + len(body) + (len(body) & 1)).to_bytes(4, "little") + b"WAVE" \
        + b"fmt " + (16).to_bytes(4, "little") + fmt + b"data" + len(body).to_bytes(4, "little") + bytes(body)
    path.write_bytes(data + (b"\0" if len(body) & 1 else b""))


def noise_floor(count: int, dbfs: float, seed: str) -> list[float]:
    """Seeded white Gaussian noise through an 8-tap moving average, at `dbfs` RMS."""
    rng = random.Random(seed)
    white = [rng.gauss(0.0, 1.0) for _ in range(count + 7)]
    out, run = [], sum(white[:7])
    for i in range(count):
        run += white[i + 7]
        out.append(run)
        run -= white[i]
    rms = math.sqrt(sum(v * v for v in out) / max(count, 1)) or 1.0
    scale = 10 ** (dbfs / 20) / rms
    return [v * scale for v in out]


def parse_floors(text: str) -> list[float | None]:
    floors: list[float | None] = []
    for word in text.split(","):
        word = word.strip()
        floors.append(None if word == "none" else float(word))
    return floors


def si_sdr(reference: list[float], estimate: list[float]) -> float:
    n = min(len(reference), len(estimate))
    dot = sum(r * e for r, e in zip(reference[:n], estimate[:n]))
    energy = sum(r * r for r in reference[:n]) or 1e-20
    a = dot / energy
    target = a * a * energy
    residual = sum((e - a * r) ** 2 for r, e in zip(reference[:n], estimate[:n]))
    return 10 * math.log10(target / max(residual, 1e-20))


def make_voice(voice: str, text: str, out: Path) -> None:
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "48000", "-b", "24", str(out), "pad", "0.5", "0.5"], check=True)
    raw.unlink()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--args", default="", help="extra dx-denoise arguments, e.g. '--method auto'")
    ap.add_argument("--cases", nargs="*", default=[], help="make_cases.py directories (their clean.wav)")
    ap.add_argument("--out", default=None, help="keep inputs and outputs here (default: a temporary folder)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--floor", type=parse_floors, default=[None],
                    help="noise floor levels, dBFS RMS, comma-separated; 'none' for the input as it is")
    args = ap.parse_args()
    work = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="denoise-clean."))
    work.mkdir(parents=True, exist_ok=True)
    inputs: list[tuple[str, Path]] = []
    for v in (QUICK_VOICES if args.quick else VOICES):
        for i, text in enumerate(LINES[:1] if args.quick else LINES):
            name = f"espeak_{v.replace('+', '_')}_{i}"
            path = work / f"{name}.wav"
            if not path.exists():
                make_voice(v, text, path)
            inputs.append((name, path))
    for d in args.cases:
        for case in sorted(Path(d).iterdir()):
            if (case / "clean.wav").exists():
                inputs.append((f"{Path(d).name}/{case.name}", case / "clean.wav"))
    floored = args.floor != [None]
    worst, judged = math.inf, 0
    if floored:
        print("| input | floor, dBFS | SI-SDR out vs in, dB | input vs clean, dB | output vs clean, dB |\n|---|---|---|---|---|")
    else:
        print("| input | SI-SDR out vs in, dB |\n|---|---|")
    for name, path in inputs:
        clean = read_wav(path)
        for floor in args.floor:
            tag = name.replace("/", "_") + ("" if floor is None else f"_floor{-floor:g}")
            source, x = path, clean
            if floor is not None:
                noise = noise_floor(len(clean), floor, tag)
                x = [c + v for c, v in zip(clean, noise)]
                source = work / f"in_{tag}.wav"
                write_wav24(source, x)
                x = read_wav(source)
            out = work / f"out_{tag}.wav"
            cmd = [args.bin, *shlex.split(args.args), "-q", str(source), "-o", str(out)]
            subprocess.run(cmd, check=True)
            y = read_wav(out)
            db = si_sdr(x, y)
            if floor is None:
                judge = True
                row = f"| {name} | none | {db:.1f} | | |" if floored else f"| {name} | {db:.1f} |"
            else:
                before, after = si_sdr(clean, x), si_sdr(clean, y)
                judge = before >= CLEAN_INPUT_DB
                row = f"| {name} | {floor:g} | {db:.1f}{'' if judge else ' (not judged)'} | {before:.1f} | {after:.1f} |"
            if judge:
                worst = min(worst, db)
                judged += 1
            print(row, flush=True)
    verdict = "ok" if worst >= TARGET_DB else "BELOW TARGET"
    print(f"\nminimum {worst:.1f} dB over {judged} judged files (target >= {TARGET_DB:.0f} dB on every file"
          + (f" whose input is >= {CLEAN_INPUT_DB:.0f} dB from the clean voice" if floored else "") + f"): {verdict}")
    return 0 if worst >= TARGET_DB else 1


if __name__ == "__main__":
    sys.exit(main())
