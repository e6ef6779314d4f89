"""The news-etl flow: a folder of raw article files -> validated Parquet tables.

Read this file as the table of contents of the system. Each line of the flow body is one
stage; the stage itself is a pure function in ``transforms/`` and a thin task in
``flows/tasks.py``. Batch stages run where a ``BatchRunner`` says (``flows/runners.py``).

    load -> clean -> metadata      per batch of files          transforms/ingest/parse.py (load, clean, metadata)
    articles                       ids, empty and duplicate    transforms/ingest/articles.py
    dedup                          wire-copy clusters          transforms/cluster/dedup.py
    stories                        same event, other reports   transforms/cluster/stories.py
    people                         mentions (tagged on the     transforms/extract/people.py
                                   pool during dedup), then
                                   resolution
    claims, figures                per batch of articles       transforms/extract/batch.py (claims/, figures.py)
    validate                       pandera contracts           schemas/, transforms/quality/validate.py
    cross-source                   claim and figure groups,    transforms/crosssource/claim_groups.py, figure_groups.py,
                                   claims -> people, figures   claim_links.py; changes.py (incremental: changed stories only)
    report                         data-quality JSON + HTML    transforms/quality/dq_report.py
    publish                        atomic, locked, refused     flows/warehouse.py, transforms/quality/publish_guard.py
                                   if most articles would go

Run it with ``news-etl run --input seeds --output data/warehouse`` or call
:func:`news_etl` from Python. Prefect's local ephemeral API is used unless
``PREFECT_API_URL`` points at a server.
"""
from __future__ import annotations

import json
import time
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone

import pandas as pd
from prefect import flow, get_run_logger

from flows import tasks
from flows.arguments import check_run
from flows.progress import Display, progress_bar
from flows.runners import BatchRunner, short_lived_arrays
from flows.warehouse import publish, read_run_info, remove_partials, writer_lock
from schemas import arrow_schema, empty
from transforms.cluster import dedup as dedup_stage
from transforms.common.frames import member
from transforms.extract import people as people_stage
from transforms.extract import batch as extract_stage
from transforms.ingest import articles as articles_stage
from transforms.ingest import inbox
from transforms.ingest import load as load_stage
from transforms.ingest import parse as parse_stage
from transforms.quality import dq_report, publish_guard


class TooManyRejects(RuntimeError):
    """The run rejected more of its inputs than ``[validate] max_reject_share`` allows."""


class ShrinkRefused(RuntimeError):
    """The run would drop more than ``[publish] max_drop_share`` of the published articles."""


