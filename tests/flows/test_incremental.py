"""Incremental runs: whatever sequence of runs built a warehouse, its tables are those of one
full run on the same files; per-article work is not done twice; inbox modes."""
import hashlib
import os
import shutil

import pandas as pd
import pytest

from schemas import TABLES
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow
FILES = sorted(p.name for p in SEEDS.iterdir())


def _inbox(tmp_path, name: str, files: list[str], edits: dict[str, str] | None = None):
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    for f in folder.iterdir():
        f.unlink()
    for f in files:
        shutil.copy(SEEDS / f, folder / f)
    for f, text in (edits or {}).items():
        (folder / f).write_text(text, encoding="utf-8")
    for f in folder.iterdir():
        _stamp(f)
    return folder


def _stamp(path) -> None:
    """A modification time made of the file's content: the same files in two folders are the
    same files (``articles.file_modified_at`` included), an edited one gets another time."""
    data = path.read_bytes()
    t = 1_700_000_000 * 10**9 + int.from_bytes(hashlib.sha256(data).digest()[:4], "big") * 1000
    os.utime(path, ns=(t, t))


def _run(folder, out, **kw) -> dict:
    from flows.pipeline import news_etl

    return news_etl(input_dir=str(folder), output_dir=str(out), batch_size=2, **kw)


def _same_tables(a, b) -> None:
    for name in TABLES:
        left, right = pd.read_parquet(a / name), pd.read_parquet(b / name)
        if name == "rejects":                     # which run saw a reject first is no content
            left, right = left.drop(columns=["first_seen"], errors="ignore"), right.drop(columns=["first_seen"], errors="ignore")
        pd.testing.assert_frame_equal(left, right, obj=name)


def _edited() -> str:
    text = (SEEDS / FILES[1]).read_text(encoding="utf-8")
    return text.replace("North Korean", "North Korean and Russian", 2) + "\n\nThe minister said 400 more units would follow.\n"


def test_adding_editing_and_removing_files_equals_one_full_run(prefect_harness, tmp_path):
    inbox = _inbox(tmp_path, "inbox", FILES[:3])
    out = tmp_path / "warehouse"
    _run(inbox, out)
    _inbox(tmp_path, "inbox", FILES)                                    # add two files
    added = _run(inbox, out)
    assert added["articles_reused"] == 3 and added["articles_extracted"] == 2
    _same_tables(out, _full(tmp_path, "full-added", FILES))

    _inbox(tmp_path, "inbox", FILES, edits={FILES[1]: _edited()})         # edit one
    edited = _run(inbox, out)
    assert edited["articles_extracted"] == 1
    _same_tables(out, _full(tmp_path, "full-edited", FILES, edits={FILES[1]: _edited()}))
    assert "North Korean and Russian" in " ".join(pd.read_parquet(out / "articles")["body"])

    _inbox(tmp_path, "inbox", [f for f in FILES if f != FILES[2]], edits={FILES[1]: _edited()})   # remove one
    removed = _run(inbox, out)
    assert removed["articles"] == 4 and removed["articles_extracted"] == 0
    _same_tables(out, _full(tmp_path, "full-removed", [f for f in FILES if f != FILES[2]], edits={FILES[1]: _edited()}))


def test_a_change_of_settings_extracts_everything_again(prefect_harness, tmp_path):
    inbox = _inbox(tmp_path, "inbox", FILES)
    out = tmp_path / "warehouse"
    first = _run(inbox, out)
    assert not first["rebuilt"]
    config = tmp_path / "other.toml"
    config.write_text("[claims]\nmax_content_chars = 400\n")
    second = _run(inbox, out, config=str(config))
    assert second["rebuilt"] and second["articles_extracted"] == 5 and second["articles_reused"] == 0
    _same_tables(out, _full(tmp_path, "full-config", FILES, config=str(config)))
    third = _run(inbox, out, config=str(config))                        # same settings again: nothing to extract
    assert not third["rebuilt"] and third["articles_extracted"] == 0
    forced = _run(inbox, out, config=str(config), rebuild=True)
    assert forced["rebuilt"] and forced["articles_extracted"] == 5


