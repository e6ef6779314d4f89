"""Inbox modes: what a run keeps of the published warehouse when raw files leave the input.

Input: the published articles and rejects, the files the input folder holds now, and the
mode. Output: the published rows that stay although their file is not in the input.

    mirror  the warehouse mirrors the input folder: a file that is gone takes its article
            (and its claims, figures, mentions, ...) with it. ``news-etl run``'s default.
    append  published articles stay when their raw file is gone, so an inbox can be emptied
            (or its files moved to an archive) after every run. The scheduled deployment's
            mode.

In both modes a file that is in the input is what the warehouse holds for it: an edited
file (same name, new content) replaces its article everywhere, whatever the mode.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:              # pandas is imported where it is used: flows.arguments reads MODES before
    import pandas as pd        # anything heavy is imported

MODES = ("mirror", "append")


def kept_from_published(published_articles: pd.DataFrame | None, published_rejects: pd.DataFrame | None,
                        present: set[str], mode: str) -> tuple[pd.DataFrame | None, list[dict]]:
    """The published rows a run keeps for files that are not in its input.

    Args:
        published_articles, published_rejects: the previous run's tables (None on a first run).
        present: ``source_file`` of every file in the input folder now.
        mode: ``mirror`` (keep nothing) or ``append`` (keep every article and reject whose
            file is gone).

    Returns:
        (articles to carry over, with their published values; reject records to carry over).
    """
    if mode not in MODES:
        raise ValueError(f"unknown inbox mode {mode!r}; choose from {', '.join(MODES)}")
    if mode == "mirror" or published_articles is None or published_articles.empty:
        return None, []
    from transforms.common.frames import member, records
    articles = published_articles[~member(published_articles["source_file"], present)].reset_index(drop=True)
    rejects = []
    if published_rejects is not None and len(published_rejects):
        # quarantined rows are found again by this run's validation; input rejects are not
        gone = published_rejects[~member(published_rejects["source_file"], present) & (published_rejects["table"] == "articles")]
        rejects = records(gone)
    return articles, rejects


def with_kept(articles: pd.DataFrame, kept: pd.DataFrame | None) -> pd.DataFrame:
    """This run's articles and the ones kept, in file order, as one run over all the files
    would lay them out."""
    if kept is None or kept.empty:
        return articles
    import pandas as pd

    # a column the kept rows' warehouse did not have yet (file_modified_at) is missing for them
    both = pd.concat([articles, kept.reindex(columns=articles.columns)], ignore_index=True)
    return both.sort_values(["source_file", "record_index"], kind="stable", ignore_index=True)


def nothing_changed(articles: pd.DataFrame, rejects: list[dict], published_articles: pd.DataFrame,
                    published_rejects: pd.DataFrame | None) -> bool:
    """Whether the input gives exactly what is published: the same articles from the same
    files (``source_file``, ``record_index``, ``article_id``: an id is the hash of the
    content; ``file_modified_at``: a touched file is published with its new time) and the
    same input rejects (exact duplicates, files without article text, ...), after the
    articles stage and, in ``append`` mode, with the published rows kept for the files that
    left the input. Then the published tables are what a run gives (same code and settings:
    the caller checks), in ``mirror`` and ``append`` mode alike."""
    if len(articles) != len(published_articles):
        return False
    def files(frame: pd.DataFrame) -> set:       # both frames come from this code: the same columns
        return set(zip(frame["source_file"].tolist(), frame["record_index"].astype("int64").tolist(), frame["article_id"].tolist(),
                       frame["file_modified_at"].tolist()))
    return files(articles) == files(published_articles) and _input_rejects(rejects) == _input_rejects(
        [] if published_rejects is None else published_rejects.to_dict("records"))


def _input_rejects(rows: list[dict]) -> Counter:
    """The rejects a run gives before validation (load, clean, articles), as comparable
    tuples; validation's quarantines are found again by every run that computes."""
    def value(v):
        return None if v is None or (isinstance(v, float) and v != v) else v
    return Counter(tuple(value(r.get(k)) for k in ("source_file", "stage", "reason_code", "record_id", "reason", "sha256"))
                   for r in rows if r.get("table", "articles") == "articles" and r.get("stage") != "validate")
