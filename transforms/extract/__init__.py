"""Extract: per-article rows from clean bodies.

    people   name mentions per article, then one person per real person across the run
    claims   who said / reports / believes what (learned tagger + patterns)
    figures  every number with unit, qualifier and speaker
    batch    claims, then figures, over one batch of articles (what the flow maps)
"""
