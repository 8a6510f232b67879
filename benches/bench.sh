#!/usr/bin/env bash
# mtlint speed and memory benchmark (issue 7). Not a test: run it by hand.
#
#   bash benches/bench.sh [CORPUS_DIR]      (default: target/bench-corpus)
#
# Builds the 50 MiB corpus with ../shared/bench/make_corpus.sh if missing,
# builds mtlint in release mode, then reports, all measured in this run:
#   - `wc -w` on corpus.txt (the baseline), best of 3;
#   - mtlint check, full default rule set, 1 thread and all threads, best of 3,
#     as ratios to wc -w, with MB/s and peak RSS (GNU time);
#   - thread scaling on the ~1 MiB part files (1 vs 2 threads);
#   - per-byte cost of adversarial inputs relative to normal prose (these
#     runs are short, 20-150 ms, so each is the best of 7).
#
# BASE=/path/to/older/mtlint adds that binary's rows to the main table, timed
# against the same `wc -w`, and prints now / base for 1 and all threads (a
# before/after comparison in one run, less disturbed by load than either
# ratio to `wc -w`): the two binaries then run in turn, best of 5 (1 thread)
# and of 3 (all threads) each.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-target/bench-corpus}
if [ ! -f "$CORPUS/corpus.txt" ]; then
  bash ../shared/bench/make_corpus.sh "$CORPUS" >&2
fi
command -v bc >/dev/null || apt-get install -y --no-install-recommends bc >&2
cargo build --release -q
BIN=target/release/mtlint
FILE=$CORPUS/corpus.txt
BYTES=$(stat -c %s "$FILE")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# best_of N cmd...: prints the best wall time in seconds of N runs.
best_of() {
  local n=$1; shift
  local best=
  for _ in $(seq "$n"); do
    local s e t
    s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
  done
  echo "$best"
}
# best_of_alternating N A B args...: runs binaries A and B with the same
# args in turn, N times each, and prints "bestA bestB": load that comes and
# goes on a shared machine then disturbs both alike.
best_of_alternating() {
  local n=$1 a=$2 b=$3; shift 3
  local ba= bb= s e t
  for _ in $(seq "$n"); do
    s=$(date +%s.%N); "$a" "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$ba" ] || (( $(echo "$t < $ba" | bc -l) )); then ba=$t; fi
    s=$(date +%s.%N); "$b" "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$bb" ] || (( $(echo "$t < $bb" | bc -l) )); then bb=$t; fi
  done
  echo "$ba $bb"
}
# peak_rss cmd...: peak resident set size in MiB.
peak_rss() {
  /usr/bin/time -f %M -o "$TMP/rss" "$@" > /dev/null 2>&1 || true
  echo "scale=1; $(cat "$TMP/rss") / 1024" | bc -l
}
ratio() { echo "scale=2; $1 / $2" | bc -l; }
mbs() { echo "scale=1; $BYTES / 1048576 / $1" | bc -l; }

cat /dev/null > "$TMP/warm"; cat "$FILE" > /dev/null  # page cache
WC=$(best_of 3 wc -w "$FILE")
if [ -n "${BASE:-}" ]; then
  read -r T1 B1 < <(best_of_alternating 5 "$BIN" "$BASE" check --threads 1 --format jsonl --exit-zero "$FILE")
  read -r TN BN < <(best_of_alternating 3 "$BIN" "$BASE" check --format jsonl --exit-zero "$FILE")
else
  T1=$(best_of 3 "$BIN" check --threads 1 --format jsonl --exit-zero "$FILE")
  TN=$(best_of 3 "$BIN" check --format jsonl --exit-zero "$FILE")
fi
# Files over 4 MiB are memory-mapped; this row reads the file instead.
TR=$(best_of 3 "$BIN" check --no-mmap --threads 1 --format jsonl --exit-zero "$FILE")
RSS1=$(peak_rss "$BIN" check --threads 1 --format jsonl --exit-zero "$FILE")
RSSN=$(peak_rss "$BIN" check --format jsonl --exit-zero "$FILE")

echo "## mtlint benchmark ($(nproc) cores, $(date -u +%F))"
echo
echo "corpus: $FILE, $BYTES bytes"
echo
echo "| run | seconds | × wc -w | MB/s | peak RSS MiB |"
echo "|---|---:|---:|---:|---:|"
echo "| wc -w | $WC | 1.00 | $(mbs "$WC") | |"
echo "| mtlint, 1 thread | $T1 | $(ratio "$T1" "$WC") | $(mbs "$T1") | $RSS1 |"
echo "| mtlint, 1 thread, --no-mmap | $TR | $(ratio "$TR" "$WC") | $(mbs "$TR") | |"
echo "| mtlint, all threads | $TN | $(ratio "$TN" "$WC") | $(mbs "$TN") | $RSSN |"
if [ -n "${BASE:-}" ]; then
  BR1=$(peak_rss "$BASE" check --threads 1 --format jsonl --exit-zero "$FILE")
  echo "| base ($BASE), 1 thread | $B1 | $(ratio "$B1" "$WC") | $(mbs "$B1") | $BR1 |"
  echo "| base, all threads | $BN | $(ratio "$BN" "$WC") | $(mbs "$BN") | |"
  echo
  echo "now / base: 1 thread $(ratio "$T1" "$B1"), all threads $(ratio "$TN" "$BN")"
fi

if [ -d "$CORPUS/parts" ]; then
  P1=$(best_of 3 "$BIN" check --threads 1 --format jsonl --exit-zero "$CORPUS/parts")
  P2=$(best_of 3 "$BIN" check --threads 2 --format jsonl --exit-zero "$CORPUS/parts")
  echo
  echo "part files (~1 MiB each): 1 thread ${P1}s, 2 threads ${P2}s, speed-up $(ratio "$P1" "$P2")×"
