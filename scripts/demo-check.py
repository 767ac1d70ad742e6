#!/usr/bin/env python3
"""The demo's self-checks (python3 standard library only). Exit 0 when every result is
as the generated material says it must be; else each wrong result is printed as
"demo-check: FAIL ..." on standard error and the exit status is 1.

  demo-check.py align TRUTH_JSON ALIGN_NDJSON
      every take is in the dx-align report; a take whose line is in the guide once is
      matched, not ambiguous, and placed within one frame of where its line is (between
      the onset-aligned and the centre-aligned offset, as the alignment bench scores a
      re-performance); a line said twice is ambiguous; a line not in the guide is not
      matched.
  demo-check.py file TRUTH_JSON ALIGN_NDJSON [MIN_CONFIDENCE]
      prints, per take of the report, how to file it on its cue (tab separated: cue,
      take number, circle | flag | file, comment): circled when matched, unambiguous and
      at least MIN_CONFIDENCE (default 0.7); flagged when ambiguous or not found.
  demo-check.py filing TRUTH_JSON CUES_JSON
      every take is on its cue in `dx-cues list --json`; the ambiguous and the absent
      takes carry a FLAG comment and are not circled; the others are not flagged.
"""
import json
import os
import re
import sys

failures = []


def fail(msg):
    failures.append(msg)
    sys.stderr.write("demo-check: FAIL " + msg + "\n")


def load_truth(path):
    with open(path) as f:
        return json.load(f)


def load_report(path):
    rows = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except ValueError:
                fail("%s:%d: not JSON" % (path, n))
                continue
            rows[os.path.basename(str(r.get("take", "")))] = r
    return rows


def check_align(truth, report):
    frame = 1.0 / truth["fps"]
    print("%-12s %-8s %-22s %-12s %s" % ("take", "kind", "expected (s)", "dx-align (s)", "result"))
    for t in truth["takes"]:
        name, kind = t["take"], t["kind"]
        r = report.get(name)
        if r is None:
            fail("%s: not in the dx-align report" % name)
            continue
        got = r.get("offset_seconds")
        shown = "%.3f" % got if isinstance(got, (int, float)) else "no match"
        if r.get("error"):
            fail("%s: dx-align error: %s" % (name, r["error"]))
            continue
        if kind == "absent":
            expected = "not in the guide"
            if r.get("match") is not False:
                fail("%s: the line is not in the guide, but dx-align placed it at %s s" % (name, shown))
                continue
        elif kind == "twice":
            expected = "ambiguous, %d places" % len(t["occurrences"])
            if not r.get("ambiguous"):
                fail("%s: the line is said twice in the guide, but dx-align did not report it "
                     "ambiguous (placed at %s s)" % (name, shown))
                continue
            places = [c.get("offset_seconds") for c in r.get("candidates", [])]
            for o in t["occurrences"]:
                lo = min(o["offset_onset_seconds"], o["offset_center_seconds"]) - frame
                hi = max(o["offset_onset_seconds"], o["offset_center_seconds"]) + frame
                if not any(isinstance(p, (int, float)) and lo <= p <= hi for p in places):
                    fail("%s: no candidate within a frame of cue %s's line (%.3f-%.3f s); candidates %s"
                         % (name, o["cue"], lo, hi, places))
            shown = ", ".join("%.3f" % p for p in places if isinstance(p, (int, float)))
        else:
            o = t["occurrences"][0]
            lo = min(o["offset_onset_seconds"], o["offset_center_seconds"])
            hi = max(o["offset_onset_seconds"], o["offset_center_seconds"])
            expected = "%.3f-%.3f" % (lo, hi)
            if r.get("match") is not True or not isinstance(got, (int, float)):
                fail("%s: its line is in the guide at %s s, but dx-align found no match" % (name, expected))
                continue
            if r.get("ambiguous"):
                fail("%s: its line is in the guide once, but dx-align reported it ambiguous" % name)
                continue
            err = max(lo - got, got - hi, 0.0)
            if err > frame:
                fail("%s: placed at %.3f s, %.1f ms (%.2f frames) from where its line is (%s s)"
                     % (name, got, err * 1000, err / frame, expected))
                continue
            shown += " (in range)" if err == 0 else " (%+.1f ms)" % (err * 1000 if got > hi else -err * 1000)
        print("%-12s %-8s %-22s %-12s ok" % (name, kind, expected, shown))


def take_number(name):
    m = re.search(r"_t(\d+)\.wav$", name)
    return int(m.group(1)) if m else 1


def file_takes(truth, report, min_confidence):
    cues = {t["take"]: t["cue"] for t in truth["takes"]}
    for name, r in report.items():
        cue = cues.get(name)
        if cue is None:
            fail("%s: a take the demo did not make" % name)
            continue
        conf = r.get("confidence") or 0.0
        if r.get("ambiguous"):
            where = ", ".join(str(c.get("timecode")) for c in r.get("candidates", []))
            action, comment = "flag", "FLAG ambiguous: the line fits %s" % where
        elif r.get("match") is not True:
            action, comment = "flag", "FLAG not found in the guide (confidence %.2f)" % conf
        elif conf >= min_confidence:
            action, comment = "circle", "aligned at %s, confidence %.2f" % (r.get("timecode"), conf)
        else:
            action, comment = "file", "aligned at %s, low confidence %.2f: check" % (r.get("timecode"), conf)
        print("\t".join([cue, str(take_number(name)), action, comment]))


def check_filing(truth, cues):
    by_cue = {c["number"]: c for c in cues}
    for t in truth["takes"]:
        name, cue = t["take"], t["cue"]
        c = by_cue.get(cue)
        if c is None:
            fail("%s: cue %s is not in the database" % (name, cue))
            continue
        takes = [k for k in c.get("takes", []) if os.path.basename(str(k.get("file"))) == name]
        if not takes:
            fail("%s: not filed on cue %s" % (name, cue))
            continue
        k = takes[0]
        flagged = str(k.get("comment") or "").startswith("FLAG")
        if t["kind"] in ("twice", "absent"):
            why = "said twice in the guide" if t["kind"] == "twice" else "not in the guide"
            if not flagged:
                fail("%s (cue %s): its line is %s, but the take is not flagged" % (name, cue, why))
            if k.get("circled"):
                fail("%s (cue %s): its line is %s, but the take is circled" % (name, cue, why))
        elif flagged:
            fail("%s (cue %s): aligned, but flagged: %s" % (name, cue, k.get("comment")))
        state = "circled" if k.get("circled") else ("flagged" if flagged else "filed")
        print("%-12s cue %-5s take %s %s" % (name, cue, k.get("number"), state))


def main(argv):
    if len(argv) == 4 and argv[1] == "align":
        check_align(load_truth(argv[2]), load_report(argv[3]))
    elif len(argv) in (4, 5) and argv[1] == "file":
        file_takes(load_truth(argv[2]), load_report(argv[3]), float(argv[4]) if len(argv) == 5 else 0.7)
    elif len(argv) == 4 and argv[1] == "filing":
        with open(argv[3]) as f:
            check_filing(load_truth(argv[2]), json.load(f))
    else:
        sys.stderr.write(__doc__)
        return 64
    if failures:
        sys.stderr.write("demo-check: %d wrong result(s): the demo stops here\n" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
