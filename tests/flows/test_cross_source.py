"""Cross-source view on the seeds run: one story, corroboration counts, figure disagreement,
the typed loader and the analyst's HTML report (checked in headless Chromium)."""
import re
import shutil
import subprocess

import pytest

from flows.cli import main as cli
from schemas import TABLES, load_warehouse
from tests.conftest import skip_or_fail_in_ci


def test_all_seeds_are_one_story(seeds_run):
    t = load_warehouse(seeds_run[1])
    assert t["articles"]["story_id"].nunique() == 1
    assert t["articles"]["dup_cluster_id"].nunique() == 4          # 000 and 002 are one AP story


def test_kovalenko_statement_has_one_source_less_than_articles(seeds_run):
    groups = load_warehouse(seeds_run[1])["claim_groups"]
    people = load_warehouse(seeds_run[1])["people"].set_index("person_id")["name"]
    shelled = groups[groups["content"].str.contains("under fire|shelled") & groups["speaker_person_id"].map(people).str.contains("Kovalenko", na=False)]
    assert len(shelled) == 1
    row = shelled.iloc[0]
    assert row["n_articles"] == 5 and row["n_independent"] == 4
    assert row["first_reported_at"] <= row["last_reported_at"]


def test_troop_numbers_are_one_disagreeing_group(seeds_run):
    figs = load_warehouse(seeds_run[1])["figure_groups"]
    troops = figs[figs["unit_class"].eq("troops") & figs["subject"].str.contains("North Korean", na=False)]
    assert troops["group_id"].nunique() == 1
    assert {8000, 10000, 11000, 12000, 15000} == set(troops["value"].astype(int))
    assert troops["values_disagree"].all()
    assert troops["speaker"].notna().all()
    assert troops["inherited"].sum() == 1                           # "their number to 15,000"


def test_loader_types_every_table(seeds_run):
    tables = load_warehouse(seeds_run[1])
    assert set(tables) == set(TABLES)
    assert str(tables["articles"]["published_at"].dtype) == "datetime64[us, UTC]"
    assert isinstance(tables["claim_groups"]["claim_ids"].iloc[0], list)
    assert tables["claim_groups"]["n_independent"].dtype == "int64"


def test_loader_refuses_an_empty_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="no published warehouse"):
        load_warehouse(tmp_path)


@pytest.fixture
def chromium():
    path = shutil.which("chromium")
    if path is None:
        skip_or_fail_in_ci("the analyst page was not opened in a browser: needs Debian's chromium package "
                           "(apt-get install chromium, or make browser as root)")
    return path


def test_report_renders_in_a_headless_browser(chromium, seeds_run, tmp_path, capsys):
    page = tmp_path / "report.html"
    assert cli(["report", "--warehouse", str(seeds_run[1]), "--out", str(page)]) == 0
    proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                           "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert 'data-rendered="1"' in dom                              # the page's script ran: one chart drawn
    points = re.search(r'data-points="(\d+)"', dom)
    assert points and int(points.group(1)) >= 5 and "North Korean" in dom
    assert "Uncaught" not in proc.stderr and "ERROR:CONSOLE" not in proc.stderr


def test_report_goes_next_to_the_warehouse_by_default(seeds_run, capsys):
    assert cli(["report", "--warehouse", str(seeds_run[1])]) == 0
    pages = list((seeds_run[1].parent / "reports").glob("*.html"))
    assert len(pages) == 1 and "<svg class=\"chart\"" in pages[0].read_text(encoding="utf-8")
    assert cli(["report", "--warehouse", str(seeds_run[1].parent / "nothing-here")]) == 1
    assert "no published warehouse" in capsys.readouterr().err
