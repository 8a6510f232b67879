#!/usr/bin/env python3
"""Measure mtlint's precision on human-annotated (MQM) machine-translation output.

Data: /work/shared/eval/mqm/mqm_en_targets.jsonl (see README.md there): one JSON
record per translated English segment with every rater's error spans
(Unicode code-point offsets into ``target``, end exclusive).

Usage
-----
    cargo build --release
    python3 scripts/mqm_eval.py                                  # everything
    python3 scripts/mqm_eval.py --limit-docs 300 --sample-seed 1 # random subset
    python3 scripts/mqm_eval.py --corpora bio-mqm-r2 --json out.json
    python3 scripts/mqm_eval.py --mtlint-arg=--select --mtlint-arg=ALL
    python3 scripts/mqm_eval.py --findings findings.jsonl        # every finding, for review

What it does
------------
1. Groups records into documents by (corpus, lp, system, doc); segments are
   ordered by ``seg`` (numerically when possible). ``--corpora``/``--lps``
   filter, ``--limit-docs N`` keeps N documents (the first N in file order, or a
   deterministic random sample with ``--sample-seed S``).
2. Writes each document as one UTF-8 ``.txt`` file to a temporary directory
   (``--keep-dir DIR`` to choose and keep it): the targets joined by a blank
   line ("\\n\\n"), each segment its own paragraph, plus a final "\\n". Any CR/LF
   inside a target is replaced by one space each, so code-point offsets of the
   annotations stay valid.
3. Runs the linter once over the directory:
   ``<bin> check --format jsonl --exit-zero --threads N [--mtlint-arg ...] <dir>``
   (``--bin``, default ``target/release/mtlint``). Each output line is one
   finding whose ``span.start``/``span.end`` are UTF-8 byte offsets into the file.
   Any exit status other than 0 (or 1) is a failure; its stderr is shown.
4. Maps each finding's primary span to the segment containing its start byte
   (a span starting in the blank line between paragraphs is clamped to the end
   of the preceding segment; a span running past its segment is clipped and
   counted as ``cross_segment``), then converts to code-point offsets within
   that segment's target.

Hit definition
--------------
A finding [fs, fe) hits an annotated target error span [s, e) (code points,
either may be empty = an insertion point) when at most ``--tolerance`` (default
1) characters lie between them:

    max(s - fe, fs - e) <= tolerance

i.e. the spans overlap, touch, or are separated by at most one character
(empty spans included). Spans of every rater count; errors whose ``side`` is
"source" or "segment" are ignored. A finding's hit categories are the set of
MQM categories of all spans it hits. Labels (secondary spans) are ignored.

Output
------
stdout: a summary (documents, segments, words of MT and of reference text,
linter and wall time, the chance rate of a hit) and a Markdown table, one row
per rule plus a totals row:

    MT findings | hits | precision (= hits / MT findings) | top 3 hit categories
    | MT findings per 10k words | findings on human references | per 10k
    reference words

"Words" are whitespace-separated tokens of the targets. The chance rate is the
fraction of MT characters where a one-character finding would hit, i.e. the
precision of a rule that fires at random positions -- compare precision
against it, since annotated spans are long and lenient.

``--json OUT`` writes the same numbers plus per-corpus counts, hits on
references, findings on segments every rater marked clean, and severities.
``--findings OUT.jsonl`` writes one line per finding (segment key, char span,
flagged text, hit, categories, message) for error analysis.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path("/work/shared/eval/mqm/mqm_en_targets.jsonl")
DEFAULT_BIN = "target/release/mtlint"
SEPARATOR = "\n\n"
IGNORED_SIDES = ("source", "segment")


# ---------------------------------------------------------------- data model


class Segment:
    __slots__ = (
        "key", "corpus", "seg", "target", "is_ref", "errors", "clean",
        "unaligned", "byte_start", "byte_end", "ascii", "words",
    )

    def __init__(self, rec: dict) -> None:
        self.corpus = rec["corpus"]
        self.seg = str(rec["seg"])
        self.key = "|".join(
            (rec["corpus"], rec["lp"], rec["system"], str(rec["doc"]), self.seg)
        )
        # One space per CR/LF keeps every code-point offset unchanged.
        self.target = rec["target"].replace("\r", " ").replace("\n", " ")
        self.is_ref = bool(rec.get("is_ref"))
        errors = []
        clean = True
        unaligned = False
        n = len(self.target)
        for rating in rec.get("ratings") or ():
            if rating.get("unaligned"):
                unaligned = True
            for err in rating.get("errors") or ():
                clean = False
                if err.get("side") in IGNORED_SIDES:
                    continue
                s, e = err.get("start"), err.get("end")
                if s is None or e is None:
                    continue
                s, e = max(0, min(int(s), n)), max(0, min(int(e), n))
                if e < s:
                    s, e = e, s
                errors.append((s, e, err.get("cat") or "?"))
        self.errors = tuple(errors)
        self.clean = clean and not unaligned
        self.unaligned = unaligned
        self.ascii = self.target.isascii()
        self.words = len(self.target.split())
        self.byte_start = self.byte_end = 0


def seg_sort_key(seg: Segment):
    s = seg.seg.strip()
    try:
        return (0, int(s), "")
    except ValueError:
        try:
            return (0, float(s), "")
        except ValueError:
            return (1, 0, s)


def load_documents(path: Path, corpora: set[str] | None, lps: set[str] | None):
    """Streams the JSONL file; returns {doc_key: [Segment]} in file order."""
    docs: dict[tuple, list[Segment]] = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{lineno}: invalid JSON: {e}")
            if corpora and rec["corpus"] not in corpora:
                continue
            if lps and rec["lp"] not in lps:
                continue
            dk = (rec["corpus"], rec["lp"], rec["system"], str(rec["doc"]))
            docs.setdefault(dk, []).append(Segment(rec))
    return docs


def select_documents(docs: dict, limit: int | None, seed: int | None):
    keys = list(docs)
    if limit is not None and limit < len(keys):
        if seed is not None:
            idx = sorted(random.Random(seed).sample(range(len(keys)), limit))
            keys = [keys[i] for i in idx]
        else:
            keys = keys[:limit]
    return [(k, docs[k]) for k in keys]


# ------------------------------------------------------------ file layout


class DocFile:
    __slots__ = ("key", "segments", "starts")

    def __init__(self, key, segments):
        self.key = key
        self.segments = segments
        self.starts = [s.byte_start for s in segments]


def write_documents(selected, out_dir: Path) -> dict[str, DocFile]:
    """Writes one .txt per document; records each segment's byte range."""
    files: dict[str, DocFile] = {}
    width = max(5, len(str(len(selected))))
    for i, (dk, segs) in enumerate(selected):
        segs.sort(key=seg_sort_key)
        parts = []
        pos = 0
        sep_len = len(SEPARATOR.encode())
        for j, seg in enumerate(segs):
            b = seg.target.encode("utf-8")
            if j:
                parts.append(SEPARATOR)
                pos += sep_len
            seg.byte_start = pos
            pos += len(b)
            seg.byte_end = pos
            parts.append(seg.target)
        parts.append("\n")
        name = f"{i:0{width}d}.txt"
        with open(out_dir / name, "w", encoding="utf-8", newline="") as f:
            f.write("".join(parts))
        files[name] = DocFile(dk, segs)
    return files


