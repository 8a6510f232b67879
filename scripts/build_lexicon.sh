#!/usr/bin/env bash
# build_lexicon.sh — regenerate mtlint's embedded English lexicon from SCOWL.
#
# What it does
#   Reads the raw SCOWL "final/" word lists that Debian's `scowl` package
#   installs in /usr/share/dict/scowl/ (files named <category>-<sub>.<level>)
#   and writes:
#     lints/lexicon/words.txt        one entry per line: word<TAB>level
#     lints/lexicon/LICENSE-SCOWL.txt  SCOWL copyright/licence text (verbatim)
#
# Input selection
#   Spelling categories: english, american, british, british_z, canadian,
#                        australian, variant_1
#   Sub-categories:      words, contractions, abbreviations, proper-names, upper
#   Size levels:         10, 20, 35, 40, 50, 55, 60, 70   (80 and 95 excluded)
#   Not used: variant_2, variant_3, the regional *_variant_N lists and the
#   special-* lists (roman numerals, hacker).
#
# Processing
#   * Each file's encoding is checked: UTF-8 is used as is (Debian ships the
#     lists in UTF-8 since scowl 2019.10.06-1); anything that is not valid
#     UTF-8 is treated as SCOWL's upstream ISO-8859-1 and converted with iconv.
#   * CR characters and surrounding whitespace are stripped; case is kept
#     (proper nouns stay capitalised, e.g. "Paris").
#   * Entries ending in "'s" (possessives) are dropped, except common
#     contractions ("it's", "that's", "let's", "he's", ...), which are kept
#   * Entries containing anything other than letters (any Unicode letter, so
#     "café" is kept), apostrophe ('), hyphen (-) and period (.) are dropped.
#   * level = the smallest SCOWL size level at which the exact word appears in
#     any selected file (lower = more common; used as a frequency proxy).
#   * Output is sorted bytewise by word (LC_ALL=C), so the result is
#     deterministic for a given scowl package version.
#
# Usage
#   apt-get update && apt-get install -y scowl   # once
#   bash scripts/build_lexicon.sh                # from anywhere in the repo
#   SCOWL_DIR=/path/to/scowl/final bash scripts/build_lexicon.sh  # other source
set -euo pipefail
export LC_ALL=C

SCOWL_DIR="${SCOWL_DIR:-/usr/share/dict/scowl}"
SCOWL_DOC="${SCOWL_DOC:-/usr/share/doc/scowl}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="$ROOT/lints/lexicon"

CATEGORIES=(english american british british_z canadian australian variant_1)
SUBCATEGORIES=(words contractions abbreviations proper-names upper)
LEVELS=(10 20 35 40 50 55 60 70)

for tool in iconv perl sort; do
    command -v "$tool" >/dev/null || { echo "error: '$tool' not found" >&2; exit 1; }
done
if [ ! -d "$SCOWL_DIR" ]; then
    echo "error: $SCOWL_DIR not found; run: apt-get install -y scowl" >&2
    exit 1
fi

mkdir -p "$OUT_DIR"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT

nfiles=0
for cat in "${CATEGORIES[@]}"; do
    for sub in "${SUBCATEGORIES[@]}"; do
        for lvl in "${LEVELS[@]}"; do
            f="$SCOWL_DIR/$cat-$sub.$lvl"
            [ -f "$f" ] || continue
            nfiles=$((nfiles + 1))
            if iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then
                conv=(cat)
            else
                conv=(iconv -f ISO-8859-1 -t UTF-8)
            fi
            "${conv[@]}" "$f" | LVL="$lvl" perl -CSD -ne '
                s/\r//g; s/^\s+//; s/\s+$//;
                next if $_ eq "";
                # Possessives go; the common contractions SCOWL lists beside them stay.
                next if /\x27s\z/ && !/\A(?:it|that|let|he|she|what|there|here|who|where|how|when|why|this|everyone|everybody|nobody|somebody|someone|nothing|something)\x27s\z/i;
                next unless /\A[\p{L}\x27.\-]+\z/;   # letters, apostrophe, period, hyphen
                print "$_\t$ENV{LVL}\n";
            ' >>"$tmp"
        done
    done
done

if [ "$nfiles" -eq 0 ]; then
    echo "error: no SCOWL list files found in $SCOWL_DIR" >&2
    exit 1
fi

# Lowest level per word: sort by word, then level numerically; keep first.
sort -t "$(printf '\t')" -k1,1 -k2,2n "$tmp" \
    | awk -F '\t' '$1 != prev { print; prev = $1 }' \
    >"$OUT_DIR/words.txt"

# Licence: Debian's copyright file plus the README's copyright section,
# both copied verbatim.
{
    echo "SCOWL (Spell Checker Oriented Word Lists) copyright and licence."
    echo "lints/lexicon/words.txt is derived from the SCOWL word lists."
    echo
    echo "===== /usr/share/doc/scowl/copyright (verbatim) ====="
    echo
    cat "$SCOWL_DOC/copyright"
    if [ -f "$SCOWL_DOC/README.gz" ]; then
        echo
        echo "===== /usr/share/doc/scowl/README, section \"COPYRIGHT, SOURCES, and CREDITS\" (verbatim) ====="
        echo
        gzip -dc "$SCOWL_DOC/README.gz" \
            | awk '/^COPYRIGHT, SOURCES, and CREDITS:$/ { on = 1 }
                   /^FUTURE PLANS:$/ { on = 0 }
                   on'
    fi
} >"$OUT_DIR/LICENSE-SCOWL.txt"

echo "read $nfiles SCOWL files from $SCOWL_DIR"
echo "wrote $OUT_DIR/words.txt: $(wc -l <"$OUT_DIR/words.txt") entries, $(wc -c <"$OUT_DIR/words.txt") bytes"
echo "wrote $OUT_DIR/LICENSE-SCOWL.txt"
