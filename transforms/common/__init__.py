"""Support shared by every stage: settings and vocabularies, reject reasons, text helpers.

Nothing here is a stage; every stage package imports from here and from nowhere else
outside its own package (except ``models``).
"""
