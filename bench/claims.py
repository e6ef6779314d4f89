"""Claims benchmark: score.py on seeds, polnear-dev and polnear-train, and the stage's throughput.

    python bench/claims.py [--bench ../shared/bench] [--sets seeds polnear-dev polnear-train]

Quality goes through the real flow (bench/quality.py). Throughput runs the claims stage
alone (transforms.extract.claims.process, with the people mentions it resolves speakers against)
over polnear-train's bodies in one process.
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
    ap.add_argument("--sets", nargs="+", default=["seeds", "polnear-dev", "polnear-train"])
    args = ap.parse_args()
    subprocess.run([sys.executable, str(ROOT / "bench" / "quality.py"), "--sets", *args.sets, "--bench", args.bench], check=True)

    from _common import parsed_articles, throughput, timed

    from transforms.extract import claims, people
    from transforms.common.settings import load_settings

    settings = load_settings()
    arts, _ = parsed_articles(Path(args.bench) / "polnear-train" / "raw", settings)
    mentions, _ = people.resolve(people.find_mentions(arts, settings), arts, settings)
    words = int(arts["body"].str.split().str.len().sum())
    rows, dt = timed(claims.process, arts, mentions, settings)
    print(throughput("claims", "polnear-train", len(arts), words, dt, f"{len(rows):,} claims"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