@flow(name="news-etl", log_prints=True)
def news_etl(input_dir: str = "seeds", output_dir: str = "data/warehouse", batch_size: int = 200,
             config: str | None = None, show_progress: bool = False, since: str | None = None,
             stages: list[str] | None = None, workers: int = 0, distributed: bool = False,
             mode: str = "mirror", archive_dir: str | None = None, rebuild: bool = False,
             allow_shrink: bool = False) -> dict:
    """Run every stage over ``input_dir`` and publish the tables to ``output_dir``.

    Args:
        input_dir: folder of raw files (walked recursively).
        output_dir: warehouse folder (a link to the newest complete version).
        batch_size: articles per task run.
        config: a TOML file overriding thresholds of ``transforms/config.toml``.
        show_progress: draw a progress bar (the CLI turns it on for terminals).
        since: ISO date (YYYY-MM-DD); articles published before it are rejected (undated ones are kept).
        stages: the extraction stages to run, of dedup, people, claims, figures (default all);
            a skipped stage is not computed and publishes an empty table (skipped dedup: one
            cluster per article; skipped claims: figures without claim_id or speaker).
        workers: local processes for parsing and for claims + figures (0 = every core).
        distributed: one task run per batch (parse, people, claims + figures), for a Dask task
            runner (see flows/runners.py).
        mode: ``mirror`` (the warehouse mirrors the input folder) or ``append`` (published
            articles stay when their file leaves the input): see transforms/ingest/inbox.py.
        archive_dir: after a successful publish, the input files this run read are moved
            there (same relative paths); for an inbox in ``append`` mode.
        rebuild: extract every article again instead of reusing what the warehouse holds
            (a change of code or settings does this by itself).
        allow_shrink: publish even when the run drops more than ``[publish] max_drop_share``
            of the published articles (otherwise :class:`ShrinkRefused`, nothing published).

    Returns:
        The run summary (also written to ``<output_dir>/_run.json``).
    """
    started = time.perf_counter()
    checked = check_run(input_dir=input_dir, output_dir=output_dir, batch_size=batch_size, workers=workers,
                        since=since, stages=stages, config=config, mode=mode)   # UsageError / ConfigError: one line
    settings, stages, since = checked.settings, set(checked.stages), checked.since
    short_lived_arrays()                # numpy on ordinary pages, Arrow on malloc: cheap faults (flows/runners.py)
    runner = BatchRunner.for_run(workers, distributed)
    wanted = ("claims" in stages, "figures" in stages)
    with writer_lock(output_dir), progress_bar(show_progress) as bar, ExitStack() as running:
        timer = StageTimer(bar)
        remove_partials(output_dir)         # versions that failed or killed runs left half written
        # an incremental run: a spare core loads the claims models meanwhile (closed below
        # if the run has many new files or none)
        warm = running.enter_context(tasks.warm_worker(runner, settings, *wanted, published=bool(read_run_info(output_dir))))
        # 0. the previous run's tables: published articles are reused, not parsed or extracted
        #    again, as long as the code and settings that made them are this run's
        fingerprint = settings.fingerprint()
        published, previous, last_run = tasks.read_published(output_dir, fingerprint, rebuild)
        published_ids = frozenset(published["articles"]["article_id"].tolist()) if "articles" in published else frozenset()
        # articles on which a stage raised last time are tagged and extracted again, so that
        # their stage_error rejects are found again too (an incremental run equals a full one)
        extracted_ids = published_ids - _failed_before(published.get("rejects"))
        rebuilt = bool(previous) and not published

        # 1. load, clean, metadata: per batch of new files (files of published articles are
        #    only stat'ed, or hashed when their size or time changed); a stage with little to
        #    do runs in this process, not on the pool
        with timer("parse"):
            paths, rejects = tasks.list_inputs(input_dir)
            known, todo_paths = tasks.known_files(paths, input_dir, settings, published_ids,
                                                  parse_stage.file_identities(published.get("articles")))
            warm = tasks.still_warm(warm, len(todo_paths), settings)      # many new files: the pool parses them
            batches = [(b, input_dir, settings, published_ids) for b in _chunks(todo_paths, batch_size)]
            parsed = tasks.run_batches(tasks.parse_batch, batches, runner.for_items(len(todo_paths), settings.run.min_pool_items),
                                       bar.counter("parse", [len(b[0]) for b in batches], "files"))
            docs = known + [doc for batch_docs, _ in parsed for doc in batch_docs]
            rejects += [reject for _, batch_rejects in parsed for reject in batch_rejects]
            del parsed
        # 2. articles: stable ids, empty and exact-duplicate inputs rejected (and, with
        #    `since`, articles published before that date)
        with timer("articles", f"{len(docs):,} documents"):
            articles, more = tasks.build_articles(docs, settings, published.get("articles"))
            dates_dropped = articles_stage.dates_dropped(docs, articles)
            del docs
            articles, too_old = articles_stage.published_since(articles, since)
            rejects += more + too_old
            # append mode: published articles whose file left the input stay
            kept, kept_rejects = inbox.kept_from_published(previous.get("articles"), previous.get("rejects"),
                                                           set(load_stage.relative_paths(paths, input_dir)), mode)
            articles = inbox.with_kept(articles, kept)
            rejects += kept_rejects

        # nothing new, edited or gone (an hourly run on an emptied inbox, a re-run on the same
        # folder): the published tables are this run's; nothing is computed or written
        if published and extracted_ids == published_ids and since is None \
                and set(last_run.get("stages", ())) == stages and not last_run.get("failed") \
                and inbox.nothing_changed(articles, rejects, published["articles"], published.get("rejects")):
            summary = {**{k: v for k, v in last_run.items() if k not in ("archived", "total_s")},
                       "run_id": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ"), "files_read": len(paths),
                       "articles_reused": len(published_ids), "articles_extracted": 0, "unchanged": True, "mode": mode,
                       "rebuilt": False, "bytes_written": 0, "stage_seconds": timer.seconds,
                       "elapsed_s": round(time.perf_counter() - started, 2)}
            return _finished(summary, input_dir, paths, archive_dir)
        new = ~member(articles["article_id"], extracted_ids)      # articles to extract: not published, or failed there
        # a few new articles: the warm worker parses and tags them while dedup, stories and people run
        if warm is not None:
            new_bodies = articles.loc[new, "body"]
            if (warm := tasks.still_warm(warm, len(new_bodies), settings)) is not None:     # else a rebuild: the pool
                warm.ahead(extract_stage.prepare, new_bodies.tolist(), settings, *wanted)

        # 2b. people, first half: names are tagged in the new articles, on the pool while dedup
        #     and stories run here (neither needs the other); with fewer than [run]
        #     min_people_pool_items, in this process when people (4.) begins, a cached task
        #     run per batch
        new_articles = articles[new] if "people" in stages else articles[:0]
        calls = [(b, settings) for b in _frames(new_articles, batch_size)]
        names_tagged = tasks.start_batches(tasks.find_people, calls,
                                           runner.for_items(len(new_articles), settings.run.min_people_pool_items),
                                           lambda: bar.counter("people", [len(c[0]) for c in calls], "articles"))
        del new_articles, new

        # 3. dedup: wire-copy clusters; new articles are compared with the published ones
        with timer("dedup", f"{len(articles):,} articles"):
            articles, signatures = (tasks.dedup(articles, settings, published.get("dedup_signatures"))
                                    if "dedup" in stages else (dedup_stage.unclustered(articles), empty("dedup_signatures")))

        # 3b. stories: articles about the same event, copies included
        with timer("stories", f"{len(articles):,} articles"):
            articles, signatures = tasks.stories(articles, settings, signatures, published.get("dedup_signatures"))

        # 4. people: one person per real person in the run, from the names tagged in the new
        #    articles (begun above) and the published mentions of the others
        extracted_before = member(articles["article_id"], extracted_ids)     # their mentions, claims, figures are kept
        with timer("people"):
            mentions = []
            if "people" in stages:
                mentions = people_stage.published_mentions(published.get("mentions"), articles[extracted_before])
                for found, failed in names_tagged():
                    mentions += found
                    rejects += failed
            mentions, people = tasks.resolve_people(mentions, articles, settings)

        # 5. claims and figures: per batch of articles; a skipped stage is not computed
        #    (figures without claims have no claim_id and no speaker)
        #    Published articles keep their claims and figures; only their speakers are linked
        #    again, to this run's people.
        with timer("claims+figures"):
            carry = _carried(published, last_run, articles[extracted_before], wanted)
            todo = articles[~member(articles["article_id"], carry["article_id"])] if carry is not None else articles
            calls = [(b, mentions[member(mentions["article_id"], b["article_id"])], settings, *wanted)
                     for b in _frames(todo, batch_size)] if any(wanted) else []
            extracted = tasks.run_batches(tasks.extract_batch, calls, runner.for_items(len(todo), settings.run.min_pool_items),
                                          bar.counter("claims+figures", [len(c[0]) for c in calls], "articles"), warm)
            carried: set[str] = set(carry["article_id"].tolist()) if carry is not None else set()
            as_published = carried                # articles whose claims and figures are the published rows
            if carry is not None:
                carried_claims, carried_figures, relinked = extract_stage.carry_over(
                    published["claims"], published["figures"], carry, mentions, settings, published.get("mentions"))
                extracted.append((carried_claims, carried_figures, []))
                as_published = carried - relinked
            claims = extract_stage.in_article_order(_concat([c for c, _, _ in extracted], "claims"), articles)
            figures = extract_stage.in_article_order(_concat([f for _, f, _ in extracted], "figures"), articles)
            rejects += [reject for _, _, batch_rejects in extracted for reject in batch_rejects]
            del extracted

        # 6. validate every table against schemas/, quarantine failing rows
        tables = {"articles": articles, "claims": claims, "figures": figures,
                  "people": people, "mentions": mentions, "dedup_signatures": signatures,
                  "rejects": pd.DataFrame(rejects) if rejects else empty("rejects")}
        with timer("validate", f"{sum(map(len, tables.values())):,} rows"):
            tables, quarantined, report = tasks.validate(tables, carried)
        tables["rejects"] = _with_quarantined(tables["rejects"], quarantined)

        # 6b. cross-source view: statements and numbers across articles, copies counted once
        with timer("cross-source", f"{len(tables['claims']):,} claims, {len(tables['figures']):,} figures"):
            # groups of the stories (links of the articles) nothing changed in are taken over
            same_stages = set(last_run.get("stages", ())) == stages
            groups, quarantined, report = tasks.cross_source(tables, settings, report, published if same_stages else None,
                                                             as_published)
            tables.update(groups)
            tables["rejects"] = _with_quarantined(tables["rejects"], quarantined)
        tables["rejects"] = tables["rejects"].sort_values(["source_file", "stage", "reason_code"], ignore_index=True)

        # 7. data-quality report, then publish atomically (the report even when the run fails)
        summary = _summary(paths, tables, report, started)
        summary["fingerprint"] = fingerprint
        summary["articles_reused"] = int(member(articles["article_id"], published_ids).sum())
        summary["articles_extracted"] = len(todo) if any(wanted) else 0
        summary["mode"] = mode
        summary["rebuilt"] = rebuilt
        summary["stages"] = sorted(stages)
        summary["stage_seconds"] = timer.seconds
        summary["dates_dropped"] = dates_dropped
        share = summary["files_rejected"] / max(1, summary["files_read"])
        if share > settings.validate.max_reject_share:
            summary["failed"] = True
            summary["failure_reason"] = (f"{share:.0%} of input files were rejected (limit "
                                         f"{settings.validate.max_reject_share:.0%}); see {output_dir}/dq_report.html")
        refusal = None if allow_shrink else publish_guard.shrink_refusal(
            read_run_info(output_dir).get("articles", 0), len(tables["articles"]), settings.publish.max_drop_share)
        if refusal:
            raise ShrinkRefused(refusal)                     # the published warehouse stays as it is
        with timer("publish", f"{len(tables)} tables"):
            dq = dq_report.build(tables, summary)
            publish(tables, output_dir, summary, files={"dq_report.json": json.dumps(dq, indent=2, default=str),
                                                        "dq_report.html": dq_report.render_html(dq)},
                    schemas={name: arrow_schema(name) for name in tables},
                    keep_versions=settings.publish.keep_versions, segment_keys=settings.publish.segment_keys)
    return _finished(summary, input_dir, paths, archive_dir)


