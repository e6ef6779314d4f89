"""Per-article digests of table rows, for incremental runs: which articles' rows changed
since the published run, found by hashing (vectorised: milliseconds per 100,000 rows)
instead of comparing rows one by one.

Input: a table with ``article_id`` and the columns that matter. Output: article_id -> one
64-bit digest of that article's rows, in their order.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def per_article(frame: pd.DataFrame | None, columns: list[str], salt: int = 0) -> pd.Series:
    """article_id -> digest of the article's rows over ``columns`` (missing columns count as
    empty). Another order, another row or another value gives another digest; ``salt`` keeps
    the digests of different tables apart when they are added up."""
    if frame is None or frame.empty:
        return pd.Series(dtype="uint64")
    values = frame.reindex(columns=columns)
    rows = pd.util.hash_pandas_object(pd.DataFrame({c: _canonical(values[c]) for c in columns}), index=False).to_numpy()
    # a row's hash times its position in the article, summed: the same rows in another order differ
    position = frame.groupby("article_id", sort=False).cumcount().to_numpy() + 1
    weights = (position * 1_000_003 + salt + 1).astype("uint64")
    return pd.Series(rows * weights, index=frame["article_id"].to_numpy()).groupby(level=0, sort=False).sum()


def _canonical(column: pd.Series) -> pd.Series:
    """One representation per value on both sides, hashed natively (no text conversion):
    numbers as float64 (offsets are Int64 read back and float64 or int when built: "267"
    against "267.0" once made every article look changed), dates as UTC nanoseconds, text as
    it is (pandas hashes None and NaN in text alike)."""
    kind = column.dtype if column.dtype != object else pd.api.types.infer_dtype(column, skipna=True)
    if kind in ("integer", "floating", "mixed-integer-float", "decimal", "empty") or (
            column.dtype != object and pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)):
        return pd.Series(pd.to_numeric(column).astype("Float64").to_numpy(dtype="float64", na_value=np.nan), index=column.index)
    if kind in ("datetime", "datetime64") or pd.api.types.is_datetime64_any_dtype(column):
        moments = pd.to_datetime(column, utc=True).dt.as_unit("ns")
        return pd.Series(np.where(moments.isna(), np.iinfo(np.int64).min, moments.to_numpy("datetime64[ns]").view("int64")),
                         index=column.index)
    return column


def changed_articles(now: pd.Series, before: pd.Series) -> set[str]:
    """Articles whose digest differs, or that have one on one side only."""
    both = now.index.intersection(before.index)
    out = set(now.index.difference(before.index)) | set(before.index.difference(now.index))
    return out | set(both[now.loc[both].to_numpy() != before.loc[both].to_numpy()])
