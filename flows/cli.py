"""The ``news-etl`` command.

    news-etl run --input DIR --output DIR [--config FILE] [--batch-size N] [--workers N] [--since YYYY-MM-DD]
                 [--stages dedup,people,claims,figures] [--runner local|dask] [--dask-address ADDR]
                 [--dask-workers N] [--allow-shrink] [--no-progress] [--debug]
    news-etl report [--warehouse DIR] [--out FILE]     the analyst's HTML page of a published run
    news-etl tables                                    the tables and their columns (from schemas/) as Markdown

``run`` checks every argument and the config file before it imports Prefect, so a mistake
costs well under a second. Then it starts the Prefect flow with Prefect's local ephemeral
API (no server to start) unless ``PREFECT_API_URL`` points at one. Exit status: 0 on
success; 1 when the run failed or was refused (the reason is printed on one line); 2 for
wrong arguments or config (one line naming the argument, key or file). ``--debug`` adds the
traceback.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from pathlib import Path

from flows.arguments import UsageError, check_run
from transforms.common.settings import ConfigError

# Quiet, offline defaults for the embedded Prefect API; the user's environment wins.
for key, value in {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", "PREFECT_LOGGING_LEVEL": "WARNING",
                   "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}.items():
    os.environ.setdefault(key, value)

PUBLISHED = ("articles", "claims", "figures", "people", "mentions", "claim_links", "rejects", "claim_groups", "figure_groups")


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (and exit code 2)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _count(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value
    return parse


def parser() -> argparse.ArgumentParser:
    """The command line of ``news-etl``."""
    top = _Parser(prog="news-etl", description="Batch ETL for scraped news articles: raw files "
                  "-> articles, claims, figures, people (validated Parquet).")
    sub = top.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the pipeline over a folder of raw files")
    run.add_argument("--input", required=True, help="folder of raw article files (.txt, .html, .json, .jsonl), walked recursively")
    run.add_argument("--output", required=True, help="warehouse folder to publish the Parquet tables to")
    run.add_argument("--config", help="TOML file overriding thresholds of transforms/config.toml")
    run.add_argument("--batch-size", type=_count(1), default=200, help="articles per task run (default 200)")
    run.add_argument("--workers", type=_count(0), default=0, help="processes for parsing and for claims + figures (default 0 = every core)")
    run.add_argument("--since", help="ISO date YYYY-MM-DD: reject articles published before it")
    run.add_argument("--stages", help="comma-separated subset of dedup,people,claims,figures (default all)")
    run.add_argument("--runner", choices=["local", "dask"], default="local",
                     help="task runner: local (default) or dask (a LocalCluster, or --dask-address)")
    run.add_argument("--dask-address", help="address of an existing Dask scheduler (tcp://host:8786)")
    run.add_argument("--dask-workers", type=_count(1), default=2, help="worker processes of the LocalCluster (default 2)")
    run.add_argument("--allow-shrink", action="store_true",
                     help="publish even if the run drops more than [publish] max_drop_share of the published articles")
    run.add_argument("--mode", choices=["mirror", "append"], default="mirror",
                     help="mirror (default): the warehouse mirrors the input folder; append: published articles "
                          "stay when their file leaves the input (an inbox)")
    run.add_argument("--archive", help="after a successful run, move the input files it read to this folder")
    run.add_argument("--rebuild", action="store_true", help="extract every article again instead of reusing the warehouse")
    run.add_argument("--no-progress", action="store_true", help="no progress display")
    run.add_argument("--debug", action="store_true", help="show tracebacks and Prefect's error logs")
    sub.add_parser("tables", help="print the warehouse tables and their columns as Markdown")
    rep = sub.add_parser("report", help="write the analyst's HTML page of a published run")
    rep.add_argument("--warehouse", default="data/warehouse", help="published warehouse folder (default data/warehouse)")
    rep.add_argument("--out", help="HTML file to write (default <warehouse>/../reports/<warehouse name>-<run id>.html)")
    rep.add_argument("--debug", action="store_true", help="show tracebacks")
    return top


def main(argv: list[str] | None = None) -> int:
    """``news-etl``: parse the arguments, run a subcommand, return the exit code."""
    args = parser().parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        if args.command == "tables":
            print(tables_markdown())
            return 0
        if args.command == "report":
            return write_report(args.warehouse, args.out)
        return run(args)
    except (UsageError, ConfigError) as err:            # the user's to fix: one line, exit 2
        if debug:
            traceback.print_exc()
        print(f"news-etl: {err}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    """``news-etl run``: check everything, then start Prefect and the flow."""
    if args.runner == "local" and args.dask_address:
        raise UsageError("--dask-address needs --runner dask")
    check_run(input_dir=args.input, output_dir=args.output, batch_size=args.batch_size, workers=args.workers,
              since=args.since, stages=args.stages, config=args.config, mode=args.mode, cli=True)
    from flows import progress

    show = not args.no_progress and sys.stderr.isatty()
    progress.open_display(show)                       # the start-up row shows while Prefect is imported
    try:
        summary = _start_flow(args, show)
    except (UsageError, ConfigError):
        progress.close_display()
        raise
    except Exception as err:
        progress.close_display()
        if args.debug:
            traceback.print_exc()
        print(f"news-etl: run failed: {_reason(err, args.debug)}", file=sys.stderr)
        return 1
    from flows.pipeline import format_summary

    summary["total_s"] = round(progress.close_display(), 1)       # Prefect's start-up included
    print(format_summary(summary))
    print(f"tables published to {args.output}/ ({', '.join(PUBLISHED)}); "
          f"`news-etl report --warehouse {args.output}` writes the analyst's page")
    return 0


def _start_flow(args: argparse.Namespace, show: bool) -> dict:
    from flows.runners import configured

    if not args.debug:
        _quiet_prefect_errors()
    flow = configured(args.runner, args.dask_address, args.dask_workers)
    local = {"workers": args.workers} if args.runner == "local" else {}     # Dask brings its own workers
    return flow(input_dir=args.input, output_dir=args.output, batch_size=args.batch_size, config=args.config,
                show_progress=show, since=args.since, stages=args.stages.split(",") if args.stages else None,
                allow_shrink=args.allow_shrink, mode=args.mode, archive_dir=args.archive, rebuild=args.rebuild, **local)


def _reason(err: Exception, debug: bool) -> str:
    """A failure in one line: the message alone for the failures the flow states itself
    (refused, too many rejects, warehouse locked or not a warehouse), else with its type."""
    try:
        from flows.pipeline import ShrinkRefused, TooManyRejects
        from flows.warehouse import NotAWarehouse, WarehouseLocked
        stated = (ShrinkRefused, TooManyRejects, NotAWarehouse, WarehouseLocked)
    except Exception:                                  # the failure was importing them
        stated = ()
    if isinstance(err, stated):
        return str(err)
    return f"{type(err).__name__}: {err}" + ("" if debug else " (--debug shows the traceback)")


class _NoTraceback(logging.Filter):
    """Prefect's own account of a failure (an ERROR line and the traceback): the CLI says what
    failed in one line instead; ``--debug`` keeps them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR


