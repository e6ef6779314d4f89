"""parse.known_files: the files of published articles are recognised by size and time
(rsync's quick check) without a read, else by the hash of their bytes."""
import os

import pandas as pd

from transforms.ingest.articles import build
from transforms.ingest.load import load_files, sha256_hex
from transforms.ingest.parse import file_identities, known_files

TEXT = "Officials said the flood barrier held overnight after heavy rain on Tuesday.\n"


def _published(folder, settings) -> pd.DataFrame:
    docs, _ = load_files(sorted(folder.iterdir()), folder, settings)
    for doc in docs:
        doc |= {"article_id": "art-" + doc["sha256"][:16], "body": doc["page_text"], "n_words": 12}
    articles, _ = build(docs, settings)
    return articles


def _inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name, text in (("a.txt", TEXT), ("b.txt", TEXT.replace("Tuesday", "Monday"))):
        (folder / name).write_text(text, encoding="utf-8")
        os.utime(folder / name, ns=(1_700_000_000_123_456_789,) * 2)
    return folder


def test_an_unchanged_file_is_known_by_its_size_and_time_without_a_read(tmp_path, settings):
    folder = _inbox(tmp_path)
    published = _published(folder, settings)
    identities = file_identities(published)
    assert identities["a.txt"][:2] == (len(TEXT), 1_700_000_000_123_456)     # microseconds, as the table keeps them
    ids = frozenset(published["article_id"])
    paths = sorted(folder.iterdir())
    # same size, same time, other bytes: trusted without reading (the stored id comes back)
    (folder / "a.txt").write_text(TEXT.replace("flood", "storm"), encoding="utf-8")
    os.utime(folder / "a.txt", ns=(1_700_000_000_123_456_789,) * 2)
    known, rest = known_files(paths, str(folder), settings, ids, identities)
    assert rest == [] and [d["article_id"] for d in known] == published["article_id"].tolist()
    assert known[0]["file_modified_at"] == 1_700_000_000_123_456_789 and known[0]["reused"]


def test_a_file_with_another_time_or_size_is_hashed(tmp_path, settings):
    folder = _inbox(tmp_path)
    published = _published(folder, settings)
    ids, identities = frozenset(published["article_id"]), file_identities(published)
    os.utime(folder / "a.txt", ns=(1_800_000_000_000_000_000,) * 2)            # touched: same bytes, recognised by hash
    (folder / "b.txt").write_text(TEXT.replace("Tuesday", "Sunday"), encoding="utf-8")      # edited, one byte shorter
    known, rest = known_files(sorted(folder.iterdir()), str(folder), settings, ids, identities)
    assert [d["source_file"] for d in known] == ["a.txt"] and rest == [folder / "b.txt"]
    assert known[0]["article_id"] == "art-" + sha256_hex(TEXT.encode())[:16]
    # the touched file's row gets its new time: the next run knows it by size and time again
    articles, _ = build(known, settings, published)
    assert articles.loc[0, "file_modified_at"] == pd.Timestamp(1_800_000_000_000_000_000, unit="ns", tz="UTC")


def test_without_published_times_every_file_is_hashed(tmp_path, settings):
    folder = _inbox(tmp_path)
    published = _published(folder, settings).drop(columns=["file_modified_at"])     # a warehouse from before the column
    assert file_identities(published) == {}
    known, rest = known_files(sorted(folder.iterdir()), str(folder), settings, frozenset(published["article_id"]))
    assert len(known) == 2 and rest == []
