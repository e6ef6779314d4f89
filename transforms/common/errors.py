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
from typing import Callable, TypeVar

T = TypeVar("T")
R = TypeVar("R")


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
    FOREIGN_KEY = ("foreign_key_failed", "row of table {table_name} points to nothing: {detail}")
    OFFSETS = ("offsets_failed", "row of table {table_name} does not slice its text out of the body: {detail}")
    STAGE_ERROR = ("stage_error", "stage {step} failed on this input: {error}")

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


def stage_error(step: str, err: BaseException, source_file: str, *, table: str = "articles", record_id: str | None = None,
                sha256: str | None = None, size_bytes: int | None = None) -> dict:
    """The reject of an input on which a stage raised: the stage, the exception's type and
    message, and the input's file (the message is cut to 300 characters: it can quote a
    whole article; lone surrogates are escaped, Parquet cannot store them)."""
    message = f"{type(err).__name__}: {err}"
    message = (message if len(message) <= 300 else message[:300] + "...").encode("utf-8", "backslashreplace").decode("utf-8")
    return reject_row(source_file, Reject.STAGE_ERROR, sha256=sha256, size_bytes=size_bytes, stage=step, table=table,
                      record_id=record_id, step=step, error=message)


def contained(step: str, run: Callable[[T], R], batch: T, pieces: Callable[[T], list[T]], describe: Callable[[T], dict],
              join: Callable[[list[T]], T] | None = None) -> tuple[list[R], list[dict]]:
    """``run(batch)``; if it raises, ``run`` on each of ``pieces(batch)`` (one input each) so
    that an input on which the stage raises costs only itself.

    The whole batch is tried first, so a run without a failure keeps its batch speed (one
    spaCy stream, one pass); only a failed batch is redone input by input.

    Args:
        step: the stage's name, for the rejects.
        run: the stage over a batch.
        batch: the inputs.
        pieces: ``batch`` cut into batches of one input.
        describe: keyword arguments of :func:`stage_error` for a one-input batch (source_file, ...).
        join: for a stage whose result for one input depends on the others of its batch (name
            propagation in people): pieces -> one batch; the inputs that went through are then
            run again together, as if the culprit had never been in the batch.

    Returns:
        (the results of ``run``: one for the batch, or one per input that went through; a
        ``stage_error`` reject per input on which it raised).

    >>> contained("double", lambda xs: [2 / x for x in xs], [1, 0, 4], lambda xs: [[x] for x in xs],
    ...           lambda xs: {"source_file": f"n{xs[0]}"})[0]
    [[2.0], [0.5]]
    """
    try:
        return [run(batch)], []
    except Exception:         # noqa: BLE001 - any failure: find the input that caused it
        pass
    results, good, rejects = [], [], []
    for piece in pieces(batch):
        try:
            results.append(run(piece))
            good.append(piece)
        except Exception as err:  # noqa: BLE001 - this input is the culprit: reject it, keep going
            rejects.append(stage_error(step, err, **describe(piece)))
    if join is not None and good and rejects:
        try:
            return [run(join(good))], rejects
        except Exception:     # noqa: BLE001 - fails only together: keep what each gave alone
            pass
    return results, rejects


def one_each(batch):
    """A batch cut into batches of one input: a list into one-item lists, a frame of
    articles into one-row frames (for :func:`contained`)."""
    if hasattr(batch, "iloc"):
        return [batch.iloc[[i]] for i in range(len(batch))]
    return [[item] for item in batch]


def article_rejected(table: str) -> Callable[[object], dict]:
    """For :func:`contained` over a frame of articles: the reject fields of a one-article
    frame whose ``table`` rows a stage failed to make (the article itself stays)."""
    def fields(frame) -> dict:
        row = frame.iloc[0]
        return {"source_file": row.get("source_file", "?"), "table": table, "record_id": row["article_id"],
                "sha256": row.get("sha256"), "size_bytes": row.get("size_bytes")}
    return fields
