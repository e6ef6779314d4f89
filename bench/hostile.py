"""Hostile-input benchmark (issue #20): the cases of tests/fixtures/hostile_cases.py at full size,
mixed with the seeds and 60 Reuters stories, through the real flow; then the same flow on
Reuters stories of about as many words.

    python bench/hostile.py [--bench ../shared/bench] [--workers 2] [--skip-normal]
    python bench/hostile.py --stages-only [--code DIR]      # the three costly cases, stage by stage

Prints, for the hostile run: exit status, wall time, peak memory (the largest single process
and the whole process tree, sampled every 0.2 s), files, articles and rejects, and per
stage its seconds and its seconds per word relative to the normal run (the words are the
articles' ``n_words``). ``--stages-only`` times the stage functions alone on the CSV tables
(clean), the 2 MB line (people) and the unbalanced quotation marks (claims, against Reuters
bodies in the same process); ``--code DIR`` runs them on another checkout's transforms/
(for a before/after comparison). Raw files are written under scratch/hostile/.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from _common import FLOW_CHILD as CHILD  # noqa: E402  (the flow in a fresh process, as the throughput benchmark runs it)

def _cases():
    spec = importlib.util.spec_from_file_location("hostile_cases", ROOT / "tests" / "fixtures" / "hostile_cases.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["hostile_cases"] = module
    spec.loader.exec_module(module)
    return module


def run_flow(raw: Path, out: Path, workers: int) -> dict:
    """The flow in a fresh process: its summary, wall time and peak memory."""
    import psutil

    for old in (out, out.parent / f".{out.name}.versions", out.parent / f".{out.name}.lock"):
        shutil.rmtree(old, ignore_errors=True) if old.is_dir() and not old.is_symlink() else old.unlink(missing_ok=True)
    start = time.perf_counter()
    child = CHILD.format(root=str(ROOT), raw=str(raw), out=str(out), workers=workers, runner="local", config=None)
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    tree_peak, single_peak = 0, 0
    main = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = [p.memory_info().rss for p in [main, *main.children(recursive=True)]]
        except psutil.Error:
            rss = []
        tree_peak, single_peak = max(tree_peak, sum(rss)), max([single_peak, *rss])
        time.sleep(0.2)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    line = next((x for x in stdout.splitlines() if x.startswith("RESULT ")), None)
    if proc.returncode or line is None:
        print(stdout[-3000:], stderr[-3000:])
        raise SystemExit(f"the run failed with exit code {proc.returncode}")
    result = json.loads((out / "_run.json").read_text())          # the run's summary, as published
    import pandas as pd

    words = int(pd.read_parquet(out / "articles", columns=["n_words"])["n_words"].sum())
    return {**result, "wall_s": wall, "tree_peak_mb": tree_peak / 1e6, "single_peak_mb": single_peak / 1e6,
            "words": words, "exit": proc.returncode}


def materialize_reuters(bench: Path, folder: Path, limit: int) -> None:
    if not folder.exists() or len(list(folder.iterdir())) < limit:
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(bench / "corpus-reuters21578" / "materialize.py"), "--out", str(folder),
                        "--limit", str(limit)], check=True, stdout=subprocess.DEVNULL)


def flows(args) -> int:
    cases = _cases().generate(1.0)
    scratch = ROOT / "scratch" / "hostile"
    reuters = scratch / "reuters"
    materialize_reuters(Path(args.bench), reuters, 4000)
    raw = scratch / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    raw.mkdir(parents=True)
    for f in (ROOT / "seeds").iterdir():
        shutil.copy(f, raw / f.name)
    for f in sorted(reuters.iterdir())[:60]:
        shutil.copy(f, raw / f.name)
    for name, case in cases.items():
        (raw / name).write_bytes(case.content)
    size = sum(p.stat().st_size for p in raw.iterdir())
    print(f"hostile run: {len(cases)} cases ({sum(c.words for c in cases.values()):,} words), the seeds and 60 Reuters "
          f"stories: {len(list(raw.iterdir()))} files, {size / 1e6:.1f} MB; {args.workers} workers", flush=True)
    hostile = run_flow(raw, scratch / "wh-hostile", args.workers)
    print(f"  exit {hostile['exit']}  wall {hostile['wall_s']:.1f} s  peak RSS {hostile['single_peak_mb']:,.0f} MB "
          f"(largest process), {hostile['tree_peak_mb']:,.0f} MB (process tree)  files {hostile['files_read']}  "
          f"articles {hostile['articles']} ({hostile['words']:,} words)  rejects {hostile['rejects']} "
          f"{hostile['rejects_by_reason']}  files rejected {hostile['files_rejected']}", flush=True)
    if args.skip_normal:
        return 0
    # normal news of about as many words: Reuters stories in order until the count is reached
    normal = scratch / "raw-normal"
    shutil.rmtree(normal, ignore_errors=True)
    normal.mkdir()
    words = 0
    for f in sorted(reuters.iterdir()):
        if words >= hostile["words"]:
            break
        shutil.copy(f, normal / f.name)
        words += len(f.read_text(encoding="utf-8").split())
    news = run_flow(normal, scratch / "wh-normal", args.workers)
    print(f"normal run: {news['files_read']} Reuters stories ({news['words']:,} words)  wall {news['wall_s']:.1f} s  "
          f"peak RSS {news['single_peak_mb']:,.0f} MB (largest process), {news['tree_peak_mb']:,.0f} MB (process tree)")
    print(f"  {'stage':<16}{'hostile s':>10}{'normal s':>10}{'ratio per word':>16}")
    for stage, seconds in hostile["stage_seconds"].items():
        base = news["stage_seconds"].get(stage, 0.0)
        ratio = (seconds / hostile["words"]) / (base / news["words"]) if base else float("nan")
        print(f"  {stage:<16}{seconds:>10.1f}{base:>10.1f}{ratio:>16.2f}")
    return 0


def stages_only(args) -> int:
    """The three costly cases, stage function by stage function, on ``--code`` (this checkout by default)."""
    sys.path.insert(0, str(Path(args.code).resolve()))
    cases = _cases()
    import pandas as pd

    from schemas import empty
    from transforms.common.settings import load_settings
    from transforms.extract import claims, people
    from transforms.ingest import clean

    settings = load_settings()

    def timed(fn, *a):
        start = time.perf_counter()
        out = fn(*a)
        return out, time.perf_counter() - start

    for rows in (1000, 2000):
        page = cases.csv_table(rows)
        lines = [line.rstrip() for line in page.split("\n")]
        _, reflow_s = timed(clean.reflow, lines, settings)
        _, page_s = timed(clean.clean_page, page, settings)
        print(f"clean: {rows:,} CSV rows ({len(page) / 1000:.0f} KB): reflow {reflow_s:.2f} s, clean_page {page_s:.2f} s", flush=True)
    body = cases.long_line(2_000_000)
    arts = pd.DataFrame({"article_id": ["a"], "title": ["Names"], "body": [body], "caption_spans": [[]], "authors": [[]],
                         "published_at": [None]})
    mentions, find_s = timed(people.find_mentions, arts, settings)
    _, resolve_s = timed(people.resolve, mentions, arts, settings)
    print(f"people: one 2 MB line ({len(body.split()):,} words): find_mentions {find_s:.1f} s, resolve {resolve_s:.1f} s", flush=True)
    quotes = clean.clean_page(cases.unbalanced_quotes(30_000, 10_000), settings)["body"]
    from _common import reuters_rows

    rows = reuters_rows(args.bench, 300)
    normal = pd.DataFrame({"article_id": [r["doc"] for r in rows], "body": [r["text"] for r in rows], "published_at": None})
    claims.process(normal.iloc[:2], empty("mentions"), settings)          # the parser loaded
    for name, frame in (("Reuters (300 stories)", normal),
                        ("unbalanced quotes", pd.DataFrame({"article_id": ["q"], "body": [quotes], "published_at": [None]}))):
        words = int(frame["body"].str.split().str.len().sum())
        _, seconds = timed(claims.process, frame, empty("mentions"), settings)
        print(f"claims: {name}: {words:,} words in {seconds:.1f} s = {words / seconds:,.0f} words/s", flush=True)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-normal", action="store_true", help="the hostile run only")
    ap.add_argument("--stages-only", action="store_true", help="time the costly stages alone")
    ap.add_argument("--code", default=str(ROOT), help="with --stages-only: the checkout whose transforms/ to time")
    args = ap.parse_args()
    return stages_only(args) if args.stages_only else flows(args)


if __name__ == "__main__":
    sys.exit(main())
