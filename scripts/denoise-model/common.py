"""Shared by the prototype trainer and evaluator: STFT 2048/256 @48k, ERB bands, features."""
import numpy as np
from scipy import signal
SR, NF, HOP = 48000, 2048, 512
NBINS = NF // 2 + 1
NB = 48
def band_matrix(nb=NB, sr=SR):
    f = np.linspace(0, sr / 2, NBINS)
    erb = lambda hz: 21.4 * np.log10(1 + 0.00437 * hz)
    e = erb(f); centers = np.linspace(e[0], e[-1], nb); w = centers[1] - centers[0]
    W = np.clip(1 - np.abs(e[None, :] - centers[:, None]) / w, 0, None)
    W /= W.sum(0, keepdims=True)          # columns sum to 1: interpolation back to bins
    A = W / W.sum(1, keepdims=True)        # rows sum to 1: band means of bin powers
    return A.astype(np.float32), W.astype(np.float32)
A, W = band_matrix()
WIN = np.sqrt(np.hanning(NF + 1)[:NF]).astype(np.float32)   # periodic sqrt-Hann, as DXSignal's STFT
def stft(x):
    n = len(x); pad = NF - HOP
    xp = np.pad(x, (pad, pad + NF))
    frames = (len(xp) - NF) // HOP + 1
    idx = np.arange(NF)[None, :] + HOP * np.arange(frames)[:, None]
    return np.fft.rfft(xp[idx] * WIN, axis=1).astype(np.complex64)   # (T, NBINS)
def istft(X, n):
    frames = X.shape[0]; pad = NF - HOP
    y = np.fft.irfft(X, n=NF, axis=1) * WIN
    out = np.zeros(HOP * (frames - 1) + NF); norm = np.zeros_like(out)
    for t in range(frames):
        out[t * HOP:t * HOP + NF] += y[t]; norm[t * HOP:t * HOP + NF] += WIN ** 2
    out /= np.maximum(norm, 1e-3)
    return out[pad:pad + n]
def features(X):
    P = (np.abs(X) ** 2) @ A.T            # (T, NB)
    return np.log10(P + 1e-10).astype(np.float32)
