"""The warehouse contract: one pandera DataFrameModel per published table.

Every table the pipeline writes is declared here, with its grain (the docstring's first
line), its columns (types, nullability, value ranges, a description each) and its row
invariants. The writer validates against these models and orders columns by them; the
tests and the README's table reference are generated from them. Nobody re-lists columns:
stages take theirs from :func:`columns`, which also says which stage fills a column (a
field's ``metadata={"stage": ...}``; the articles table is filled by load, the articles
stage, dedup and stories).

Example:
    >>> ArticleSchema.to_schema().columns["article_id"].unique
    True
    >>> [name for name, _ in TABLES.items()][:3]
    ['articles', 'claims', 'figures']
"""
from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd
import pandera.pandas as pa
from pandera.api.pandas import model as _pandera_model
from pandera.typing import Index, Series

# Building a model's schema, pandera collects the Series and Index types of every installed
# dataframe library, which imports dask.dataframe (1.5 s in each process, every run: dask is
# installed for the Dask runner). These models annotate pandas types only, so pandera is
# told so; only this module builds schemas from the models.
_pandera_model.get_series_types = lambda: {Series}
_pandera_model.get_index_types = lambda: {Index}

UTC = {"unit": "us", "tz": "UTC"}
# Which stage fills a column, where that is not the stage the table is named after (see columns()).
LOAD, DEDUP, STORIES = ({"stage": stage} for stage in ("load", "dedup", "stories"))


def _is_list(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.ArrowDtype):         # Arrow lists: a list in every cell but a missing one
        return values.notna()
    return values.map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "tolist"))


def offset(description: str, end: bool = False):
    """A character offset into ``articles.body``: the provenance every extracted row keeps
    (an end offset is exclusive, so at least 1)."""
    return pa.Field(ge=1 if end else 0, description=description)


def list_of(description: str, items: str = "string", **metadata):
    """A column of lists (object in pandas). ``items`` is the Parquet type of an element:
    ``string``, ``list<int64>`` ([start, end] pairs) or ``list<string>``."""
    return pa.Field(description=description, metadata={"items": items, **metadata})


def _items() -> dict:
    """``items`` of :func:`list_of` -> the Arrow type of a list's element."""
    import pyarrow

    return {"string": pyarrow.string(), "int64": pyarrow.int64(), "list<int64>": pyarrow.list_(pyarrow.int64()),
            "list<string>": pyarrow.list_(pyarrow.string())}


def arrow_list_of(description: str, items: str = "string"):
    """A column of lists held as Arrow lists in pandas (``pd.ArrowDtype``), for a table that
    the pipeline reads and writes in bulk, never a cell at a time (dedup_signatures, claim
    groups): an incremental run takes over most published rows of it, and turning them into
    Python lists on read and back on write cost ~1.5 s a run at 19,000 articles.
    ``load_warehouse`` still gives Python lists. ``items`` as for :func:`list_of`."""
    import pyarrow

    return pa.Field(description=description, dtype_kwargs={"pyarrow_dtype": pyarrow.list_(_items()[items])},
                    metadata={"items": items})


def body_slice(description: str):
    """Text cut from ``articles.body`` at the row's offsets: never empty."""
    return pa.Field(str_length={"min_value": 1}, description=description)


class _Base(pa.DataFrameModel):
    class Config:
        strict = True           # no column outside the contract
        coerce = True
        ordered = True          # columns in declared order, so files are byte-stable


