"""The warehouse contract (pandera models, :mod:`schemas.tables`), its Parquet side (Arrow
schemas with descriptions and nullability, :mod:`schemas.arrow`) and how to read a
warehouse back with those types (:func:`load_warehouse`)."""
from schemas.arrow import arrow_schema, list_columns, read_dtypes
from schemas.io import load_warehouse, table_path
from schemas.tables import (TABLES, ArticleSchema, ClaimGroupSchema, ClaimLinkSchema, ClaimSchema, DedupSignatureSchema,
                            FigureGroupSchema, FigureSchema, MentionSchema, PersonSchema, RejectSchema, columns, empty)

__all__ = ["TABLES", "ArticleSchema", "ClaimGroupSchema", "ClaimLinkSchema", "ClaimSchema", "DedupSignatureSchema",
           "FigureGroupSchema", "FigureSchema", "MentionSchema", "PersonSchema", "RejectSchema", "arrow_schema", "columns",
           "empty", "list_columns", "load_warehouse", "read_dtypes", "table_path"]
