#!/usr/bin/env python3
"""make bench: dx-align --warp's speed, and its accuracy and quality on the shared warp bench.

  bench/warp.py --bin .build/release/dx-align [--shared ../shared]
                [--bench-python ~/.cache/dxkit-bench/bin/python] [--out out/bench] [--seed 1]
                [--repeats 3] [--engines finer,faster]

With SHARED/bench/warp and the bench venv it
  1. generates the 24 cases of make_cases.py (--seed, default 1; reused when present),
  2. times `dx-align --warp ... --guide-length` on every case for each engine (Rubber Band R3
     `finer`, R2 `faster`): x real time = take seconds / wall seconds of the whole run
     (process start, reading, alignment, map, stretching, writing), median over --repeats
     (target: >= 10x for the default engine),
  3. runs run_anchor.py with `--tools dtw-librosa` and `--cmd 'dx-align --warp ...'` in the
     same run for each engine and prints the scorer's tables (map error, PESQ-WB beside the
     true-map ceiling, x real time), and
  4. warps 100 takes (the cases' takes, repeated) against one 10-minute guide made of the
     cases' guides, in one `dx-align warp --write` run: the guide is analysed once.
Without them it says what is missing and stops. Timings are noisy on a shared machine:
compare ratios from one run. Writes the tables and raw results under --out.
python3 standard library only.
"""
from __future__ import annotations

import argparse
import json
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

