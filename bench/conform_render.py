#!/usr/bin/env python3
"""make bench: dx-conform render speed beside a plain sequential copy of the same bytes.

  bench/conform_render.py --bin .build/release/dx-conform [--events 500] [--handles 5]
                          [--work out/bench/render] [--out out/bench]

Generates 48 kHz 8-channel 24-bit poly BWFs (sox noise, tagged with a TimeReference by
`dx-conform tag-bwf`), an EDL of --events one-second events from them, indexes them and
times `dx-conform render --handles 5s` (release build, wall clock). Then, from the
render's own placed.json, copies exactly the same byte ranges of the same source files
into new files with read/write (1 MiB blocks) and fsync per file, as the renderer's
writer does: the "plain sequential copy". The copy runs before and after the render
(the first warms the page cache for both) and the faster copy is the baseline, so the
ratio does not flatter dx-conform. Target: render within 2x of the copy.
Needs sox. Uses about (events x 11 s x 1.15 MB/s) of disk twice, removed at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

TARGET = 2.0
RATE = 48000
CHANNELS = 8
BYTES = 3


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def data_offset(path: str) -> int:
    with open(path, "rb") as f:
        head = f.read(12)
        assert head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE", path
        pos = 12
        while True:
            f.seek(pos)
            h = f.read(8)
            if len(h) < 8:
                raise ValueError(f"{path}: no data chunk")
            cid, size = h[:4], struct.unpack("<I", h[4:])[0]
            if cid == b"data":
                return pos + 8
            pos += 8 + size + (size & 1)


def tc(frames: int, fps: int = 25) -> str:
    f = frames % fps
    s = frames // fps
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}:{f:02d}"


def copy_ranges(placed: list[dict], dest: Path) -> float:
    dest.mkdir(parents=True, exist_ok=True)
    block = 1 << 20
    offsets: dict[str, int] = {}
    t0 = time.monotonic()
    for i, p in enumerate(placed):
        src = p["source_file"]
        if src not in offsets:
            offsets[src] = data_offset(src)
        frame_bytes = CHANNELS * BYTES
        start = offsets[src] + p["source_offset"] * frame_bytes
        left = p["frames"] * frame_bytes
        fd_in = os.open(src, os.O_RDONLY)
        fd_out = os.open(dest / f"copy{i:04d}.raw", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.lseek(fd_in, start, os.SEEK_SET)
        while left > 0:
            b = os.read(fd_in, min(block, left))
            if not b:
                break
            os.write(fd_out, b)
            left -= len(b)
        os.fsync(fd_out)
        os.close(fd_out)
        os.close(fd_in)
    return time.monotonic() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--events", type=int, default=500)
    ap.add_argument("--handles", type=int, default=5)
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--seconds", type=int, default=60, help="length of each source file")
    ap.add_argument("--work", default="out/bench/render")
    ap.add_argument("--out", default="out/bench")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--jobs", type=int, default=2, help="dx-conform render --jobs")
    a = ap.parse_args(argv)
    if not shutil.which("sox"):
        log("sox not found; skipping the render bench")
        return 0
    work = Path(a.work)
    shutil.rmtree(work, ignore_errors=True)
    (work / "media").mkdir(parents=True)
    rng = random.Random(1)
    starts = []
    log(f"generating {a.files} x {a.seconds} s 48 kHz 8-channel 24-bit poly files")
    for i in range(a.files):
        raw = work / f"raw{i}.wav"
        subprocess.run(["sox", "-n", "-r", str(RATE), "-b", "24", "-c", str(CHANNELS), str(raw), "synth", str(a.seconds),
                        "whitenoise", "vol", "0.3"], check=True)
        start = (9 + i) * 3600 * 25  # one take per hour of the day, 25 fps frames
        starts.append(start)
        subprocess.run([a.bin, "tag-bwf", str(raw), "-o", str(work / "media" / f"T{i:02d}.WAV"), "--start", tc(start),
                        "--fps", "25", "--tape", f"T{i:02d}", "--scene", str(i), "--take", "1",
                        "--tracks", "Mix,Boom,Lav1,Lav2,Lav3,Lav4,Lav5,Lav6"], check=True)
        raw.unlink()
    lines = ["TITLE: RENDER BENCH", "FCM: NON-DROP FRAME"]
    rec = 3600 * 25
    for n in range(1, a.events + 1):
        i = rng.randrange(a.files)
        src = starts[i] + rng.randrange(a.handles * 25, (a.seconds - a.handles - 1) * 25)
        lines.append(f"{n:04d}  T{i:02d}     A     C        {tc(src)} {tc(src + 25)} {tc(rec)} {tc(rec + 25)}")
        rec += 25
    edl = work / "bench.edl"
    edl.write_text("\n".join(lines) + "\n")
    db = work / "media.db"
    subprocess.run([a.bin, "index", str(work / "media"), "--db", str(db)], check=True, stdout=subprocess.DEVNULL)
    # Page cache warm-up and first copy baseline need the placements: a dry run of 1 job renders
    # the same plan, so render once first into a scratch folder to learn the byte ranges.
    log(f"render {a.events} events with {a.handles} s handles")
    t0 = time.monotonic()
    p = subprocess.run([a.bin, "render", str(edl), "--fps", "25", "--index", str(db), "--handles", f"{a.handles}s",
                        "-o", str(work / "r1"), "-q", "--jobs", str(a.jobs)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    render1 = time.monotonic() - t0
    if p.returncode != 0:
        log(f"render failed ({p.returncode}): {p.stderr.strip()[-400:]}")
        return 1
    placed = [x for x in json.loads((work / "r1" / "placed.json").read_text())["placed"] if x["status"] == "render"]
    total = sum(x["frames"] for x in placed) * CHANNELS * BYTES
    shutil.rmtree(work / "r1")
    copy1 = copy_ranges(placed, work / "c1")
    shutil.rmtree(work / "c1")
    t0 = time.monotonic()
    subprocess.run([a.bin, "render", str(edl), "--fps", "25", "--index", str(db), "--handles", f"{a.handles}s",
                    "-o", str(work / "r2"), "-q", "--jobs", str(a.jobs)], check=True, stdout=subprocess.DEVNULL)
    render2 = time.monotonic() - t0
    shutil.rmtree(work / "r2")
    copy2 = copy_ranges(placed, work / "c2")
    shutil.rmtree(work / "c2")
    render = max(render1, render2)
    copy = min(copy1, copy2)
    ratio = render / copy if copy > 0 else float("inf")
    mb = total / 1e6
    text = (f"render: {len(placed)} events, {a.handles} s handles, 48 kHz 8-ch 24-bit, {mb:.0f} MB written, --jobs {a.jobs}\n"
            f"  dx-conform render  {render:.2f} s ({mb / render:.0f} MB/s; runs {render1:.2f}, {render2:.2f})\n"
            f"  sequential copy    {copy:.2f} s ({mb / copy:.0f} MB/s; runs {copy1:.2f}, {copy2:.2f})\n"
            f"  ratio {ratio:.2f}x (target <= {TARGET:.0f}x): {'ok' if ratio <= TARGET else 'MISSED'}")
    print(text)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "conform_render.json").write_text(json.dumps({
        "events": len(placed), "handles_s": a.handles, "jobs": a.jobs, "bytes": total, "render_s": [render1, render2],
        "copy_s": [copy1, copy2], "ratio": ratio, "target": TARGET}, indent=2) + "\n")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
