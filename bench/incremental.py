"""Incremental benchmark: what a scheduled run costs once the warehouse holds N stories.

    python bench/incremental.py [--bench ../shared/bench] [--sizes 1000 0] [--add 20] [--workers 2] [--server] [--repeat 1]

For each size N (0 = the whole Reuters-21578 corpus, 19,043 stories), the first N stories
(materialised with the set's ``materialize.py`` under scratch/) are published into a fresh
warehouse (the full run); then ``--add`` stories not yet seen are added to the input
folder, one published story is edited and one removed, and the same command runs again
(the incremental run). Each run is a fresh process, as a scheduled run is (Prefect's
ephemeral API start-up included). For both runs it prints wall time, time per stage,
articles extracted, bytes written into the new version, the disk the warehouse's versions
take, and peak RSS; then the incremental run's wall time at the largest size over the
smallest. ``--repeat N`` measures N incremental runs per size, each from the full run's
warehouse with its own new stories, the sizes in turn (the medians are compared, and each
run's pair): one run's wall time drifts by a third from one run to the next on this shared
machine, and its speed over the minutes a full run takes. With ``--server`` every run talks to a Prefect server the benchmark starts, as the
deployments' runs do (``inbox-hourly`` needs a server to be scheduled at all); without it
each run starts Prefect's ephemeral API (about 10 s here), as ``news-etl run`` does.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _common import flow_in_child, prefect_server  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--sizes", nargs="+", type=int, default=[1000, 0])
    ap.add_argument("--add", type=int, default=20, help="new stories per incremental run")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--server", action="store_true", help="run against a Prefect server started for the benchmark")
    ap.add_argument("--repeat", type=int, default=1, help="incremental runs per size, each with new stories (median compared)")
    args = ap.parse_args()
    with prefect_server() if args.server else nullcontext():
        return run(args)


def run(args) -> int:
    corpus = Path(args.bench) / "corpus-reuters21578"
    scratch = ROOT / "scratch" / "incremental"
    pool = scratch / "all"
    if not pool.exists():
        subprocess.run([sys.executable, str(corpus / "materialize.py"), "--out", str(pool)], check=True,
                       stdout=subprocess.DEVNULL)
    files = sorted(pool.iterdir())
    # the full run of every size first, then the incremental runs of the sizes in turn: the
    # machine's speed drifts over minutes, and runs of two sizes measured side by side see
    # the same machine (the ratio of the sizes is the figure compared)
    setups = [_full_run(files, size, args, scratch) for size in args.sizes]
    walls: dict[int, list[float]] = {n: [] for n, _, _, _ in setups}
    for k in range(args.repeat):
        for n, raw, out, published in setups:
            if k:                     # again from the full run's warehouse; the last run's new stories leave
                _switch(out, published)
                for f in files[n + (k - 1) * args.add:n + k * args.add]:
                    (raw / f.name).unlink()
            for f in files[n + k * args.add:n + (k + 1) * args.add]:     # new stories
                os.link(f, raw / f.name)
            again = flow_in_child(raw, out, args.workers)
            _print(f"{n} stories, incremental, +{args.add} new, 1 edited, 1 removed", again, out)
            walls[n].append(again["wall"])
    if args.repeat > 1:
        for n, runs in walls.items():
            print(f"incremental at {n} stories: median {statistics.median(runs):.1f} s of {', '.join(f'{w:.1f}' for w in runs)}")
    if len(walls) > 1:
        small, large = min(walls), max(walls)
        pairs = ", ".join(f"{b / a:.2f}" for a, b in zip(walls[small], walls[large]))
        print(f"incremental wall at {large} stories / at {small}: {statistics.median(walls[large]) / statistics.median(walls[small]):.2f}"
              + (f" (medians; run by run: {pairs})" if args.repeat > 1 else ""))
    return 0


def _full_run(files: list[Path], size: int, args, scratch: Path) -> tuple[int, Path, Path, str]:
    """The first ``size`` stories (0: all but the ones the incremental runs add) published
    into a fresh warehouse; then one of them edited and one removed. Returns (stories, input
    folder, warehouse, the full run's version)."""
    n = size or len(files) - args.add * args.repeat
    raw, out = scratch / f"raw-{size or 'all'}", scratch / f"wh-{size or 'all'}"
    for old in (raw, out, out.parent / f".{out.name}.versions"):
        shutil.rmtree(old, ignore_errors=True)
    raw.mkdir(parents=True)
    for f in files[:n]:
        os.link(f, raw / f.name)
    full = flow_in_child(raw, out, args.workers)
    _print(f"full run, {n} stories", full, out)
    edited = raw / files[1].name                                  # one story edited (same file, new text)
    text = edited.read_text(encoding="utf-8")
    edited.unlink()
    edited.write_text(text + "\n\nThe company said it expected results to improve next year.\n", encoding="utf-8")
    (raw / files[2].name).unlink()                                # one story removed
    return n, raw, out, os.readlink(out)


def _switch(out: Path, version: str) -> None:
    """Point the warehouse back at ``version`` and delete the newer version it replaces."""
    newer = out.parent / os.readlink(out)
    link = out.parent / f".{out.name}.link-bench"
    os.symlink(version, link)
    os.replace(link, out)
    shutil.rmtree(newer)


def _print(label: str, r: dict, out: Path) -> None:
    s = {**r["summary"], **json.loads((out / "_run.json").read_text())}      # bytes_written is known after publish
    versions = out.parent / f".{out.name}.versions"
    # hard links count once: the disk the versions take together
    inodes = {(p.stat().st_ino): p.stat().st_size for p in versions.rglob("*") if p.is_file()}
    # the flow's own summary: _run.json is written before the publish stage has its time
    stages = "  ".join(f"{k} {v:.1f}s" for k, v in r["summary"]["stage_seconds"].items())
    print(f"{label}: wall {r['wall']:.1f} s (flow {r['flow_s']:.1f} s), {s['articles']} articles, "
          f"{s.get('articles_extracted', 0)} extracted, {s.get('bytes_written', 0) / 1e6:.1f} MB written, "
          f"versions on disk {sum(inodes.values()) / 1e6:.1f} MB, peak RSS {r['rss_mb']:,.0f} MB | {stages}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