class ArticleSchema(_Base):
    """One row per input article (a file, or a record of a .json/.jsonl file)."""

    article_id: Series[str] = pa.Field(unique=True, str_startswith="art-", description="stable id: hash of the article's raw content")
    source_file: Series[str] = pa.Field(metadata=LOAD, description="path of the raw input, relative to the input folder")
    record_index: Series[int] = pa.Field(ge=0, metadata=LOAD, description="record number inside a .json/.jsonl file (0 for other files)")
    sha256: Series[str] = pa.Field(str_length={"min_value": 64, "max_value": 64}, metadata=LOAD, description="sha256 of the raw file bytes")
    size_bytes: Series[int] = pa.Field(ge=1, metadata=LOAD, description="size of the raw file")
    file_modified_at: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs=UTC, metadata=LOAD, description="modification time of the raw file when it was read, UTC; with size_bytes, how a later run knows the file unchanged without reading it (missing for articles an append-mode warehouse kept from before this column)")
    format: Series[str] = pa.Field(isin=["txt", "html", "json", "jsonl"], metadata=LOAD, description="input format")
    encoding: Series[str] = pa.Field(metadata=LOAD, description="detected text encoding")
    title: Series[str] = pa.Field(nullable=True, description="headline")
    outlet: Series[str] = pa.Field(nullable=True, description="publishing outlet, when the page names it")
    authors: Series[object] = list_of("list of bylined writers (house bylines kept as written when nobody is named)")
    published_at: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs=UTC, description="publication time, UTC")
    dateline: Series[str] = pa.Field(nullable=True, description="dateline place ('LONDON (Reuters) -')")
    url: Series[str] = pa.Field(nullable=True, description="page URL when the input carries one")
    body: Series[str] = pa.Field(str_length={"min_value": 1}, description="clean article text; every offset points into it")
    n_words: Series[int] = pa.Field(ge=1, description="words in body")
    caption_spans: Series[object] = list_of("[start, end) offsets of photo captions inside body", "list<int64>")
    dup_cluster_id: Series[str] = pa.Field(metadata=DEDUP, description="articles sharing it are copies of one wire story")
    canonical_article_id: Series[str] = pa.Field(metadata=DEDUP, description="the most complete, earliest copy in the cluster")
    dup_similarity: Series[float] = pa.Field(ge=0.0, le=1.0, metadata=DEDUP, description="alignment score with the closest copy (1.0 alone)")
    dup_evidence: Series[str] = pa.Field(nullable=True, metadata=DEDUP, description="why the article was merged into its cluster")
    story_id: Series[str] = pa.Field(str_startswith="sto-", metadata=STORIES, description="articles about the same event (copies included)")

    @pa.dataframe_check
    def list_columns(cls, df: pd.DataFrame) -> pd.Series:
        return _is_list(df["authors"]) & _is_list(df["caption_spans"])

    @pa.dataframe_check
    def not_in_future(cls, df: pd.DataFrame) -> pd.Series:
        return df["published_at"].isna() | (df["published_at"] <= pd.Timestamp(datetime.now(timezone.utc)))


class ClaimSchema(_Base):
    """One row per attributed statement (who said / reported / believes what) in an article."""

    claim_id: Series[str] = pa.Field(unique=True, str_startswith="clm-", description="stable id")
    article_id: Series[str] = pa.Field(description="articles.article_id")
    speaker: Series[str] = pa.Field(nullable=True, description="source as the article names it (pronouns resolved)")
    speaker_person_id: Series[str] = pa.Field(nullable=True, description="people.person_id when the speaker is a person")
    cue: Series[str] = pa.Field(nullable=True, description="reporting verb or phrase")
    kind: Series[str] = pa.Field(isin=["statement", "belief", "stance"], description="statement: reported speech; belief: cognition (believe, expect, fear); stance: desire, plan or support (want, favor, seek); from transforms/data/cue_kinds.txt")
    content: Series[str] = body_slice("what is attributed, as it stands in the body")
    char_start: Series[int] = offset("content offset in articles.body")
    char_end: Series[int] = offset("content end offset (exclusive)", end=True)
    speaker_start: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="speaker offset in body")
    speaker_end: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="speaker end offset")
    is_direct: Series[bool] = pa.Field(description="verbatim quotation")
    extractor: Series[str] = pa.Field(isin=["pattern", "tagger"], description="pattern: a reporting pattern matched; tagger: found by the learned attribution tagger")
    medium: Series[str] = pa.Field(nullable=True, description="channel when stated (interview with KBS, Telegram post, ...)")
    claim_date: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs=UTC, description="date the statement was made, when stated")
    is_hedged: Series[bool] = pa.Field(description="the article says it could not verify the statement")
    sentence_start: Series[int] = pa.Field(ge=0, description="offset of the sentence holding the claim")
    sentence_end: Series[int] = pa.Field(ge=1, description="end of that sentence")

    @pa.dataframe_check
    def offsets_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["char_start"] < df["char_end"]


class FigureSchema(_Base):
    """One row per number stated in an article body."""

    figure_id: Series[str] = pa.Field(unique=True, str_startswith="fig-", description="stable id")
    article_id: Series[str] = pa.Field(description="articles.article_id")
    value: Series[float] = pa.Field(ge=0, description="the number (1.3 million -> 1300000.0)")
    value_low: Series[float] = pa.Field(nullable=True, description="lower bound of a range")
    value_high: Series[float] = pa.Field(nullable=True, description="upper bound of a range")
    unit: Series[str] = pa.Field(nullable=True, description="what is counted or measured (soldiers, km, pct, dlrs...)")
    qualifier: Series[str] = pa.Field(nullable=True, description="about / at least / up to / some / estimated ...")
    subject: Series[str] = pa.Field(nullable=True, description="the counted phrase (North Korean troops)")
    text: Series[str] = body_slice("the phrase as it stands in the body")
    char_start: Series[int] = offset("offset in articles.body")
    char_end: Series[int] = offset("end offset (exclusive)", end=True)
    claim_id: Series[str] = pa.Field(nullable=True, description="claims.claim_id when the number sits in a statement")
    speaker: Series[str] = pa.Field(nullable=True, description="who the number is attributed to")
    speaker_person_id: Series[str] = pa.Field(nullable=True, description="people.person_id of that speaker")

    @pa.dataframe_check
    def range_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["value_low"].isna() | df["value_high"].isna() | (df["value_low"] <= df["value_high"])


