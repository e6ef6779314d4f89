"""The flow end to end on seeds/: outputs, accounting, idempotency, incremental runs, locking.

Quality (scores against gold) is gated by tests/eval_gate.py on the benchmark sets."""
import json
import os
import shutil
import uuid

import pandas as pd
import pytest

from flows.warehouse import WarehouseLocked, publish, read_tables, writer_lock
from schemas import TABLES
from tests.conftest import SEEDS


def test_run_writes_every_table(seeds_run):
    summary, out = seeds_run
    assert summary["files_read"] == 5 and summary["articles"] == 5 and summary["validation"]["ok"]
    for name, model in TABLES.items():
        frame = pd.read_parquet(out / name)
        assert list(frame.columns) == list(model.to_schema().columns), name
    assert json.loads((out / "_run.json").read_text())["articles"] == 5


def test_every_input_is_accounted_for(seeds_run):
    _, out = seeds_run
    arts, rejects = pd.read_parquet(out / "articles"), pd.read_parquet(out / "rejects")
    assert set(arts["source_file"]) | set(rejects["source_file"]) == {p.name for p in SEEDS.iterdir()}


def test_rows_keep_provenance(seeds_run):
    _, out = seeds_run
    bodies = pd.read_parquet(out / "articles").set_index("article_id")["body"]
    for table, col in (("claims", "content"), ("figures", "text")):
        for row in pd.read_parquet(out / table).itertuples():
            assert bodies[row.article_id][row.char_start:row.char_end] == getattr(row, col)


def _bytes(dataset) -> list[bytes]:
    """Every segment file of a table's dataset, in order."""
    return [p.read_bytes() for p in sorted(dataset.iterdir())]


def test_rerun_gives_identical_tables(seeds_run, prefect_harness, tmp_path):
    from flows.pipeline import news_etl

    _, first = seeds_run
    second = tmp_path / "again"
    news_etl(input_dir=str(SEEDS), output_dir=str(second), batch_size=3)
    for name in TABLES:
        assert _bytes(first / name) == _bytes(second / name), name
    # and again into the same warehouse, where the published rows are reused
    again = news_etl(input_dir=str(SEEDS), output_dir=str(second), batch_size=3)
    assert again["articles_reused"] == 5
    for name in TABLES:
        assert _bytes(first / name) == _bytes(second / name), name


def test_bad_files_are_rejected_and_the_run_goes_on(prefect_harness, tmp_path):
    from flows.pipeline import news_etl

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in list(SEEDS.iterdir())[:3]:
        (inbox / f.name).write_bytes(f.read_bytes())
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "copy.txt").write_bytes((SEEDS / "000_ff67d6d5e5e70b40.txt").read_bytes())
    (inbox / "broken.json").write_text("{oops")
    summary = news_etl(input_dir=str(inbox), output_dir=str(tmp_path / "wh"), batch_size=2)
    rejects = pd.read_parquet(tmp_path / "wh" / "rejects").set_index("source_file")["reason_code"].to_dict()
    assert rejects == {"empty.txt": "empty_file", "copy.txt": "exact_duplicate", "broken.json": "malformed_json"}
    assert summary["articles"] == 3


def test_publish_is_a_link_switch_and_keeps_old_version_readable(tmp_path):
    out = tmp_path / "wh"
    frame = pd.DataFrame({"x": [1]})
    publish({"t": frame}, out, {"run_id": "r1"})
    first_target = os.readlink(out)
    publish({"t": pd.DataFrame({"x": [2]})}, out, {"run_id": "r2"})
    assert os.readlink(out) != first_target and read_tables(out)["t"]["x"].tolist() == [2]
    assert (out.parent / first_target / "t").is_dir()          # previous version still complete


def test_second_writer_is_refused(tmp_path):
    out = tmp_path / "wh"
    with writer_lock(out):
        with pytest.raises(WarehouseLocked, match="another run is writing"):
            with writer_lock(out):
                pass


def test_incremental_run_processes_only_new_files(prefect_harness, tmp_path):
    from flows.pipeline import news_etl

    inbox, out = tmp_path / "inbox", tmp_path / "wh"
    inbox.mkdir()
    seeds = sorted(SEEDS.iterdir())
    for f in seeds[:3]:
        shutil.copy2(f, inbox / f.name)        # with their times: the same files as SEEDS' (file_modified_at)
    first = news_etl(input_dir=str(inbox), output_dir=str(out), batch_size=2)
    for f in seeds[3:]:
        shutil.copy2(f, inbox / f.name)
    second = news_etl(input_dir=str(inbox), output_dir=str(out), batch_size=2)
    assert (first["articles"], second["articles"], second["articles_reused"]) == (3, 5, 3)
    full = tmp_path / "full"
    news_etl(input_dir=str(SEEDS), output_dir=str(full), batch_size=2)
    incremental, from_scratch = read_tables(out), read_tables(full)
    for name in TABLES:                        # the same rows, value for value (row order aside)
        pd.testing.assert_frame_equal(_rows_sorted(incremental[name]), _rows_sorted(from_scratch[name]), obj=name)
    clusters = lambda d: sorted(sorted(g["source_file"]) for _, g in read_tables(d, ["articles"])["articles"].groupby("dup_cluster_id"))
    assert clusters(out) == clusters(full)
    # other settings (or code, or vocabularies) than the published run: nothing is reused
    config = tmp_path / "my.toml"
    config.write_text("[dedup]\nsentence_overlap = 0.6\n")
    third = news_etl(input_dir=str(inbox), output_dir=str(out), batch_size=2, config=str(config))
    assert third["articles_reused"] == 0


