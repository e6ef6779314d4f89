"""The warehouse contract (pandera models, :mod:`schemas.tables`) and how to read a
warehouse back with those types (:func:`load_warehouse`)."""
from schemas.io import load_warehouse, table_path
from schemas.tables import (TABLES, ArticleSchema, ClaimGroupSchema, ClaimSchema, DedupSignatureSchema, FigureGroupSchema,
                            FigureSchema, MentionSchema, PersonSchema, RejectSchema, columns, empty)

__all__ = ["TABLES", "ArticleSchema", "ClaimGroupSchema", "ClaimSchema", "DedupSignatureSchema", "FigureGroupSchema",
           "FigureSchema", "MentionSchema", "PersonSchema", "RejectSchema", "columns", "empty", "load_warehouse", "table_path"]