class PersonSchema(_Base):
    """One row per real person across the whole run."""

    person_id: Series[str] = pa.Field(unique=True, str_startswith="per-", description="stable id from the folded name")
    name: Series[str] = pa.Field(str_length={"min_value": 1}, description="canonical name")
    aliases: Series[object] = list_of("other surface forms seen")
    kinds: Series[object] = list_of("subject / author / photographer")
    roles: Series[object] = list_of("roles and titles as the articles state them")
    article_ids: Series[object] = list_of("articles that mention the person")
    mention_count: Series[int] = pa.Field(ge=1, description="mentions across the run")
    first_seen: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs=UTC, description="earliest publication date of those articles")

    @pa.dataframe_check
    def list_columns(cls, df: pd.DataFrame) -> pd.Series:
        return _is_list(df["aliases"]) & _is_list(df["kinds"]) & _is_list(df["roles"]) & _is_list(df["article_ids"])


class MentionSchema(_Base):
    """One row per mention of a person in an article (body, title or byline)."""

    article_id: Series[str] = pa.Field(description="articles.article_id")
    person_id: Series[str] = pa.Field(description="people.person_id")
    surface: Series[str] = pa.Field(str_length={"min_value": 1}, description="the name as written")
    field: Series[str] = pa.Field(isin=["body", "title", "byline"], description="where the mention is")
    char_start: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="offset in body/title (null for bylines)")
    char_end: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="end offset")
    kind: Series[str] = pa.Field(isin=["subject", "author", "photographer"], description="what the person is to the article")
    role: Series[str] = pa.Field(nullable=True, description="role stated next to this mention")


class RejectSchema(_Base):
    """One row per input that did not become an article, or per row quarantined by validation."""

    source_file: Series[str] = pa.Field(description="path of the input, relative to the input folder")
    stage: Series[str] = pa.Field(description="stage that rejected it (load, clean, validate, ...)")
    table: Series[str] = pa.Field(description="table the rejected row belonged to")
    record_id: Series[str] = pa.Field(nullable=True, description="id of the quarantined row, if any")
    reason_code: Series[str] = pa.Field(description="stable reason code")
    reason: Series[str] = pa.Field(str_length={"min_value": 1}, description="specific, readable reason")
    sha256: Series[str] = pa.Field(nullable=True, description="sha256 of the input file, when read")
    size_bytes: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="size of the input file, when read")


class DedupSignatureSchema(_Base):
    """One row per article: the normalised words dedup and stories compare, kept for incremental runs."""

    article_id: Series[str] = pa.Field(unique=True, description="articles.article_id")
    sentences: Series[pd.ArrowDtype] = arrow_list_of("per sentence, its normalised content words", "list<string>")
    dup_cluster_id: Series[str] = pa.Field(description="cluster at publication (new articles join it)")
    story_words: Series[pd.ArrowDtype] = arrow_list_of("normalised words of title and body that stories weigh (empty "
                                                       "unless the article is its cluster's canonical one)")
    story_counts: Series[pd.ArrowDtype] = arrow_list_of("occurrences of each of story_words", "int64")


class ClaimGroupSchema(_Base):
    """One row per statement reported across articles: same story, same speaker, same content in other words."""

    group_id: Series[str] = pa.Field(unique=True, str_startswith="cgr-", description="stable id (hash of its claim ids)")
    story_id: Series[str] = pa.Field(description="articles.story_id")
    speaker: Series[str] = pa.Field(nullable=True, description="the fullest form of the speaker among the claims")
    speaker_person_id: Series[str] = pa.Field(nullable=True, description="people.person_id when the speaker is a person")
    content: Series[str] = pa.Field(str_length={"min_value": 1}, description="the wording most like the others")
    claim_ids: Series[pd.ArrowDtype] = arrow_list_of("claims.claim_id of every report of the statement")
    article_ids: Series[pd.ArrowDtype] = arrow_list_of("articles carrying it")
    n_articles: Series[int] = pa.Field(ge=1, description="articles carrying it")
    n_independent: Series[int] = pa.Field(ge=1, description="independent sources: wire copies (one dup_cluster_id) count once")
    outlets: Series[pd.ArrowDtype] = arrow_list_of("outlets of those articles, where known")
    first_reported_at: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs=UTC, description="earliest publication date")
    last_reported_at: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs=UTC, description="latest publication date")

    @pa.dataframe_check
    def independent_within_articles(cls, df: pd.DataFrame) -> pd.Series:
        return (df["n_independent"] <= df["n_articles"]) & _is_list(df["claim_ids"]) & _is_list(df["outlets"])


