"""Column operations every stage uses on whole tables, done by Arrow where pandas is slow.

Input: pandas columns (the tables' text columns are Arrow-backed ``str``). Output: numpy
masks. Incremental runs select the rows of a few articles out of every published table, so
these run over all of the warehouse's rows on every run.
"""
from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def member(column: pd.Series, values: Collection | pd.Series) -> np.ndarray:
    """``column.isin(values)`` as a boolean array. pandas' ``isin`` on an Arrow-backed text
    column makes a pyarrow scalar of every value, one by one in Python: selecting the rows of
    19,000 article ids cost 60 ms a call, 1.9 s an incremental run; Arrow's ``is_in`` takes
    about 1 ms. Missing values match only a missing value among ``values``, as in pandas."""
    if isinstance(values, (set, frozenset, dict)):
        values = list(values)
    if len(column) == 0 or len(values) == 0:
        return np.zeros(len(column), dtype=bool)
    try:
        array = pa.array(column, from_pandas=True)          # zero-copy for an Arrow-backed column
        value_set = pa.array(values, from_pandas=True)
        if value_set.type != array.type:
            value_set = value_set.cast(array.type)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError):
        return column.isin(values).to_numpy(dtype=bool)      # mixed kinds of values: pandas' way
    return np.asarray(pc.is_in(array, value_set=value_set), dtype=bool)


# Up to this many runs of consecutive rows, :func:`rows_at` joins slices; past it, a take.
MAX_RUNS = 256


def rows_at(frame: pd.DataFrame, positions) -> pd.DataFrame:
    """``frame.iloc[positions]`` (index labels included), joined from slices when the
    positions are a few runs of consecutive rows. A take copies every value, and text
    columns are Arrow-backed: putting a run's few new articles among 19,000 published ones
    (their bodies, claims, figures) copied tens of megabytes each time, where slices of
    Arrow columns are views and a handful of new rows leaves a handful of runs."""
    positions = np.asarray(positions, dtype=np.int64)
    breaks = np.flatnonzero(np.diff(positions) != 1) + 1 if len(positions) else np.zeros(0, dtype=np.int64)
    if not len(positions) or len(breaks) >= MAX_RUNS:
        return frame.iloc[positions]
    starts, stops = np.r_[0, breaks].tolist(), np.r_[breaks, len(positions)].tolist()
    pieces = [frame.iloc[positions[a]:positions[b - 1] + 1] for a, b in zip(starts, stops)]
    return pieces[0] if len(pieces) == 1 else pd.concat(pieces)


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows as dicts, missing values as None. Column by column: ``to_dict("records")``
    boxes every value on its own (0.3 s for the 26,000 mentions of 19,000 articles)."""
    names = list(frame.columns)
    values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in names]
    return [dict(zip(names, row)) for row in zip(*values)]


def appended(lists: pa.ChunkedArray, more: list) -> pa.ChunkedArray:
    """``lists`` followed by the rows ``more`` (Python lists), of the same type, without
    copying ``lists``."""
    return pa.chunked_array([*lists.chunks, pa.array(more, type=lists.type)], type=lists.type)


def arrow_lists(column: pd.Series, dtype: pa.DataType) -> pa.ChunkedArray:
    """A column of lists as Arrow lists of ``dtype``: without a copy when pandas holds it as
    Arrow lists (``pd.ArrowDtype``, as dedup_signatures does), else converted (lists or
    numpy arrays, nested ones included)."""
    if isinstance(column.dtype, pd.ArrowDtype):
        return column.array.__arrow_array__().cast(dtype)          # the ChunkedArray behind it
    return pa.chunked_array([pa.array(column, type=dtype, from_pandas=True) if len(column) else pa.array([], type=dtype)])