def byte_to_char(seg: Segment, b: int, encoded: bytes | None = None) -> int:
    """Code-point offset in seg.target of byte offset b (floored to a char
    boundary if b falls inside a multi-byte character)."""
    if seg.ascii:
        return b
    if encoded is None:
        encoded = seg.target.encode("utf-8")
    return len(encoded[:b].decode("utf-8", errors="ignore"))


def locate(doc: DocFile, bstart: int, bend: int):
    """Maps a file byte span to (segment, char_start, char_end, flags)."""
    idx = max(0, bisect.bisect_right(doc.starts, bstart) - 1)
    seg = doc.segments[idx]
    blen = seg.byte_end - seg.byte_start
    # starts in the separator after the segment (an empty span at its very
    # end still belongs to the segment)
    in_gap = bstart > seg.byte_end or (bstart == seg.byte_end and bend > bstart)
    rs = min(max(bstart - seg.byte_start, 0), blen)
    re_ = min(max(bend - seg.byte_start, rs), blen)
    cross = bend > seg.byte_end and not in_gap
    enc = None if seg.ascii else seg.target.encode("utf-8")
    return seg, byte_to_char(seg, rs, enc), byte_to_char(seg, re_, enc), in_gap, cross


def hit_categories(fs: int, fe: int, errors, tolerance: int = 1):
    """Set of categories of the error spans within `tolerance` chars of
    [fs, fe); empty set means no hit."""
    cats = set()
    for s, e, cat in errors:
        if max(s - fe, fs - e) <= tolerance:
            cats.add(cat)
    return cats


