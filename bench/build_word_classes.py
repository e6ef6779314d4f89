"""Build the word-class table the attribution tagger generalises with, from WordNet 3.0.

    python bench/build_word_classes.py [--wordnet /usr/share/wordnet]

Why: the tagger learns cue words from PolNeAR train, and 42% of attribution cues are
words it never saw as cues there ("despised", "complain", "rules against"). WordNet files
every sense of a word under a lexicographer class (verb.communication, verb.cognition,
noun.person, ...), which is exactly the generalisation needed: a verb of communication or
cognition can report, a noun of the person or group class can be a source. No library
ships these classes without a download at run time (nltk needs its data fetched), so the
table is derived once here and shipped.

WordNet comes from Debian's ``wordnet-base`` package (``apt-get install wordnet-base``, or
``apt-get download wordnet-base && dpkg-deb -x wordnet-base_*.deb x`` and pass
``--wordnet x/usr/share/wordnet``). Writes ``transforms/data/word_classes.tsv.gz``: one line
per single-word lemma or irregular form, ``word<TAB>verb classes<TAB>noun classes``, each
list in WordNet's sense order (most frequent sense first), with WordNet's licence on top.
"""
from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

import _common  # noqa: F401  (puts the project root on sys.path)

from transforms.models.word_classes import TABLE_PATH  # noqa: E402

# lexnames(5WN): the lexicographer file numbers of WordNet 3.0.
LEXNAMES = ("adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body "
            "noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location "
            "noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process "
            "noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change "
            "verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation "
            "verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather "
            "adj.ppl").split()

LICENCE = """# Derived from WordNet 3.0 (lexicographer classes of each word's senses).
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# Permission to use, copy, modify and distribute this software and database and its
# documentation for any purpose and without fee or royalty is hereby granted, provided that
# you agree to comply with the following copyright notice and statements, including the
# disclaimer, and that the same appear on ALL copies of the software, database and
# documentation, including modifications that you make for internal use or for distribution.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION,
# PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS
# FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR
# DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER
# RIGHTS. The name of Princeton University or Princeton may not be used in advertising or
# publicity pertaining to distribution of the software and/or database. Title to copyright
# in this software, database and any associated documentation shall at all times remain
# with Princeton University and LICENSEE agrees to preserve same.
"""


def classes_of(wordnet: Path, pos: str) -> dict[str, list[str]]:
    """lemma -> its senses' classes (short names, "communication"), most frequent sense first."""
    lexfile = {}
    with open(wordnet / f"data.{pos}", encoding="utf-8") as f:
        for line in f:
            if not line.startswith("  "):
                offset, filenum = line.split(" ", 2)[:2]
                lexfile[offset] = LEXNAMES[int(filenum)].split(".")[1]
    out = {}
    with open(wordnet / f"index.{pos}", encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split()
            lemma, n_synsets = parts[0], int(parts[2])
            if "_" in lemma:
                continue                      # multi-word lemmas: the tagger looks at single tokens
            classes = [lexfile[o] for o in parts[-n_synsets:]]
            out[lemma] = list(dict.fromkeys(classes))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    args = ap.parse_args()
    wordnet = Path(args.wordnet)
    verbs, nouns = classes_of(wordnet, "verb"), classes_of(wordnet, "noun")
    rows = {w: (verbs.get(w, []), nouns.get(w, [])) for w in set(verbs) | set(nouns)}
    for pos, table in (("verb", verbs), ("noun", nouns)):     # irregular forms: said -> say, men -> man
        with open(wordnet / f"{pos}.exc", encoding="utf-8") as f:
            for line in f:
                form, lemma = line.split()[:2]
                if "_" in form or lemma not in table or form in rows:
                    continue
                rows[form] = (table[lemma], []) if pos == "verb" else ([], table[lemma])
    TABLE_PATH.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(TABLE_PATH, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(LICENCE)
        for w in sorted(rows):
            v, n = rows[w]
            f.write(f"{w}\t{','.join(v)}\t{','.join(n)}\n")
    print(f"wrote {TABLE_PATH} ({len(rows):,} words, {TABLE_PATH.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
