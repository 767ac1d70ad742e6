"""Training mixtures: real recorded words (Debian ktuberling-data, klettres-data) + noises synthesised here.

Never the bench's voices or noises.  ROOT (env DX_SPEECH_ROOT, default /) is where the two
packages are installed or unpacked (`dpkg -x pkg.deb DIR`).  Usage: data.py CLIPS OUT.npz"""
import glob, os, numpy as np, soundfile as sf, sys
from scipy import signal
from common import *
rng = np.random.default_rng(7)
ROOT = os.environ.get('DX_SPEECH_ROOT', '/')
files = sorted(glob.glob(os.path.join(ROOT, 'usr/share/ktuberling/sounds/*/*.ogg'))) + \
    sorted(glob.glob(os.path.join(ROOT, 'usr/share/klettres/**/*.ogg'), recursive=True))
words = []
for f in files:
    x, sr = sf.read(f, dtype='float64')
    if x.ndim > 1: x = x.mean(1)
    g = np.gcd(SR, sr); x = signal.resample_poly(x, SR // g, sr // g)
    # trim silence
    e = np.convolve(x ** 2, np.ones(480) / 480, 'same'); thr = e.max() * 1e-3
    nz = np.where(e > thr)[0]
    if len(nz) == 0: continue
    x = x[max(nz[0] - 2400, 0):nz[-1] + 2400]
    lang = f.split('/')[-2] if '/ktuberling/' in f else 'kl-' + f.split('/klettres/')[1].split('/')[0]
    words.append((lang, sr, x / (np.sqrt(np.mean(x ** 2)) + 1e-9)))
langs = sorted(set(w[0] for w in words))
print(len(words), 'words', langs, file=sys.stderr)
def colored(n, slope):  # power ~ f^slope
    X = np.fft.rfft(rng.standard_normal(n)); f = np.arange(len(X)) + 1.0
    return np.fft.irfft(X * f ** (slope / 2), n)
def norm(x): return x / (np.sqrt(np.mean(x ** 2)) + 1e-12)
def noise(kind, n, exclude_lang):
    t = np.arange(n) / SR
    if kind == 'white': return norm(rng.standard_normal(n))
    if kind == 'pink': return norm(colored(n, -1))
    if kind == 'brown': return norm(colored(n, -2))
    if kind == 'hvac':
        b, a = signal.butter(2, rng.uniform(200, 1500) / (SR / 2))
        x = norm(signal.lfilter(b, a, rng.standard_normal(n))) + 0.3 * norm(colored(n, -1))
        for _ in range(rng.integers(0, 4)):
            x += rng.uniform(0.05, 0.3) * np.sin(2 * np.pi * rng.uniform(80, 900) * t + rng.uniform(0, 6))
        return norm(x)
    if kind == 'hum':
        f0 = rng.choice([50.0, 60.0]) * rng.uniform(0.995, 1.005); x = np.zeros(n)
        for h in range(1, rng.integers(3, 12)):
            x += rng.uniform(0.1, 1) / h * np.sin(2 * np.pi * f0 * h * t + rng.uniform(0, 6))
        return norm(norm(x) + rng.uniform(0.05, 0.5) * norm(colored(n, rng.uniform(-2, 0))))
    if kind == 'traffic':
        b, a = signal.butter(2, rng.uniform(300, 3000) / (SR / 2))
        x = signal.lfilter(b, a, rng.standard_normal(n))
        env = np.ones(n)
        for _ in range(rng.integers(1, 5)):
            c = rng.uniform(0, n / SR); wdt = rng.uniform(0.5, 3)
            env += rng.uniform(1, 6) * np.exp(-0.5 * ((t - c) / wdt) ** 2)
        return norm(x * env)
    if kind == 'babble':
        x = np.zeros(n)
        pool = [w for w in words if w[0] != exclude_lang]
        for _ in range(rng.integers(3, 8)):
            pos = int(rng.uniform(-0.5, 0) * SR)
            while pos < n:
                w = pool[rng.integers(len(pool))][2]
                a, b = max(pos, 0), min(pos + len(w), n)
                if b > a: x[a:b] += w[a - pos:b - pos] * rng.uniform(0.5, 1.5)
                pos += len(w) + int(rng.uniform(0.02, 0.3) * SR)
        return norm(x)
    raise ValueError(kind)
KINDS = ['white', 'pink', 'brown', 'hvac', 'hum', 'traffic', 'babble']
def clip(dur=6.0):
    n = int(dur * SR)
    lang = langs[rng.integers(len(langs))]
    pool = [w for w in words if w[0] == lang]
    s = np.zeros(n); pos = int(rng.uniform(0.3, 1.5) * SR); nyq = 24000
    while pos < n:
        l, sr, w = pool[rng.integers(len(pool))]
        nyq = min(nyq, sr / 2)
        b = min(pos + len(w), n); s[pos:b] = w[:b - pos] * 10 ** (rng.uniform(-6, 6) / 20)
        pos = b + int(rng.uniform(0.05, 0.8) * SR)
    kind = KINDS[rng.integers(len(KINDS))]
    v = noise(kind, n, lang)
    snr = rng.uniform(-6, 26)
    ps = np.mean(s[s != 0] ** 2) if np.any(s) else 1
    v *= np.sqrt(ps / 10 ** (snr / 10)) / (np.sqrt(np.mean(v ** 2)) + 1e-12)
    lvl = 10 ** (rng.uniform(-40, -15) / 20)
    return s * lvl, v * lvl, nyq, kind, snr
def tensors(count, dur=6.0):
    F, G, M = [], [], []
    bands_hz = (np.linspace(0, SR / 2, NBINS)[None, :] * (A > 0)).max(1)
    for i in range(count):
        s, v, nyq, kind, snr = clip(dur)
        X = stft(s + v); S = stft(s); V = stft(v)
        ps = (np.abs(S) ** 2) @ A.T; pv = (np.abs(V) ** 2) @ A.T
        g = np.sqrt(ps / (ps + pv + 1e-20))
        F.append(features(X)); G.append(g.astype(np.float32))
        M.append(np.broadcast_to((bands_hz <= nyq * 1.05).astype(np.float32), g.shape).copy())
    return np.stack(F), np.stack(G), np.stack(M)
if __name__ == '__main__':
    n = int(sys.argv[1]); out = sys.argv[2]
    F, G, M = tensors(n)
    np.savez(out, F=F, G=G, M=M)
    print(F.shape, file=sys.stderr)