def _quiet_prefect_errors() -> None:
    for name in ("prefect.flow_runs", "prefect.task_runs", "prefect.engine"):
        logging.getLogger(name).addFilter(_NoTraceback())


def write_report(warehouse: str, out: str | None) -> int:
    """``news-etl report``: one self-contained HTML page for the run published at ``warehouse``,
    by default ``<warehouse>/../reports/<warehouse name>-<run id>.html``."""
    from flows.warehouse import read_run_info
    from schemas import load_warehouse
    from transforms.analyst_report import render
    from transforms.common.settings import load_settings

    try:
        tables = load_warehouse(warehouse)
    except FileNotFoundError as err:
        print(f"news-etl: {err}", file=sys.stderr)
        return 1
    run = read_run_info(warehouse)
    name = Path(os.path.abspath(warehouse)).name
    path = Path(out) if out else Path(warehouse).absolute().parent / "reports" / f"{name}-{run.get('run_id', 'run')}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(tables, run, load_settings()), encoding="utf-8")
    print(f"report written to {path}")
    return 0


def tables_markdown() -> str:
    """Every table of schemas/ as a Markdown section: grain, then column / pandas type / meaning.
    The types are the dtypes ``pd.read_parquet`` gives (see :func:`schemas.read_dtypes`)."""
    from schemas import TABLES, read_dtypes

    out = []
    for name, model in TABLES.items():
        schema = model.to_schema()
        dtypes = read_dtypes(name)
        out.append(f"### {name}\n\n{(model.__doc__ or '').strip().splitlines()[0]}\n")
        out.append("| column | pandas type | null | meaning |\n|---|---|---|---|")
        for col, spec in schema.columns.items():
            out.append(f"| `{col}` | {dtypes[col]} | {'yes' if spec.nullable else 'no'} | {spec.description or ''} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
