"""The Parquet side of the contract: each table's Arrow schema, made from its pandera model.

:func:`arrow_schema` gives every field its type, its nullability (``not null`` where the
model says the column has no missing value) and its description as field metadata, plus the
table's grain as schema metadata, so that pyarrow, DuckDB or any Parquet reader shows what a
column means. The writer passes it to ``to_parquet``; a row that breaks it fails the write.

Example:
    >>> s = arrow_schema("claims")
    >>> s.field("claim_id").nullable, s.field("claim_id").metadata[b"description"]
    (False, b'stable id')
    >>> str(s.field("claim_date").type), s.field("claim_date").nullable
    ('timestamp[us, tz=UTC]', True)
    >>> read_dtypes("claims")["speaker_start"], read_dtypes("articles")["caption_spans"]
    ('Int64', 'object (list of list of int64)')
    >>> list_columns("people")
    ['aliases', 'kinds', 'roles', 'article_ids']
"""
from __future__ import annotations

import functools

import pandas as pd
import pyarrow as pa

from schemas.tables import TABLES, _items, empty

# pandera dtype (as text) -> Arrow type; pandas' own str dtype is written as large_string.
_SCALARS = {"str": pa.large_string(), "string[pyarrow]": pa.large_string(), "string": pa.large_string(),
            "int64": pa.int64(), "Int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(),
            "datetime64[us, UTC]": pa.timestamp("us", tz="UTC")}
_ITEMS = _items()


@functools.cache
def arrow_schema(name: str) -> pa.Schema:
    """The Arrow schema of table ``name`` (a key of :data:`schemas.TABLES`)."""
    model = TABLES[name]
    fields = []
    for col, spec in model.to_schema().columns.items():
        items = (spec.metadata or {}).get("items")
        kind = pa.list_(_ITEMS[items]) if items else _SCALARS[str(spec.dtype)]
        fields.append(pa.field(col, kind, nullable=spec.nullable, metadata={"description": spec.description or ""}))
    grain = (model.__doc__ or "").strip().splitlines()[0]
    return pa.schema(fields, metadata={"table": name, "description": grain})


def list_columns(name: str) -> list[str]:
    """The columns of table ``name`` that hold lists."""
    return [col for col, spec in TABLES[name].to_schema().columns.items() if (spec.metadata or {}).get("items")]


def arrow_list_columns(name: str) -> list[str]:
    """The list columns of table ``name`` that pandas holds as Arrow lists (``pd.ArrowDtype``)."""
    return [col for col, spec in TABLES[name].to_schema().columns.items() if isinstance(spec.dtype.type, pd.ArrowDtype)]


@functools.cache
def read_dtypes(name: str) -> dict[str, str]:
    """Column -> the dtype ``pd.read_parquet`` gives it (list columns: what their elements
    are), found by writing an empty table through :func:`arrow_schema` and reading it back."""
    lists = list_columns(name)          # described from their items: only the other columns go through Arrow
    frame = TABLES[name].validate(empty(name)).drop(columns=lists)
    schema = pa.schema([f for f in arrow_schema(name) if f.name not in lists])
    back = pa.Table.from_pandas(frame, schema=schema, preserve_index=False).to_pandas()
    items = {"string": "str", "int64": "int64", "list<int64>": "list of int64", "list<string>": "list of str"}
    out = {}
    for col, spec in TABLES[name].to_schema().columns.items():
        kind = (spec.metadata or {}).get("items")
        out[col] = f"object (list of {items[kind]})" if kind else str(back[col].dtype)
    return out


def to_arrow(frame: pd.DataFrame, name: str) -> pa.Table:
    """A validated frame of table ``name`` as an Arrow table with :func:`arrow_schema`."""
    return pa.Table.from_pandas(frame, schema=arrow_schema(name), preserve_index=False)
