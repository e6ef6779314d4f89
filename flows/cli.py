"""The ``news-etl`` command.

    news-etl run --input DIR --output DIR [--config FILE] [--batch-size N] [--no-progress]
    news-etl tables            print the tables and their columns (from schemas/) as Markdown

``run`` starts the Prefect flow with Prefect's local ephemeral API (no server to start)
unless ``PREFECT_API_URL`` points at one. Exit status: 0 on success, 1 when the run
failed (the reason is printed), 2 for wrong arguments.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Quiet, offline defaults for the embedded Prefect API; the user's environment wins.
for key, value in {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
                   "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}.items():
    os.environ.setdefault(key, value)


def main(argv: list[str] | None = None) -> int:
    """``news-etl``: parse the arguments, run a subcommand, return the exit code."""
    parser = argparse.ArgumentParser(prog="news-etl", description="Batch ETL for scraped news articles: raw files "
                                     "-> articles, claims, figures, people (validated Parquet).")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the pipeline over a folder of raw files")
    run.add_argument("--input", required=True, help="folder of raw article files (.txt, .html, .json, .jsonl), walked recursively")
    run.add_argument("--output", required=True, help="warehouse folder to publish the Parquet tables to")
    run.add_argument("--config", help="TOML file overriding thresholds of transforms/config.toml")
    run.add_argument("--batch-size", type=int, default=200, help="articles per task run (default 200)")
    run.add_argument("--workers", type=int, default=0, help="processes for parsing and for claims + figures (default 0 = every core)")
    run.add_argument("--since", help="ISO date: reject articles published before it")
    run.add_argument("--stages", help="comma-separated subset of dedup,people,claims,figures (default all)")
    run.add_argument("--runner", choices=["local", "dask"], default="local",
                     help="task runner: local (default) or dask (a LocalCluster, or --dask-address)")
    run.add_argument("--dask-address", help="address of an existing Dask scheduler (tcp://host:8786)")
    run.add_argument("--dask-workers", type=int, default=2, help="worker processes of the LocalCluster (default 2)")
    run.add_argument("--mode", choices=["mirror", "append"], default="mirror",
                     help="mirror (default): the warehouse mirrors the input folder; append: published articles "
                          "stay when their file leaves the input (an inbox)")
    run.add_argument("--archive", help="after a successful run, move the input files it read to this folder")
    run.add_argument("--rebuild", action="store_true", help="extract every article again instead of reusing the warehouse")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    sub.add_parser("tables", help="print the warehouse tables and their columns as Markdown")
    rep = sub.add_parser("report", help="write the analyst's HTML page of a published run")
    rep.add_argument("--warehouse", default="data/warehouse", help="published warehouse folder (default data/warehouse)")
    rep.add_argument("--out", help="HTML file to write (default <warehouse>/../reports/<run id>.html)")
    args = parser.parse_args(argv)

    if args.command == "tables":
        print(tables_markdown())
        return 0
    if args.command == "report":
        return write_report(args.warehouse, args.out)
    from flows.pipeline import format_summary
    from flows.runners import configured

    show = not args.no_progress and sys.stderr.isatty()
    try:
        flow = configured(args.runner, args.dask_address, args.dask_workers)
        local = {"workers": args.workers} if args.runner == "local" else {}     # Dask brings its own workers
        summary = flow(input_dir=args.input, output_dir=args.output, batch_size=args.batch_size, config=args.config,
                       show_progress=show, since=args.since, **local, mode=args.mode, archive_dir=args.archive,
                       rebuild=args.rebuild,
                       stages=[s.strip() for s in args.stages.split(",")] if args.stages else None)
    except Exception as err:  # the flow already logged the traceback; say what failed in one line
        print(f"news-etl: run failed: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    print(format_summary(summary))
    print(f"tables published to {args.output}/ (articles, claims, figures, people, mentions, rejects, claim_groups, "
          f"figure_groups); `news-etl report --warehouse {args.output}` writes the analyst's page")
    return 0


def write_report(warehouse: str, out: str | None) -> int:
    """``news-etl report``: one self-contained HTML page for the run published at ``warehouse``."""
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
    path = Path(out) if out else Path(warehouse).absolute().parent / "reports" / f"{run.get('run_id', 'run')}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(tables, run, load_settings()), encoding="utf-8")
    print(f"report written to {path}")
    return 0


def tables_markdown() -> str:
    """Every table of schemas/ as a Markdown section: grain, then column / type / meaning."""
    from schemas import TABLES

    out = []
    for name, model in TABLES.items():
        schema = model.to_schema()
        out.append(f"### {name}\n\n{(model.__doc__ or '').strip().splitlines()[0]}\n")
        out.append("| column | type | null | meaning |\n|---|---|---|---|")
        for col, spec in schema.columns.items():
            out.append(f"| `{col}` | {spec.dtype} | {'yes' if spec.nullable else 'no'} | {spec.description or ''} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
