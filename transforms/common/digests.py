"""Per-article digests of table rows, for incremental runs: which articles' rows changed
since the published run, found by hashing (vectorised: milliseconds per 100,000 rows)
instead of comparing rows one by one.

Input: a table with ``article_id`` and the columns that matter. Output: article_id -> one
64-bit digest of that article's rows, in their order.
"""
from __future__ import annotations

import pandas as pd


def per_article(frame: pd.DataFrame | None, columns: list[str], salt: int = 0) -> pd.Series:
    """article_id -> digest of the article's rows over ``columns`` (missing columns count as
    empty). Another order, another row or another value gives another digest; ``salt`` keeps
    the digests of different tables apart when they are added up."""
    if frame is None or frame.empty:
        return pd.Series(dtype="uint64")
    values = frame.reindex(columns=columns)
    # one spelling per value on both sides: offsets are Int64 read back and float64 when
    # built ("267" against "267.0" made every article look changed), None/NaN/NaT alike
    numeric = [c for c in columns if pd.api.types.is_numeric_dtype(values[c]) and not pd.api.types.is_bool_dtype(values[c])]
    values = values.astype({c: "Float64" for c in numeric}).astype(str)
    rows = pd.util.hash_pandas_object(values, index=False).to_numpy()
    # a row's hash times its position in the article, summed: the same rows in another order differ
    position = frame.groupby("article_id", sort=False).cumcount().to_numpy() + 1
    weights = (position * 1_000_003 + salt + 1).astype("uint64")
    return pd.Series(rows * weights, index=frame["article_id"].to_numpy()).groupby(level=0, sort=False).sum()


def changed_articles(now: pd.Series, before: pd.Series) -> set[str]:
    """Articles whose digest differs, or that have one on one side only."""
    both = now.index.intersection(before.index)
    out = set(now.index.difference(before.index)) | set(before.index.difference(now.index))
    return out | set(both[now.loc[both].to_numpy() != before.loc[both].to_numpy()])