# A 10-minute guide: the cases' guides laid end to end with 1 s gaps, then room tone (the
# first guide's first 0.5 s, looped) to 600 s. Prints the guide start (s) of each case's guide.
LONG_SCRIPT = r"""
import sys, json, numpy as np, soundfile as sf
out, guides = sys.argv[1], sys.argv[2:]
sr = 48000
parts, starts, pos = [], [], 0
tone = sf.read(guides[0], dtype='float64')[0][: sr // 2]
for g in guides:
    x, r = sf.read(g, dtype='float64')
    assert r == sr
    starts.append(pos / sr)
    parts += [x, np.resize(tone, sr)]
    pos += len(x) + sr
y = np.concatenate(parts)
if len(y) < 600 * sr:
    y = np.concatenate([y, np.resize(tone, 600 * sr - len(y))])
sf.write(out, y, sr, subtype='PCM_24')
print(json.dumps(starts))
"""


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def speed(dx: str, cases: list[Path], engine: str, repeats: int, scratch: Path) -> dict:
    """Median x real time (take seconds / wall or CPU seconds) of a whole warp run per case.
    CPU (user + system of the process) is the figure that survives a busy shared machine."""
    wall_x, cpu_x, errors = [], [], []
    for c in cases:
        walls, cpus = [], []
        for _ in range(repeats):
            cmd = [dx, "--warp", "--guide", str(c / "guide.wav"), "--take", str(c / "take.wav"),
                   "--out", str(scratch / "out.wav"), "--map", str(scratch / "map.json"),
                   "--guide-length", "--engine", engine]
            t0, c0 = time.perf_counter(), child_cpu()
            p = subprocess.run(cmd, capture_output=True, text=True)
            walls.append(time.perf_counter() - t0)
            cpus.append(child_cpu() - c0)
            if p.returncode != 0:
                errors.append(f"{c.name}: {p.stderr.strip()[-160:]}")
                break
        take_s = seconds(c / "take.wav")
        wall_x.append(take_s / statistics.median(walls))
        cpu_x.append(take_s / max(statistics.median(cpus), 1e-6))
    return {"x_real_time_wall_median": statistics.median(wall_x), "x_real_time_wall_min": min(wall_x),
            "x_real_time_cpu_median": statistics.median(cpu_x), "x_real_time_cpu_min": min(cpu_x),
            "take_s": sum(seconds(c / "take.wav") for c in cases), "errors": errors}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--bench-python", default=str(Path.home() / ".cache/dxkit-bench/bin/python"))
    ap.add_argument("--out", default="out/bench")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--engines", default="finer,faster")
    a = ap.parse_args()
    dx = str(Path(a.bin).resolve())
    kit = Path(a.shared) / "bench" / "warp"
    py = a.bench_python
    if not Path(dx).exists():
        log(f"warp: {dx} not built")
        return 1
    if not (kit / "run_anchor.py").exists() or not Path(py).exists():
        log(f"warp: skipped (needs {kit}/run_anchor.py and the bench venv {py})")
        return 0
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    cases_dir = out / f"warp-cases-seed{a.seed}"
    if not (cases_dir / "c000" / "truth.json").exists():
        log(f"warp: generating the cases (seed {a.seed}) in {cases_dir}")
        subprocess.run([py, str(kit / "make_cases.py"), str(cases_dir), "--seed", str(a.seed)], check=True)
    cases = sorted(c for c in cases_dir.glob("c*") if (c / "take.wav").exists())
    engines = [e for e in a.engines.split(",") if e]
    results: dict = {"seed": a.seed, "engines": {}}
    with tempfile.TemporaryDirectory(prefix="dxkit-warp-") as tmp:
        for engine in engines:
            log(f"warp: timing {len(cases)} cases, engine {engine}")
            results["engines"][engine] = {"speed": speed(dx, cases, engine, a.repeats, Path(tmp))}
    print(f"## dx-align --warp on make_cases.py seed {a.seed}\n")
    for engine in engines:
        s = results["engines"][engine]["speed"]
        print(f"engine {engine}: x real time per take, whole run (read, align, map, stretch, write), median of "
              f"{len(cases)} cases: CPU {s['x_real_time_cpu_median']:.1f}x (slowest {s['x_real_time_cpu_min']:.1f}x), "
              f"wall {s['x_real_time_wall_median']:.1f}x (slowest {s['x_real_time_wall_min']:.1f}x); target >= 10x"
              f"{'; ERRORS: ' + '; '.join(s['errors'][:3]) if s['errors'] else ''}")

    for engine in engines:
        template = (f"{shlex.quote(dx)} --warp --guide {{guide}} --take {{take}} --out {{out}} --map {{map}} "
                    f"--guide-length --engine {engine}")
        res, md, raw = out / f"warp-res-{engine}", out / f"warp-seed{a.seed}-{engine}.md", out / f"warp-seed{a.seed}-{engine}.json"
        log(f"warp: scoring dtw-librosa and dx-align ({engine}) with run_anchor.py")
        subprocess.run([py, str(kit / "run_anchor.py"), str(cases_dir), str(res), "--repeats", str(a.repeats),
                        "--tools", "dtw-librosa", "--cmd", template, "--cmd-name", f"dx-align-{engine}",
                        "--md", str(md), "--out", str(raw)], check=True, stdout=subprocess.DEVNULL)
        print(f"\n### run_anchor.py, dx-align engine {engine}\n")
        print(md.read_text())
        summary = json.loads(raw.read_text())["summary"]["tools"].get(f"dx-align-{engine}", {})
        results["engines"][engine]["pesq_minus_ceiling"] = summary.get("pesq_minus_ceiling")
        results["engines"][engine]["pesq_mean"] = summary.get("pesq_mean")

    long_dir = out / "warp-long"
    long_dir.mkdir(exist_ok=True)
    guide = long_dir / "guide600.wav"
    if not guide.exists():
        log("warp: building a 10-minute guide from the cases' guides")
        subprocess.run([py, "-c", LONG_SCRIPT, str(guide)] + [str(c / "guide.wav") for c in cases],
                       check=True, stdout=subprocess.DEVNULL)
    takes_dir = long_dir / "takes"
    takes_dir.mkdir(exist_ok=True)
    takes = []
    for i in range(100):
        link = takes_dir / f"t{i:03d}.wav"
        if not link.exists():
            link.symlink_to((cases[i % len(cases)] / "take.wav").resolve())
        takes.append(str(link))
    with tempfile.TemporaryDirectory(prefix="dxkit-warp-batch-") as tmp:
        t0, c0 = time.perf_counter(), child_cpu()
        p = subprocess.run([dx, "warp", "--guide", str(guide), "--write", tmp] + takes, capture_output=True, text=True)
        batch_s, batch_cpu = time.perf_counter() - t0, child_cpu() - c0
    lines = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    warped = sum(1 for l in lines if l.get("out"))
    take_s = sum(seconds(Path(t)) for t in takes)
    print(f"\nbatch: 100 takes ({take_s:.0f} s) warped against one 10-minute guide in one run: {batch_s:.1f} s wall, "
          f"{batch_cpu:.1f} s CPU ({take_s / batch_cpu:.1f}x real time on the takes), {warped} warped, "
          f"{sum(1 for l in lines if 'error' in l)} errors (the guide is analysed once)")
    results["batch_100_on_10min"] = {"seconds": batch_s, "cpu_s": batch_cpu, "warped": warped, "take_s": take_s}
    (out / "warp-speed.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
