"""Reading a warehouse back: the analyst's way in.

    >>> from schemas import load_warehouse
    >>> t = load_warehouse("data/warehouse")                          # doctest: +SKIP
    >>> t["claim_groups"].nlargest(5, "n_independent")[["speaker", "content", "n_independent"]]  # doctest: +SKIP

Every table comes typed as its pandera model says (nullable integers, UTC timestamps,
booleans) and list columns (authors, aliases, claim_ids, ...) as Python lists, so
``explode`` and ``len`` work without surprises (nested lists too: ``caption_spans`` is a
list of [start, end] lists). Tables the warehouse does not hold (an
older run) are returned empty with the right columns.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from schemas.arrow import arrow_list_columns, list_columns
from schemas.tables import TABLES, empty


def table_path(warehouse: str | Path, name: str) -> Path:
    """Where a table of a published warehouse is: its dataset folder ``<warehouse>/<name>/``
    (read it with ``pd.read_parquet``), or the single ``<name>.parquet`` of a warehouse
    published before datasets."""
    folder = Path(warehouse) / name
    legacy = Path(warehouse) / f"{name}.parquet"
    return legacy if legacy.exists() and not folder.is_dir() else folder


def read_table(warehouse: str | Path, name: str) -> pd.DataFrame:
    """One published table as the pipeline holds it: what ``pd.read_parquet`` gives, except
    that the columns the model keeps as Arrow lists stay Arrow lists (no Python object per
    list, see :func:`schemas.tables.arrow_list_of`)."""
    import pyarrow.parquet as pq

    # memory-mapped: the column chunks are read from the page cache where they are, not
    # copied into fresh buffers first (at 19,000 articles 150 MB less memory to fault in,
    # which on this kind of VM costs more than the decoding: ~1 s a run)
    table = pq.read_table(table_path(warehouse, name), memory_map=True)
    arrow = [c for c in arrow_list_columns(name) if c in table.column_names] if name in TABLES else []
    if not arrow:
        return table.to_pandas()
    frame = table.drop_columns(arrow).to_pandas()
    dtypes = TABLES[name].to_schema().columns
    for c in arrow:         # as the model types it (Parquet names a list's items "element", Arrow "item")
        frame[c] = pd.arrays.ArrowExtensionArray(table[c].cast(dtypes[c].dtype.type.pyarrow_dtype))
    return frame[table.column_names]


def load_warehouse(path: str | Path = "data/warehouse", tables: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The published tables of the warehouse at ``path`` as typed DataFrames, by name.

    Raises:
        FileNotFoundError: nothing has been published at ``path``.
    """
    path = Path(path)
    if not table_path(path, "articles").exists():
        raise FileNotFoundError(f"no published warehouse at {path} (run `news-etl run --output {path}` first)")
    out = {}
    for name in tables or list(TABLES):
        file = table_path(path, name)
        frame = pd.read_parquet(file) if file.exists() else empty(name)
        frame = TABLES[name].validate(frame)
        for col in list_columns(name):
            frame[col] = frame[col].map(as_list)
        out[name] = frame
    return out


def as_list(value):
    """A list column's cell as plain Python lists, nested ones included (``pd.read_parquet``
    gives numpy arrays, of arrays for ``caption_spans``); None stays None.

    Example:
        >>> as_list(np.array([np.array([0, 369]), np.array([400, 420])], dtype=object))
        [[0, 369], [400, 420]]
    """
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [as_list(v) for v in value]
    return value
