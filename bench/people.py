"""People benchmark: score.py on seeds and conll03-dev, and the stage's throughput on Reuters.

    python bench/people.py [--bench ../shared/bench] [--limit N]

Quality goes through the real flow (bench/quality.py). Throughput runs the people stage
alone (transforms.extract.people: find mentions, then resolve across the run) over the clean bodies
and titles of the Reuters-21578 corpus (19,043 stories, 2.64 M words) in one process, and
prints articles/s and words/s for finding, resolving and both.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    subprocess.run([sys.executable, str(ROOT / "bench" / "quality.py"), "--sets", "seeds", "conll03-dev",
                    "--bench", args.bench], check=True)

    from _common import reuters_rows, throughput, timed

    from transforms.extract import people
    from transforms.common.settings import load_settings

    settings = load_settings()
    rows = reuters_rows(args.bench, args.limit)
    arts = pd.DataFrame({"article_id": [r["doc"] for r in rows], "title": [r["title"] for r in rows],
                         "body": [r["text"] for r in rows], "caption_spans": [[] for _ in rows],
                         "authors": [[] for _ in rows], "published_at": pd.to_datetime([r["published"] for r in rows], utc=True)})
    words = int(arts["body"].str.split().str.len().sum() + arts["title"].str.split().str.len().sum())
    mentions, find_s = timed(people.find_mentions, arts, settings)
    (_, persons), resolve_s = timed(people.resolve, mentions, arts, settings)
    print(throughput("people", "Reuters", len(arts), words, find_s + resolve_s,
                     f"find {find_s:.1f} s ({words / find_s:,.0f} words/s), resolve {resolve_s:.1f} s; "
                     f"{len(mentions):,} mentions, {len(persons):,} people"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
