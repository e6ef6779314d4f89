"""Stage 3b, articles: cleaned documents with metadata -> the articles frame (ids, rejects).

Input: documents from load + clean + metadata. Output: one row per article with a stable
``article_id`` derived from content, plus rejects for documents that cannot be articles
(no article text after cleaning, exact duplicates of another input). :func:`published_since`
then rejects the articles published before a run's ``since`` date.

Ids: ``art-`` + the first 16 hex digits of the sha256 of the raw file (or, for a record of
a .json/.jsonl file, of the record's text), so a re-run gives the same ids and an
unchanged file keeps its id wherever it moves.

Example:
    >>> from transforms.common.settings import load_settings
    >>> settings = load_settings()
    >>> doc = {"source_file": "a.txt", "record_index": 0, "sha256": "0" * 64, "size_bytes": 10, "format": "txt",
    ...        "encoding": "utf-8", "page_text": "x", "body": "One two three four five six seven eight nine.", "n_words": 9}
    >>> arts, rejects = build([doc], settings)
    >>> arts.loc[0, "article_id"], len(rejects)
    ('art-0000000000000000', 0)
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from schemas import columns
from transforms.common.errors import Reject, reject_row
from transforms.common.frames import rows_at
from transforms.common.settings import Settings
from transforms.common.text import iso_date

DUP_FIELDS = columns("articles", "dedup")                   # kept from published rows
ARTICLE_FIELDS = columns("articles", "load", "articles")     # what this stage fills from documents


def article_id(doc: dict) -> str:
    """The document's id: ``art-`` + 16 hex digits of the sha256 of its raw content."""
    if doc.get("article_id"):
        return doc["article_id"]
    if doc.get("format") in ("json", "jsonl"):
        return "art-" + hashlib.sha256(doc["page_text"].encode("utf-8")).hexdigest()[:16]
    return "art-" + doc["sha256"][:16]


def build(docs: list[dict], settings: Settings, published: pd.DataFrame | None = None
          ) -> tuple[pd.DataFrame, list[dict]]:
    """Assign ids, reject empty and exact-duplicate documents. Returns (articles, rejects).

    ``published``: articles of the previous run. A document marked ``reused`` (load saw its id
    there and skipped cleaning it) gets its published row back, with its current path.
    """
    need = settings.clean.min_body_words
    kept = ARTICLE_FIELDS + ([c for c in DUP_FIELDS if c in published.columns] if published is not None else [])
    previous = {} if published is None or published.empty else dict(
        zip(published["article_id"].tolist(), range(len(published))))
    rows, rejects, seen = [], [], {}
    reused: list[tuple[int, int, str, int, int | None]] = []      # (position in the output, published row, source_file, record_index, file time)
    fresh: list[int] = []                               # positions in the output of ``rows``
    for doc in sorted(docs, key=lambda d: (d["source_file"], d.get("record_index", 0))):
        aid = doc.get("article_id") or article_id(doc)
        label = doc["source_file"] + (f"#{doc['record_index']}" if doc.get("format") in ("json", "jsonl") else "")
        if doc.get("reused") and aid in previous:
            if aid in seen:
                rejects.append(reject_row(doc["source_file"], Reject.EXACT_DUPLICATE, stage="articles", record_id=aid,
                                          sha256=doc["sha256"], size_bytes=doc["size_bytes"], other=seen[aid]))
                continue
            seen[aid] = label
            reused.append((len(rows) + len(reused), previous[aid], doc["source_file"], doc.get("record_index", 0),
                           doc.get("file_modified_at")))
            continue
        if doc.get("n_words", 0) < need:
            rejects.append(reject_row(doc["source_file"], Reject.NO_TEXT, stage="clean", record_id=aid, sha256=doc["sha256"],
                                      size_bytes=doc["size_bytes"], words=doc.get("n_words", 0), need=need))
            continue
        if aid in seen:
            rejects.append(reject_row(doc["source_file"], Reject.EXACT_DUPLICATE, stage="articles", record_id=aid,
                                      sha256=doc["sha256"], size_bytes=doc["size_bytes"], other=seen[aid]))
            continue
        seen[aid] = label
        fresh.append(len(rows) + len(reused))
        row = {k: doc.get(k) for k in ARTICLE_FIELDS}
        row["article_id"] = aid
        row["url"] = doc.get("meta_url")
        row["authors"] = list(doc.get("authors") if doc.get("authors") is not None else [])
        spans = doc.get("caption_spans")
        row["caption_spans"] = [list(span) for span in (spans if spans is not None else [])]
        rows.append(row)
    # published rows keep their dup_* values: an incremental dedup only updates what changes
    frame = pd.DataFrame(rows, columns=kept if previous else ARTICLE_FIELDS)
    frame["file_modified_at"] = _file_times(frame["file_modified_at"])
    if reused:
        # the published rows are taken by position, not turned into dicts and back (1-2 s at
        # 19,000 articles); a file moved or touched since has its path and time now
        at, where, files, records, times = map(list, zip(*reused))
        old = rows_at(published[kept], where).assign(source_file=files, record_index=records,
                                                 file_modified_at=_file_times(times).to_numpy())
        order = np.argsort(np.array(at + fresh), kind="stable")
        frame = rows_at(pd.concat([old, frame] if rows else [old], ignore_index=True), order).reset_index(drop=True).infer_objects()
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True)
    return frame, rejects


def _file_times(nanoseconds) -> pd.Series:
    """Files' modification times (ns since the epoch, None when unknown) as UTC timestamps
    to the microsecond, as the table keeps them."""
    return pd.to_datetime(pd.Series(nanoseconds, dtype="Int64"), unit="ns", utc=True).astype("datetime64[us, UTC]")


def published_since(articles: pd.DataFrame, date: str | None) -> tuple[pd.DataFrame, list[dict]]:
    """Reject the articles published before ``date``; undated articles stay.

    Args:
        articles: the frame :func:`build` returns.
        date: an ISO date, YYYY-MM-DD (UTC), or None to keep every article.

    Returns:
        (the articles kept, one ``before_since`` reject per article dropped).
    """
    if not date:
        return articles, []
    cutoff = pd.Timestamp(iso_date(date), tz="UTC")      # ValueError for anything but YYYY-MM-DD
    if articles.empty:
        return articles, []
    old = articles["published_at"].notna() & (articles["published_at"] < cutoff)
    rejects = [reject_row(row.source_file, Reject.BEFORE_SINCE, stage="articles", record_id=row.article_id,
                          sha256=row.sha256, size_bytes=row.size_bytes, published=row.published_at.date(), since=date)
               for row in articles[old].itertuples()]
    return articles[~old].reset_index(drop=True), rejects


def dates_dropped(docs: list[dict], articles: pd.DataFrame) -> list[dict]:
    """The publication dates metadata dropped as impossible, for the articles that were kept
    (the data-quality report lists them: the article stays, undated).

    Args:
        docs: the parsed documents (``dates_dropped`` from metadata).
        articles: the frame :func:`build` returned.

    Returns:
        One dict per article: source_file, record_index, article_id and the dates dropped (each
        quoted, with why).
    """
    kept = dict(zip(zip(articles["source_file"].tolist(), articles["record_index"].tolist()), articles["article_id"].tolist())) if len(articles) else {}
    out = []
    for doc in docs:
        key = (doc["source_file"], doc.get("record_index", 0))
        if doc.get("dates_dropped") and key in kept:
            out.append({"source_file": key[0], "record_index": key[1], "article_id": kept[key], "dates": list(doc["dates_dropped"])})
    return sorted(out, key=lambda d: (d["source_file"], d["record_index"]))
