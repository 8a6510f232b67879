#!/usr/bin/env python3
"""Self-test for scripts/mqm_eval.py, using a fake linter.

The fake linter is a small Python script written to a temp dir and passed via
--bin. It reads a spec (JSON, path in $FAKE_MTLINT_SPEC) of {rule, code,
pattern} entries, finds every regex match in each .txt file it is given and
prints it as a JSONL finding with UTF-8 *byte* offsets -- computed from char
offsets independently of mqm_eval.py's own conversion.

    python3 scripts/test_mqm_eval.py
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "mqm_eval.py"

spec = importlib.util.spec_from_file_location("mqm_eval", SCRIPT)
mqm_eval = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mqm_eval)

FAKE_LINTER = textwrap.dedent(r'''
    #!{python}
    import json, os, re, sys
    from pathlib import Path
    spec = json.load(open(os.environ["FAKE_MTLINT_SPEC"], encoding="utf-8"))
    if spec.get("argv_out"):
        json.dump(sys.argv[1:], open(spec["argv_out"], "w"))
    if spec.get("exit", 0):
        sys.stderr.write("fake linter: boom\n")
        sys.exit(spec["exit"])
    assert sys.argv[1] == "check", sys.argv
    root = Path(sys.argv[-1])
    for path in sorted(root.rglob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        for r in spec["rules"]:
            for m in re.finditer(r["pattern"], text):
                bs = len(text[:m.start()].encode("utf-8"))
                be = len(text[:m.end()].encode("utf-8"))
                print(json.dumps({{
                    "path": str(path), "rule": r["rule"], "code": r["code"],
                    "severity": "warning", "message": "m",
                    "span": {{"start": bs, "end": be}},
                    "line": 1, "column": 1, "end_line": 1, "end_column": 1,
                    "labels": [], "fix": None}}))
    sys.exit(0)
''').lstrip().format(python=sys.executable)


def span(text, sub, occurrence=0):
    """Code-point [start, end) of the n-th occurrence of sub in text."""
    i = -1
    for _ in range(occurrence + 1):
        i = text.index(sub, i + 1)
    return i, i + len(sub)


# --- test data --------------------------------------------------------------
# Document A (MT): segments given out of order; seg "10" must sort after "2".
SEG1 = "Café déjà vu 😀 the the end."
SEG2 = "Plain ascii, with comma ,here and 🎉🎉 and x."
SEG10 = "line one\nline two ok"
# Document B (human reference).
REF1 = "A reference naïve sentence with five extra words."


def err(text, sub, cat, occurrence=0, **kw):
    s, e = span(text, sub, occurrence)
    return {"start": s, "end": e, "cat": cat, "sev": "Minor", **kw}


def records():
    s1_the = err(SEG1, "the", "Accuracy/Addition", occurrence=1)
    return [
        {"corpus": "c1", "lp": "xx-en", "system": "S1", "is_ref": False, "doc": "d1",
         "seg": "10", "source": "", "target": SEG10,
         "ratings": [{"rater": "r1", "errors": []}]},
        {"corpus": "c1", "lp": "xx-en", "system": "S1", "is_ref": False, "doc": "d1",
         "seg": "1", "source": "", "target": SEG1,
         "ratings": [
             {"rater": "r1", "errors": [s1_the, err(SEG1, "vu", "Fluency/Spelling")]},
             {"rater": "r2", "errors": [err(SEG1, ".", "Fluency/Punctuation"),
                                        # source-side span that would overlap "Café": ignored
                                        {"start": 0, "end": 4, "cat": "Source error",
                                         "sev": "Minor", "side": "source"},
                                        {"cat": "Other", "sev": "Minor", "side": "segment"}]}]},
        {"corpus": "c1", "lp": "xx-en", "system": "S1", "is_ref": False, "doc": "d1",
         "seg": "2", "source": "", "target": SEG2,
         "ratings": [{"rater": "r3", "errors": [
             # empty span (insertion point) right before ",here"
             {"start": span(SEG2, ",here")[0], "end": span(SEG2, ",here")[0],
              "cat": "Fluency/Punctuation", "sev": "Minor"},
             err(SEG2, "x", "Fluency/Grammar"),
         ]}]},
        {"corpus": "c2", "lp": "xx-en", "system": "ref", "is_ref": True, "doc": "d9",
         "seg": "1", "source": "", "target": REF1,
         "ratings": [{"rater": "r1", "errors": [err(REF1, "naïve", "Fluency/Spelling")]}]},
    ]


RULES = [
    # overlaps the second "the" -> hit (Accuracy/Addition)
    {"rule": "repeated-word", "code": "T1", "pattern": r"\bthe the\b"},
    # "😀": one space away from error "vu" -> hit with tolerance 1, miss with 0
    {"rule": "emoji", "code": "T2", "pattern": "😀"},
    # "Café": only a source-side error there -> miss
    {"rule": "cafe", "code": "T3", "pattern": "Café"},
    # empty finding right after "comma " (= insertion point before ",") -> hit
    {"rule": "empty", "code": "T4", "pattern": r"(?=,here)"},
    # "here": starts 1 char after the empty error span -> hit (tolerance 1)
    {"rule": "here", "code": "T5", "pattern": r"here"},
    # second 🎉: 5 chars before the "x" error -> miss
    {"rule": "party", "code": "T6", "pattern": r"🎉(?= and x)"},
    # paragraph separator after SEG1: starts in the gap -> clamped to end of
    # SEG1, touches the "." error -> hit
    {"rule": "gap", "code": "T7", "pattern": r"(?<=end\.)\n\n"},
    # spans SEG1's end into SEG2 -> mapped to SEG1, clipped, cross_segment
    {"rule": "cross", "code": "T8", "pattern": r"end\.\n\nPlain"},
    # start of SEG10 ("line"): if offsets were wrong it could land on SEG2's "x."
    {"rule": "lineword", "code": "T9", "pattern": r"(?<=\n\n)line"},
    # the newline inside SEG10 must have become a space
    {"rule": "newline", "code": "T10", "pattern": r"one line"},
    # on the reference: overlaps "naïve" -> ref hit
    {"rule": "naive", "code": "T11", "pattern": r"naïve sen"},
]


class MappingUnitTests(unittest.TestCase):
    def test_hit_tolerance(self):
        errs = [(10, 15, "A")]
        hc = mqm_eval.hit_categories
        self.assertEqual(hc(12, 13, errs), {"A"})          # inside
        self.assertEqual(hc(5, 9, errs), {"A"})            # one char between
        self.assertEqual(hc(5, 8, errs), set())            # two chars between
        self.assertEqual(hc(5, 9, errs, tolerance=0), set())
        self.assertEqual(hc(5, 10, errs, tolerance=0), {"A"})  # touching
        self.assertEqual(hc(16, 18, errs), {"A"})
        self.assertEqual(hc(17, 18, errs), set())
        # empty finding (insertion point)
        self.assertEqual(hc(16, 16, errs), {"A"})
        self.assertEqual(hc(17, 17, errs), set())
        self.assertEqual(hc(9, 9, errs), {"A"})
        # empty error span
        empty = [(20, 20, "B")]
        self.assertEqual(hc(20, 20, empty), {"B"})
        self.assertEqual(hc(21, 23, empty), {"B"})
        self.assertEqual(hc(22, 23, empty), set())
        self.assertEqual(hc(17, 19, empty), {"B"})
        self.assertEqual(hc(17, 18, empty), set())
        # several categories
        self.assertEqual(hc(0, 30, errs + empty), {"A", "B"})

    def test_byte_to_char(self):
        seg = mqm_eval.Segment({"corpus": "c", "lp": "l", "system": "s", "doc": "d",
                                "seg": "1", "target": "aé😀b", "ratings": []})
        # bytes: a=0, é=1..3, 😀=3..7, b=7
        self.assertEqual([mqm_eval.byte_to_char(seg, b) for b in (0, 1, 3, 7, 8)],
                         [0, 1, 2, 3, 4])
        # inside a multi-byte char: floored
        self.assertEqual(mqm_eval.byte_to_char(seg, 2), 1)
        self.assertEqual(mqm_eval.byte_to_char(seg, 5), 2)

    def test_seg_sort(self):
        segs = [mqm_eval.Segment({"corpus": "c", "lp": "l", "system": "s", "doc": "d",
                                  "seg": s, "target": "t", "ratings": []})
                for s in ("10", "b", "2", "1")]
        self.assertEqual([s.seg for s in sorted(segs, key=mqm_eval.seg_sort_key)],
                         ["1", "2", "10", "b"])

    def test_chance_coverage(self):
        seg = mqm_eval.Segment({"corpus": "c", "lp": "l", "system": "s", "doc": "d",
                                "seg": "1", "target": "x" * 20,
                                "ratings": [{"errors": [{"start": 5, "end": 7, "cat": "A"}]}]})
        # 1-char findings at c in [3, 9) hit: 6 chars of 20
        self.assertEqual(mqm_eval.chance_coverage([seg], 1), (6, 20))
        self.assertEqual(mqm_eval.chance_coverage([seg], 0), (4, 20))


class EndToEndTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        t = Path(self.tmp.name)
        self.data = t / "data.jsonl"
        with open(self.data, "w", encoding="utf-8") as f:
            for r in records():
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        self.fake = t / "fake_mtlint.py"
        self.fake.write_text(FAKE_LINTER, encoding="utf-8")
        self.fake.chmod(0o755)
        self.spec_path = t / "spec.json"
        self.argv_out = t / "argv.json"
        self.write_spec()

    def tearDown(self):
        self.tmp.cleanup()

    def write_spec(self, **extra):
        self.spec_path.write_text(json.dumps(
            {"rules": RULES, "argv_out": str(self.argv_out), **extra}), encoding="utf-8")

    def run_eval(self, *args, check=True):
        t = Path(self.tmp.name)
        env = dict(os.environ, FAKE_MTLINT_SPEC=str(self.spec_path))
        cmd = [sys.executable, str(SCRIPT), "--data", str(self.data), "--bin", str(self.fake),
               "--json", str(t / "out.json"), "--findings", str(t / "findings.jsonl"), *args]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if check:
            self.assertEqual(proc.returncode, 0, proc.stderr)
            out = json.loads((t / "out.json").read_text(encoding="utf-8"))
            findings = {}
            for line in (t / "findings.jsonl").read_text(encoding="utf-8").splitlines():
                d = json.loads(line)
                findings.setdefault(d["rule"], []).append(d)
            return proc, out, findings
        return proc, None, None

    def test_end_to_end(self):
        proc, out, f = self.run_eval("--threads", "3", "--mtlint-arg=--enable",
                                     "--mtlint-arg", "foo")
        rules, meta = out["rules"], out["meta"]
        # argv passthrough
        argv = json.loads(self.argv_out.read_text())
        self.assertEqual(argv[:6], ["check", "--format", "jsonl", "--exit-zero", "--threads", "3"])
        self.assertEqual(argv[6:8], ["--enable", "foo"])

        # counts
        self.assertEqual(meta["docs"], 2)
        self.assertEqual(meta["segments"], 4)
        self.assertEqual(meta["mt_words"], len(SEG1.split()) + len(SEG2.split()) + len(SEG10.split()))
        self.assertEqual(meta["ref_words"], 8)

        def one(rule):
            self.assertEqual(len(f[rule]), 1, f.get(rule))
            return f[rule][0]

        # char offsets after non-ASCII text and emoji
        d = one("repeated-word")
        self.assertEqual((d["start"], d["end"]), span(SEG1, "the the"))
        self.assertTrue(d["hit"])
        self.assertEqual(d["categories"], ["Accuracy/Addition"])
        d = one("emoji")
        self.assertEqual((d["start"], d["end"]), span(SEG1, "😀"))
        self.assertEqual(d["text"], "😀")
        self.assertEqual(d["categories"], ["Fluency/Spelling"])
        d = one("cafe")
        self.assertEqual((d["start"], d["end"]), (0, 4))
        self.assertFalse(d["hit"])  # only a source-side error there
        d = one("empty")
        p = span(SEG2, ",here")[0]
        self.assertEqual((d["start"], d["end"]), (p, p))
        self.assertEqual(d["categories"], ["Fluency/Punctuation"])
        d = one("here")
        self.assertEqual((d["start"], d["end"]), span(SEG2, "here"))
        self.assertTrue(d["hit"])
        d = one("party")
        self.assertEqual((d["start"], d["end"]), span(SEG2, "🎉", occurrence=1))
        self.assertFalse(d["hit"])
        # segment boundaries
        d = one("gap")
        self.assertEqual(d["key"], "c1|xx-en|S1|d1|1")
        self.assertEqual((d["start"], d["end"]), (len(SEG1), len(SEG1)))
        self.assertEqual(d["categories"], ["Fluency/Punctuation"])
        self.assertEqual(rules["gap"]["in_gap"], 1)
        d = one("cross")
        self.assertEqual(d["key"], "c1|xx-en|S1|d1|1")
        self.assertEqual((d["start"], d["end"]), (span(SEG1, "end.")[0], len(SEG1)))
        self.assertEqual(rules["cross"]["cross_segment"], 1)
        d = one("lineword")
        self.assertEqual(d["key"], "c1|xx-en|S1|d1|10")  # "10" sorted after "2"
        self.assertEqual((d["start"], d["end"]), (0, 4))
        self.assertFalse(d["hit"])
        d = one("newline")
        self.assertEqual(d["text"], "one line")
        self.assertEqual(rules["newline"]["mt_findings_on_clean_segments"], 1)
        # reference
        d = one("naive")
        self.assertTrue(d["is_ref"])
        self.assertEqual((d["start"], d["end"]), span(REF1, "naïve sen"))
        self.assertEqual(rules["naive"]["ref_findings"], 1)
        self.assertEqual(rules["naive"]["ref_hits"], 1)
        self.assertEqual(rules["naive"]["mt_findings"], 0)
        self.assertEqual(rules["naive"]["ref_per_10k_words"], round(10000 / 8, 2))

        # per-rule / totals
        self.assertEqual(rules["emoji"]["precision"], 1.0)
        self.assertEqual(rules["cafe"]["precision"], 0.0)
        self.assertEqual(rules["naive"]["precision"], None)
        tot = out["totals"]
        self.assertEqual(tot["mt_findings"], 10)
        self.assertEqual(tot["mt_hits"], 6)  # repeated, emoji, empty, here, gap, cross
        self.assertEqual(tot["ref_findings"], 1)
        self.assertEqual(out["meta"]["problems"], {})
        # markdown on stdout
        self.assertIn("| rule | code | MT findings | hits | precision |", proc.stdout)
        self.assertIn("| emoji | T2 | 1 | 1 | 100.0% | Fluency/Spelling 1 |", proc.stdout)
        self.assertIn("| **total** |", proc.stdout)
        self.assertIn("wall time", proc.stdout)

    def test_tolerance_zero(self):
        _, out, f = self.run_eval("--tolerance", "0")
        self.assertFalse(f["emoji"][0]["hit"])   # one space away from "vu"
        self.assertFalse(f["here"][0]["hit"])    # one char after the insertion point
        self.assertTrue(f["empty"][0]["hit"])    # at the insertion point

    def test_filters_and_sampling(self):
        _, out, f = self.run_eval("--corpora", "c2")
        self.assertEqual(out["meta"]["docs"], 1)
        self.assertEqual(set(f), {"naive"})
        _, out1, _ = self.run_eval("--limit-docs", "1", "--sample-seed", "7")
        _, out2, _ = self.run_eval("--limit-docs", "1", "--sample-seed", "7")
        self.assertEqual(out1["meta"]["docs"], 1)
        self.assertEqual(out1["totals"], out2["totals"])
        _, out, _ = self.run_eval("--limit-docs", "1")
        self.assertEqual(out["meta"]["mt_segments"], 3)  # first doc in file order

    def test_linter_failure(self):
        self.write_spec(exit=2)
        proc, _, _ = self.run_eval(check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("fake linter: boom", proc.stderr)
        self.assertIn("status 2", proc.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
