"""Quality benchmark: run the pipeline on benchmark sets and score them with score.py.

    python bench/quality.py [--sets seeds dedup-dev polnear-dev conll03-dev] [--bench ../shared/bench] [--config FILE]

Each set's raw/ folder goes through the real flow (Prefect's ephemeral API); the output is
written under scratch/quality/<set>/ and scored by the shared scorer, whose table is
printed as it comes, followed by one summary line per set with the run's wall time.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = ["seeds", "dedup-dev", "polnear-dev", "conll03-dev"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="+", default=DEFAULT_SETS)
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--out", default=str(ROOT / "scratch" / "quality"))
    ap.add_argument("--config", default=None, help="settings file for the runs (default: transforms/config.toml)")
    args = ap.parse_args()
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    from flows.pipeline import news_etl

    lines = []
    for name in args.sets:
        setdir = Path(args.bench) / name
        out = Path(args.out) / name / "warehouse"
        t0 = time.perf_counter()
        summary = news_etl(input_dir=str(setdir / "raw"), output_dir=str(out), batch_size=200, config=args.config)
        wall = time.perf_counter() - t0
        result = Path(args.out) / name / "score.json"
        subprocess.run([sys.executable, str(Path(args.bench) / "score.py"), "--set", str(setdir), "--out", str(out),
                        "--json", str(result)], check=True)
        res = json.loads(result.read_text())
        parts = [f"{t} F1 {res[t]['F1']:.3f}" for t in ("dedup", "people", "people_linking", "claims", "figures") if t in res]
        if "claims" in res:
            parts.append(f"claims strict_F1 {res['claims']['strict_F1']:.3f} direct_acc {res['claims']['direct_acc'] or 0:.3f}")
        if "dedup" in res:
            parts.append(f"dedup ARI {res['dedup']['ARI']:.3f}")
        lines.append(f"{name}: {summary['articles']} articles in {wall:.1f} s; " + "; ".join(parts))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
