"""How far a better speech-presence estimate could take dx-denoise: the replica's gain with
p(speech) replaced by an oracle made from the true speech and noise (evaluation only).

Usage: oracle.py SHARED CASES HUMFREE
  CASES    make_cases.py output; HUMFREE: per case, CASE.wav from `dx-denoise noisy.wav -o
           CASE.wav --amount 0` and CASE.json from a default `dx-denoise ... --json` run.
Rows: replica (dx-denoise's own p), p = [band SNR > -6 dB], p = [band SNR > 0 dB],
p = SNR/(1+SNR), and dx-denoise's p with the oracle's false alarms removed."""
import sys, json, numpy as np, soundfile as sf
from pathlib import Path
from concurrent.futures import ProcessPoolExecutor
from common import stft
from replica import denoise, to_bands


def load_case(d, humfree):
    """clean, noisy, hum-free input, applied amount and case.json of one bench case."""
    meta = json.load(open(d / 'case.json'))
    clean, _ = sf.read(d / 'clean.wav'); noisy, _ = sf.read(d / 'noisy.wav')
    x, _ = sf.read(humfree / (d.name + '.wav'))
    amount = json.load(open(humfree / (d.name + '.json')))['applied_amount_db']
    return clean, noisy, x, amount, meta


def score(clean, noisy, y, meta):
    import run_anchor as ra   # the bench's scorer (SHARED/bench/denoise on sys.path)
    r = ra.score_case(clean, noisy, y, meta['lead_in_samples'])
    return r['si_sdr_i'], r['pesq_wb'], r['estoi'], meta['snr_db']


def summarise(res):
    for name in res[0]:
        a = np.array([r[name] for r in res])
        print(f'{name:24s} SI-SDRi {a[:, 0].mean():6.2f}  PESQ-WB {a[:, 1].mean():.3f}  '
              f'ESTOI {a[:, 2].mean():.3f}  at 20 dB {a[a[:, 3] == 20, 0].mean():+.2f}')


def run_all(shared, cases, fn, extra=()):
    """fn((case_dir, *extra)) over every case, two processes; prints the means."""
    sys.path.insert(0, shared + '/bench/denoise')
    dirs = sorted(p for p in Path(cases).iterdir() if p.is_dir())
    with ProcessPoolExecutor(2) as ex:
        summarise(list(ex.map(fn, [(d, *extra) for d in dirs])))


def run(args):
    d, humfree = args
    clean, noisy, x, amount, meta = load_case(d, humfree)
    snr = to_bands(np.abs(stft(clean)) ** 2) / (to_bands(np.abs(stft(x - clean)) ** 2) + 1e-20)
    rules = {'replica': None,
             'oracle > -6 dB': lambda P, L, p: (snr > 0.25) * 1.0,
             'oracle > 0 dB': lambda P, L, p: (snr > 1) * 1.0,
             'oracle soft': lambda P, L, p: snr / (1 + snr),
             'p without false alarms': lambda P, L, p: p * (snr > 0.25)}
    out = {}
    for name, f in rules.items():
        y, _ = denoise(x, amount, {} if f is None else {'sp_fn': f})
        out[name] = score(clean, noisy, y, meta)
    return out


if __name__ == '__main__':
    run_all(sys.argv[1], sys.argv[2], run, (Path(sys.argv[3]),))
