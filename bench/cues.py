#!/usr/bin/env python3
"""make bench: dx-cues import + every report for 10,000 cues (python3 stdlib only).

  bench/cues.py --bin .build/release/dx-cues [--cues 10000] [--runs 3] [--out out/bench]

Generates a Pro Tools "Session Info as Text" export with ptulsconv tags (20 character
tracks, three $Reel markers, reasons, notes, flags, time budgets; 25 fps), then times
whole processes, as a user runs them:

  1. dx-cues --db NEW import EXPORT         (parse, then one transaction)
  2. dx-cues --db DB report all --formats csv,json,html --dir D
                                            (5 reports x CSV/JSON/HTML + 2 marker exports)
  3. dx-cues --db DB report all --formats pdf --dir D   (the 5 reports as PDF)
  4. dx-cues --db DB import EXPORT          (re-import: 10,000 unchanged)

Target: import + every report (1 + 2 + 3) under 2 s (the median of --runs); the
table shows each step, so it says which part misses the target. Times are wall clock on a shared
machine, so they are noisy; the table prints each step so a slow step is visible.
Writes the table and the raw results (JSON) under --out.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 2.0
REASONS = ["Noise", "Off mic", "Performance", "Added", "Replace Line", "Clarity", "Perspective"]


def tc(frames: int) -> str:
    f, s = frames % 25, frames // 25
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}:{f:02d}"


def export_text(count: int) -> str:
    out = ["SESSION NAME:\tBench Show", "SAMPLE RATE:\t48000.000000", "BIT DEPTH:\t24-bit",
           "SESSION START TIMECODE:\t00:59:00:00", "TIMECODE FORMAT:\t25 Frame",
           "# OF AUDIO TRACKS:\t20", "# OF AUDIO CLIPS:\t0", "# OF AUDIO FILES:\t0", "", "",
           "T R A C K  L I S T I N G"]
    per = (count + 19) // 20
    made = 0
    for t in range(20):
        name = f"CHAR{t:02d}"
        prefix = chr(65 + t) + chr(65 + (t * 7) % 26)
        out += [f"TRACK NAME:\t{name}", f"COMMENTS:\t$CN={t + 1} {{Actor=Actor Number {t}}} $Mins=4",
                "USER DELAY:\t0 Samples", "STATE: ",
                "CHANNEL \tEVENT   \tCLIP NAME                     \tSTART TIME    \tEND TIME      \tDURATION      \tSTATE"]
        for i in range(per):
            if made == count:
                break
            start = 90000 + (i * 20 + t) * 13          # 01:00:00:00 onwards, all reels
            flags = " [TV]" if i % 11 == 0 else (" [EFF]" if i % 7 == 0 else "")
            note = f" {{Note=take it softer {i}}}" if i % 5 == 0 else ""
            out.append(f"1       \t{i + 1}       \t\"Line {i} for {name}, with a comma and a 'quote'\""
                       f" {{R={REASONS[i % len(REASONS)]}}}{note}{flags} $QN={prefix}{1000 + i}"
                       f"\t   {tc(start)}\t   {tc(start + 40)}\t   00:00:01:15\tUnmuted")
            made += 1
        out += ["", ""]
    out += ["M A R K E R S  L I S T I N G",
            "#   \tLOCATION     \tTIME REFERENCE    \tUNITS    \tNAME                             \tCOMMENTS",
            "1   \t01:00:00:00  \t2880000           \tSamples  \t{Title=Bench Show} $Reel=R1     \t{Supv=Bench}",
            "2   \t01:20:00:00  \t60480000          \tSamples  \t$Reel=R2                         \t",
            "3   \t01:40:00:00  \t118080000         \tSamples  \t$Reel=R3                         \t"]
    return "\n".join(out) + "\n"


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"[bench] failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr}")
    return dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="the dx-cues executable")
    ap.add_argument("--cues", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default="out/bench")
    a = ap.parse_args()
    if not os.access(a.bin, os.X_OK):
        sys.exit(f"[bench] {a.bin}: not an executable (run make release)")
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="dxcues-bench-"))
    try:
        export = work / "bench_session.txt"
        export.write_text(export_text(a.cues), encoding="utf-8")
        rows = {"import": [], "reports CSV+JSON+HTML+markers": [], "reports PDF": [],
                "import + CSV/JSON/HTML reports": [], "import + reports": [], "re-import (unchanged)": []}
        for run in range(a.runs):
            db = work / f"run{run}.dxcues"
            t_import = timed([a.bin, "--db", str(db), "import", "-q", str(export)])
            rdir = work / f"reports{run}"
            t_text = timed([a.bin, "--db", str(db), "report", "all", "--formats", "csv,json,html", "--dir", str(rdir), "--date", "bench"])
            t_pdf = timed([a.bin, "--db", str(db), "report", "all", "--formats", "pdf", "--dir", str(rdir), "--date", "bench"])
            t_again = timed([a.bin, "--db", str(db), "import", "-q", str(export)])
            rows["import"].append(t_import)
            rows["reports CSV+JSON+HTML+markers"].append(t_text)
            rows["reports PDF"].append(t_pdf)
            rows["import + CSV/JSON/HTML reports"].append(t_import + t_text)
            rows["import + reports"].append(t_import + t_text + t_pdf)
            rows["re-import (unchanged)"].append(t_again)
        files = sorted(p.name for p in (work / "reports0").iterdir())
        sizes = {p.name: p.stat().st_size for p in (work / "reports0").iterdir()}
        med = {k: statistics.median(v) for k, v in rows.items()}
        ok = med["import + reports"] < TARGET_S
        lines = [f"dx-cues, {a.cues} cues, median of {a.runs} runs (wall clock, whole processes)", "",
                 "| step | median s | runs |", "|---|---|---|"]
        for k, v in rows.items():
            lines.append(f"| {k} | {med[k]:.3f} | {', '.join(f'{x:.3f}' for x in v)} |")
        lines += ["", f"{len(files)} report files; supervisor.pdf {sizes.get('supervisor.pdf', 0) // 1024} KiB, "
                      f"log.pdf {sizes.get('log.pdf', 0) // 1024} KiB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
                  f"target: import + every report < {TARGET_S} s: {'PASS' if ok else 'FAIL'} ({med['import + reports']:.3f} s)"]
        table = "\n".join(lines)
        print(table)
        (out / "cues.md").write_text(table + "\n", encoding="utf-8")
        (out / "cues.json").write_text(json.dumps({"cues": a.cues, "runs": rows, "median": med, "files": files,
                                                   "target_s": TARGET_S, "pass": ok}, indent=2) + "\n", encoding="utf-8")
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
