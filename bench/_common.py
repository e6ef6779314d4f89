"""Helpers shared by the benchmark scripts: corpus reading, parsing, throughput lines."""
from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def reuters_rows(bench: str | Path, limit: int = 0) -> list[dict]:
    """The Reuters-21578 corpus records (doc, title, published, text, ...)."""
    with gzip.open(Path(bench) / "corpus-reuters21578" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return rows[:limit] if limit else rows


def parsed_articles(raw: str | Path, settings, paths: list[Path] | None = None):
    """A folder (or some of its files) through the pipeline's own parse step and the
    articles stage: (articles frame, number of rejects)."""
    from transforms.ingest.parse import parse_batch
    from transforms.ingest import articles

    paths = paths if paths is not None else sorted(p for p in Path(raw).iterdir() if p.is_file())
    docs, rejects = parse_batch(paths, str(raw), settings, frozenset())
    arts, more = articles.build(docs, settings)
    return arts, len(rejects) + len(more)


def timed(fn, *args):
    """(fn(*args), seconds)."""
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def throughput(stage: str, corpus: str, articles: int, words: int, seconds: float, extra: str = "") -> str:
    return (f"{stage} stage on {corpus}: {articles:,} articles, {words:,} words in {seconds:.1f} s = "
            f"{articles / seconds:,.0f} articles/s, {words / seconds:,.0f} words/s" + (f"; {extra}" if extra else ""))
