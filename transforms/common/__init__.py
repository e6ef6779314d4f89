"""Support shared by every stage: settings and vocabularies, reject reasons, text helpers,
per-article digests and column operations over whole tables.

Nothing here is a stage; every stage package imports from here and from nowhere else
outside its own package (except ``models``).
"""
