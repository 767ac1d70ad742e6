"""A learned speech-presence probability per bin below 8 kHz (a small MLP on a 5x5
neighbourhood of a posteriori SNRs, the decision-directed a priori SNR, band and frame
context), fed to the replica's gain in place of the tracker's p. Trained on data.py's
mixtures (real recorded words + synthesised noises, never the bench's). Negative result:
see docs/design/denoise.md.

  spp_net.py gen CLIPS OUT.npz               # features and true band SNRs, ~2.5 min / 500 clips
  spp_net.py train IN.npz HIDDEN OUT.npz     # torch; soft target SNR/(1+SNR)
  spp_net.py eval SHARED CASES HUMFREE NET.npz   # as oracle.py; 'replace' and 'prior' uses"""
import sys, json, numpy as np
from scipy.ndimage import uniform_filter
from replica import analyse, denoise, decision_directed, to_bands, SINGLE, BINHZ
from oracle import load_case, score, run_all
from common import stft

CONTEXT = 2   # frames of look-ahead and look-back, and bins either side


def features(power, noise):
    T = power.shape[0]
    lg = np.log(np.clip(power[:, :SINGLE + 2] / noise[:, :SINGLE + 2], 1e-3, 1e4))
    padded = np.pad(lg, ((CONTEXT, CONTEXT), (2, 2)), mode='edge')
    cols = [padded[CONTEXT + dt:CONTEXT + dt + T, 2 + dk:2 + dk + SINGLE]
            for dt in range(-CONTEXT, CONTEXT + 1) for dk in range(-2, 3)]
    xi = np.array([xi for xi, _ in decision_directed(power[:, :SINGLE], noise[:, :SINGLE])])
    cols.append(np.log(xi))
    cols.append(uniform_filter(lg, size=(1, 17), mode='nearest')[:, :SINGLE])
    speech = lg[:, int(300 / BINHZ):int(4000 / BINHZ)].mean(1, keepdims=True)
    cols.append(np.broadcast_to(speech, (T, SINGLE)))
    cols.append(np.broadcast_to(np.log2(np.maximum(np.arange(SINGLE), 1) * BINHZ / 1000), (T, SINGLE)))
    return np.stack(cols, -1).astype(np.float32)


def gen_one(i):
    import data
    data.rng = np.random.default_rng(1000 + i)
    while True:
        s, v, nyq, kind, snr = data.clip(6.0)
        if kind != 'hum':   # dx-denoise removes hum before this stage
            break
    X, power, noise, p = analyse(s + v)
    F = features(power, noise)
    snr_db = 10 * np.log10((to_bands(np.abs(stft(s)) ** 2)[:, :SINGLE] + 1e-30) /
                           (to_bands(np.abs(stft(v)) ** 2)[:, :SINGLE] + 1e-30))
    keep = (np.arange(SINGLE) * BINHZ <= nyq * 0.98)[None, :] & (np.random.default_rng(i).random(snr_db.shape) < 0.12)
    return F[keep], snr_db[keep].astype(np.float32)


def predict(net, F):
    h = np.maximum(((F - net['mu']) / net['sd']) @ net['w1'].T + net['b1'], 0)
    return 1 / (1 + np.exp(-(h @ net['w2'].T + net['b2'])[..., 0]))


def train(path, hidden, out):
    import torch
    torch.set_num_threads(2)
    d = np.load(path); F, L = d['F'], d['L']
    mu, sd = F.mean(0), F.std(0) + 1e-6
    X = torch.from_numpy((F - mu) / sd); Y = torch.from_numpy((1 / (1 + 10 ** (-L / 10))).astype(np.float32))
    net = torch.nn.Sequential(torch.nn.Linear(F.shape[1], hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 1))
    opt = torch.optim.Adam(net.parameters(), 3e-3)
    steps = 2 * len(X) // 4096
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, 3e-3, total_steps=steps)
    loss = torch.nn.BCEWithLogitsLoss()
    for s in range(steps):
        i = torch.randint(len(X), (4096,))
        l = loss(net(X[i]).squeeze(1), Y[i])
        opt.zero_grad(); l.backward(); opt.step(); sched.step()
        if s % 2000 == 0:
            print(s, float(l), flush=True)
    w = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    np.savez(out, mu=mu, sd=sd, w1=w['0.weight'], b1=w['0.bias'], w2=w['2.weight'], b2=w['2.bias'])


def eval_case(args):
    d, humfree, net = args
    clean, noisy, x, amount, meta = load_case(d, humfree)
    X, power, noise, p0 = analyse(x)
    q = predict(net, features(power, noise))
    xi = 10 ** 1.5
    def replace(P, L, p):
        p = p.copy(); p[:, :SINGLE] = q; return p
    def prior(P, L, p):   # q as the a priori presence, the bin's likelihood as the tracker's
        p = p.copy(); g = np.minimum(P[:, :SINGLE] / L[:, :SINGLE], 1e6); c = np.clip(q, 0.02, 0.98)
        p[:, :SINGLE] = 1 / (1 + (1 - c) / c * (1 + xi) * np.exp(-g * xi / (1 + xi))); return p
    out = {}
    for name, f in (('replica', None), ('replace', replace), ('prior', prior)):
        y, _ = denoise(x, amount, {} if f is None else {'sp_fn': f})
        out[name] = score(clean, noisy, y, meta)
    return out

if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'gen':
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(2) as ex:
            res = list(ex.map(gen_one, range(int(sys.argv[2]))))
        np.savez(sys.argv[3], F=np.concatenate([r[0] for r in res]), L=np.concatenate([r[1] for r in res]))
    elif cmd == 'train':
        train(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif cmd == 'eval':
        from pathlib import Path
        run_all(sys.argv[2], sys.argv[3], eval_case, (Path(sys.argv[4]), dict(np.load(sys.argv[5]))))
