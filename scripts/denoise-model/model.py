import torch, torch.nn as nn
from common import NB
LOOKAHEAD = 3
class BandGainNet(nn.Module):
    def __init__(self, hidden=96, pre=64):
        super().__init__()
        self.pre = nn.Linear(NB, pre)
        self.gru = nn.GRU(pre, hidden, batch_first=True)
        self.post = nn.Linear(hidden, NB)
    def forward(self, f):            # f: (B, T, NB) normalised features
        h, _ = self.gru(torch.tanh(self.pre(f)))
        return torch.sigmoid(self.post(h))
