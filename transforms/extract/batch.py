"""Stages 6-7 over one batch of articles: articles and their person mentions -> claims and figures.

Input: a batch of articles, the person mentions of those articles, and which of the two
tables to compute. Output: (claims, figures). Figures are attributed through the claims
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
from transforms.common.settings import Settings
from transforms.extract import claims as claims_stage
from transforms.extract import figures as figures_stage
from transforms.extract.claims.link import relink


def extract_batch(batch: pd.DataFrame, mentions: pd.DataFrame, settings: Settings, claims: bool = True,
                  figures: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claims, then the figures they hold, for one batch of articles.

    Args:
        batch: articles (``article_id``, ``body``, ``published_at``, ``caption_spans``, ...).
        mentions: the person mentions of those articles (speakers are linked to people).
        claims, figures: which tables to compute; the other comes back empty.

    Returns:
        (claims, figures) of the batch.
    """
    found = claims_stage.process(batch, mentions, settings) if claims else empty("claims")
    numbers = figures_stage.process(batch, found, settings) if figures else empty("figures")
    return found, numbers


def carry_over(published_claims: pd.DataFrame, published_figures: pd.DataFrame, articles: pd.DataFrame,
               mentions: pd.DataFrame, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The claims and figures of published articles that are still in the run.

    Their spans depend only on their article, which has not changed (same content hash);
    the speakers depend on the people of the whole run, so they are linked again.

    Args:
        published_claims, published_figures: the previous run's tables.
        articles: the articles carried over (``article_id``, ``body``).
        mentions: this run's resolved person mentions.

    Returns:
        (claims, figures) of those articles, as a run that extracted them now would give them.
    """
    ids = set(articles["article_id"])
    claims = published_claims[published_claims["article_id"].isin(ids)].reset_index(drop=True)
    claims = relink(claims, dict(zip(articles["article_id"], articles["body"])), mentions, settings)
    figures = published_figures[published_figures["article_id"].isin(ids)].reset_index(drop=True)
    return claims, figures_stage.with_speakers(figures, claims)


def in_article_order(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Rows grouped by article in the order of ``articles`` (each article's rows keep their
    order), as a run that extracted every article batch by batch lays them out."""
    if frame.empty:
        return frame
    position = pd.Series(range(len(articles)), index=articles["article_id"].to_numpy())
    order = frame["article_id"].map(position)
    return frame.iloc[order.argsort(kind="stable")].reset_index(drop=True)
