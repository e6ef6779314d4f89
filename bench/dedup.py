"""Dedup benchmark: quality on dedup-dev (and seeds), time and memory at 10k / 50k / 100k files.

    python bench/dedup.py [--bench ../shared/bench] [--big scratch/dedup-100k] [--sizes 10000 50000 0]

For each set: the files are parsed (load -> clean -> metadata -> articles) on every core
with a process pool, then deduplicated (transforms.cluster.dedup.process, one process), and the
articles table is written and scored by score.py (pairwise P/R/F1 and ARI). The big set is
written by ``make_dedup.py --bases 20000 --rounds 12 --seed 5`` (about 97,000 files) if it
is not there yet; its first 10k and 50k files (sorted names) give the growth curve.

Printed per run: files, articles, parse time, dedup time (and its candidate pairs), total
wall time, and the peak resident memory of the whole benchmark (parent and workers).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms.ingest.parse import parse_batch  # noqa: E402
from transforms.ingest import articles as articles_stage  # noqa: E402
from transforms.cluster import dedup  # noqa: E402
from transforms.common.settings import load_settings  # noqa: E402

CHUNK = 500


def _parse(args: tuple[list[str], str]) -> tuple[list[dict], int]:
    """One chunk through the pipeline's own parse step (load -> clean -> metadata)."""
    paths, root = args
    docs, rejects = parse_batch([Path(p) for p in paths], root, load_settings(), frozenset())
    return docs, len(rejects)


def run(raw: Path, limit: int, out: Path, workers: int) -> dict:
    settings = load_settings()
    paths = sorted(str(p) for p in raw.iterdir() if p.is_file())
    if limit:
        paths = paths[:limit]
    t0 = time.perf_counter()
    chunks = [(paths[i:i + CHUNK], str(raw)) for i in range(0, len(paths), CHUNK)]
    docs, rejected = [], 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for batch, n_rej in pool.map(_parse, chunks):
            docs += batch
            rejected += n_rej
    arts, more = articles_stage.build(docs, settings)
    del docs
    t1 = time.perf_counter()
    stats: dict = {}
    clustered = dedup.process(arts, settings, stats=stats)
    t2 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    clustered[["article_id", "source_file", "title", "published_at", "outlet", "authors", "dup_cluster_id"]] \
        .to_parquet(out / "articles.parquet", index=False)
    return {"files": len(paths), "articles": len(arts), "rejects": rejected + len(more), "parse_s": t1 - t0,
            "dedup_s": t2 - t1, "total_s": t2 - t0, "clusters": int(clustered["dup_cluster_id"].nunique()), **stats}


def score(setdir: Path, out: Path) -> dict:
    result = out / "score.json"
    subprocess.run([sys.executable, str(setdir.parent / "score.py") if (setdir.parent / "score.py").exists()
                    else str(ROOT / "tests" / "fixtures" / "score.py"), "--set", str(setdir), "--out", str(out),
                    "--json", str(result)], check=True, stdout=subprocess.DEVNULL)
    return json.loads(result.read_text())["dedup"]


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--big", default=str(ROOT / "scratch" / "dedup-100k"))
    ap.add_argument("--sizes", nargs="+", type=int, default=[10000, 50000, 0], help="file counts of the big set (0 = all)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--skip-big", action="store_true")
    args = ap.parse_args()
    bench, scratch = Path(args.bench), ROOT / "scratch" / "bench-dedup"

    lines = []
    for name in ("seeds", "dedup-dev"):
        r = run(bench / name / "raw", 0, scratch / name, args.workers)
        q = score(bench / name, scratch / name)
        lines.append(f"{name:<10} files {r['files']:>6}  P {q['P']:.3f} R {q['R']:.3f} F1 {q['F1']:.3f} ARI {q['ARI']:.3f}  "
                     f"parse {r['parse_s']:.1f} s  dedup {r['dedup_s']:.1f} s")
        print(lines[-1], flush=True)
    if not args.skip_big:
        big = Path(args.big)
        if not (big / "raw").exists():
            subprocess.run([sys.executable, str(bench / "make_dedup.py"), "--corpus", str(bench / "corpus-reuters21578" / "articles.jsonl.gz"),
                            "--out", str(big), "--bases", "20000", "--rounds", "12", "--seed", "5", "--no-baselines"], check=True)
        times = {}
        for size in args.sizes:
            r = run(big / "raw", size, scratch / f"big-{size or 'all'}", args.workers)
            times[r["files"]] = r["total_s"]
            extra = ""
            if size == 0:
                q = score(big, scratch / f"big-{size or 'all'}")
                extra = f"  P {q['P']:.3f} R {q['R']:.3f} F1 {q['F1']:.3f} ARI {q['ARI']:.3f}"
            lines.append(f"big       files {r['files']:>6}  parse {r['parse_s']:.1f} s  dedup {r['dedup_s']:.1f} s "
                         f"(candidates {r.get('candidate_pairs', 0):,}, verified {r.get('verified_pairs', 0):,})  "
                         f"total {r['total_s']:.1f} s{extra}  peak RSS so far {peak_rss_mb():,.0f} MB")
            print(lines[-1], flush=True)
        if len(times) > 1:
            small, large = min(times), max(times)
            lines.append(f"growth: time({large}) / time({small}) = {times[large] / times[small]:.2f} "
                         f"for {large / small:.1f}x the files")
    lines.append(f"peak RSS (parent or largest worker): {peak_rss_mb():,.0f} MB")
    print("\n".join(["", "summary:", *lines]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
