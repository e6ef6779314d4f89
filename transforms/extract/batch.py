"""Stages 6-7 over one batch of articles: articles and their person mentions -> claims and figures.

Input: a batch of articles, the person mentions of those articles, and which of the two
tables to compute. Output: (claims, figures). Figures are attributed through the claims
that hold them; without claims they are computed alone (no ``claim_id``, no speaker).
A table not asked for is not computed: it comes back empty.

A plain function importable without Prefect: the flow runs it in spawned worker
processes (the attribution tagger makes this the heaviest stage).
"""
from __future__ import annotations

import pandas as pd

from schemas import empty
from transforms.common.settings import Settings
from transforms.extract import claims as claims_stage
from transforms.extract import figures as figures_stage


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
