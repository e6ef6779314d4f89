"""Defect 3 of #19: every stage is a row of the progress display while it runs, batch stages
count files or articles with the time left, a start-up row shows while Prefect starts, and
the total counts from the start of the process."""
import io
import re
import time

from rich.console import Console

from flows import progress
from tests.conftest import SEEDS

STAGE_ROWS = ("start-up", "parse", "articles", "dedup", "stories", "people", "claims+figures", "validate",
              "cross-source", "publish", "total")


def _console() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=True, width=160, color_system=None), buf


def test_a_counted_stage_shows_counts_elapsed_and_time_left():
    console, buf = _console()
    display = progress.open_display(True, console=console)
    try:
        display.begin("claims+figures", "starting")
        tick = display.counter("claims+figures", [200, 200, 100], "articles")
        time.sleep(1.2)
        tick(1)                              # batches are counted as they finish, in any order
        snapshot, text = _console()
        snapshot.print(display.progress.get_renderable())
        row = next(line for line in text.getvalue().splitlines() if "claims+figures" in line)
        assert "200/500 articles" in row
        assert re.search(r"0:00:0[1-9]", row), row               # its own elapsed time, kept across the count's reset
        assert "left" in row                                        # time remaining on a counted stage
    finally:
        progress.close_display()


def test_the_run_shows_every_stage_and_an_honest_total(prefect_harness, tmp_path):
    from flows.pipeline import news_etl

    console, buf = _console()
    progress.open_display(True, console=console)
    try:
        summary = news_etl(input_dir=str(SEEDS), output_dir=str(tmp_path / "wh"), batch_size=2, workers=1, show_progress=True)
    finally:
        total = progress.close_display()
    screen = buf.getvalue()
    for row in STAGE_ROWS:
        assert re.search(rf"✓ {re.escape(row)}\s", screen), (row, screen[-3000:])
    assert "5/5 files" in screen and "5/5 articles" in screen and "Prefect ready" in screen
    assert total >= summary["elapsed_s"]                     # start-up included
    assert set(summary["stage_seconds"]) >= {"parse", "dedup", "stories", "people", "claims+figures", "validate",
                                             "cross-source", "publish"}


def test_process_age_counts_from_the_process_start():
    assert 0.0 < progress.process_age() < 24 * 3600
