"""Issue #20 through the real flow: the hostile cases of tests/fixtures/hostile_cases.py in one
run with the seeds, a stage that raises on one article, and two failure drills (a full disk,
then space freed; kill -9 of the main process).

The cases are generated small here (``scale``); ``bench/hostile.py`` runs them at full size
with Reuters stories and prints wall time, peak memory and time per stage.
"""
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import psutil
import pytest

from flows import warehouse
from flows.warehouse import WarehouseDiskFull, read_tables
from tests.conftest import ROOT, SEEDS
from tests.fixtures.hostile_cases import STORY, generate

SCALE = 0.02


@pytest.fixture(scope="module")
def hostile_run(prefect_harness, tmp_path_factory):
    from flows.pipeline import news_etl

    inbox = tmp_path_factory.mktemp("faults")
    for f in SEEDS.iterdir():
        (inbox / f.name).write_bytes(f.read_bytes())
    cases = generate(SCALE)
    for name, case in cases.items():
        (inbox / name).write_bytes(case.content)
    out = tmp_path_factory.mktemp("faults-out") / "warehouse"
    summary = news_etl(input_dir=str(inbox), output_dir=str(out), batch_size=4)
    tables = read_tables(out, ["articles", "rejects"])
    return cases, summary, tables["articles"], tables["rejects"], out


def test_the_run_passes_and_accounts_for_every_file(hostile_run):
    cases, summary, arts, rejects, _ = hostile_run
    assert summary["validation"]["ok"] and not summary.get("failed")
    assert {p.name for p in SEEDS.iterdir()} <= set(arts["source_file"])
    assert set(arts["source_file"]) | set(rejects["source_file"]) == {p.name for p in SEEDS.iterdir()} | set(cases)
    assert summary["files_rejected"] == 0                       # a bad line or record is not a bad file
    assert set(summary["stage_seconds"]) >= {"parse", "people", "claims+figures"}


@pytest.mark.parametrize("name", list(generate(SCALE)))
def test_each_case_ends_where_it_should(hostile_run, name):
    cases, _, arts, rejects, _ = hostile_run
    case = cases[name]
    mine = arts[arts["source_file"] == name]
    assert len(mine) == case.articles, rejects[rejects["source_file"] == name].to_dict("records")
    assert sorted(rejects.loc[rejects["source_file"] == name, "reason_code"]) == sorted(case.rejects)
    if case.null_date:
        assert mine["published_at"].isna().all()
    for text in case.body_has:
        assert mine["body"].str.contains(text, regex=False).all(), text
    for text in case.body_lacks:
        assert not mine["body"].str.contains(text, regex=False).any(), text


def test_bad_records_say_where_they_are(hostile_run):
    _, _, _, rejects, _ = hostile_run
    reasons = rejects.set_index("source_file")["reason"]
    assert "line 3" in reasons["one_bad_line.jsonl"]
    assert sorted(rejects.loc[rejects["source_file"] == "null_and_number_text.json", "reason"].str.extract(r"(record \d)")[0]) == \
        ["record 1", "record 3"]


def test_the_report_lists_the_dates_dropped(hostile_run):
    cases, summary, _, _, out = hostile_run
    report = json.loads((out / "dq_report.json").read_text())
    dropped = {d["source_file"] for d in report["dates_dropped"]}
    assert dropped == {name for name, case in cases.items() if case.null_date}
    assert "Impossible publication dates" in (out / "dq_report.html").read_text()
    assert any("before 1900" in "; ".join(d["dates"]) for d in report["dates_dropped"])


def test_a_stage_that_raises_on_one_article_rejects_it_and_the_run_goes_on(prefect_harness, tmp_path, monkeypatch):
    from flows.pipeline import news_etl
    from transforms.extract import figures

    real = figures.process
    poisoned = "003_eff6e9518f591cc6.txt"

    def process(batch, *args):
        if poisoned in set(batch["source_file"]):
            raise KeyError("unit")
        return real(batch, *args)

    monkeypatch.setattr(figures, "process", process)             # workers=1: batches run in this process
    summary = news_etl(input_dir=str(SEEDS), output_dir=str(tmp_path / "wh"), batch_size=5, workers=1)
    tables = read_tables(tmp_path / "wh")
    errors = tables["rejects"][tables["rejects"]["reason_code"] == "stage_error"]
    assert errors[["source_file", "stage", "table"]].values.tolist() == [[poisoned, "figures", "figures"]]
    assert "KeyError" in errors["reason"].item()
    assert len(tables["articles"]) == 5 and summary["validation"]["ok"]
    kept = tables["figures"].merge(tables["articles"][["article_id", "source_file"]], on="article_id")
    assert poisoned not in set(kept["source_file"]) and kept["source_file"].nunique() >= 3

    # the next run on the same files extracts that article again instead of reusing its
    # missing rows: the error comes back while it lasts, the rows once it is gone
    news_etl(input_dir=str(SEEDS), output_dir=str(tmp_path / "wh"), batch_size=5, workers=1)
    again = read_tables(tmp_path / "wh", ["rejects"])["rejects"]
    assert again[again["reason_code"] == "stage_error"]["source_file"].tolist() == [poisoned]
    monkeypatch.setattr(figures, "process", real)
    news_etl(input_dir=str(SEEDS), output_dir=str(tmp_path / "wh"), batch_size=5, workers=1)
    fixed = read_tables(tmp_path / "wh")
    assert not (fixed["rejects"]["reason_code"] == "stage_error").any()
    kept = fixed["figures"].merge(fixed["articles"][["article_id", "source_file"]], on="article_id")
    assert poisoned in set(kept["source_file"])


