"""Trains the band-gain GRU.  Usage: train.py DATA.npz STEPS OUT_PREFIX (writes OUT_PREFIX.pt, .norm.npz)."""
import numpy as np, torch, sys, time
from model import BandGainNet, LOOKAHEAD
torch.set_num_threads(2); torch.manual_seed(0)
d = np.load(sys.argv[1]); F, G, M = d['F'], d['G'], d['M']
mu = F.reshape(-1, F.shape[-1]).mean(0); sd = F.reshape(-1, F.shape[-1]).std(0) + 1e-3
np.savez(sys.argv[3] + '.norm.npz', mu=mu, sd=sd)
Fn = torch.tensor((F - mu) / sd); Gt = torch.tensor(G); Mt = torch.tensor(M)
nval = max(len(F) // 20, 4)
net = BandGainNet(); opt = torch.optim.Adam(net.parameters(), 3e-3)
steps = int(sys.argv[2]); L = 200; B = 32; t0 = time.time()
sched = torch.optim.lr_scheduler.OneCycleLR(opt, 3e-3, total_steps=steps)
def loss_fn(out, g, m):
    # out[t] predicts gain at frame t - LOOKAHEAD
    o = out[:, LOOKAHEAD:]; g = g[:, :-LOOKAHEAD]; m = m[:, :-LOOKAHEAD]
    e = (o.sqrt() - g.sqrt()) ** 2
    return (e * m).sum() / m.sum() + 0.5 * ((e ** 2) * m).sum() / m.sum()
for step in range(steps):
    idx = torch.randint(nval, len(F), (B,)); st = torch.randint(0, F.shape[1] - L, (B,))
    f = torch.stack([Fn[i, s:s + L] for i, s in zip(idx, st)])
    g = torch.stack([Gt[i, s:s + L] for i, s in zip(idx, st)])
    m = torch.stack([Mt[i, s:s + L] for i, s in zip(idx, st)])
    loss = loss_fn(net(f), g, m)
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0); opt.step(); sched.step()
    if step % 100 == 0 or step == steps - 1:
        with torch.no_grad():
            vl = loss_fn(net(Fn[:nval]), Gt[:nval], Mt[:nval]).item()
        print(step, round(loss.item(), 4), 'val', round(vl, 4), round(time.time() - t0), 's', flush=True)
torch.save(net.state_dict(), sys.argv[3] + '.pt')
