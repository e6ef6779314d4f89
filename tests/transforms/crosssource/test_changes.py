"""#15: an incremental run builds the cross-source rows of the changed stories and articles
only, and the result is the table a build over everything gives."""
import pandas as pd
import pytest

from schemas import load_warehouse
from transforms.crosssource import changes, claim_groups
from transforms.extract.batch import in_article_order


@pytest.fixture(scope="module")
def tables(seeds_run):
    t = load_warehouse(seeds_run[1])
    return {name: t[name] for name in ("articles", "claims", "figures", "mentions")}


def _published(tables, settings, edit):
    """A warehouse as an earlier run left it: ``edit`` applied to copies of the tables, and
    the cross-source tables built over them."""
    before = edit({name: frame.copy() for name, frame in tables.items()})
    return {**before, **changes.build(before, settings)}


def _same_as_full_build(tables, published, settings):
    built, kept = changes.build_changed(tables, published, settings)
    full = changes.build(tables, settings)
    for name, frame in changes.merged(built, kept, tables["articles"]).items():
        pd.testing.assert_frame_equal(frame, full[name], obj=name)
    return built, kept


def _claim_reworded(t):
    row = t["claims"].index[0]
    t["claims"].loc[row, "content"] = "something else entirely"
    return t


def _article_gone(t):
    gone = t["articles"]["article_id"].iloc[-1]
    return {name: frame[frame["article_id"] != gone] for name, frame in t.items()}


def _speaker_relinked(t):
    linked = t["claims"]["speaker_person_id"].notna()
    t["claims"].loc[t["claims"].index[linked][:1], "speaker_person_id"] = None
    return t


@pytest.mark.parametrize("edit", [_claim_reworded, _article_gone, _speaker_relinked], ids=["edited", "added", "relinked"])
def test_changed_parts_merged_with_the_rest_equal_one_full_build(tables, settings, edit):
    built, kept = _same_as_full_build(tables, _published(tables, settings, edit), settings)
    assert len(kept["claim_links"]) > 0                      # untouched articles are taken over, not rebuilt
    assert len(built["claim_links"]) < len(tables["claims"])


def test_a_removed_article_takes_its_rows_out(tables, settings):
    published = {**tables, **changes.build(tables, settings)}
    now = _article_gone({name: frame.copy() for name, frame in tables.items()})
    _same_as_full_build(now, published, settings)


def test_nothing_changed_builds_nothing(tables, settings):
    published = {**tables, **changes.build(tables, settings)}
    stories, articles = changes.changed(tables, published)
    assert stories == set() and articles == set()
    built, kept = _same_as_full_build(tables, published, settings)
    assert all(len(frame) == 0 for frame in built.values())


def test_digests_see_a_moved_offset_and_a_new_story(tables):
    moved = {name: frame.copy() for name, frame in tables.items()}
    moved["mentions"].loc[moved["mentions"].index[0], "char_start"] += 1
    aid = moved["mentions"]["article_id"].iloc[0]
    assert changes.changed(moved, tables)[1] == {aid}
    restoried = {name: frame.copy() for name, frame in tables.items()}
    restoried["articles"].loc[restoried["articles"].index[0], "story_id"] = "sto-new"
    stories, _ = changes.changed(restoried, tables)
    assert "sto-new" in stories and tables["articles"]["story_id"].iloc[0] in stories


def test_new_rows_sit_together_so_publishing_rewrites_few_segments():
    """Claim groups of one standing (independent sources, articles) run newest first, and
    links follow the articles table: a run's new statements and links are one block, not
    rows scattered by their hashed ids."""
    day = lambda d: pd.Timestamp(d, tz="UTC")
    groups = pd.DataFrame({"group_id": ["cgr-a", "cgr-b", "cgr-c", "cgr-d"], "n_independent": [1, 1, 1, 2],
                           "n_articles": [1, 1, 1, 2], "last_reported_at": [day("2024-01-01"), pd.NaT, day("2024-03-01"),
                                                                            day("2023-01-01")]})
    assert claim_groups.ordered(groups)["group_id"].tolist() == ["cgr-d", "cgr-c", "cgr-a", "cgr-b"]
    articles = pd.DataFrame({"article_id": ["art-9", "art-1", "art-5"]})
    links = pd.DataFrame({"article_id": ["art-1", "art-5", "art-9", "art-1"], "n": [1, 2, 3, 4]})
    assert in_article_order(links, articles)["n"].tolist() == [3, 1, 4, 2]


def test_digests_read_offsets_read_back_as_offsets_built():
    """Offsets are Int64 in a table read back and float64 in one built: the same values
    digest alike (else every article looks changed and every speaker is linked again)."""
    from transforms.common import digests

    built = pd.DataFrame({"article_id": ["a", "a", "b"], "char_start": [3.0, 9.0, None], "role": [None, "minister", None]})
    read_back = built.astype({"char_start": "Int64", "role": "str"})
    assert digests.changed_articles(digests.per_article(built, ["char_start", "role"]),
                                    digests.per_article(read_back, ["char_start", "role"])) == set()
    moved = read_back.assign(char_start=pd.array([3, 10, None], dtype="Int64"))
    assert digests.changed_articles(digests.per_article(built, ["char_start", "role"]),
                                    digests.per_article(moved, ["char_start", "role"])) == {"a"}


def test_rows_carried_as_published_are_not_hashed_unless_validation_removed_some(tables, settings):
    """Articles whose claims and figures were taken over unchanged are left out of the
    digests; one that lost a claim to validation since is still found changed."""
    published = {**tables, **changes.build(tables, settings)}
    everyone = set(tables["articles"]["article_id"])
    assert changes.changed(tables, published, everyone) == (set(), set())
    # a claim of a carried article quarantined by this run's validation
    lost = tables["claims"]["article_id"].iloc[0]
    now = {**tables, "claims": tables["claims"].iloc[1:]}
    assert changes.changed(now, published, everyone)[1] == {lost} == changes.changed(now, published)[1]
    _same_as_full_build(now, published, settings)
    # an article outside ``as_published`` is hashed as before
    reworded = _claim_reworded({name: frame.copy() for name, frame in tables.items()})
    edited = reworded["claims"]["article_id"].iloc[0]
    assert changes.changed(reworded, published, everyone - {edited})[1] == {edited}