fi

# Corpus mode: the same text as JSONL records of ~4 KiB, memory must stay flat.
python3 - "$FILE" "$TMP/records.jsonl" <<'PY'
import json, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
    buf, n = [], 0
    for para in f.read().split("\n\n"):
        buf.append(para)
        if sum(map(len, buf)) > 4096:
            out.write(json.dumps({"id": n, "text": "\n\n".join(buf)}) + "\n"); buf = []; n += 1
    if buf:
        out.write(json.dumps({"id": n, "text": "\n\n".join(buf)}) + "\n")
PY
head -c $((BYTES / 10)) "$TMP/records.jsonl" | sed '$d' > "$TMP/records-small.jsonl"
RC=$(best_of 1 "$BIN" corpus "$TMP/records.jsonl")
RSSC=$(peak_rss "$BIN" corpus "$TMP/records.jsonl")
RSSCS=$(peak_rss "$BIN" corpus "$TMP/records-small.jsonl")
echo
echo "corpus mode: $(wc -l < "$TMP/records.jsonl") records in ${RC}s ($(ratio "$RC" "$WC")× wc -w); peak RSS ${RSSC} MiB (a tenth of the records: ${RSSCS} MiB)"

# Adversarial inputs: per-byte time relative to normal prose (1 thread).
head -c 2000000 "$FILE" > "$TMP/prose.txt"
python3 - "$TMP" <<'PY'
import random, sys
d = sys.argv[1]
random.seed(7)
open(f"{d}/quotes.txt", "w").write("“" * 50000 + " " + "”\" «»″" * 20000)
open(f"{d}/longword.txt", "w").write("a" * 2_000_000)
letters = "abcdefghijklmnopqrstuvwxyz"
names = " ".join(random.choice("ABCDEFGHIKLMNOPRSTVZ") + "".join(random.choice(letters) for _ in range(random.randint(4, 9))) for _ in range(100_000))
open(f"{d}/names.txt", "w").write(names + ".\n")
open(f"{d}/mixed.txt", "w").write(("ру́сский e\u0301\u0301 ĳ 😀 Ω a\u200bb " * 40000))
open(f"{d}/crlf.txt", "w").write("One line.\r" * 200000)
# Both were quadratic until the evening stop of 2026-11-24: references with
# no space between them, and a sentence with no full stop holding many
# `is is` (20 common words drawn at random).
open(f"{d}/entities.txt", "w").write("&amp;" * 80000)
vocab = "the of and to a in is was for on that with as by at from this week said he it".split()
open(f"{d}/sentence.txt", "w").write(" ".join(random.choice(vocab) for _ in range(100_000)))
# A finding every 4 bytes, each with a fix: a zero-width space after `abc`.
open(f"{d}/zwsp.txt", "w").write("abc\u200b" * 100000)
PY
PROSE=$(best_of 7 "$BIN" check --threads 1 --format jsonl --exit-zero "$TMP/prose.txt")
PB=$(echo "$PROSE / $(stat -c %s "$TMP/prose.txt")" | bc -l)
PROSE_S=$(best_of 7 "$BIN" check --threads 1 --format statistics --exit-zero "$TMP/prose.txt")
PBS=$(echo "$PROSE_S / $(stat -c %s "$TMP/prose.txt")" | bc -l)
echo
echo "Per-byte time against the first 2 MB of the corpus, one thread. \"jsonl\" writes"
echo "every finding; \"statistics\" only counts them (checking without rendering)."
echo
echo "| adversarial input | bytes | findings | seconds (jsonl) | per byte vs prose (jsonl) | per byte vs prose (statistics) |"
echo "|---|---:|---:|---:|---:|---:|"
for f in quotes longword names mixed crlf entities sentence zwsp; do
  T=$(best_of 7 "$BIN" check --threads 1 --format jsonl --exit-zero "$TMP/$f.txt")
  TS=$(best_of 7 "$BIN" check --threads 1 --format statistics --exit-zero "$TMP/$f.txt")
  N=$("$BIN" check --threads 1 --format jsonl --exit-zero "$TMP/$f.txt" | wc -l)
  B=$(stat -c %s "$TMP/$f.txt")
  echo "| $f | $B | $N | $T | $(printf %.2f "$(echo "$T / $B / $PB" | bc -l)")× | $(printf %.2f "$(echo "$TS / $B / $PBS" | bc -l)")× |"
done

# `check` over many files dense with findings: memory must not grow with the
# number of files (each file is written, then dropped and unmapped; heavy
# files narrow the window). 10, 40, 80 and 160 copies of quotes.txt (110k
# findings each), two threads and one.
for n in 10 40 80 160; do
  mkdir -p "$TMP/q$n"
  for i in $(seq $n); do cp "$TMP/quotes.txt" "$TMP/q$n/q$i.txt"; done
done
echo
echo "check, 2 threads, jsonl, copies of quotes.txt: peak RSS $(for n in 10 40 80 160; do printf '%s files %s MiB, ' $n "$(peak_rss "$BIN" check --threads 2 --format jsonl --exit-zero "$TMP/q$n")"; done)"
echo "check, 1 thread: $(for n in 10 160; do printf '%s files %s MiB, ' $n "$(peak_rss "$BIN" check --threads 1 --format jsonl --exit-zero "$TMP/q$n")"; done)"
if [ -n "${BASE:-}" ]; then
  echo "base: $(for n in 10 40 80 160; do printf '%s files %s MiB, ' $n "$(peak_rss "$BASE" check --threads 2 --format jsonl --exit-zero "$TMP/q$n")"; done)"
fi
