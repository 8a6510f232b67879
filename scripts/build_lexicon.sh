#!/usr/bin/env bash
# Regenerates lints/lexicon/words.txt, the English lexicon embedded in mtlint,
# from SCOWL (Spell Checker Oriented Word Lists) as Debian packages it in `scowl`.
#
# Included: the categories english, american, british, british_z, canadian,
# australian and variant_1, each for words, proper-names, upper,
# abbreviations and contractions, at SCOWL size levels 10..70.
# Output: one `word<TAB>level` line per entry, level = the smallest SCOWL size
# at which the word appears (10 = most common; a frequency proxy), sorted
# bytewise. Possessives (`'s`) and entries with characters other than
# letters, apostrophe, hyphen and period are dropped.
#
# Usage: bash scripts/build_lexicon.sh   (installs `scowl` with apt if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=/usr/share/dict/scowl
if [ ! -d "$DIR" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends scowl
fi
out=lints/lexicon/words.txt
mkdir -p lints/lexicon
LEVELS="10 20 35 40 50 55 60 70"
CATS="english american british british_z canadian australian variant_1"
KINDS="words proper-names upper abbreviations contractions"
{
  for level in $LEVELS; do
    for cat in $CATS; do
      for kind in $KINDS; do
        f="$DIR/$cat-$kind.$level"
        [ -f "$f" ] || continue
        # SCOWL files here are UTF-8 (check with `file`); iconv guards against Latin-1 builds.
        if file "$f" | grep -q "ISO-8859"; then iconv -f latin1 -t utf-8 "$f"; else cat "$f"; fi | sed "s/\$/\t$level/"
      done
    done
  done
} | python3 -c '
import sys, re
ok = re.compile(r"^[^\W\d_](?:[^\W\d_]|['"'"'.-])*$")
best = {}
for line in sys.stdin:
    word, level = line.rstrip("\n").split("\t")
    word = word.strip()
    if not word or word.endswith("'"'"'s") or not ok.match(word):
        continue
    level = int(level)
    if word not in best or level < best[word]:
        best[word] = level
for w in sorted(best, key=lambda w: w.encode()):
    print(f"{w}\t{best[w]}")
' > "$out"
cp /usr/share/doc/scowl/copyright lints/lexicon/LICENSE-SCOWL.txt
echo "wrote $out: $(wc -l < "$out") entries, $(wc -c < "$out") bytes" >&2
