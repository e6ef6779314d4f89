"""Reject reasons: the one home of every reason an input or a row is turned away.

Each reason has a stable code (for counting and filtering) and a message template that says
specifically what was wrong, so an analyst reading the rejects table knows what to fix.
:func:`reject_row` makes one row of the rejects table from a reason; every stage that
turns something away builds its rows with it.

Example:
    >>> Reject.EMPTY.code, Reject.EMPTY.message()
    ('empty_file', 'empty file (0 bytes)')
    >>> Reject.TOO_LARGE.message(size=30_000_000, limit=20_000_000)
    'over the size limit: 30000000 bytes > 20000000'
    >>> reject_row("a.txt", Reject.EMPTY)["reason_code"]
    'empty_file'
"""
from __future__ import annotations

from enum import Enum


class Reject(Enum):
    """Every reason an input or a row is turned away: (stable code, message template)."""
    EMPTY = ("empty_file", "empty file (0 bytes)")
    TOO_LARGE = ("over_size_limit", "over the size limit: {size} bytes > {limit}")
    BINARY = ("binary_content", "binary content: {detail}")
    UNDECODABLE = ("undecodable", "undecodable bytes: not UTF-8 and no single-byte encoding fits ({detail})")
    UNSUPPORTED = ("unsupported_format", "unsupported format: '{ext}' (expected .txt, .html, .htm, .json, .jsonl)")
    BAD_JSON = ("malformed_json", "malformed JSON: {detail}")
    BAD_RECORD = ("bad_json_record", "JSON record without usable article text: {detail}")
    UNREADABLE = ("unreadable", "cannot read: {detail}")
    SYMLINKED_FOLDER = ("symlinked_folder", "symlinked folder not followed (it could loop): -> {target}")
    NOT_REGULAR = ("not_a_regular_file", "not a regular file: {detail}")
    NO_TEXT = ("no_article_text", "no article text after cleaning ({words} words left, need {need})")
    BEFORE_SINCE = ("before_since", "published {published}, before the run's since date {since}")
    EXACT_DUPLICATE = ("exact_duplicate", "exact duplicate of {other}")
    SCHEMA = ("schema_check_failed", "failed validation of table {table_name}: {detail}")
    STAGE_ERROR = ("stage_error", "stage {stage} failed on this article: {detail}")

    def __init__(self, code: str, template: str) -> None:
        self.code = code
        self.template = template

    def message(self, **kwargs) -> str:
        return self.template.format(**kwargs)


class RejectedInput(Exception):
    """Raised inside a transform for one input; the caller turns it into a rejects row."""

    def __init__(self, reason: Reject, **details) -> None:
        self.reason = reason
        self.details = details
        super().__init__(reason.message(**details))


def reject_row(source_file: str, reason: Reject, *, sha256: str | None = None, size_bytes: int | None = None,
               stage: str = "load", table: str = "articles", record_id: str | None = None, **details) -> dict:
    """One row of the rejects table (``schemas.RejectSchema``).

    Args:
        source_file: the input's path, relative to the input folder.
        reason: why; ``details`` fill its message template.
        stage, table, record_id: where it was turned away and the id of the row, if any.
    """
    return {"source_file": source_file, "stage": stage, "table": table, "record_id": record_id,
            "reason_code": reason.code, "reason": reason.message(**details), "sha256": sha256, "size_bytes": size_bytes}
