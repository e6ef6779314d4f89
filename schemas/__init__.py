"""The warehouse contract (pandera models); see :mod:`schemas.tables`."""
from schemas.tables import (TABLES, ArticleSchema, ClaimSchema, DedupSignatureSchema, FigureSchema, MentionSchema, PersonSchema,
                            RejectSchema, columns, empty)

__all__ = ["TABLES", "ArticleSchema", "ClaimSchema", "DedupSignatureSchema", "FigureSchema", "MentionSchema", "PersonSchema",
           "RejectSchema", "columns", "empty"]