def _finished(summary: dict, input_dir: str, paths: list, archive_dir: str | None) -> dict:
    """After the publish (or a run with nothing new): archive the inputs, log the summary,
    end the Prefect run Failed if the run failed."""
    if archive_dir and not summary.get("failed"):
        summary["archived"] = tasks.archive_inputs(input_dir, paths, archive_dir)
    get_run_logger().info(format_summary(summary))
    if summary.get("failed"):
        raise TooManyRejects(summary["failure_reason"])      # the Prefect run ends Failed
    return summary


class StageTimer:
    """Wall time per stage, for the run summary and the throughput benchmark; each stage is a
    row of the progress display while it runs."""

    def __init__(self, display: Display | None = None) -> None:
        self.seconds: dict[str, float] = {}
        self.display = display or Display(None)

    @contextmanager
    def __call__(self, name: str, detail: str = ""):
        start = time.perf_counter()
        try:
            with self.display.stage(name, detail):
                yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - start, 3)


def _with_quarantined(rejects: pd.DataFrame, quarantined: list[dict]) -> pd.DataFrame:
    return pd.concat([rejects, pd.DataFrame(quarantined)], ignore_index=True) if quarantined else rejects




def _carried(published: dict[str, pd.DataFrame], last_run: dict, articles: pd.DataFrame,
             wanted: tuple[bool, bool]) -> pd.DataFrame | None:
    """The articles whose claims and figures the warehouse already holds: published, same
    content, and made by a run that computed every table this one wants."""
    if "claims" not in published or "figures" not in published:
        return None
    done = set(last_run.get("stages", ()))
    if (wanted[0] and "claims" not in done) or (wanted[1] and "figures" not in done):
        return None
    return articles[member(articles["article_id"], published["articles"]["article_id"])]


