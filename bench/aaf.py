#!/usr/bin/env python3
"""make bench: dx-conform's AAF read speed beside pyaaf2, and memory against essence size.

  bench/aaf.py --bin .build/release/dx-conform [--shared ../shared] [--pyaaf2-python PY]
               [--out out/bench]

Speed: `dx-conform time-read --runs 11 FILE.aaf` (in-process median: the file mapped,
parsed and every top-level composition read into events, as `list` does) on every AAF of
SHARED/corpus/aaf, and pyaaf2 1.7.1 opening and walking the same files
(bench/aaf_pyaaf2.py: mobs, slots, components, descriptors — less than a conform reader
does, so the ratio is a lower bound), in the same run. dx-conform is timed before and
after pyaaf2 and the slower median kept. Target: >= 10x on the median over the corpus
and on the largest file.

Memory: two AAFs made by pyaaf2 with 10 s and 300 s of embedded 48 kHz 24-bit PCM; peak
RSS of `dx-conform list --json` and `dx-conform extract` on each (target: the same within
a few MB whatever the essence size).

pyaaf2 comes from PyPI into a venv of its own (~/.cache/dxkit-aaf-bench) unless
--pyaaf2-python names one. Without SHARED the bundled Fixtures/aaf files are used.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
DX_RUNS = 11
PY_RUNS = 5
TARGET = 10.0


def log(msg: str) -> None:
    print(f"[bench aaf] {msg}", file=sys.stderr, flush=True)


def pyaaf2_python(given: str | None) -> str:
    if given:
        return given
    venv = Path.home() / ".cache/dxkit-aaf-bench"
    py = venv / "bin/python"
    if not py.exists():
        log(f"creating {venv} with pyaaf2 1.7.1 from PyPI")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "pyaaf2==1.7.1"], check=True)
    return str(py)


def dx_medians(dx: str, files: list[Path]) -> dict[str, float]:
    out = {}
    for f in files:
        p = subprocess.run([dx, "time-read", "--runs", str(DX_RUNS), "-q", str(f)], capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(f"dx-conform time-read {f}: exit {p.returncode}: {p.stderr.strip()}")
        out[str(f)] = json.loads(p.stdout)["median_s"]
    return out


def py_medians(py: str, files: list[Path]) -> dict[str, float]:
    p = subprocess.run([py, str(HERE / "aaf_pyaaf2.py"), "walk", str(PY_RUNS)] + [str(f) for f in files],
                       capture_output=True, text=True, cwd=tempfile.gettempdir())
    if p.returncode != 0:
        raise SystemExit(f"pyaaf2 walk: exit {p.returncode}: {p.stderr.strip()[-400:]}")
    return {r["file"]: r["median_s"] for r in map(json.loads, p.stdout.splitlines())}


def peak_rss_kb(cmd: list[str]) -> int:
    """Peak resident memory of one run of cmd, from the kernel's accounting (wait4)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit {os.waitstatus_to_exitcode(status)}")
    return usage.ru_maxrss


def memory_rows(dx: str, py: str, work: Path) -> list[list[str]]:
    rows = []
    work.mkdir(parents=True, exist_ok=True)
    for seconds in (10, 300):
        aaf = work / f"embedded_{seconds}s.aaf"
        if not aaf.exists():
            log(f"making {aaf.name} with pyaaf2")
            subprocess.run([py, str(HERE / "aaf_pyaaf2.py"), "make", str(aaf), str(seconds)], check=True,
                           capture_output=True, cwd=tempfile.gettempdir())
        listed = peak_rss_kb([dx, "list", "--json", "-q", str(aaf)])
        outdir = work / f"extract_{seconds}s"
        extracted = peak_rss_kb([dx, "extract", "--force", "-q", str(aaf), "-o", str(outdir)])
        rows.append([f"{seconds} s embedded ({aaf.stat().st_size / 1e6:.1f} MB)", f"{listed / 1024:.1f} MiB",
                     f"{extracted / 1024:.1f} MiB"])
    return rows


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--pyaaf2-python")
    ap.add_argument("--out", default="out/bench")
    a = ap.parse_args(argv)
    corpus = Path(a.shared).resolve() / "corpus/aaf"
    files = sorted(corpus.glob("*.aaf")) if corpus.is_dir() else sorted((REPO / "Fixtures/aaf").glob("*.aaf"))
    log(f"{len(files)} AAF files from {corpus if corpus.is_dir() else 'Fixtures/aaf (no SHARED corpus)'}")
    py = pyaaf2_python(a.pyaaf2_python)
    out = Path(a.out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    before = dx_medians(a.bin, files)
    anchor = py_medians(py, files)
    after = dx_medians(a.bin, files)
    dx = {k: max(before[k], after[k]) for k in before}
    largest = max(files, key=lambda f: f.stat().st_size)
    med_dx, med_py = statistics.median(dx.values()), statistics.median(anchor.values())
    per_file = [anchor[k] / dx[k] for k in dx if dx[k] > 0]
    rows = [
        ["median over the corpus", f"{med_dx * 1e3:.2f} ms", f"{med_py * 1e3:.1f} ms", f"{med_py / med_dx:.1f}x"],
        [f"largest: {largest.name} ({largest.stat().st_size / 1e6:.1f} MB)", f"{dx[str(largest)] * 1e3:.2f} ms",
         f"{anchor[str(largest)] * 1e3:.1f} ms", f"{anchor[str(largest)] / dx[str(largest)]:.1f}x"],
        ["per-file ratio, lowest / median", "", "", f"{min(per_file):.1f}x / {statistics.median(per_file):.1f}x"],
    ]
    speed = table(["AAF read (target >= 10x)", "dx-conform", "pyaaf2 walk", "ratio"], rows)
    print(speed + "\n", flush=True)
    memory = table(["memory (peak RSS)", "list --json", "extract"], memory_rows(a.bin, py, out / "aaf-memory"))
    report = speed + "\n\n" + memory + "\n"
    print(memory)
    (out / "aaf.md").write_text(report)
    (out / "aaf.json").write_text(json.dumps({"dx_median_s": dx, "pyaaf2_median_s": anchor}, indent=1) + "\n")
    ok = med_py / med_dx >= TARGET and anchor[str(largest)] / dx[str(largest)] >= TARGET
    log("speed target met" if ok else "speed target NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
