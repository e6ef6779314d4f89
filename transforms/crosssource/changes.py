"""Stage 7, cross-source, incremental: what changed since the published run -> the stories
and articles whose cross-source rows are built again; the others are taken over.

Every cross-source row depends on one story or one article only:

- a claim group is made inside one (story, speaker) block, from the block's claims and
  their articles' dup cluster, outlet and date (``claim_groups``);
- a figure group is one (story, unit class, subject) quantity, from the figures of the
  story's articles and their bodies (``figure_groups``);
- a claim link joins one claim with the names and numbers of its own article
  (``claim_links``).

So an incremental run compares, per article, a digest of what these rows read (the
article's story, cluster, outlet and date; its claims, figures and name mentions, columns
that feed the groups and links) with the same digest of the published tables. The body is
not digested: the article id is a hash of the raw file, so an article with the same id has
the same body (same code and settings, or the run would be a rebuild). A story is *changed* when one of its articles, now or before, has another digest
or is new or gone: its groups are built again; every other story's groups are the
published rows. Links are built again for the changed articles only. The result is the
same table a build over everything gives (``tests/transforms/crosssource/test_changes.py``),
at the cost of hashing the tables, not of grouping them.

Input: the run's validated tables and the published ones. Output: sets of story and
article ids.
"""
from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from transforms.common import digests
from transforms.common.frames import member
from transforms.common.settings import Settings
from transforms.crosssource import claim_groups, claim_links, figure_groups
from transforms.extract.batch import in_article_order

DERIVED = ("claim_groups", "figure_groups", "claim_links")

# What each table contributes to an article's digest: the columns cross-source rows read.
DIGEST_COLUMNS = {
    "articles": ["story_id", "dup_cluster_id", "outlet", "published_at"],
    "claims": ["claim_id", "speaker", "speaker_person_id", "content", "char_start", "char_end", "claim_date"],
    "figures": ["figure_id", "value", "qualifier", "unit", "subject", "text", "speaker", "speaker_person_id",
                "claim_id", "char_start", "char_end"],
    "mentions": ["person_id", "field", "surface", "char_start", "char_end"],
}


def article_digests(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """article_id -> one 64-bit digest of the article's rows in every table of ``DIGEST_COLUMNS``."""
    parts = [digests.per_article(tables.get(name), cols, salt=k) for k, (name, cols) in enumerate(DIGEST_COLUMNS.items())]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts).groupby(level=0, sort=False).sum() if parts else pd.Series(dtype="uint64")


def changed(tables: dict[str, pd.DataFrame], published: dict[str, pd.DataFrame],
            as_published: Collection[str] = ()) -> tuple[set[str], set[str]]:
    """(changed stories, changed articles) between the run's tables and the published ones.

    Articles on one side only count as changed, and so do their stories on either side.
    ``as_published``: articles whose claims and figures the run took over from the published
    tables as they were (carry-over, speakers not linked again). Their rows are left out of
    the digests on both sides, where they would agree (most of an incremental run's rows),
    unless validation removed some of them (another count of rows)."""
    if len(as_published):
        tables, published = _without_rows_as_published(tables, published, as_published)
    articles = digests.changed_articles(article_digests(tables), article_digests(published))
    stories = set()
    for frame in (tables["articles"], published["articles"]):
        stories |= set(frame.loc[member(frame["article_id"], articles), "story_id"])
    return stories, articles


def _without_rows_as_published(tables: dict[str, pd.DataFrame], published: dict[str, pd.DataFrame],
                               as_published: Collection[str]) -> tuple[dict, dict]:
    now, before = dict(tables), dict(published)
    for name in ("claims", "figures"):
        if name not in tables or name not in published:
            continue
        counts = [frame["article_id"].value_counts() for frame in (tables[name], published[name])]
        candidates = pd.Index(list(as_published))
        same = candidates[counts[0].reindex(candidates, fill_value=0).to_numpy() == counts[1].reindex(candidates, fill_value=0).to_numpy()]
        now[name] = tables[name][~member(tables[name]["article_id"], same)]
        before[name] = published[name][~member(published[name]["article_id"], same)]
    return now, before


def build(tables: dict[str, pd.DataFrame], settings: Settings) -> dict[str, pd.DataFrame]:
    """The three cross-source tables over every story and article."""
    return {"claim_groups": claim_groups.build(tables["claims"], tables["articles"], settings),
            "figure_groups": figure_groups.build(tables["figures"], tables["claims"], tables["articles"], settings),
            "claim_links": in_article_order(claim_links.build(tables["claims"], tables["mentions"], tables["figures"]),
                                            tables["articles"])}


def build_changed(tables: dict[str, pd.DataFrame], published: dict[str, pd.DataFrame],
                  settings: Settings, as_published: Collection[str] = ()) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """(the rows of the changed stories and articles, built; the published rows of the
    others), per cross-source table: :func:`merged` of the two is :func:`build`'s result.
    ``as_published``: see :func:`changed`."""
    stories, articles = changed(tables, published, as_published)
    in_stories = tables["articles"].loc[member(tables["articles"]["story_id"], stories), "article_id"]
    claims, figures = tables["claims"], tables["figures"]
    built = {"claim_groups": claim_groups.build(claims[member(claims["article_id"], in_stories)], tables["articles"], settings),
             "figure_groups": figure_groups.build(figures[member(figures["article_id"], in_stories)], claims,
                                                  tables["articles"], settings),
             "claim_links": claim_links.build(claims[member(claims["article_id"], articles)], tables["mentions"],
                                              figures[member(figures["article_id"], articles)])}
    kept = {name: published[name][~member(published[name][key], keys)]
            for name, key, keys in (("claim_groups", "story_id", stories), ("figure_groups", "story_id", stories),
                                    ("claim_links", "article_id", articles))}
    return built, kept


def merged(built: dict[str, pd.DataFrame], kept: dict[str, pd.DataFrame], articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Built and taken-over rows as one table each, in the order of one build (links in the
    order of ``articles``, as claims are: a run's new articles sit together there, and so do
    their links, so publishing rewrites a segment or two, not one per hashed article id)."""
    order = {"claim_groups": claim_groups.ordered, "figure_groups": figure_groups.ordered,
             "claim_links": lambda links: in_article_order(links, articles)}
    return {name: order[name](pd.concat([f for f in (kept[name], built[name]) if len(f)] or [built[name]], ignore_index=True))
            for name in DERIVED}
