"""The CPU-heavy batch functions the flow runs in worker processes, importable without
Prefect: parsing one batch of files (load -> clean -> metadata) and extracting claims and
figures from one batch of articles.

Tasks run these in spawned worker processes; keeping Prefect out of the import keeps
each worker's start-up short.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from transforms.ingest import articles as articles_stage
from transforms.extract import claims as claims_stage
from transforms.ingest import clean as clean_stage
from transforms.extract import figures as figures_stage
from transforms.ingest import load as load_stage
from transforms.ingest import metadata as metadata_stage
from transforms.common.settings import Settings


def parse_batch(paths: list[Path], input_dir: str, settings: Settings, published_ids: frozenset) -> tuple[list[dict], list[dict]]:
    """load -> clean -> metadata for one batch of files; already published articles are
    only read and hashed (marked ``reused``), not cleaned again. Plain function: it runs in
    worker processes."""
    docs, rejects = load_stage.load_files(paths, input_dir, settings)
    for doc in docs:
        doc["article_id"] = articles_stage.article_id(doc)
        doc["reused"] = doc["article_id"] in published_ids
    fresh = [d for d in docs if not d["reused"]]
    fresh = metadata_stage.process(clean_stage.process(fresh, settings), settings)
    for doc in fresh:                   # the raw page is not needed past metadata: spare the memory
        for key in ("page_text", "header_lines", "footer_lines"):
            doc.pop(key, None)
    return fresh + [{k: d[k] for k in ("article_id", "source_file", "record_index", "sha256", "size_bytes", "format", "reused")}
                    for d in docs if d["reused"]], rejects


def extract_batch(batch: pd.DataFrame, mentions: pd.DataFrame, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claims, then the figures they hold, for one batch of articles."""
    claims = claims_stage.process(batch, mentions, settings)
    return claims, figures_stage.process(batch, claims, settings)
