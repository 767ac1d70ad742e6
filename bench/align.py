#!/usr/bin/env python3
"""make bench: dx-align's accuracy and speed beside the bench's `ref` sketch (python3 stdlib only).

  bench/align.py --bin .build/release/dx-align [--shared ../shared]
                 [--bench-python ~/.cache/dxkit-bench/bin/python] [--out out/bench] [--seed 1]

With SHARED/bench/align and the bench venv it
  1. generates the 100 cases of make_cases.py (--seed, default 1; reused when present),
  2. runs run_anchor.py on them with `--tools ref` and `--cmd 'dx-align ... --json'` in the
     same run (tools interleaved per repeat, 3 repeats) and prints the scorer's tables and the
     ratio of median seconds per case (target: dx-align <= 1/3 of ref),
  3. times a 5 s take against a 10-minute 48 kHz guide (target <= 0.5 s, median of 3), and
  4. a batch of the 100 case takes against that one 10-minute guide (target <= 10 s).
Without them it says what is missing and stops. Timings are noisy on a shared machine:
compare ratios from one run. Writes the tables and raw results under --out.
"""
from __future__ import annotations

import argparse
import json
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

LONG_SCRIPT = r"""
import sys, numpy as np, soundfile as sf
src, out_take = sys.argv[1], sys.argv[2]
x, sr = sf.read(src, dtype='float64', always_2d=True)
x = x.mean(axis=1)
n = int(5.0 * sr)
y = np.zeros(n)
y[:min(n, len(x))] = x[:n]
sf.write(out_take, y, sr, subtype='PCM_24')
"""


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def timed(cmd: list[str], runs: int = 3) -> tuple[float, subprocess.CompletedProcess]:
    times, last = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        last = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if last.returncode != 0:
            break
    return statistics.median(times), last


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--bench-python", default=str(Path.home() / ".cache/dxkit-bench/bin/python"))
    ap.add_argument("--out", default="out/bench")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    dx = str(Path(a.bin).resolve())
    kit = Path(a.shared) / "bench" / "align"
    py = a.bench_python
    if not Path(dx).exists():
        log(f"align: {dx} not built")
        return 1
    if not (kit / "run_anchor.py").exists() or not Path(py).exists():
        log(f"align: skipped (needs {kit}/run_anchor.py and the bench venv {py})")
        return 0
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    cases = out / f"align-cases-seed{a.seed}"
    if not (cases / "cases.json").exists():
        log(f"align: generating 100 cases (seed {a.seed}) in {cases}")
        subprocess.run([py, str(kit / "make_cases.py"), str(cases), "--seed", str(a.seed)], check=True)
    template = f"{shlex.quote(dx)} --guide {{guide}} --take {{take}} --json"
    md, raw = out / f"align-seed{a.seed}.md", out / f"align-seed{a.seed}.json"
    log("align: scoring ref and dx-align (run_anchor.py, same run)")
    subprocess.run([py, str(kit / "run_anchor.py"), str(cases), "--repeats", str(a.repeats), "--tools", "ref",
                    "--cmd", template, "--md", str(md), "--out", str(raw)], check=True, stdout=subprocess.DEVNULL)
    print(f"## dx-align on make_cases.py seed {a.seed} (tool 'cmd' = dx-align)\n")
    print(md.read_text())
    summary = json.loads(raw.read_text())["summary"]
    ref_s, dx_s = summary["ref"]["speed"]["per_case_median_s"], summary["cmd"]["speed"]["per_case_median_s"]
    exact = summary["cmd"]["exact (same)"]["within_1ms"]
    allm = summary["cmd"]["all"]
    print(f"\nsame performance within 1 ms: {100 * exact:.0f}% (target >= 95%); all match cases within a "
          f"frame: {100 * allm['within_frame']:.0f}% (target >= 85%); wrong on absent: "
          f"{100 * allm['wrong_on_absent']:.0f}% (target <= 10%); twice flagged: "
          f"{100 * allm['ambig_flagged']:.0f}% (target >= 90%); errors: {summary['cmd']['speed']['errors']}")
    print(f"median s/case: dx-align {dx_s:.3f}, ref {ref_s:.3f}, ratio {dx_s / ref_s:.2f} (target <= 0.33)")

    longc = out / "align-long"
    if not (longc / "cases.json").exists():
        log("align: generating a 10-minute guide")
        subprocess.run([py, str(kit / "make_cases.py"), str(longc), "--n", "1", "--min-guide", "600",
                        "--max-guide", "600", "--long-every", "0", "--seed", "3"], check=True)
    guide = longc / "c000" / "guide.wav"
    take5 = longc / "take5s.wav"
    subprocess.run([py, "-c", LONG_SCRIPT, str(longc / "c000" / "take.wav"), str(take5)], check=True)
    t_one, p = timed([dx, "--guide", str(guide), "--take", str(take5), "--json"])
    ok = p.returncode == 0
    print(f"\n5 s take on a 10-minute 48 kHz guide: {t_one:.2f} s (median of 3; target <= 0.5 s)"
          + ("" if ok else f" FAILED: {p.stderr.strip()[-200:]}"))
    takes = sorted(str(c / "take.wav") for c in cases.glob("c*") if (c / "take.wav").exists())
    t_batch, p = timed([dx, "batch", "--guide", str(guide)] + takes)
    lines = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    print(f"batch of {len(takes)} takes on one 10-minute guide: {t_batch:.2f} s (median of 3; target <= 10 s); "
          f"{sum(1 for l in lines if 'error' in l)} errors")
    (out / "align-speed.json").write_text(json.dumps({"one_take_10min_s": t_one, "batch_100_10min_s": t_batch,
                                                      "median_s_per_case": {"dx-align": dx_s, "ref": ref_s}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
