"""Defect 4 of #19: the tables read cleanly outside the pipeline, with the documented types:
plain pandas, load_warehouse (nested lists too) and DuckDB (the README's queries, run here)."""
import re

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from flows.cli import tables_markdown
from schemas import TABLES, arrow_schema, list_columns, load_warehouse, read_dtypes
from tests.conftest import ROOT


def test_plain_read_parquet_gives_the_documented_dtypes(seeds_run):
    out = seeds_run[1]
    for name in TABLES:
        frame = pd.read_parquet(out / name)
        documented = read_dtypes(name)
        for col in frame.columns:
            want = documented[col]
            assert (want.startswith("object") and frame[col].dtype == object) or str(frame[col].dtype) == want, (name, col)
    assert str(pd.read_parquet(out / "claims")["speaker"].dtype) == "str"


def test_readme_lists_the_types_pandas_returns():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tables_markdown() in readme, "README's Tables section is not `news-etl tables` (regenerate it)"
    assert "string[pyarrow]" not in readme


def test_parquet_fields_carry_descriptions_and_not_null_flags(seeds_run):
    for name, model in TABLES.items():
        schema = pq.read_schema(sorted((seeds_run[1] / name).iterdir())[0])     # segments share one schema
        for col, spec in model.to_schema().columns.items():
            field = schema.field(col)
            assert field.metadata[b"description"].decode() == spec.description, (name, col)
            assert field.nullable == spec.nullable, (name, col)
        assert schema.metadata[b"table"].decode() == name
        assert arrow_schema(name).remove_metadata().equals(schema.remove_metadata(), check_metadata=False)


def test_load_warehouse_converts_nested_lists(seeds_run):
    arts = load_warehouse(seeds_run[1])["articles"]
    spans = [s for s in arts["caption_spans"] if s]
    assert spans and all(type(s) is list and all(type(p) is list and all(type(v) is int for v in p) for p in s) for s in spans)
    signatures = load_warehouse(seeds_run[1])["dedup_signatures"]["sentences"].iloc[0]
    assert type(signatures) is list and type(signatures[0]) is list
    assert not any(isinstance(v, np.ndarray) for v in arts["authors"])


def test_drop_duplicates_as_documented(seeds_run):
    people = pd.read_parquet(seeds_run[1] / "people")
    with pytest.raises(TypeError, match="unhashable"):
        pd.concat([people, people]).drop_duplicates()             # the trap the README explains
    twice = pd.concat([people, people], ignore_index=True)
    assert len(twice.drop_duplicates("person_id")) == len(people)
    as_tuples = twice.assign(**{c: twice[c].map(tuple) for c in list_columns("people")})
    assert len(as_tuples.drop_duplicates()) == len(people)


def _readme_block(marker: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    return next(b for b in blocks if marker in b)


def test_the_documented_duckdb_queries_run(seeds_run):
    duckdb = pytest.importorskip("duckdb")
    code = _readme_block("import duckdb").replace('"data/warehouse"', repr(str(seeds_run[1])))
    found: dict = {}
    exec(compile(code, "README.md (DuckDB block)", "exec"), found)
    top, about, numbers, types = found["top"], found["about"], found["numbers"], found["types"]
    assert top.iloc[0]["n_independent"] == 4 and "Kursk" in top.iloc[0]["content"]
    assert len(about) >= 1 and set(about["about"]) == {"Rustem Umerov"}
    assert len(numbers) > 0 and numbers["value"].max() >= 15000
    kinds = dict(zip(types["column_name"], types["column_type"]))
    assert kinds["article_id"] == "VARCHAR" and kinds["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert kinds["authors"] == "VARCHAR[]" and kinds["caption_spans"] == "BIGINT[][]"
    assert duckdb.__version__


def test_the_documented_pandas_walkthrough_runs(seeds_run):
    scope: dict = {}
    for marker in ("t = load_warehouse(", "everything said about a person"):
        code = _readme_block(marker).replace('"data/warehouse"', repr(str(seeds_run[1])))
        exec(compile(code, f"README.md ({marker})", "exec"), scope)
    about = scope["about"]
    assert list(about.columns) == ["speaker", "cue", "content", "said", "outlet"] and len(about) >= 1
    assert about["content"].str.contains("Umerov").all()
