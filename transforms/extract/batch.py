"""Stages 6-7 over one batch of articles: articles and their person mentions -> claims and figures.

Input: a batch of articles, the person mentions of those articles, and which of the two
tables to compute. Output: (claims, figures, rejects). Figures are attributed through the claims
that hold them; without claims they are computed alone (no ``claim_id``, no speaker).
A table not asked for is not computed: it comes back empty.

A plain function importable without Prefect: the flow runs it in spawned worker
processes (the attribution tagger makes this the heaviest stage). :func:`carry_over` takes
the claims and figures of articles an earlier run published instead of finding them again:
only their speakers are linked again, to this run's people.
"""
from __future__ import annotations

import pandas as pd

from schemas import empty
from transforms.common import digests
from transforms.common.errors import article_rejected, contained, one_each
from transforms.common.frames import member, rows_at
from transforms.common.settings import Settings
from transforms.extract import claims as claims_stage
from transforms.extract import figures as figures_stage
from transforms.extract.claims.link import relink


def extract_batch(batch: pd.DataFrame, mentions: pd.DataFrame, settings: Settings, claims: bool = True,
                  figures: bool = True) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Claims, then the figures they hold, for one batch of articles.

    An article on which a stage raises loses only that stage's rows: a ``stage_error``
    reject names the stage, the exception and the file, and the rest of the batch goes on
    (the batch is redone one article at a time only when it fails). The article itself
    stays: its text and metadata are good.

    Args:
        batch: articles (``article_id``, ``body``, ``published_at``, ``caption_spans``, ...).
        mentions: the person mentions of those articles (speakers are linked to people).
        claims, figures: which tables to compute; the other comes back empty.

    Returns:
        (claims, figures, rejects) of the batch.
    """
    def claims_of(b: pd.DataFrame) -> pd.DataFrame:
        return claims_stage.process(b, mentions[member(mentions["article_id"], b["article_id"])], settings)

    def figures_of(b: pd.DataFrame) -> pd.DataFrame:
        return figures_stage.process(b, found[member(found["article_id"], b["article_id"])], settings)

    found, numbers, rejects = empty("claims"), empty("figures"), []
    if claims:
        parts, failed = contained("claims", claims_of, batch, one_each, article_rejected("claims"))
        found, rejects = _concat(parts, "claims"), rejects + failed
    if figures:
        parts, failed = contained("figures", figures_of, batch, one_each, article_rejected("figures"))
        numbers, rejects = _concat(parts, "figures"), rejects + failed
    return found, numbers, rejects


# A sentence with a reporting cue, a speaker and a figure: extracting it loads every model
# and vocabulary a batch needs, whatever the settings choose (parse, taggers, gate).
WARM_UP_TEXT = "The minister told reporters on Monday that about 20 people were hurt, police said."


def warm_up(settings: Settings, claims: bool = True, figures: bool = True) -> None:
    """Load what :func:`extract_batch` loads, in this process, by extracting one made-up
    article (the result is dropped): a worker that runs this while the flow is busy with
    other stages starts its first real batch with its models in memory."""
    article = pd.DataFrame({"article_id": ["art-warm-up"], "body": [WARM_UP_TEXT], "published_at": [pd.NaT],
                            "caption_spans": [[]]})
    extract_batch(article, empty("mentions"), settings, claims, figures)


def prepare(bodies: list[str], settings: Settings, claims: bool = True, figures: bool = True) -> None:
    """Do now, in this process, the part of :func:`extract_batch` that reads the bodies
    alone (the parse and the attribution tagger), so that extracting them later, once their
    people mentions are known, takes the results (:func:`.claims.article.prepare`)."""
    if claims:
        claims_stage.prepare(bodies, settings)


def _concat(parts: list[pd.DataFrame], table: str) -> pd.DataFrame:
    if len(parts) == 1:
        return parts[0]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty(table)



def carry_over(published_claims: pd.DataFrame, published_figures: pd.DataFrame, articles: pd.DataFrame,
               mentions: pd.DataFrame, settings: Settings,
               published_mentions: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """The claims and figures of published articles that are still in the run.

    Their spans depend only on their article, which has not changed (same content hash);
    the speakers depend on the people of the whole run, so they are linked again, in the
    articles whose name mentions this run resolved otherwise than the published run did
    (all of them when ``published_mentions`` is not given): a speaker is linked from its
    article's mentions alone.

    Args:
        published_claims, published_figures: the previous run's tables.
        articles: the articles carried over (``article_id``, ``body``).
        mentions: this run's resolved person mentions.
        published_mentions: the previous run's mentions.

    Returns:
        (claims, figures) of those articles, as a run that extracted them now would give them;
        and the articles whose speakers were linked again (the others' rows are the published ones).
    """
    ids = set(articles["article_id"].tolist())
    claims = published_claims[member(published_claims["article_id"], ids)].reset_index(drop=True)
    if published_mentions is None:
        relinked = ids
    else:
        columns = list(mentions.columns)
        relinked = digests.changed_articles(digests.per_article(mentions[member(mentions["article_id"], ids)], columns),
                                            digests.per_article(published_mentions[member(published_mentions["article_id"], ids)], columns))
    again = member(claims["article_id"], relinked)
    if again.any():
        bodies = dict(zip(articles["article_id"].tolist(), articles["body"].tolist()))
        linked = relink(claims[again], bodies, mentions[member(mentions["article_id"], relinked)], settings)
        claims.loc[again, ["speaker", "speaker_person_id"]] = linked[["speaker", "speaker_person_id"]].to_numpy()
    figures = published_figures[member(published_figures["article_id"], ids)].reset_index(drop=True)
    return claims, figures_stage.with_speakers(figures, claims), set(relinked)


def in_article_order(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Rows grouped by article in the order of ``articles`` (each article's rows keep their
    order), as a run that extracted every article batch by batch lays them out."""
    if frame.empty:
        return frame
    position = pd.Series(range(len(articles)), index=articles["article_id"].to_numpy())
    order = frame["article_id"].map(position)
    return rows_at(frame, order.argsort(kind="stable")).reset_index(drop=True)