def chance_coverage(segments, tolerance: int = 1):
    """(covered, total): characters c of the given segments at which a
    one-character finding [c, c+1) would hit some error span."""
    covered = total = 0
    for seg in segments:
        n = len(seg.target)
        total += n
        if not seg.errors or not n:
            continue
        ivs = sorted(
            (max(0, s - 1 - tolerance), min(n, e + tolerance + 1))
            for s, e, _ in seg.errors
        )
        cur_s, cur_e = ivs[0]
        for s, e in ivs[1:]:
            if s <= cur_e:
                cur_e = max(cur_e, e)
            else:
                covered += cur_e - cur_s
                cur_s, cur_e = s, e
        covered += max(0, cur_e - cur_s)
    return covered, total


# ------------------------------------------------------------ running


def resolve_bin(path: str) -> str:
    p = Path(path)
    if not p.is_absolute() and not p.exists() and (REPO_ROOT / p).exists():
        p = REPO_ROOT / p
    if not p.exists() and shutil.which(path):
        return shutil.which(path)
    return str(p)


def run_linter(bin_path: str, directory: Path, threads: int, extra: list[str], out_path: Path):
    cmd = [bin_path, "check", "--format", "jsonl", "--exit-zero",
           "--threads", str(threads), *extra, str(directory)]
    print(f"running: {' '.join(cmd)}", file=sys.stderr)
    with open(out_path, "wb") as out:
        try:
            proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
        except OSError as e:
            sys.exit(f"error: cannot run {bin_path}: {e}")
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        sys.stderr.write(stderr)
        sys.exit(f"error: {bin_path} exited with status {proc.returncode}")
    if proc.returncode == 1:
        print("warning: linter exited 1 despite --exit-zero", file=sys.stderr)
    if stderr.strip():
        print(f"linter stderr (first lines):\n{stderr[:2000]}", file=sys.stderr)


def new_rule_stats():
    return {
        "code": None, "mt_findings": 0, "mt_hits": 0, "mt_cats": Counter(),
        "ref_findings": 0, "ref_hits": 0, "ref_cats": Counter(),
        "mt_clean_findings": 0, "ref_clean_findings": 0,
        "cross_segment": 0, "in_gap": 0, "skipped_unaligned": 0,
        "severity": Counter(), "by_corpus": defaultdict(lambda: [0, 0, 0, 0]),
    }


