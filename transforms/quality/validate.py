"""Stage 8, validate: every table against its pandera model, plus cross-table checks.

Input: the run's tables as DataFrames. Output: the tables with failing rows removed, the
quarantined rows as rejects (with the failing check in the reason), and a report of counts
per table and check.

Validation is lazy (every failure is collected, not just the first). Cross-table checks:
claims, figures and mentions point to existing articles; speaker_person_id and mention
person_id point to existing people; a figure's claim_id (when set) points to an existing
claim; claim and figure offsets fall inside the article body and slice back to the stored
text. When an article is quarantined its claims, figures and mentions go with it, and a
quarantined claim takes the figures it holds.

Example:
    >>> from schemas import empty
    >>> tables, rejects, report = validate({t: empty(t) for t in ("articles", "claims", "figures", "people", "mentions", "rejects")})
    >>> report["ok"], len(rejects)
    (True, 0)
"""
from __future__ import annotations

from collections import Counter

import pandas as pd
import pandera.pandas as pa

from schemas import TABLES, columns, empty
from transforms.common.errors import Reject, reject_row

ORDER = ("articles", "people", "mentions", "claims", "figures", "dedup_signatures", "rejects")


def validate(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[dict], dict]:
    """Validate and quarantine. Returns (clean tables, reject rows, report)."""
    out: dict[str, pd.DataFrame] = {}
    rejects: list[dict] = []
    report: dict = {"tables": {}, "checks": Counter()}
    source_of = dict(zip(tables["articles"]["article_id"], tables["articles"]["source_file"])) if len(tables["articles"]) else {}
    for name in ORDER:
        frame = _prepared(name, tables.get(name, empty(name)))
        if name != "articles" and name != "rejects" and name != "people":
            frame, bad = _foreign_keys(name, frame, out)
            rejects += [_quarantine(name, row, reason, source_of) for row, reason in bad]
            report["checks"].update(reason.split(":")[0] for _, reason in bad)
        valid, bad = _schema(name, frame)
        rejects += [_quarantine(name, row, reason, source_of) for row, reason in bad if name != "rejects"]
        report["checks"].update(reason.split(":")[0] for _, reason in bad)
        out[name] = valid
        report["tables"][name] = {"rows": len(valid), "quarantined": len(bad)}
    report["checks"] = dict(report["checks"])
    report["ok"] = not rejects
    return out, rejects, report


def validate_derived(tables: dict[str, pd.DataFrame], articles: pd.DataFrame,
                     report: dict | None = None) -> tuple[dict[str, pd.DataFrame], list[dict], dict]:
    """Schema checks for tables built from validated ones (claim and figure groups, claim
    links). Returns (clean tables, reject rows, ``report`` with these tables' counts added)."""
    source_of = dict(zip(articles["article_id"], articles["source_file"])) if len(articles) else {}
    report = {"tables": {}, "checks": {}, "ok": True} if report is None else report
    tables_report, checks = dict(report.get("tables", {})), Counter(report.get("checks", {}))
    out, rejects = {}, []
    for name, frame in tables.items():
        out[name], bad = _schema(name, _prepared(name, frame))
        rejects += [_quarantine(name, row, reason, source_of) for row, reason in bad]
        checks.update(reason.split(":")[0] for _, reason in bad)
        tables_report[name] = {"rows": len(out[name]), "quarantined": len(bad)}
    return out, rejects, {**report, "tables": tables_report, "checks": dict(checks), "ok": report.get("ok", True) and not rejects}


def _prepared(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The table's columns in contract order, missing values as None (pandera coerces)."""
    frame = frame.reindex(columns=columns(name)).reset_index(drop=True)
    return frame.astype(object).where(frame.notna(), None) if len(frame) else frame


def _schema(name: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[dict, str]]]:
    model = TABLES[name]
    try:
        return model.validate(frame, lazy=True).reset_index(drop=True), []
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        reasons: dict[int, list[str]] = {}
        table_wide = []
        for case in cases.itertuples(index=False):
            idx = case.index
            reason = f"{case.check} on {case.column}" + (f" (got {str(case.failure_case)[:60]!r})" if case.failure_case is not None else "")
            if idx is None or pd.isna(idx):
                table_wide.append(reason)
            else:
                reasons.setdefault(int(idx), []).append(reason)
        if table_wide and not reasons:
            raise                       # a wrong column set is a bug, not bad data: fail loudly
        bad_rows = [(frame.loc[i].to_dict(), "; ".join(dict.fromkeys(r))) for i, r in sorted(reasons.items())]
        kept = frame.drop(index=list(reasons)).reset_index(drop=True)
        return model.validate(kept, lazy=True).reset_index(drop=True), bad_rows


def _foreign_keys(name: str, frame: pd.DataFrame, done: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, list[tuple[dict, str]]]:
    arts = done.get("articles")
    bodies = dict(zip(arts["article_id"], arts["body"])) if arts is not None and len(arts) else {}
    people = set(done["people"]["person_id"]) if "people" in done and len(done["people"]) else set()
    claims = set(done["claims"]["claim_id"]) if "claims" in done and len(done["claims"]) else set()
    bad, keep = [], []
    # only the columns checked, as lists: a row dict per row cost seconds at 100,000 rows
    wanted = ["article_id", "char_start", "char_end", "content" if name == "claims" else "text", "speaker_person_id",
              "claim_id", "person_id"]
    cols = {c: frame[c].tolist() if c in frame.columns else [None] * len(frame) for c in wanted}
    for i, (article_id, s, e, text, speaker_pid, claim_id, person_id) in enumerate(zip(*cols.values())):
        reason = None
        if article_id not in bodies:
            reason = f"foreign key: article_id {article_id} not in articles"
        elif name in ("claims", "figures"):
            body = bodies[article_id]
            if s is None or e is None or not (0 <= s < e <= len(body)) or body[int(s):int(e)] != text:
                reason = f"offsets: [{s}, {e}) do not slice the stored text out of the body"
            elif speaker_pid is not None and speaker_pid not in people:
                reason = f"foreign key: speaker_person_id {speaker_pid} not in people"
            elif name == "figures" and claim_id is not None and claim_id not in claims:
                reason = f"foreign key: claim_id {claim_id} not in claims"
        elif name == "mentions" and person_id not in people:
            reason = f"foreign key: person_id {person_id} not in people"
        if reason:
            bad.append((frame.iloc[i].to_dict(), reason))
        else:
            keep.append(i)
    return frame.iloc[keep].reset_index(drop=True), bad


def _quarantine(table: str, row: dict, reason: str, source_of: dict) -> dict:
    record_id = row.get({"articles": "article_id", "claims": "claim_id", "figures": "figure_id", "people": "person_id"}.get(table, ""), None)
    source = row.get("source_file") or source_of.get(row.get("article_id"), "?")
    return reject_row(str(source), _reason_of(reason), stage="validate", table=table, record_id=record_id,
                      table_name=table, detail=reason)


def _reason_of(check: str) -> Reject:
    """The reject reason of a failed check: cross-table checks have codes of their own, so a
    broken link or a wrong offset is counted apart from a value that breaks a column's contract."""
    kind = check.split(":")[0]
    return {"foreign key": Reject.FOREIGN_KEY, "offsets": Reject.OFFSETS}.get(kind, Reject.SCHEMA)
