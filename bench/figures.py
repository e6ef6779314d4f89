"""Figures benchmark: seeds quality (score.py) and the stage's throughput on Reuters.

    python bench/figures.py [--bench ../shared/bench] [--limit N]

Quality: the full pipeline on the seeds (through bench/quality.py's flow run) and the
scorer's figures line. Throughput: transforms.extract.figures.find_figures alone over the clean
bodies of the Reuters-21578 corpus (19,043 stories), single process, printed as
articles/s and words/s, plus figures per 1,000 words.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N Reuters stories")
    args = ap.parse_args()
    subprocess.run([sys.executable, str(ROOT / "bench" / "quality.py"), "--sets", "seeds", "--bench", args.bench], check=True)

    from _common import reuters_rows, throughput, timed

    from transforms.extract.figures import find_figures
    from transforms.common.settings import load_settings

    settings = load_settings()
    texts = [r["text"] for r in reuters_rows(args.bench, args.limit)]
    words = sum(len(t.split()) for t in texts)
    find_figures(texts[0], settings)                       # warm the compiled tables
    n, dt = timed(lambda: sum(len(find_figures(t, settings)) for t in texts))
    print(throughput("figures", "Reuters", len(texts), words, dt, f"{n:,} figures ({1000 * n / words:.1f} per 1,000 words)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