def _rows_sorted(frame: pd.DataFrame) -> pd.DataFrame:
    keys = ["\x1f".join(map(repr, row)) for row in frame.itertuples(index=False)]
    return frame.iloc[sorted(range(len(frame)), key=keys.__getitem__)].reset_index(drop=True)


def test_since_stages_and_workers(prefect_harness, tmp_path):
    from flows.pipeline import news_etl

    out = tmp_path / "wh"
    summary = news_etl(input_dir=str(SEEDS), output_dir=str(out), batch_size=1, workers=2,
                       since="2024-11-05", stages=["dedup", "figures"])
    tables = read_tables(out)
    rejects = tables["rejects"].set_index("source_file")["reason_code"].to_dict()
    assert rejects == {"003_eff6e9518f591cc6.txt": "before_since"}          # published 2024-11-04
    assert len(tables["articles"]) == 4 and len(tables["figures"]) > 0
    assert tables["claims"].empty and tables["people"].empty
    assert tables["figures"][["claim_id", "speaker", "speaker_person_id"]].isna().all().all()
    assert set(summary["stage_seconds"]) >= {"parse", "dedup", "validate"}
    with pytest.raises(ValueError, match="unknown stages"):
        news_etl(input_dir=str(SEEDS), output_dir=str(tmp_path / "x"), stages=["sentiment"])


def test_a_skipped_stage_is_not_computed(prefect_harness, tmp_path, monkeypatch, seeds_run):
    from flows.pipeline import news_etl
    from transforms.extract import claims, people

    def not_called(*args):
        raise AssertionError("a skipped stage was computed")

    monkeypatch.setattr(claims, "process", not_called)          # workers=1: batches run in this process
    monkeypatch.setattr(people, "find_mentions", not_called)
    news_etl(input_dir=str(SEEDS), output_dir=str(tmp_path / "wh"), batch_size=2, workers=1, stages=["figures"])
    tables = read_tables(tmp_path / "wh")
    assert tables["claims"].empty and tables["mentions"].empty and tables["claim_groups"].empty
    assert len(tables["figures"]) == len(read_tables(seeds_run[1], ["figures"])["figures"])
    assert tables["figures"]["claim_id"].dropna().isin(tables["claims"]["claim_id"]).all()
    assert tables["figures"]["claim_id"].isna().all()


def test_name_tagging_is_cached_on_content_hashes(prefect_harness, tmp_path, monkeypatch):
    from flows.pipeline import news_etl
    from transforms.extract import people

    calls = []
    real = people.find_mentions
    monkeypatch.setattr(people, "find_mentions", lambda batch, settings: calls.append(len(batch)) or real(batch, settings))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_bytes((SEEDS / "001_43ad6872aaa5aaa8.txt").read_bytes())
    config = tmp_path / "nonce.toml"           # settings no earlier run had (a size limit no file reaches): no cache
    config.write_text(f"[load]\nmax_file_bytes = {20_000_000 + uuid.uuid4().int % 10_000_000}\n")
    run = lambda out: news_etl(input_dir=str(inbox), output_dir=str(tmp_path / out), config=str(config))
    run("one")
    run("two")                                 # a fresh warehouse (nothing to reuse), same content: cache hit
    assert calls == [1]
    (inbox / "a.txt").write_bytes((SEEDS / "002_c45db04c38d4d828.txt").read_bytes())
    run("three")                               # other content: computed again
    assert calls == [1, 1]


def test_names_tagged_on_the_pool_during_dedup_are_those_tagged_in_process(prefect_harness, tmp_path, seeds_run, monkeypatch):
    """From [run] min_people_pool_items new articles on, names are tagged on a pool while
    dedup and stories run (flows.tasks.start_batches): the tables are those of the run that
    tagged them in its own process."""
    from flows import tasks
    from flows.pipeline import news_etl

    pools = []
    real = tasks._spawned_pool
    monkeypatch.setattr(tasks, "_spawned_pool", lambda workers: pools.append(workers) or real(workers))
    config = tmp_path / "pool.toml"
    config.write_text("[run]\nmin_people_pool_items = 1\n")
    out = tmp_path / "wh"
    news_etl(input_dir=str(SEEDS), output_dir=str(out), batch_size=2, workers=2, config=str(config))
    assert pools == [2]                      # the people's pool: 5 files and articles parse and extract in process
    for name in ("mentions", "people", "claims", "figures"):
        pd.testing.assert_frame_equal(read_tables(out, [name])[name], read_tables(seeds_run[1], [name])[name])
