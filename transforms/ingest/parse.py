"""Stages 1-3 over one batch of files (parse): paths -> documents ready for the articles stage.

Input: a batch of file paths under the input folder, and the ids of the articles already
published. Output: (documents, rejects). load -> clean -> metadata runs on new files; an
already published article is only stat'ed or hashed (its document keeps its file's identity
and ``reused=True``), the articles stage takes the rest from its published row.

A plain function importable without Prefect: the flow runs it in spawned worker
processes, which start faster without it.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from schemas import columns
from transforms.common.errors import contained, one_each
from transforms.common.settings import Settings
from transforms.ingest import articles as articles_stage
from transforms.ingest import clean as clean_stage
from transforms.ingest import load as load_stage
from transforms.ingest import metadata as metadata_stage

# A reused document keeps only its file's identity (what load fills) and its id.
REUSED_FIELDS = ("article_id", *columns("articles", "load"), "reused")
RAW_FIELDS = ("page_text", "header_lines", "top_lines", "footer_lines")     # needed up to metadata, not after


def parse_batch(paths: list[Path], input_dir: str, settings: Settings, published_ids: frozenset
                ) -> tuple[list[dict], list[dict]]:
    """load -> clean -> metadata for one batch of files.

    Args:
        paths: the batch's files, under ``input_dir``.
        input_dir: the input folder (``source_file`` is relative to it).
        published_ids: ids of the articles already published: those are not cleaned again.

    Returns:
        (documents with ``article_id`` and ``reused``, rejects for files that cannot be read
        and for documents on which a stage raised).
    """
    docs, rejects = load_stage.load_files(paths, input_dir, settings)
    results, failed = contained("articles", _with_ids, docs, one_each, _describe)
    docs, rejects = [d for r in results for d in r], rejects + failed
    for doc in docs:
        doc["reused"] = doc["article_id"] in published_ids
    fresh = [d for d in docs if not d["reused"]]
    # A document on which clean or metadata raises is rejected alone (stage_error), the
    # rest of the batch goes on: the batch is redone one document at a time only then.
    for step, run in (("clean", clean_stage.process), ("metadata", metadata_stage.process)):
        results, failed = contained(step, lambda batch: run(batch, settings), fresh, one_each, _describe)
        fresh, rejects = [d for r in results for d in r], rejects + failed
    for doc in fresh:                   # the raw page is not needed past metadata: spare the memory
        for key in RAW_FIELDS:
            doc.pop(key, None)
    return fresh + [{k: d[k] for k in REUSED_FIELDS} for d in docs if d["reused"]], rejects


def known_files(paths: list[Path], input_dir: str, settings: Settings, published_ids: frozenset,
                published_files: Mapping[str, tuple] | None = None) -> tuple[list[dict], list[Path]]:
    """Files whose whole content is a published article (its id is the hash of the bytes):
    they are not decoded or extracted again (trafilatura costs tens of milliseconds a page),
    so that an incremental run spends nothing on them but a ``stat``. A file with the size
    and modification time its published row records (``published_files``, see
    :func:`file_identities`) is not even read: that is rsync's quick check, and reading and
    hashing a 19,000-file inbox cost 1.3 s a run here. Any other file is read and hashed
    (a renamed, copied or touched file is still recognised by its content). JSON files hold
    several records, each with an id of its own: they go through load as usual.

    Returns:
        (reused documents, as :func:`parse_batch` gives them; the paths left to parse).
    """
    if not published_ids:
        return [], paths
    published_files = published_files or {}
    limit = settings.load.max_file_bytes
    known, rest = [], []
    # plain os calls, not pathlib: this loop visits every file of the inbox every run
    for path, rel in zip(paths, load_stage.relative_paths(paths, input_dir)):
        name = os.fspath(path)
        fmt = load_stage.format_of(rel, settings)
        try:
            status = os.stat(name)                  # before any read: a file changed meanwhile looks changed next run
        except OSError:
            status = None
        if fmt in (None, "json") or status is None or not 0 < status.st_size <= limit:
            rest.append(path)                       # load reads it, or rejects it with its reason
            continue
        same = published_files.get(rel)
        if same is not None and same[:2] == (status.st_size, status.st_mtime_ns // 1000):
            aid, digest = same[2], same[3]
        else:
            data = _read(name)
            if data is None:
                rest.append(path)
                continue
            digest = load_stage.sha256_hex(data)
            aid = "art-" + digest[:16]
            if aid not in published_ids:
                rest.append(path)
                continue
        known.append({"article_id": aid, "source_file": rel, "record_index": 0, "sha256": digest,
                      "size_bytes": status.st_size, "file_modified_at": status.st_mtime_ns, "format": fmt,
                      "encoding": None, "reused": True})
    return known, rest


def file_identities(published: pd.DataFrame | None) -> dict[str, tuple]:
    """``source_file`` -> (size in bytes, modification time in microseconds, article id,
    sha256) of the published articles that are a whole file each (not a record of a JSON
    file): what :func:`known_files` compares a file's ``stat`` with."""
    if published is None or published.empty or "file_modified_at" not in published:
        return {}
    whole = published[(published["record_index"] == 0) & (~published["format"].isin(["json", "jsonl"]))
                      & published["file_modified_at"].notna()]
    times = whole["file_modified_at"].dt.as_unit("us").astype("int64")
    return dict(zip(whole["source_file"].tolist(), zip(whole["size_bytes"].tolist(), times.tolist(),
                                                      whole["article_id"].tolist(), whole["sha256"].tolist())))


def _read(path: str) -> bytes | None:
    """The file's bytes, or None when it cannot be read (load then rejects it with its reason)."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def _with_ids(docs: list[dict]) -> list[dict]:
    for doc in docs:
        doc["article_id"] = articles_stage.article_id(doc)
    return docs


def _describe(docs: list[dict]) -> dict:
    doc = docs[0]
    label = doc["source_file"] + (f"#{doc['record_index']}" if doc.get("format") in ("json", "jsonl") else "")
    return {"source_file": doc["source_file"], "record_id": doc.get("article_id") or label, "sha256": doc.get("sha256"),
            "size_bytes": doc.get("size_bytes")}
