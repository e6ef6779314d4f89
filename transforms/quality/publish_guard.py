"""Publish guard: never replace a warehouse with one that lost most of its articles.

An empty or half-copied inbox, a wrong ``--input`` or removed files would otherwise publish
a warehouse that silently lost data (the hourly inbox deployment publishes whatever it
found). :func:`shrink_refusal` decides, from the published article count and the new one,
whether a run may publish; the flow calls it right before publishing and refuses the run
unless the operator allowed the shrink (``--allow-shrink``, flow parameter ``allow_shrink``).

Example:
    >>> shrink_refusal(published=1000, new=990, max_drop_share=0.5) is None
    True
    >>> print(shrink_refusal(published=1000, new=0, max_drop_share=0.5))
    this run would publish 0 articles over a warehouse of 1000 (a drop of 100%, more than [publish] max_drop_share = 50%); nothing was published: check --input, or pass --allow-shrink to publish it anyway
"""
from __future__ import annotations


def shrink_refusal(published: int, new: int, max_drop_share: float) -> str | None:
    """Why the run must not publish, or None when it may.

    Args:
        published: articles in the warehouse as published now (0 when there is none).
        new: articles the run would publish.
        max_drop_share: the largest share of the published articles a run may drop
            (``[publish] max_drop_share``); 1.0 allows anything.

    Returns:
        None when ``new`` keeps at least ``1 - max_drop_share`` of ``published``, else the
        one-line message to refuse the run with.
    """
    if published <= 0 or new >= published:
        return None
    drop = (published - new) / published
    if drop <= max_drop_share:
        return None
    return (f"this run would publish {new} articles over a warehouse of {published} (a drop of {drop:.0%}, more than "
            f"[publish] max_drop_share = {max_drop_share:.0%}); nothing was published: check --input, "
            "or pass --allow-shrink to publish it anyway")
