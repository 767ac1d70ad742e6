#!/usr/bin/env python3
"""Where dx-align --warp's PESQ-WB gap to the true-map ceiling comes from.

  ~/.cache/dxkit-bench/bin/python bench/warp_gap.py --bin .build/release/dx-align \
      --shared ../shared --cases CASES --res RES [--tool cmd] [--out DIR]

CASES: make_cases.py cases; RES: a run_anchor.py result for them with dx-align's maps
(RES/out/TOOL/<case>.map.json) and the ceiling renders (RES/ceiling). Every known-map case is
rendered by `dx-align render-map` (DXStretch, the renderer dx-align --warp uses) along

  truth      the true map,
  estimate   dx-align's map file,
  e …        the true map plus dx-align's error e(t) = estimate − truth (a 5 ms take grid over
             the true map's span), or a part of it: slower than 0.2 s (a 0.2 s moving mean),
             faster, 0.2–1 s, slower than 1 s, clipped to ±3 ms, without its median, × 0.5,

and scored as run_anchor.py scores (PESQ-WB against ref.wav, beside the ceiling; map error at
the eval points). Splits the gap into the renderer's part (truth row) and the map's (the
rest), and the map's into its time scales. Needs the bench venv (numpy, pesq, soundfile).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

GRID_S = 0.005


def moving_mean(x, width_s, np):
    n = max(1, int(round(width_s / GRID_S)))
    padded = np.pad(x, (n, n), mode="edge")
    return np.convolve(padded, np.ones(n) / n, "same")[n:-n]


VARIANTS = {
    "e": lambda e, ev_e, np: e,
    "e slower than 0.2 s": lambda e, ev_e, np: moving_mean(e, 0.2, np),
    "e faster than 0.2 s": lambda e, ev_e, np: e - moving_mean(e, 0.2, np),
    "e 0.2–1 s": lambda e, ev_e, np: moving_mean(e, 0.2, np) - moving_mean(e, 1.0, np),
    "e slower than 1 s": lambda e, ev_e, np: moving_mean(e, 1.0, np),
    "e clipped to ±3 ms": lambda e, ev_e, np: np.clip(e, -0.003, 0.003),
    "e without its median": lambda e, ev_e, np: e - np.median(ev_e),
    "e × 0.5": lambda e, ev_e, np: 0.5 * e,
}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--cases", required=True)
    ap.add_argument("--res", required=True)
    ap.add_argument("--tool", default="cmd", help="the tool name in RES/out (run_anchor's --cmd-name)")
    ap.add_argument("--out", help="keep the renders here (default: a temporary folder)")
    a = ap.parse_args()
    sys.path.insert(0, str(Path(a.shared) / "bench" / "warp"))
    import numpy as np
    import run_anchor as ra

    maps = Path(a.res) / "out" / a.tool
    rows: dict[str, list[tuple[float, float, list[float]]]] = {}
    with tempfile.TemporaryDirectory() as td:
        out = Path(a.out) if a.out else Path(td)
        out.mkdir(parents=True, exist_ok=True)
        for c in sorted(Path(a.cases).glob("c[0-9]*")):
            truth = json.loads((c / "truth.json").read_text())
            if truth["kind"] != "known" or not truth.get("ref") or not (maps / f"{c.name}.map.json").exists():
                continue
            ref, _ = ra.read_mono(c / "ref.wav")
            ceiling = ra.pesq_wb(ref, ra.read_mono(Path(a.res) / "ceiling" / f"{c.name}.wav")[0])
            ev, _ = ra.split_eval(truth)
            true_pts = np.asarray(truth["map"]["points"], float)
            est, _, _ = ra.load_map(maps / f"{c.name}.map.json")
            grid = np.arange(true_pts[0, 0], true_pts[-1, 0] + 1e-9, GRID_S)
            on_truth = np.interp(grid, true_pts[:, 0], true_pts[:, 1])
            error = ra.eval_map(est, grid) - on_truth
            ev_error = ra.eval_map(est, ev[:, 0]) - ev[:, 1]
            variants = {"truth": true_pts, "estimate": est}
            for name, part in VARIANTS.items():
                g = np.maximum.accumulate(on_truth + part(error, ev_error, np))
                variants[name] = np.stack([grid, g], 1)
            for name, pts in variants.items():
                mp, wav = out / f"{c.name}.map.json", out / f"{c.name}.wav"
                mp.write_text(json.dumps({"schema": 1, "points": [[round(x, 6), round(y, 6)] for x, y in pts]}))
                subprocess.run([a.bin, "render-map", "--guide", str(c / "guide.wav"), "--take", str(c / "take.wav"),
                                "--map", str(mp), "--out", str(wav)], check=True)
                y, _ = ra.read_mono(wav)
                y = np.pad(y, (0, max(0, len(ref) - len(y))))[:len(ref)]
                err = list(np.abs(ra.eval_map(pts, ev[:, 0]) - ev[:, 1]) * 1000)
                rows.setdefault(name, []).append((ra.pesq_wb(ref, y), ceiling, err))
            print(f"{c.name} done", file=sys.stderr, flush=True)
    print("| map rendered | cases | PESQ-WB | ceiling | PESQ − ceiling | map error p50 / p95 ms |")
    print("|---|---|---|---|---|---|")
    for name, r in rows.items():
        p = float(np.mean([x[0] for x in r]))
        q = float(np.mean([x[1] for x in r]))
        e = [v for x in r for v in x[2]]
        print(f"| {name} | {len(r)} | {p:.3f} | {q:.3f} | {p - q:+.3f} | "
              f"{np.percentile(e, 50):.1f} / {np.percentile(e, 95):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
