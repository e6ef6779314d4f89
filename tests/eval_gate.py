"""Quality gate: the real flow on the benchmark sets, every score held to a floor.

    python tests/eval_gate.py [--bench DIR] [--sets SET ...] [--out DIR] [--update [--accept-lower]]

Runs ``flows.pipeline.news_etl`` on ``raw/`` of each set (seeds, polnear-dev, conll03-dev,
dedup-dev; read from ``../shared/bench`` beside the repository unless ``--bench`` says
otherwise), all in this one process under one Prefect test harness, scores each output
with the set's shared ``score.py`` and compares every metric the scorer reports (P/R/F1,
strict F1, the accuracy sub-metrics, ARI, the article fields) with its floor in
``tests/eval_baseline.json``. Any metric under its floor, missing from the run, or absent
from the baseline fails the gate, with a table of what fell. ``make test`` runs it through
``tests/test_eval_gate.py``.

Baseline: per set, the corpus fingerprint (sha256 of raw/ and gold/) and per metric
``{"measured": value, "floor": value - 0.02 rounded down to 3 decimals}``. ``--update``
re-measures and rewrites it; it refuses to lower any floor unless ``--accept-lower`` is
also given (say why in the commit message). Exit status: 0 passed, 1 failed or refused,
2 no benchmark folder.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
import time
from contextlib import nullcontext
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "eval_baseline.json"
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
SETS = ("seeds", "polnear-dev", "conll03-dev", "dedup-dev")
MARGIN = Decimal("0.02")
BATCH_SIZE = 200                     # as bench/quality.py, whose scores the baseline was taken from
# numbers in the scorer's answer that are counts, not scores
COUNTS = frozenset({"tp", "pred", "gold", "docs", "gold_pairs", "pred_pairs", "missing_docs"})


def floor_for(measured: float) -> float:
    """``measured - 0.02`` rounded down to 3 decimals, never below 0.

    >>> floor_for(1.0), floor_for(0.96), floor_for(0.9777777), floor_for(0.01)
    (0.98, 0.94, 0.957, 0.0)
    """
    return max(float((Decimal(repr(measured)) - MARGIN).quantize(Decimal("0.001"), rounding=ROUND_FLOOR)), 0.0)


def metrics_of(result: dict) -> dict[str, float | None]:
    """The scores of one ``score.score()`` answer, flattened to ``table.metric``.

    >>> metrics_of({"set": "s", "docs": 5, "dedup": {"F1": 1.0, "ARI": 0.5, "gold_pairs": 1},
    ...             "claims": {"direct_acc": None, "tp": 3, "missing": True}})
    {'dedup.F1': 1.0, 'dedup.ARI': 0.5, 'claims.direct_acc': None}
    """
    out: dict[str, float | None] = {}
    for table, values in result.items():
        if not isinstance(values, dict):
            continue
        for name, value in values.items():
            if name in COUNTS or isinstance(value, bool) or not (value is None or isinstance(value, (int, float))):
                continue
            out[f"{table}.{name}"] = None if value is None else float(value)
    return out


def corpus_fingerprint(setdir: Path) -> str:
    """sha256 over the names and contents of a set's raw/ and gold/ files."""
    digest = hashlib.sha256()
    for sub in ("raw", "gold"):
        for path in sorted(p for p in (setdir / sub).rglob("*") if p.is_file()):
            digest.update(path.relative_to(setdir).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def load_scorer(bench: Path):
    """The shared scorer, ``<bench>/score.py``, as a module."""
    spec = importlib.util.spec_from_file_location("bench_score", bench / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(bench: Path, sets, out_root: Path, log=print) -> dict[str, dict]:
    """Run the flow on each set and score it. Needs a Prefect API (the caller's harness).

    Returns {set: {"fingerprint", "docs", "seconds", "metrics"}}.
    """
    from flows import pipeline

    if ROOT not in Path(pipeline.__file__).resolve().parents:
        raise RuntimeError(f"the flow was imported from {pipeline.__file__}, not from this checkout {ROOT}")
    scorer = load_scorer(bench)
    measured = {}
    for name in sets:
        setdir = bench / name
        out = out_root / name / "warehouse"
        started = time.perf_counter()
        pipeline.news_etl(input_dir=str(setdir / "raw"), output_dir=str(out), batch_size=BATCH_SIZE)
        result = scorer.score(str(setdir), str(out))
        seconds = time.perf_counter() - started
        (out_root / name / "score.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        measured[name] = {"fingerprint": corpus_fingerprint(setdir), "docs": result["docs"],
                          "seconds": round(seconds, 1), "metrics": metrics_of(result)}
        log(f"eval gate: {name}: {result['docs_found']}/{result['docs']} docs scored, {seconds:.1f} s")
    return measured


def measure_in_harness(bench: Path, sets, out_root: Path) -> dict[str, dict]:
    """:func:`measure` under one temporary Prefect API for all the sets (Prefect's test harness)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        return measure(bench, sets, out_root)


def compare(baseline: dict, measured: dict[str, dict]) -> list[dict]:
    """One row per (set, metric) of the run or the baseline: status ok, FELL, NEW, GONE or CORPUS."""
    rows = []
    for name, run in measured.items():
        base = baseline.get("sets", {}).get(name)
        if base is None:
            rows.append({"set": name, "metric": "*", "value": None, "floor": None, "status": "NEW",
                         "note": "set not in the baseline: run with --update"})
            continue
        if base.get("fingerprint") != run["fingerprint"]:
            rows.append({"set": name, "metric": "*", "value": None, "floor": None, "status": "CORPUS",
                         "note": "raw/ or gold/ changed since the baseline: re-measure with --update"})
        floors = base.get("metrics", {})
        for metric in sorted(set(floors) | set(run["metrics"])):
            value, floor = run["metrics"].get(metric), floors.get(metric, {}).get("floor")
            row = {"set": name, "metric": metric, "value": value, "floor": floor, "status": "ok", "note": ""}
            if metric not in floors:
                row.update(status="NEW", note="not in the baseline: run with --update")
            elif metric not in run["metrics"]:
                row.update(status="GONE", note="the scorer no longer reports it")
            elif floor is not None and (value is None or value < floor):
                row.update(status="FELL", note=f"{value - floor:+.3f} under the floor" if value is not None else "no value")
            rows.append(row)
    return rows


def failures(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["status"] != "ok"]


def table(rows: list[dict]) -> str:
    """A fixed-width table of rows from :func:`compare`."""
    fmt = lambda x: "-" if x is None else f"{x:.3f}"
    lines = [f"{'set':<13}{'metric':<28}{'value':>8}{'floor':>8}  status"]
    lines += [f"{r['set']:<13}{r['metric']:<28}{fmt(r['value']):>8}{fmt(r['floor']):>8}  {r['status']}"
              + (f"  {r['note']}" if r["note"] else "") for r in rows]
    return "\n".join(lines)


def updated(baseline: dict, measured: dict[str, dict]) -> tuple[dict, list[str]]:
    """The baseline with the measured sets re-pinned, and the floors that would go down.

    The caller must refuse to write a baseline with lowered floors unless told to accept them.
    Sets that were not measured keep their entries.
    """
    new = {"about": ABOUT, "margin": float(MARGIN), "sets": dict(baseline.get("sets", {}))}
    lowered = []
    for name, run in measured.items():
        old = baseline.get("sets", {}).get(name, {}).get("metrics", {})
        metrics = {}
        for metric, value in sorted(run["metrics"].items()):
            floor = None if value is None else floor_for(value)
            before = old.get(metric, {}).get("floor")
            if before is not None and (floor is None or floor < before):
                lowered.append(f"{name} {metric}: {before:.3f} -> {'-' if floor is None else f'{floor:.3f}'}")
            metrics[metric] = {"measured": value, "floor": floor}
        lowered += [f"{name} {metric}: {old[metric]['floor']:.3f} -> (dropped)" for metric in sorted(set(old) - set(metrics))
                    if old[metric].get("floor") is not None]
        new["sets"][name] = {"fingerprint": run["fingerprint"], "docs": run["docs"], "metrics": metrics}
    order = [s for s in SETS if s in new["sets"]] + sorted(set(new["sets"]) - set(SETS))
    new["sets"] = {s: new["sets"][s] for s in order}
    return new, lowered


ABOUT = ("Floors of tests/eval_gate.py, per benchmark set and score.py metric: measured = the score of the code "
         "when the baseline was taken, floor = measured - 0.02 rounded down to 3 decimals. Raise with "
         "`python tests/eval_gate.py --update`; a lower floor needs --accept-lower and a reason in the commit message.")


def read_baseline(path: Path = BASELINE) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"sets": {}}


def write_baseline(baseline: dict, path: Path = BASELINE) -> None:
    """JSON with one line per metric, so a re-pin reads as a short diff."""
    sets = []
    for name, entry in baseline["sets"].items():
        metrics = ",\n".join(f"    {json.dumps(m)}: {json.dumps(v)}" for m, v in entry["metrics"].items())
        sets.append(f'  {json.dumps(name)}: {{"fingerprint": {json.dumps(entry["fingerprint"])}, "docs": {entry["docs"]}, '
                    f'"metrics": {{\n{metrics}\n  }}}}')
    head = {k: v for k, v in baseline.items() if k != "sets"}
    text = "{\n" + "".join(f" {json.dumps(k)}: {json.dumps(v)},\n" for k, v in head.items())
    path.write_text(text + ' "sets": {\n' + ",\n".join(sets) + "\n }\n}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="folder of benchmark sets (default ../shared/bench)")
    ap.add_argument("--sets", nargs="+", default=list(SETS), help="sets to run (default: %(default)s)")
    ap.add_argument("--out", type=Path, help="keep each set's warehouse and score.json here (default: a temporary folder)")
    ap.add_argument("--baseline", type=Path, default=BASELINE, help="baseline file (default tests/eval_baseline.json)")
    ap.add_argument("--update", action="store_true", help="re-pin the measured sets in the baseline (floors may rise)")
    ap.add_argument("--accept-lower", action="store_true", help="with --update: allow floors to go down")
    args = ap.parse_args(argv)
    if args.accept_lower and not args.update:
        ap.error("--accept-lower only makes sense with --update")
    if not (args.bench / "score.py").is_file():
        print(f"eval gate: no benchmark sets at {args.bench} (expected score.py and {', '.join(args.sets)})", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with (nullcontext(args.out) if args.out else tempfile.TemporaryDirectory(prefix="eval-gate-")) as out:
        measured = measure_in_harness(args.bench, args.sets, Path(out))
    baseline = read_baseline(args.baseline)
    rows = compare(baseline, measured)
    print(table(rows))
    print(f"eval gate: {len(args.sets)} sets in {time.perf_counter() - started:.1f} s")
    if args.update:
        new, lowered = updated(baseline, measured)
        if lowered and not args.accept_lower:
            print("eval gate: refusing to lower these floors (add --accept-lower, and say why in the commit):\n  "
                  + "\n  ".join(lowered), file=sys.stderr)
            return 1
        write_baseline(new, args.baseline)
        print(f"eval gate: baseline written to {args.baseline}" + (f" ({len(lowered)} floors lowered)" if lowered else ""))
        return 0
    bad = failures(rows)
    if bad:
        print(f"eval gate: FAILED, {len(bad)} metric(s):\n{table(bad)}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    # run as a script, Python puts tests/ first on the path, where tests/flows and tests/schemas
    # would shadow the packages of the same name: import from the repository root instead
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "tests"]
    sys.exit(main())