class FigureGroupSchema(_Base):
    """One row per figure in a group of figures about one quantity (story, unit class, named subject)."""

    group_id: Series[str] = pa.Field(str_startswith="fgr-", description="stable id of the quantity")
    story_id: Series[str] = pa.Field(description="articles.story_id")
    unit_class: Series[str] = pa.Field(description="what is counted (soldiers, troops and infantrymen are troops)")
    subject: Series[str] = pa.Field(nullable=True, description="the most specific subject among the group's figures")
    n_values: Series[int] = pa.Field(ge=1, description="distinct values in the group")
    values_disagree: Series[bool] = pa.Field(description="no one number fits every figure within its qualifier")
    figure_id: Series[str] = pa.Field(unique=True, description="figures.figure_id")
    article_id: Series[str] = pa.Field(description="articles.article_id")
    value: Series[float] = pa.Field(description="the number")
    qualifier: Series[str] = pa.Field(nullable=True, description="about / at least / up to ...")
    unit: Series[str] = pa.Field(nullable=True, description="unit as extracted (or inherited)")
    text: Series[str] = pa.Field(description="the phrase in the article")
    speaker: Series[str] = pa.Field(nullable=True, description="who the number is attributed to")
    speaker_person_id: Series[str] = pa.Field(nullable=True, description="people.person_id of the speaker")
    claim_date: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs=UTC, description="when the holding statement was made")
    outlet: Series[str] = pa.Field(nullable=True, description="outlet of the article")
    published_at: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs=UTC, description="publication date of the article")
    inherited: Series[bool] = pa.Field(description="unit and subject taken from an earlier figure ('their number to 15,000')")


class ClaimLinkSchema(_Base):
    """One row per person or number that a claim's content mentions (the name's or the number's span lies inside the content's)."""

    claim_id: Series[str] = pa.Field(str_startswith="clm-", description="claims.claim_id")
    article_id: Series[str] = pa.Field(description="articles.article_id")
    target: Series[str] = pa.Field(isin=["person", "figure"], description="person: a name of people (mentions); figure: a number of figures")
    person_id: Series[str] = pa.Field(nullable=True, description="people.person_id when target is person")
    figure_id: Series[str] = pa.Field(nullable=True, description="figures.figure_id when target is figure")
    text: Series[str] = body_slice("the name (its first mention in the content) or the number, as it stands in the body")
    char_start: Series[int] = offset("offset in articles.body, inside the claim's content")
    char_end: Series[int] = offset("end offset (exclusive)", end=True)

    @pa.dataframe_check
    def one_target(cls, df: pd.DataFrame) -> pd.Series:
        person, figure = df["target"] == "person", df["target"] == "figure"
        return (person == df["person_id"].notna()) & (figure == df["figure_id"].notna()) & (df["char_start"] < df["char_end"])


TABLES: dict[str, type[_Base]] = {
    "articles": ArticleSchema,
    "claims": ClaimSchema,
    "figures": FigureSchema,
    "people": PersonSchema,
    "mentions": MentionSchema,
    "dedup_signatures": DedupSignatureSchema,
    "rejects": RejectSchema,
    "claim_groups": ClaimGroupSchema,
    "figure_groups": FigureGroupSchema,
    "claim_links": ClaimLinkSchema,
}


def columns(table: str, *stages: str) -> list[str]:
    """Column names of a table, in contract order.

    Args:
        table: a name of :data:`TABLES`.
        stages: if given, only the columns one of these stages fills: a field's
            ``metadata={"stage": ...}``, else the stage the table is named after.

    Example:
        >>> columns("articles", "dedup")
        ['dup_cluster_id', 'canonical_article_id', 'dup_similarity', 'dup_evidence']
    """
    spec = TABLES[table].to_schema().columns
    if not stages:
        return list(spec)
    return [name for name, col in spec.items() if (col.metadata or {}).get("stage", table) in stages]


def empty(table: str) -> pd.DataFrame:
    """A zero-row frame with the table's columns (validation coerces the dtypes)."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns(table)})
