"""Warehouse storage: tables as Parquet datasets cut into content-defined segments, unchanged
segments hard-linked from the previous version, versions kept as configured."""
import json
import os

import pandas as pd

from flows.warehouse import publish, read_tables


def _articles(ids) -> pd.DataFrame:
    return pd.DataFrame({"article_id": [f"art-{i:06d}" for i in ids], "body": [f"body of {i} " * 20 for i in ids]})


def _segment_files(version):
    return sorted((version / "articles").iterdir())


def test_a_new_article_writes_its_segment_and_links_the_rest(tmp_path):
    out = tmp_path / "wh"
    base = _articles(range(2000))
    first = publish({"articles": base}, out, {"run_id": "r1"}, segment_keys=16)
    assert len(_segment_files(first)) > 50
    grown = pd.concat([base.iloc[:1000], _articles([10_000_001]), base.iloc[1000:]], ignore_index=True)
    second = publish({"articles": grown}, out, {"run_id": "r2"}, segment_keys=16)
    pd.testing.assert_frame_equal(read_tables(out, ["articles"])["articles"], grown)
    linked = [p for p in _segment_files(second) if p.stat().st_nlink > 1]
    assert len(linked) >= len(_segment_files(second)) - 1          # only the segment that holds the new row is new
    run = json.loads((second / "_run.json").read_text())
    total = sum(p.stat().st_size for p in _segment_files(second))
    assert run["bytes_written"] < 0.05 * total


def test_a_full_rewrite_when_nothing_is_shared_and_old_versions_are_pruned(tmp_path):
    out = tmp_path / "wh"
    for k in range(4):
        publish({"articles": _articles(range(k * 100, k * 100 + 50))}, out, {"run_id": f"r{k}"}, keep_versions=3)
    versions = sorted(p.name for p in (tmp_path / ".wh.versions").iterdir())
    assert versions == ["r1", "r2", "r3"] and os.readlink(out).endswith("r3")
    assert read_tables(out)["articles"]["article_id"].iloc[0] == "art-000300"


def test_empty_tables_keep_their_columns(tmp_path):
    out = tmp_path / "wh"
    publish({"claims": pd.DataFrame({"claim_id": pd.Series(dtype="string"), "n": pd.Series(dtype="int64")})}, out,
            {"run_id": "r1"})
    back = pd.read_parquet(out / "claims")
    assert list(back.columns) == ["claim_id", "n"] and back.empty


def test_tables_read_back_and_published_again_write_nothing(tmp_path):
    """Equal rows are equal segments whatever their Arrow buffers: rows read back from many
    files (an incremental run keeps published groups and links) digest as rows built anew."""
    out = tmp_path / "wh"
    frame = _articles(range(500)).assign(tags=[["a", f"t{i % 7}"] for i in range(500)],
                                        note=[None if i % 3 else f"n{i}" for i in range(500)])
    publish({"articles": frame}, out, {"run_id": "r1"}, segment_keys=4)
    back = read_tables(out, ["articles"])["articles"]
    second = publish({"articles": back}, out, {"run_id": "r2"}, segment_keys=4)
    assert json.loads((second / "_run.json").read_text())["bytes_written"] == 0


def test_long_segments_are_cut_finer_and_a_new_key_still_changes_one_or_two():
    """Past twice the average a segment of articles is cut at more keys; those cuts too
    depend on the keys alone, so a key added anywhere leaves every other segment as it was."""
    from flows.warehouse import LONG_SEGMENT, _segments

    def pieces(ids):
        frame = pd.DataFrame({"article_id": [f"art-{i:07d}" for i in ids]})
        keys = frame["article_id"].tolist()
        return {tuple(keys[a:b]) for a, b in _segments(frame, "article_id", 64, finer=True)}

    ids = list(range(0, 400_000, 7))
    before = pieces(ids)
    assert max(map(len, before)) < (LONG_SEGMENT + 2) * 64 and len(before) > len(ids) / 64     # without: 383 here
    for new in range(3, 400_000, 40_000):                 # one new key at a time, in many places
        after = pieces(sorted([*ids, new]))
        assert len(after - before) <= 2 and len(before - after) <= 2, new
