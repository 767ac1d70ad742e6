#!/usr/bin/env python3
"""Check `dx-conform extract` against the pyaaf2 oracle of the AAF corpus.

For every .aaf in FOLDER (default: ../shared/corpus/aaf from the repository root) this
runs the built tool's `extract --json` into a temporary folder and compares each written
WAV with the oracle's `embedded_essence` entry of the same mob ID
(FOLDER/expected/NAME.aaf.pyaaf2.json):

* frames: the descriptor's Length when the stream holds at least that many, else the
  stream's `sample_count` (the tool never invents samples);
* samples: read with the `wave` module, re-encoded to the stored byte order (AIFC is
  big-endian, WAV little-endian) and hashed; the SHA-256 must equal
  `pcm_sha256_descriptor_length` when the oracle gives it (the stream holds more than
  stated), else `pcm_sha256`;
* rate, channels and bits equal the oracle's.

A file without embedded essence must exit 0 and write nothing. Prints one line per
essence and a total; exit status 0 only when everything agrees. Standard library only.

    scripts/aaf-extract-check.py [FOLDER] [--tool PATH] [--oracle-dir DIR]
"""
import argparse
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile
import wave

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_tool():
    binary = os.environ.get("DXKIT_BIN")
    return os.path.join(binary, "dx-conform") if binary else os.path.join(ROOT, ".build", "debug", "dx-conform")


def time_reference(path):
    """The bext TimeReference of a WAV (None without a bext chunk)."""
    with open(path, "rb") as f:
        data = f.read(1 << 16)
    i = 12
    while i + 8 <= len(data):
        cid, size = struct.unpack_from("<4sI", data, i)
        if cid == b"bext" and i + 8 + 346 <= len(data):
            low, high = struct.unpack_from("<II", data, i + 8 + 338)
            return high << 32 | low
        i += 8 + size + (size & 1)
    return None


def read_wav(path):
    """(rate, channels, bytes per sample, frames, sample bytes) of a PCM WAV. The `wave`
    module reads it; Python before 3.12 refuses WAVE_FORMAT_EXTENSIBLE (what the writer
    uses for 24-bit and for more than 2 channels), so those are read from the chunks here."""
    try:
        with wave.open(path, "rb") as w:
            return w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes(), w.readframes(w.getnframes())
    except wave.Error:
        pass
    with open(path, "rb") as f:
        data = f.read()
    fmt = pcm = None
    i = 12
    while i + 8 <= len(data):
        cid, size = struct.unpack_from("<4sI", data, i)
        if cid == b"fmt ":
            fmt = struct.unpack_from("<HHIIHH", data, i + 8)
        elif cid == b"data":
            pcm = data[i + 8:i + 8 + size]
        i += 8 + size + (size & 1)
    tag, channels, rate, _, align, bits = fmt
    if tag == 0xFFFE:
        tag = struct.unpack_from("<H", data, data.index(b"fmt ") + 8 + 24)[0]
    if tag != 1:
        raise ValueError("%s: WAVE format %d is not PCM" % (path, tag))
    return rate, channels, align // channels, len(pcm) // align, pcm


def stored_bytes(frames, width, big_endian, bits):
    """WAV sample bytes (little-endian) back to the essence's stored layout."""
    if bits is not None and bits <= 8 and width == 2:
        # 8-bit essence is written as 16-bit (value x 256); stored 8-bit WAVE and raw PCM are
        # unsigned (128 = silence), AIFF 8-bit is signed.
        samples = struct.unpack("<%dh" % (len(frames) // 2), frames)
        return bytes(((s >> 8) + (0 if big_endian else 128)) & 0xFF for s in samples)
    if not big_endian:
        return frames
    out = bytearray(len(frames))
    for k in range(width):
        out[k::width] = frames[width - 1 - k::width]
    return bytes(out)


def check_file(tool, aaf, oracle, out_dir):
    """Yields (line, ok) for each embedded essence of one AAF file."""
    name = os.path.basename(aaf)
    expected = oracle.get("embedded_essence") or []
    run = subprocess.run([tool, "extract", "-q", "--json", aaf, "-o", out_dir],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    written = sorted(os.listdir(out_dir)) if os.path.isdir(out_dir) else []
    if not expected:
        ok = run.returncode == 0 and not written
        if not ok:
            yield "%s: no embedded essence, but exit %d and %d files written: %s" % (
                name, run.returncode, len(written), run.stderr.strip()), False
        return
    if run.returncode != 0:
        yield "%s: exit %d: %s" % (name, run.returncode, run.stderr.strip()), False
        return
    rows = {r["mob_id"]: r for r in json.loads(run.stdout)}
    for n, exp in enumerate(expected, 1):
        label = "%s essence %d/%d" % (name, n, len(expected))
        row = rows.get(exp["mob_id"])
        if row is None or not row.get("file"):
            yield "%s: not extracted (%s)" % (label, "; ".join(row["warnings"]) if row else "missing"), False
            continue
        stated, count = exp["descriptor_length"], exp["sample_count"]
        want_frames = count if stated is None or count < stated else stated
        digest = exp.get("pcm_sha256_descriptor_length") or exp["pcm_sha256"]
        rate, channels, width, frames, pcm = read_wav(row["file"])
        got = hashlib.sha256(stored_bytes(pcm, width, exp["format"] == "AIFC", exp["bits"])).hexdigest()
        problems = []
        if frames != want_frames:
            problems.append("frames %d, expected %d" % (frames, want_frames))
        if (rate, channels) != (exp["sample_rate"], exp["channels"]):
            problems.append("%d Hz %d ch, expected %s Hz %s ch" % (rate, channels, exp["sample_rate"], exp["channels"]))
        if exp["bits"] and exp["bits"] > 8 and width != (exp["bits"] + 7) // 8:
            problems.append("%d-bit, expected %s" % (8 * width, exp["bits"]))
        exact = got == digest
        line = "%s: %s %d Hz %d ch %d-bit, frames %d (stated %s, stream %s), bit-exact %s, TimeReference %s" % (
            label, exp["format"], rate, channels, 8 * width, frames, stated, count, "yes" if exact else "NO",
            time_reference(row["file"]))
        if problems:
            line += " -- " + "; ".join(problems)
        yield line, exact and not problems


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("folder", nargs="?", default=os.path.join(ROOT, "..", "shared", "corpus", "aaf"))
    p.add_argument("--tool", default=default_tool(), help="dx-conform to run (default: $DXKIT_BIN or .build/debug)")
    p.add_argument("--oracle-dir", help="oracle JSON folder (default: FOLDER/expected)")
    a = p.parse_args()
    folder = os.path.normpath(a.folder)
    oracle_dir = a.oracle_dir or os.path.join(folder, "expected")
    files = sorted(f for f in os.listdir(folder) if f.lower().endswith(".aaf"))
    essences = good = without = bad_without = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, f in enumerate(files):
            with open(os.path.join(oracle_dir, f + ".pyaaf2.json")) as o:
                oracle = json.load(o)
            has = bool(oracle.get("embedded_essence"))
            for line, ok in check_file(a.tool, os.path.join(folder, f), oracle, os.path.join(tmp, str(i))):
                print(line)
                if has:
                    essences += 1
                    good += ok
                else:
                    bad_without += 1
            if not has:
                without += 1
    print("TOTAL files %d, essences %d, bit-exact with the right length %d, failed %d; "
          "files without embedded essence %d (nothing written: %d)"
          % (len(files), essences, good, essences - good, without, without - bad_without))
    return 0 if good == essences and bad_without == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