def test_append_mode_keeps_articles_whose_files_left_the_inbox(prefect_harness, tmp_path):
    inbox, archive = _inbox(tmp_path, "inbox", FILES[:3]), tmp_path / "archive"
    out = tmp_path / "warehouse"
    first = _run(inbox, out, mode="append", archive_dir=str(archive))
    assert first["archived"] == 3 and not any(inbox.iterdir())
    assert sorted(p.name for p in archive.iterdir()) == FILES[:3]
    _inbox(tmp_path, "inbox", FILES[3:])
    second = _run(inbox, out, mode="append", archive_dir=str(archive))
    assert second["articles"] == 5 and second["articles_extracted"] == 2
    _same_tables(out, _full(tmp_path, "full-append", FILES))
    # an empty inbox publishes the same warehouse; mirror mode would drop everything
    third = _run(inbox, out, mode="append")
    assert third["articles"] == 5 and third["articles_extracted"] == 0
    _same_tables(out, _full(tmp_path, "full-append-2", FILES))


def _full(tmp_path, name: str, files: list[str], edits: dict[str, str] | None = None, **kw):
    out = tmp_path / f"{name}-warehouse"
    _run(_inbox(tmp_path, name, files, edits), out, **kw)
    return out


def test_nothing_new_computes_and_writes_nothing_and_a_change_still_counts(prefect_harness, tmp_path):
    # rejected files stay in a mirrored folder too: an exact copy of an article, a file without article text
    inbox = _inbox(tmp_path, "inbox", FILES, edits={"copy.txt": (SEEDS / FILES[2]).read_text(encoding="utf-8"),
                                                    "short.txt": "Too short to be an article.\n"})
    out = tmp_path / "warehouse"
    first = _run(inbox, out)
    assert sorted(pd.read_parquet(out / "rejects")["reason_code"]) == ["exact_duplicate", "no_article_text"]
    version = out.resolve()
    again = _run(inbox, out)
    assert again["unchanged"] and again["articles_extracted"] == 0 and "dedup" not in again["stage_seconds"]
    assert out.resolve() == version and again["articles"] == first["articles"]

    (inbox / "short.txt").write_text("Still too short, but another reason text.\n", encoding="utf-8")
    assert not _run(inbox, out).get("unchanged")   # another file, another reject row: a change
    (inbox / "short.txt").unlink()
    (inbox / "copy.txt").unlink()

    (inbox / FILES[0]).unlink()                    # mirror: a file gone is a change
    removed = _run(inbox, out)
    assert not removed.get("unchanged") and removed["articles"] == first["articles"] - 1
    _same_tables(out, _full(tmp_path, "full-removed", FILES[1:]))

    # a touched file (same bytes, another time) is read and hashed once, reused, and published
    # with its new time; the run after it knows the file by size and time again: nothing new
    os.utime(inbox / FILES[1], ns=(1_800_000_000 * 10**9,) * 2)
    touched = _run(inbox, out)
    assert not touched.get("unchanged") and touched["articles_extracted"] == 0
    times = pd.read_parquet(out / "articles").set_index("source_file")["file_modified_at"]
    assert times[FILES[1]] == pd.Timestamp(1_800_000_000 * 10**9, unit="ns", tz="UTC")
    assert _run(inbox, out)["unchanged"]


def test_an_emptied_inbox_in_append_mode_changes_nothing(prefect_harness, tmp_path):
    inbox = _inbox(tmp_path, "inbox", FILES)
    out = tmp_path / "warehouse"
    first = _run(inbox, out, mode="append", archive_dir=str(tmp_path / "archive"))
    assert not any(inbox.iterdir())
    version = out.resolve()
    again = _run(inbox, out, mode="append")
    assert again["unchanged"] and out.resolve() == version and again["articles"] == first["articles"]
