#!/usr/bin/env python3
"""make bench: dx-conform's read speed beside pycmx and OpenTimelineIO (python3 stdlib only).

  bench/conform.py --bin .build/release/dx-conform [--shared ../shared]
                   [--bench-python ~/.cache/dxkit-bench/bin/python] [--out out/bench]

With SHARED/bench/conform/gen_edl.py it generates three 10,000-event EDLs (seed 1):
24 fps CMX 3600, 25 fps File32, 29.97 DF with M2 speed lines, and times
`dx-conform time-read --runs 21` on each (in-process median: the parse, not process
start). When the bench venv's python exists it also runs bench_anchors.py on the same
generated lists (same generator, seed and options) in the same run, and prints the
speed ratios (targets: >= 20x pycmx, >= 200x OTIO). dx-conform is timed before and
after the anchors and the slower of the two medians is used, so machine noise does
not flatter it. It also times reading the 2.9 MB xmeml
SHARED/corpus/xmeml/hg_master_v10_til_lydmix.xml (target < 0.2 s).

Without SHARED it times a bundled fixture only and says so. Timings are noisy on a
shared machine: compare ratios from one run, never figures from different days.
Writes the table and the raw results (JSON) under --out.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVENTS = 10000
DX_RUNS = 21  # 21 reads of ~15 ms: a median a short load spike on a shared machine cannot move
ANCHOR_RUNS = 5
PYCMX_TARGET = 20.0
OTIO_TARGET = 200.0
XML_TARGET_S = 0.2
XML_FILE = "corpus/xmeml/hg_master_v10_til_lydmix.xml"

# (label, gen_edl.py / bench_anchors.py options, dx-conform --fps)
CASES = [
    ("24 fps NDF, CMX 3600", ["--rate", "24"], "24"),
    ("25 fps NDF, File32", ["--rate", "25", "--style", "File32"], "25"),
    ("29.97 DF with M2", ["--rate", "30000/1001", "--df"], "29.97df"),
]


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def time_read(dx: str, path: Path, fps: str | None, runs: int = DX_RUNS) -> dict:
    cmd = [dx, "time-read", str(path), "--runs", str(runs), "-q"]
    if fps:
        cmd += ["--fps", fps]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        msg = (p.stderr.strip() or f"exit {p.returncode}").splitlines()[-1]
        msg = msg.split(": error: ", 1)[-1]  # drop "dx-conform: FILE: error: "
        return {"error": f"exit {p.returncode}: {msg}", "status": p.returncode}
    return json.loads(p.stdout)


def fmt_s(x) -> str:
    if x is None:
        return "—"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def fmt_ratio(x, target) -> str:
    if x is None:
        return "—"
    num = f"{x:.1f}×" if x < 100 else f"{x:,.0f}×"
    return f"{num} ({'ok' if x >= target else 'BELOW'} ≥{target:.0f}×)"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), sep] + [line(r) for r in rows])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="the release dx-conform")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--bench-python", default=str(Path.home() / ".cache/dxkit-bench/bin/python"))
    ap.add_argument("--out", default="out/bench")
    ap.add_argument("--events", type=int, default=EVENTS)
    a = ap.parse_args(argv)

    dx = str(Path(a.bin).resolve())
    if not os.access(dx, os.X_OK):
        log(f"{a.bin}: not built (make release)")
        return 66
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    shared = Path(a.shared)
    kit = shared / "bench" / "conform"
    gen = kit / "gen_edl.py"
    anchors = kit / "bench_anchors.py"
    bench_py = Path(a.bench_python)
    results: dict = {"date": time.strftime("%Y-%m-%d %H:%M"), "bin": a.bin, "cases": [], "notes": []}
    lines: list[str] = []

    if not gen.is_file():
        note = f"{shared}/bench not found: timing a bundled fixture only, no anchors, no xmeml"
        results["notes"].append(note)
        fixtures = sorted((REPO / "Fixtures" / "edl").glob("*"), key=lambda p: p.stat().st_size)
        f = fixtures[-1]
        r = time_read(dx, f, None)
        results["cases"].append({"label": f.name, "dx": r})
        rows = [[f"Fixtures/edl/{f.name}", str(r.get("events", "?")), f"{r.get('bytes', 0):,}",
                 fmt_s(r.get("median_s")) if "error" not in r else r["error"]]]
        lines += [table(["list", "events", "bytes", "dx-conform median"], rows)]
    else:
        have_anchors = anchors.is_file() and bench_py.is_file() and os.access(bench_py, os.X_OK)
        if not have_anchors:
            results["notes"].append(f"{bench_py} missing (run {shared}/bench/setup.sh): no pycmx/OTIO anchors")
        rows = []
        for label, opts, fps in CASES:
            edl = out / ("gen_" + "_".join(o.strip("-").replace("/", "_") for o in opts) + ".edl")
            subprocess.run([sys.executable, str(gen), str(edl), "--events", str(a.events), "--seed", "1", *opts],
                           check=True, capture_output=True)
            log(f"{label}: dx-conform time-read --runs {DX_RUNS}")
            dx1 = time_read(dx, edl, fps)
            anc = None
            if have_anchors:
                log(f"{label}: bench_anchors.py --events {a.events} --runs {ANCHOR_RUNS}")
                p = subprocess.run([str(bench_py), str(anchors), "--events", str(a.events), "--runs", str(ANCHOR_RUNS),
                                    "--seed", "1", *opts], capture_output=True, text=True)
                if p.returncode == 0:
                    anc = json.loads(p.stdout.strip().splitlines()[-1])
                else:
                    anc = {"error": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"}
                log(f"{label}: dx-conform time-read again")
                dx2 = time_read(dx, edl, fps)
            else:
                dx2 = dx1
            case = {"label": label, "options": opts, "fps": fps, "dx_before": dx1, "dx_after": dx2, "anchors": anc}
            if "error" in dx1 or "error" in dx2:
                dx_s = None
                err = dx1.get("error") or dx2.get("error")
            else:
                dx_s = max(dx1["median_s"], dx2["median_s"])
                err = None
            case["dx_median_s"] = dx_s
            pycmx_s = otio_s = None
            otio_note = ""
            if anc and "error" not in anc:
                pycmx_s = anc.get("pycmx_median_s")
                otio_s = anc.get("otio_median_s")
                if otio_s is None and anc.get("otio_error"):
                    otio_note = "fails"
            r_pycmx = pycmx_s / dx_s if (dx_s and pycmx_s) else None
            r_otio = otio_s / dx_s if (dx_s and otio_s) else None
            case.update(ratio_pycmx=r_pycmx, ratio_otio=r_otio)
            results["cases"].append(case)
            rows.append([label, f"{dx1.get('events', '?'):,}" if isinstance(dx1.get("events"), int) else "?",
                         f"{dx1.get('bytes', 0):,}", err or fmt_s(dx_s),
                         fmt_s(pycmx_s) if have_anchors else "not run",
                         otio_note or (fmt_s(otio_s) if have_anchors else "not run"),
                         fmt_ratio(r_pycmx, PYCMX_TARGET), fmt_ratio(r_otio, OTIO_TARGET) if not otio_note else "— (OTIO fails)"])
        how = (f"dx-conform {DX_RUNS} runs (slower of two rounds, before and after the anchors), "
               f"anchors {ANCHOR_RUNS} runs" if have_anchors else f"dx-conform {DX_RUNS} runs")
        lines += [f"EDL read, {a.events:,} generated events (seed 1); medians: {how}",
                  "", table(["list", "events", "bytes", "dx-conform", "pycmx", "OTIO cmx_3600",
                             "vs pycmx", "vs OTIO"], rows)]
        if anc and "versions" in anc:
            results["anchor_versions"] = anc["versions"]

        xml = shared / XML_FILE
        if xml.is_file():
            log(f"xmeml: dx-conform time-read {xml.name}")
            r = time_read(dx, xml, None)
            results["xmeml"] = r
            if "error" in r:
                cell, verdict = r["error"], "—"
            else:
                cell = fmt_s(r["median_s"])
                verdict = "ok" if r["median_s"] < XML_TARGET_S else "ABOVE"
                verdict += f" (< {XML_TARGET_S} s)"
            lines += ["", table(["xmeml", "bytes", "events", "dx-conform median", "target"],
                                [[xml.name, f"{xml.stat().st_size:,}", f"{r['events']:,}" if isinstance(r.get("events"), int) else "—", cell, verdict]])]
        else:
            results["notes"].append(f"{xml} not found: xmeml not timed")

    for n in results["notes"]:
        lines.append(f"NOTE: {n}")
    text = "\n".join(lines)
    print(text)
    (out / "conform.md").write_text(text + "\n")
    (out / "conform.json").write_text(json.dumps(results, indent=1) + "\n")
    print(f"\n(written to {out}/conform.md and {out}/conform.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
