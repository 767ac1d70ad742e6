#!/usr/bin/env python3
"""make bench: dx-denoise quality beside the anchors, and its speed and memory (python3 stdlib only).

  bench/denoise.py --bin .build/release/dx-denoise [--shared ../shared]
                   [--bench-python ~/.cache/dxkit-bench/bin/python] [--out out/bench]
                   [--seed 1] [--repeats 1] [--skip-quality]

Quality (when SHARED/bench/denoise and the bench venv exist): generates the 35 cases
(make_cases.py --seed N, 7 noises x 5 SNRs) and scores dx-denoise at default settings
(`dx-denoise {noisy} -o {out}`) with run_anchor.py beside the anchors noisy, nr-stat
(noisereduce), sox-0.2, rnnoise and lsa-learn-h256 in the same run, then prints the
table. Targets (the default, `auto`): SI-SDRi >= 10.0 dB, PESQ-WB >= 2.2, ESTOI >= 0.83,
>= +5.6 dB at 20 dB SNR, babble >= +3.0 dB with PESQ-WB >= 1.55 and ESTOI >= 0.64.

Speed and memory (always): writes 48 kHz mono PCM-24 files of 60 s and 600 s (noise
with tone bursts), runs dx-denoise on each and reads the child's CPU time and peak RSS
with wait4(2): x real time per core = audio seconds / CPU seconds (file reading and
writing included), for `--method classical`, `--method learned` (DeepFilterNet3) and
`--method auto` (both, fused; the default). Targets: classical >= 300x, learned and auto >= 30x; peak
memory should not depend on length.
Short takes (always): 3, 4, 6 and 8 s files of the same signal, each denoised by
dx-denoise (auto, classical and learned) and by `sox noisered` (profile from the first 0.5 s,
amount 0.2, as the sox-0.2 anchor runs it) in the same run, CPU and wall seconds per file
(best of 5): on such files the per-file costs (FFT planning, look-ahead, hum search, and in
learned mode the model's load) weigh more than the audio itself.
Timings are noisy on a shared machine: compare ratios from one run.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import shlex
import struct
import subprocess
import sys
import time
import wave
from pathlib import Path

RATE = 48000
LENGTHS_S = [60, 600]
SHORT_LENGTHS_S = [3, 4, 6, 8]
TARGET_XRT = 300.0
# dx-denoise methods timed: (label, extra arguments, x real time target per core).
METHODS = [("classical", ["--method", "classical"], TARGET_XRT), ("learned", ["--method", "learned"], 30.0),
           ("auto", ["--method", "auto"], 30.0)]
ANCHORS = "noisy,nr-stat,sox-0.2,rnnoise,lsa-learn-h256"


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def write_test_wav(path: Path, seconds: int) -> None:
    """Noise at -40 dBFS with 1 kHz bursts, 24-bit: a 10 s block repeated (fast, stdlib);
    under 10 s, the block's first `seconds`."""
    rng = random.Random(1)
    block = bytearray()
    for i in range(min(seconds, 10) * RATE):
        v = rng.gauss(0, 0.01)
        if (i // RATE) % 2 == 1:
            v += 0.2 * math.sin(2 * math.pi * 1000 * i / RATE)
        s = max(-8388608, min(8388607, int(round(v * 8388607))))
        block += struct.pack("<i", s)[:3]
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(3)
        w.setframerate(RATE)
        for _ in range(max(seconds // 10, 1)):
            w.writeframes(bytes(block))


def run_measured(argv: list[str]) -> tuple[float, float, int]:
    """(wall s, cpu s, peak RSS KiB) of one child process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace") if p.stderr else ""
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise SystemExit(f"{argv[0]} failed ({p.returncode}): {err[-400:]}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def speed(bin_path: str, out: Path) -> list[dict]:
    rows = []
    for seconds in LENGTHS_S:
        src = out / f"speed-{seconds}s.wav"
        dst = out / f"speed-{seconds}s-out.wav"
        if not src.exists():
            log(f"writing {src.name}")
            write_test_wav(src, seconds)
        for method, extra, target in METHODS:
            best = None
            for _ in range(3):
                wall, cpu, rss = run_measured([bin_path, str(src), "-o", str(dst)] + extra)
                if best is None or cpu < best[1]:
                    best = (wall, cpu, rss)
            wall, cpu, rss = best
            rows.append({"method": method, "seconds": seconds, "wall_s": wall, "cpu_s": cpu,
                         "xrt_per_core": seconds / cpu, "xrt_wall": seconds / wall, "peak_rss_mib": rss / 1024,
                         "target_xrt": target})
        dst.unlink(missing_ok=True)
        src.unlink(missing_ok=True)
    return rows


def short_files(bin_path: str, out: Path, runs: int = 5) -> list[dict]:
    """Seconds per file on short takes, dx-denoise beside sox noisered (best of `runs`)."""
    rows = []
    prof = out / "short-sox.prof"
    for seconds in SHORT_LENGTHS_S:
        src, dst = out / f"short-{seconds}s.wav", out / f"short-{seconds}s-out.wav"
        write_test_wav(src, seconds)
        def best(method: str) -> tuple[float, float]:
            return min((run_measured([bin_path, str(src), "-o", str(dst), "--method", method]) for _ in range(runs)),
                       key=lambda r: r[1])
        dx, dxl, dxa = best("classical"), best("learned"), best("auto")
        sox = []
        for _ in range(runs):
            a = run_measured(["sox", str(src), "-n", "trim", "0", "0.5", "noiseprof", str(prof)])
            b = run_measured(["sox", "-D", str(src), str(dst), "noisered", str(prof), "0.2"])
            sox.append((a[0] + b[0], a[1] + b[1]))
        sx = min(sox, key=lambda r: r[1])
        rows.append({"seconds": seconds, "dx_wall_s": dx[0], "dx_cpu_s": dx[1], "dx_learned_wall_s": dxl[0],
                     "dx_learned_cpu_s": dxl[1], "dx_auto_wall_s": dxa[0], "dx_auto_cpu_s": dxa[1],
                     "sox_wall_s": sx[0], "sox_cpu_s": sx[1]})
        for p in (src, dst, prof):
            p.unlink(missing_ok=True)
    return rows


def quality(bin_path: str, shared: Path, py: str, out: Path, seed: int, repeats: int) -> str | None:
    kit = shared / "bench" / "denoise"
    if not (kit / "run_anchor.py").exists() or not Path(py).exists():
        log(f"no {kit} or bench python {py}: quality table skipped")
        return None
    cases = out / f"denoise-cases-seed{seed}"
    if not (cases / "cases.json").exists():
        log(f"make_cases.py {cases} --seed {seed}")
        subprocess.run([py, str(kit / "make_cases.py"), str(cases), "--seed", str(seed)], check=True)
    res = out / f"denoise-results-seed{seed}"
    cmd = f"{shlex.quote(bin_path)} {{noisy}} -o {{out}}"
    log(f"run_anchor.py {cases} {res} --tools {ANCHORS} --cmd '{cmd}'")
    subprocess.run([py, str(kit / "run_anchor.py"), str(cases), str(res), "--tools", ANCHORS,
                    "--cmd", cmd, "--cmd-name", "dx-denoise", "--repeats", str(repeats)],
                   check=True, stdout=subprocess.DEVNULL)
    return (res / "summary.md").read_text()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--bench-python", default=os.path.expanduser("~/.cache/dxkit-bench/bin/python"))
    ap.add_argument("--out", default="out/bench")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--skip-quality", action="store_true")
    ap.add_argument("--skip-long", action="store_true", help="only the short-take timings")
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    bin_path = str(Path(a.bin).resolve())
    table = None if a.skip_quality else quality(bin_path, Path(a.shared), a.bench_python, out, a.seed, a.repeats)
    short = short_files(bin_path, out)
    rows = [] if a.skip_long else speed(bin_path, out)
    lines = []
    if table:
        lines += [f"## dx-denoise quality, seed {a.seed} (default settings)", "", table]
    lines += ["## short takes: seconds per file, dx-denoise beside sox noisered (best of 5)", "",
              "| length | auto (default) CPU s | auto wall s | classical CPU s | classical wall s | learned CPU s | "
              "learned wall s | sox CPU s | sox wall s |",
              "|---|---|---|---|---|---|---|---|---|"]
    for r in short:
        lines.append(f"| {r['seconds']} s | {r['dx_auto_cpu_s']:.3f} | {r['dx_auto_wall_s']:.3f} | {r['dx_cpu_s']:.3f} | "
                     f"{r['dx_wall_s']:.3f} | {r['dx_learned_cpu_s']:.3f} | {r['dx_learned_wall_s']:.3f} | "
                     f"{r['sox_cpu_s']:.3f} | {r['sox_wall_s']:.3f} |")
    lines.append("")
    if a.skip_long:
        text = "\n".join(lines) + "\n"
        (out / "denoise.md").write_text(text)
        (out / "denoise.json").write_text(json.dumps({"short": short}, indent=1))
        print(text)
        return
    lines += ["## dx-denoise speed and memory (48 kHz mono PCM-24, file read and write included, best of 3)", "",
              "| method | length | wall s | CPU s | x real time per core | peak RSS MiB |", "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['method']} | {r['seconds']} s | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {r['xrt_per_core']:.0f} | "
                     f"{r['peak_rss_mib']:.1f} |")
    lines.append("")
    for method, _, target in METHODS:
        mine = [r for r in rows if r["method"] == method]
        ok = all(r["xrt_per_core"] >= target for r in mine)
        lines.append(f"{method}: target >= {target:.0f}x per core: {'met' if ok else 'NOT met'}; "
                     f"memory {mine[0]['peak_rss_mib']:.1f} MiB at {mine[0]['seconds']} s vs "
                     f"{mine[-1]['peak_rss_mib']:.1f} MiB at {mine[-1]['seconds']} s")
    text = "\n".join(lines) + "\n"
    (out / "denoise.md").write_text(text)
    (out / "denoise.json").write_text(json.dumps({"speed": rows, "short": short}, indent=1))
    print(text)


if __name__ == "__main__":
    main()