def evaluate(findings_path: Path, files: dict[str, DocFile], tolerance: int,
             skip_unaligned: bool, dump):
    stats: dict[str, dict] = defaultdict(new_rule_stats)
    problems = Counter()
    with open(findings_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
                rule = d["rule"]
                bstart, bend = int(d["span"]["start"]), int(d["span"]["end"])
                path = d["path"]
            except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                problems["unparsable output lines"] += 1
                continue
            doc = files.get(Path(path).name)
            if doc is None:
                problems["findings on unknown files"] += 1
                continue
            seg, cs, ce, in_gap, cross = locate(doc, bstart, bend)
            st = stats[rule]
            st["code"] = st["code"] or d.get("code")
            if skip_unaligned and seg.unaligned:
                st["skipped_unaligned"] += 1
                continue
            cats = hit_categories(cs, ce, seg.errors, tolerance)
            st["severity"][d.get("severity") or "?"] += 1
            st["in_gap"] += in_gap
            st["cross_segment"] += cross
            bc = st["by_corpus"][seg.corpus]
            if seg.is_ref:
                st["ref_findings"] += 1
                st["ref_clean_findings"] += seg.clean
                bc[2] += 1
                if cats:
                    st["ref_hits"] += 1
                    st["ref_cats"].update(cats)
                    bc[3] += 1
            else:
                st["mt_findings"] += 1
                st["mt_clean_findings"] += seg.clean
                bc[0] += 1
                if cats:
                    st["mt_hits"] += 1
                    st["mt_cats"].update(cats)
                    bc[1] += 1
            if dump is not None:
                t = seg.target
                dump.write(json.dumps({
                    "rule": rule, "code": d.get("code"), "key": seg.key,
                    "is_ref": seg.is_ref, "start": cs, "end": ce,
                    "text": t[cs:ce], "context": t[max(0, cs - 40):ce + 40],
                    "hit": bool(cats), "categories": sorted(cats),
                    "errors": [[s, e, c] for s, e, c in seg.errors],
                    "message": d.get("message"),
                }, ensure_ascii=False) + "\n")
    return stats, problems


# ------------------------------------------------------------ reporting


def per10k(n: int, words: int):
    return round(n * 10000 / words, 2) if words else None


def fmt_num(x):
    return "–" if x is None else (f"{x:.2f}" if isinstance(x, float) else str(x))


def top_cats(c: Counter, k: int = 3) -> str:
    return ", ".join(f"{cat} {n}" for cat, n in c.most_common(k)) or "–"


def build_report(stats, meta):
    rows = []
    tot = new_rule_stats()
    for rule, st in stats.items():
        for k in ("mt_findings", "mt_hits", "ref_findings", "ref_hits",
                  "mt_clean_findings", "ref_clean_findings", "cross_segment",
                  "in_gap", "skipped_unaligned"):
            tot[k] += st[k]
        tot["mt_cats"].update(st["mt_cats"])
        tot["ref_cats"].update(st["ref_cats"])
        tot["severity"].update(st["severity"])
    out_rules = {}
    for rule, st in sorted(stats.items(), key=lambda kv: (-kv[1]["mt_findings"], kv[0])):
        out_rules[rule] = summarize(st, meta)
    return out_rules, summarize(tot, meta)


def summarize(st, meta):
    mt, hits = st["mt_findings"], st["mt_hits"]
    return {
        "code": st["code"],
        "mt_findings": mt, "mt_hits": hits,
        "precision": round(hits / mt, 4) if mt else None,
        "mt_per_10k_words": per10k(mt, meta["mt_words"]),
        "mt_hit_categories": dict(st["mt_cats"].most_common()),
        "mt_findings_on_clean_segments": st["mt_clean_findings"],
        "ref_findings": st["ref_findings"], "ref_hits": st["ref_hits"],
        "ref_per_10k_words": per10k(st["ref_findings"], meta["ref_words"]),
        "ref_hit_categories": dict(st["ref_cats"].most_common()),
        "ref_findings_on_clean_segments": st["ref_clean_findings"],
        "cross_segment": st["cross_segment"], "in_gap": st["in_gap"],
        "skipped_unaligned": st["skipped_unaligned"],
        "severity": dict(st["severity"]),
        "by_corpus": {c: dict(zip(("mt_findings", "mt_hits", "ref_findings", "ref_hits"), v))
                      for c, v in sorted(st["by_corpus"].items())},
    }


def markdown_table(rules, totals) -> str:
    head = ("| rule | code | MT findings | hits | precision | top hit categories "
            "| MT /10k words | ref findings | ref /10k words |")
    lines = [head, "|---|---|---:|---:|---:|---|---:|---:|---:|"]

    def row(name, r):
        prec = "–" if r["precision"] is None else f"{r['precision']:.1%}"
        cats = top_cats(Counter(r["mt_hit_categories"]))
        return (f"| {name} | {r['code'] or ''} | {r['mt_findings']} | {r['mt_hits']} "
                f"| {prec} | {cats} | {fmt_num(r['mt_per_10k_words'])} "
                f"| {r['ref_findings']} | {fmt_num(r['ref_per_10k_words'])} |")

    for name, r in rules.items():
        lines.append(row(name, r))
    lines.append(row("**total**", totals))
    return "\n".join(lines)


# ------------------------------------------------------------ main


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="Precision of mtlint on MQM-annotated MT output.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="mqm_en_targets.jsonl")
    p.add_argument("--bin", default=DEFAULT_BIN, help="mtlint binary (default: %(default)s)")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--mtlint-arg", action="append", default=[], metavar="ARG",
                   help="extra argument passed to `mtlint check` (repeatable; use --mtlint-arg=--flag)")
    p.add_argument("--limit-docs", type=int, default=None, metavar="N")
    p.add_argument("--sample-seed", type=int, default=None, metavar="S",
                   help="with --limit-docs: random (deterministic) subset instead of the first N")
    p.add_argument("--corpora", default=None, help="comma-separated corpus ids to keep")
    p.add_argument("--lps", default=None, help="comma-separated language pairs to keep (e.g. ru-en)")
    p.add_argument("--tolerance", type=int, default=1,
                   help="max characters between a finding and an error span for a hit (default 1)")
    p.add_argument("--skip-unaligned", action="store_true",
                   help="ignore findings on segments whose error list is flagged incomplete")
    p.add_argument("--json", type=Path, default=None, metavar="OUT")
    p.add_argument("--findings", type=Path, default=None, metavar="OUT.jsonl",
                   help="write every mapped finding with its hit status")
    p.add_argument("--keep-dir", type=Path, default=None, metavar="DIR",
                   help="write the documents (and linter output) here and keep them")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    t0 = time.monotonic()
    corpora = set(filter(None, args.corpora.split(","))) if args.corpora else None
    lps = set(filter(None, args.lps.split(","))) if args.lps else None
    if not args.data.exists():
        sys.exit(f"error: {args.data} not found")
    bin_path = resolve_bin(args.bin)
    if not Path(bin_path).exists():
        sys.exit(f"error: linter binary {bin_path} not found (cargo build --release, or --bin)")

    docs = load_documents(args.data, corpora, lps)
    selected = select_documents(docs, args.limit_docs, args.sample_seed)
    del docs
    if not selected:
        sys.exit("error: no documents selected")

    if args.keep_dir:
        work = args.keep_dir
        work.mkdir(parents=True, exist_ok=True)
        doc_dir = work / "docs"
        if doc_dir.exists():
            shutil.rmtree(doc_dir)
        doc_dir.mkdir()
    else:
        work = Path(tempfile.mkdtemp(prefix="mqm_eval_"))
        doc_dir = work / "docs"
        doc_dir.mkdir()
    try:
        files = write_documents(selected, doc_dir)
        segments = [s for d in files.values() for s in d.segments]
        mt_segs = [s for s in segments if not s.is_ref]
        ref_segs = [s for s in segments if s.is_ref]
        meta = {
            "data": str(args.data), "bin": bin_path, "mtlint_args": args.mtlint_arg,
            "tolerance": args.tolerance, "limit_docs": args.limit_docs,
            "sample_seed": args.sample_seed, "corpora": sorted(corpora) if corpora else None,
            "lps": sorted(lps) if lps else None, "skip_unaligned": args.skip_unaligned,
            "docs": len(files),
            "mt_docs": sum(1 for d in files.values() if not d.segments[0].is_ref),
            "ref_docs": sum(1 for d in files.values() if d.segments[0].is_ref),
            "segments": len(segments), "mt_segments": len(mt_segs),
            "ref_segments": len(ref_segs),
            "mt_words": sum(s.words for s in mt_segs),
            "ref_words": sum(s.words for s in ref_segs),
            "mt_clean_segments": sum(s.clean for s in mt_segs),
            "ref_clean_segments": sum(s.clean for s in ref_segs),
        }
        cov, tot = chance_coverage(mt_segs, args.tolerance)
        meta["mt_chance_hit_rate"] = round(cov / tot, 4) if tot else None
        cov, tot = chance_coverage(ref_segs, args.tolerance)
        meta["ref_chance_hit_rate"] = round(cov / tot, 4) if tot else None

        out_path = work / "findings.raw.jsonl"
        t1 = time.monotonic()
        run_linter(bin_path, doc_dir, args.threads, args.mtlint_arg, out_path)
        meta["linter_seconds"] = round(time.monotonic() - t1, 2)

        dump = open(args.findings, "w", encoding="utf-8") if args.findings else None
        try:
            stats, problems = evaluate(out_path, files, args.tolerance,
                                       args.skip_unaligned, dump)
        finally:
            if dump is not None:
                dump.close()
    finally:
        if not args.keep_dir:
            shutil.rmtree(work, ignore_errors=True)

    rules, totals = build_report(stats, meta)
    meta["wall_seconds"] = round(time.monotonic() - t0, 2)
    meta["problems"] = dict(problems)

    chance = meta["mt_chance_hit_rate"]
    print(f"# mtlint on MQM-annotated English ({meta['docs']} docs: {meta['mt_docs']} MT, "
          f"{meta['ref_docs']} reference)\n")
    print(f"- segments: {meta['segments']} ({meta['mt_segments']} MT, {meta['ref_segments']} "
          f"reference; {meta['mt_clean_segments']} MT segments marked clean by every rater)")
    print(f"- words: {meta['mt_words']} MT, {meta['ref_words']} reference")
    print(f"- hit = within {args.tolerance} char(s) of an annotated target span; chance hit "
          f"rate of a random 1-char MT finding: "
          f"{'–' if chance is None else f'{chance:.1%}'}")
    print(f"- linter time {meta['linter_seconds']} s, wall time {meta['wall_seconds']} s")
    for what, n in problems.items():
        print(f"- warning: {n} {what}")
    print()
    print(markdown_table(rules, totals))

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"meta": meta, "rules": rules, "totals": totals}, f,
                      ensure_ascii=False, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
