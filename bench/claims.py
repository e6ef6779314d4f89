"""Claims benchmark: score.py on seeds, polnear-dev and polnear-train, and the stage's throughput.

    python bench/claims.py [--bench ../shared/bench] [--sets seeds polnear-dev polnear-train]

Quality goes through the real flow (bench/quality.py). Throughput runs the claims stage
alone (transforms.claims.process, with the people mentions it resolves speakers against)
over polnear-train's bodies in one process.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--sets", nargs="+", default=["seeds", "polnear-dev", "polnear-train"])
    args = ap.parse_args()
    subprocess.run([sys.executable, str(ROOT / "bench" / "quality.py"), "--sets", *args.sets, "--bench", args.bench], check=True)

    sys.path.insert(0, str(ROOT))
    from transforms import articles, claims, clean, load, metadata, people
    from transforms.settings import load_settings

    settings = load_settings()
    docs, _ = load.load_folder(Path(args.bench) / "polnear-train" / "raw", settings)
    arts, _ = articles.build(metadata.process(clean.process(docs, settings), settings), settings)
    mentions, _ = people.resolve(people.find_mentions(arts, settings), arts, settings)
    words = int(arts["body"].str.split().str.len().sum())
    t0 = time.perf_counter()
    rows = claims.process(arts, mentions, settings)
    dt = time.perf_counter() - t0
    print(f"claims stage on polnear-train: {len(arts)} articles, {words:,} words in {dt:.1f} s = "
          f"{words / dt:,.0f} words/s; {len(rows):,} claims")
    return 0


if __name__ == "__main__":
    sys.exit(main())
