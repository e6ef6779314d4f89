"""Defect 1 of #19: no run may silently publish a warehouse that lost most of its articles."""
import os

import pandas as pd
import pytest

from tests.conftest import SEEDS
from transforms.quality.publish_guard import shrink_refusal


@pytest.mark.parametrize("published, new, share, refused", [
    (0, 0, 0.5, False),            # nothing published yet: anything goes
    (100, 100, 0.5, False), (100, 150, 0.5, False), (100, 50, 0.5, False),      # a drop of exactly the share is allowed
    (100, 49, 0.5, True), (100, 0, 0.5, True), (100, 0, 1.0, False), (100, 89, 0.1, True), (100, 90, 0.1, False),
])
def test_the_decision(published, new, share, refused):
    message = shrink_refusal(published, new, share)
    assert (message is not None) == refused
    if refused:
        assert f"{new} articles over a warehouse of {published}" in message and "--allow-shrink" in message


def test_empty_input_and_removed_files_are_refused_then_allowed(prefect_harness, tmp_path):
    from flows.pipeline import ShrinkRefused, news_etl

    inbox, out = tmp_path / "inbox", tmp_path / "wh"
    inbox.mkdir()
    for f in sorted(SEEDS.iterdir()):
        (inbox / f.name).write_bytes(f.read_bytes())
    news_etl(input_dir=str(inbox), output_dir=str(out), batch_size=5, workers=1)
    published = os.readlink(out)
    for f in sorted(inbox.iterdir())[:3]:                     # 3 of 5 files removed: a drop of 60%
        f.unlink()
    with pytest.raises(ShrinkRefused, match="would publish 2 articles over a warehouse of 5"):
        news_etl(input_dir=str(inbox), output_dir=str(out), batch_size=5, workers=1)
    for f in inbox.iterdir():                                 # an empty inbox
        f.unlink()
    with pytest.raises(ShrinkRefused, match="would publish 0 articles"):
        news_etl(input_dir=str(inbox), output_dir=str(out), batch_size=5, workers=1)
    assert os.readlink(out) == published and len(pd.read_parquet(out / "articles")) == 5
    summary = news_etl(input_dir=str(inbox), output_dir=str(out), batch_size=5, workers=1, allow_shrink=True)
    assert summary["articles"] == 0 and os.readlink(out) != published


def test_the_cli_refuses_in_one_line(prefect_harness, tmp_path, capsys):
    from flows.cli import main
    from flows.pipeline import news_etl

    out, empty = tmp_path / "wh", tmp_path / "empty"
    empty.mkdir()
    news_etl(input_dir=str(SEEDS), output_dir=str(out), batch_size=5, workers=1)
    assert main(["run", "--input", str(empty), "--output", str(out), "--no-progress", "--workers", "1"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("news-etl: run failed: this run would publish 0 articles over a warehouse of 5")
    assert "Traceback" not in "\n".join(err)
    assert len(pd.read_parquet(out / "articles")) == 5