def _failed_before(rejects: pd.DataFrame | None) -> frozenset:
    """Ids of the published articles that lost a table's rows to a ``stage_error``."""
    if rejects is None or rejects.empty or "table" not in rejects.columns:
        return frozenset()
    failed = rejects[(rejects["reason_code"] == "stage_error") & rejects["table"].isin(["mentions", "claims", "figures"])]
    return frozenset(failed["record_id"].dropna())


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or []


def _frames(frame: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    return [frame.iloc[i:i + size] for i in range(0, len(frame), size)]


def _concat(frames: list[pd.DataFrame], table: str) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else empty(table)


def _summary(paths: list, tables: dict[str, pd.DataFrame], report: dict, started: float) -> dict:
    rejects = tables["rejects"]
    # a file is rejected when it gave no article: a .jsonl file with one bad line among good ones is not
    turned_away = set(rejects.loc[rejects["table"] == "articles", "source_file"]) if len(rejects) else set()
    file_rejects = len(turned_away - set(tables["articles"]["source_file"].tolist()))
    return {
        "run_id": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ"),
        "files_read": len(paths),
        "articles": len(tables["articles"]),
        "wire_clusters": int(tables["articles"]["dup_cluster_id"].nunique()) if len(tables["articles"]) else 0,
        "stories": int(tables["articles"]["story_id"].nunique()) if len(tables["articles"]) else 0,
        "claim_groups": len(tables["claim_groups"]),
        "figure_groups": int(tables["figure_groups"]["group_id"].nunique()),
        "claims": len(tables["claims"]),
        "figures": len(tables["figures"]),
        "people": len(tables["people"]),
        "mentions": len(tables["mentions"]),
        "rejects": len(rejects),
        "files_rejected": int(file_rejects),
        "rejects_by_reason": rejects["reason_code"].value_counts().to_dict() if len(rejects) else {},
        "validation": {"ok": report["ok"], "tables": report["tables"], "checks": report["checks"]},
        "elapsed_s": round(time.perf_counter() - started, 2),
    }


def format_summary(s: dict) -> str:
    """The run summary as the one line the CLI and the flow log print."""
    quarantined = sum(t["quarantined"] for t in s["validation"]["tables"].values())
    validation = "passed" if s["validation"]["ok"] else f"{quarantined} rows quarantined ({s['validation']['checks']})"
    return (f"files read {s['files_read']}  articles {s['articles']} ({s.get('articles_reused', 0)} reused)  "
            f"wire-copy clusters {s['wire_clusters']}  stories {s.get('stories', 0)}  "
            f"claims {s['claims']}  figures {s['figures']}  people {s['people']}  rejects {s['rejects']}  "
            f"validation {validation}  elapsed {_elapsed(s)}"
            + ("  (nothing new: the published tables stand, nothing was written)" if s.get("unchanged") else "")
            + ("  (rebuilt: code, settings or --rebuild changed what the warehouse was made with)" if s.get("rebuilt") else ""))


def _elapsed(s: dict) -> str:
    if "total_s" not in s:                        # the flow's own log: the flow's time
        return f"{s['elapsed_s']} s"
    return f"{s['total_s']} s (start-up {max(0.0, s['total_s'] - s['elapsed_s']):.1f} s, pipeline {s['elapsed_s']} s)"
