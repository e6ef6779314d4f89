"""Figures benchmark: seeds quality (score.py) and the stage's throughput on Reuters.

    python bench/figures.py [--bench ../shared/bench] [--limit N]

Quality: the full pipeline on the seeds (through bench/quality.py's flow run) and the
scorer's figures line. Throughput: transforms.figures.find_figures alone over the clean
bodies of the Reuters-21578 corpus (19,043 stories), single process, printed as
articles/s and words/s, plus figures per 1,000 words.
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N Reuters stories")
    args = ap.parse_args()
    subprocess.run([sys.executable, str(ROOT / "bench" / "quality.py"), "--sets", "seeds", "--bench", args.bench], check=True)

    sys.path.insert(0, str(ROOT))
    from transforms.figures import find_figures
    from transforms.settings import load_settings

    settings = load_settings()
    with gzip.open(Path(args.bench) / "corpus-reuters21578" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    if args.limit:
        texts = texts[: args.limit]
    words = sum(len(t.split()) for t in texts)
    find_figures(texts[0], settings)                       # warm the compiled tables
    t0 = time.perf_counter()
    n = sum(len(find_figures(t, settings)) for t in texts)
    dt = time.perf_counter() - t0
    print(f"figures stage on Reuters: {len(texts)} articles, {words} words in {dt:.1f} s = "
          f"{len(texts) / dt:,.0f} articles/s, {words / dt:,.0f} words/s; {n} figures ({1000 * n / words:.1f} per 1,000 words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
