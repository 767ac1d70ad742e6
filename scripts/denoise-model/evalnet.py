"""Scores the network on the bench's denoise cases with the bench's own scorer (evaluation only).

Usage: evalnet.py SHARED CASES NET_PREFIX MODE [FLOOR_DB] [LSA_OUT_DIR]
  MODE net: the network's band gains alone; hybA: g_net^A * g_LSA^(1-A), g_LSA read from
  dx-denoise's outputs in LSA_OUT_DIR (CASE.wav) as |STFT(out)| / |STFT(noisy)|."""
import sys, json, numpy as np, soundfile as sf, torch
from pathlib import Path
SHARED, CASES, PREFIX = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, SHARED + '/bench/denoise')
import run_anchor as ra
from common import *
from model import BandGainNet, LOOKAHEAD
torch.set_num_threads(1)
nz = np.load(PREFIX + '.norm.npz'); mu, sd = nz['mu'], nz['sd']
net = BandGainNet(); net.load_state_dict(torch.load(PREFIX + '.pt')); net.eval()
mode = sys.argv[4]; floor_db = float(sys.argv[5]) if len(sys.argv) > 5 else 25
LSA_OUT = sys.argv[6] if len(sys.argv) > 6 else None
def run(d):
    x, sr = sf.read(d / 'noisy.wav'); s, _ = sf.read(d / 'clean.wav'); meta = json.load(open(d / 'case.json'))
    X = stft(x)
    f = torch.tensor((features(X) - mu) / sd)[None]
    f = torch.cat([f, f[:, -1:].repeat(1, LOOKAHEAD, 1)], 1)
    with torch.no_grad(): gb = net(f)[0, LOOKAHEAD:].numpy()
    g = gb @ W            # (T, NBINS)
    floor = 10 ** (-floor_db / 20)
    if mode.startswith('hyb'):
        y0, _ = sf.read(Path(LSA_OUT) / (d.name + '.wav'))
        Y0 = stft(y0[:len(x)]); gl = np.clip(np.abs(Y0) / (np.abs(X) + 1e-12), 0, 1)
        a = float(mode[3:] or 0.5)
        g = g ** a * gl ** (1 - a)
    g = np.maximum(g, floor)
    y = istft(X * g, len(x))
    return d.name, meta['noise'], meta['snr_db'], ra.score_case(s, x, y, meta['lead_in_samples'])
if __name__ == '__main__':
    from concurrent.futures import ProcessPoolExecutor
    cases = sorted(p for p in Path(CASES).iterdir() if p.is_dir())
    with ProcessPoolExecutor(2) as ex: res = list(ex.map(run, cases))
    for k in ['si_sdr_i', 'pesq_wb', 'estoi', 'stoi']:
        print(k, round(float(np.nanmean([r[3][k] for r in res])), 3), end='  ')
    print()
    for snr in [-5, 0, 5, 10, 20]:
        sel = [r[3] for r in res if r[2] == snr]
        print(snr, *(round(float(np.nanmean([q[k] for q in sel])), 3) for k in ['si_sdr_i', 'pesq_wb', 'estoi']))
    sel = [r[3] for r in res if r[1] == 'babble']
    print('babble', *(round(float(np.nanmean([q[k] for q in sel])), 3) for k in ['si_sdr_i', 'pesq_wb', 'estoi', 'stoi']))