def test_disk_full_then_space_freed_the_next_run_succeeds(prefect_harness, tmp_path, monkeypatch):
    from flows.pipeline import news_etl

    out = tmp_path / "wh"
    versions = tmp_path / ".wh.versions"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    files = sorted(SEEDS.iterdir())
    for f in files[:4]:
        shutil.copy(f, inbox / f.name)
    news_etl(input_dir=str(inbox), output_dir=str(out), workers=1)
    first = os.readlink(out)
    shutil.copy(files[4], inbox / files[4].name)                   # something new to publish
    (versions / "20240101T000000000000Z.partial").mkdir()          # left by a run killed while publishing
    (versions / "20240101T000000000000Z.partial" / "articles").mkdir()
    (versions / "20240101T000000000000Z.partial" / "articles" / "part-00000.parquet").write_bytes(b"x" * 1000)

    real = warehouse._write
    state = {"full": True}

    def write(path, data):                  # unchanged segments are hard links: only new files are written
        if state["full"]:
            state["full"] = False
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(warehouse, "_write", write)
    with pytest.raises(WarehouseDiskFull) as err:
        news_etl(input_dir=str(inbox), output_dir=str(out), workers=1)
    message = str(err.value)
    assert str(out) in message and "no space left" in message and "MB free" in message and "needs at least" in message
    assert not list(versions.glob("*.partial"))                    # the failed run's and the killed run's
    assert os.readlink(out) == first and len(read_tables(out, ["articles"])["articles"]) == 4

    summary = news_etl(input_dir=str(inbox), output_dir=str(out), workers=1)   # space is back
    assert os.readlink(out) != first and summary["articles"] == 5
    assert not list(versions.glob("*.partial"))


def _busy_inbox(folder, n=300):
    """Enough work to keep a run busy for a while: n articles of a few hundred words."""
    folder.mkdir()
    for i in range(n):
        words = " ".join(f"{STORY} Officials in district {i} said {j * 7} homes were checked." for j in range(6))
        (folder / f"a{i:04d}.txt").write_text(f"Barrier holds in district {i}\n\n{words}\n")


def _descendants_when_busy(proc: subprocess.Popen, timeout: float = 180) -> list[psutil.Process]:
    """The run's child processes once its API server and two pool workers are up."""
    main = psutil.Process(proc.pid)
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        kids = main.children(recursive=True)
        lines = []
        for kid in kids:
            try:
                lines.append(" ".join(kid.cmdline()))
            except psutil.Error:
                pass
        if sum("spawn_main" in line for line in lines) >= 2 and any("uvicorn" in line for line in lines):
            return kids
        time.sleep(0.1)
    raise AssertionError(f"the run never had its server and two workers up (exit code {proc.poll()})")


def test_kill_9_of_the_main_process_leaves_no_process_of_the_run(tmp_path):
    inbox = tmp_path / "inbox"
    _busy_inbox(inbox)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PYTHONPATH=str(ROOT), PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--input", str(inbox), "--output", str(tmp_path / "wh"),
                             "--no-progress", "--workers", "2", "--batch-size", "10"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        kids = _descendants_when_busy(proc)
    finally:
        proc.send_signal(signal.SIGKILL)                            # as the OOM killer does
        proc.wait()
    deadline = time.time() + 10
    alive = kids
    while alive and time.time() < deadline:
        time.sleep(0.2)
        alive = [k for k in alive if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]
    survivors = [(k.pid, " ".join(k.cmdline())[:120]) for k in alive if k.is_running()]
    for kid in alive:                                               # do not leave them to the next test
        kid.kill()
    assert not survivors, survivors
