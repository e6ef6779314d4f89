"""Ingest: raw files -> article rows.

    load      files -> records (format, encoding, sha256; rejects for unusable inputs)
    clean     page text -> article body without page furniture, caption spans
    metadata  title, outlet, authors, published_at, dateline
    articles  content-derived ids; empty and exact-duplicate inputs rejected; the since filter
    parse     load -> clean -> metadata over one batch of files (what the flow maps)
"""
