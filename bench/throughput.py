"""Throughput benchmark: the whole pipeline on the Reuters-21578 corpus at 1k, 5k and 19k articles.

    python bench/throughput.py [--bench ../shared/bench] [--sizes 1000 5000 0] [--workers 2] [--runner local|dask]
                               [--config FILE]

The corpus is written out as raw files with the set's own ``materialize.py`` (under
scratch/, not in the repository); each size runs the real flow in a fresh process (Prefect's
ephemeral API, cold warehouse) and prints wall time (including Prefect's start-up),
articles/s, words/s, peak RSS of the run (its process and its parse workers) and the time
per stage, then the time per article at the largest size relative to 5k. ``--config``: a
settings file for the run (e.g. ``[claims] learned_tagger = false`` to see what the
attribution tagger and its parse cost). Runs ignore Prefect's task cache (they refresh it).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _common import flow_in_child  # noqa: E402



def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--sizes", nargs="+", type=int, default=[1000, 5000, 0])
    ap.add_argument("--workers", type=int, default=2, help="parse processes (local) or Dask workers")
    ap.add_argument("--runner", choices=["local", "dask"], default="local")
    ap.add_argument("--config", default=None, help="settings file for the runs (default: transforms/config.toml)")
    args = ap.parse_args()
    # Cold means Prefect's task cache too: name tagging is cached per batch where it runs as
    # task runs, and a second run of the same files and code would take it from there
    # (people 1.2 s instead of 29 s at 19k in a release that tagged in process).
    os.environ.setdefault("PREFECT_TASKS_REFRESH_CACHE", "true")
    corpus = Path(args.bench) / "corpus-reuters21578"
    scratch = ROOT / "scratch" / "throughput"
    results = {}
    for size in args.sizes:
        raw, out = scratch / f"raw-{size or 'all'}", scratch / f"wh-{size or 'all'}"
        if not raw.exists():
            cmd = [sys.executable, str(corpus / "materialize.py"), "--out", str(raw)] + (["--limit", str(size)] if size else [])
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        for old in (out, out.parent / f".{out.name}.versions"):
            shutil.rmtree(old, ignore_errors=True)
        words = sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in raw.iterdir())
        r = flow_in_child(raw, out, args.workers, args.runner, str(Path(args.config).resolve()) if args.config else None)
        wall, r = r["wall"], {**r, "articles": r["summary"]["articles"], "files": r["summary"]["files_read"],
                              "stages": r["summary"]["stage_seconds"]}
        results[r["files"]] = (wall, r["articles"])
        stages = "  ".join(f"{k} {v:.1f}s" for k, v in r["stages"].items())
        print(f"{r['files']:>6} files  {r['articles']:>6} articles  wall {wall:6.1f} s (flow {r['flow_s']:.1f} s)  "
              f"{r['articles'] / wall:,.0f} articles/s  {words / wall:,.0f} words/s  peak RSS {r['rss_mb']:,.0f} MB  | {stages}",
              flush=True)
    if len(results) > 1:
        sizes = sorted(results)
        mid = next((s for s in sizes if 4000 <= s <= 6000), sizes[-2])
        per = {s: results[s][0] / results[s][1] for s in (mid, sizes[-1])}
        print(f"time per article at {sizes[-1]} / at {mid}: {per[sizes[-1]] / per[mid]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
