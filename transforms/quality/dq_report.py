"""Stage 9, data-quality report: the run's tables and summary -> a JSON report and an HTML page.

Input: the validated tables and the run summary (validation counts per table and check).
Output: a JSON-able dict, and a self-contained HTML page (no scripts, no external files;
charts are inline SVG) with counts per check, rejects by reason, articles per outlet and per
day, and claims and figures per article. Both are published beside the tables.

Example:
    >>> import pandas as pd
    >>> from schemas import empty
    >>> tables = {t: empty(t) for t in ("articles", "claims", "figures", "people", "rejects")}
    >>> r = build(tables, {"run_id": "r1", "files_read": 0, "validation": {"ok": True, "tables": {}, "checks": {}}})
    >>> r["rejects_by_reason"], "<h1>" in render_html(r)
    ({}, True)
"""
from __future__ import annotations

import html

import pandas as pd

MAX_BARS = 25


def build(tables: dict[str, pd.DataFrame], summary: dict) -> dict:
    """The report as plain data (what ``dq_report.json`` holds)."""
    arts, rejects = tables["articles"], tables["rejects"]
    per_article = {}
    for name in ("claims", "figures"):
        counts = tables[name]["article_id"].value_counts() if len(tables[name]) else pd.Series(dtype=int)
        counts = counts.reindex(arts["article_id"], fill_value=0) if len(arts) else counts
        per_article[name] = _histogram(counts.tolist())
    days = arts["published_at"].dropna().dt.strftime("%Y-%m-%d") if len(arts) else pd.Series(dtype=str)
    return {
        "run_id": summary.get("run_id"),
        "files_read": summary.get("files_read", 0),
        "articles": len(arts),
        "failed": bool(summary.get("failed", False)),
        "failure_reason": summary.get("failure_reason"),
        "validation": summary.get("validation", {}),
        "rejects_by_reason": rejects["reason_code"].value_counts().to_dict() if len(rejects) else {},
        "rejects": rejects[["source_file", "stage", "table", "reason"]].head(500).to_dict("records") if len(rejects) else [],
        "articles_per_outlet": _top(arts["outlet"].fillna("(not named)")) if len(arts) else {},
        "articles_per_day": dict(sorted(days.value_counts().to_dict().items())) | (
            {"(no date)": int(arts["published_at"].isna().sum())} if len(arts) and arts["published_at"].isna().any() else {}),
        "claims_per_article": per_article["claims"],
        "figures_per_article": per_article["figures"],
        "people": len(tables["people"]),
        "wire_clusters": int(arts["dup_cluster_id"].nunique()) if len(arts) else 0,
        # articles kept without a publication date because the one they state is impossible
        "dates_dropped": list(summary.get("dates_dropped", []))[:500],
        "articles_with_dates_dropped": len(summary.get("dates_dropped", [])),
    }


PAGE_STYLE = """body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;padding:0 2em;max-width:1500px}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}
.ok{color:#060}.bad{color:#a00;font-weight:bold}.note{color:#555}h2{margin-top:1.5em}svg text{font:11px system-ui,sans-serif}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:0 3em}.grid svg{width:100%;height:auto}"""


def render_html(report: dict) -> str:
    """A readable page of the report, one section per question an analyst asks."""
    v = report.get("validation", {})
    rows = "".join(f"<tr><td>{html.escape(t)}</td><td>{c.get('rows', 0)}</td><td>{c.get('quarantined', 0)}</td></tr>"
                   for t, c in v.get("tables", {}).items())
    checks = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{n}</td></tr>" for k, n in v.get("checks", {}).items()) \
        or "<tr><td colspan=2>no check failed</td></tr>"
    rejects = "".join(f"<tr><td>{html.escape(str(r['source_file']))}</td><td>{html.escape(str(r['stage']))}</td>"
                      f"<td>{html.escape(str(r['reason']))}</td></tr>" for r in report.get("rejects", [])[:200])
    dropped = "".join(f"<tr><td>{html.escape(str(d['source_file']))}</td><td>{d['record_index']}</td>"
                      f"<td>{html.escape('; '.join(d['dates']))}</td></tr>" for d in report.get("dates_dropped", [])[:200])
    status = (f"<p class=bad>Run failed: {html.escape(str(report.get('failure_reason')))}</p>" if report.get("failed")
              else "<p class=ok>Run passed its data-quality threshold.</p>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>news-etl data quality: {html.escape(str(report.get('run_id')))}</title>
<style>{PAGE_STYLE}</style></head><body>
<h1>Data quality, run {html.escape(str(report.get('run_id')))}</h1>
{status}
<p>{report.get('files_read', 0)} files read, {report.get('articles', 0)} articles, {report.get('wire_clusters', 0)} wire-copy clusters,
{report.get('people', 0)} people, {sum(report.get('rejects_by_reason', {}).values())} rejects.</p>
<div class=grid><div><h2>Validation per table</h2><table><tr><th>table</th><th>rows</th><th>quarantined</th></tr>{rows}</table></div>
<div><h2>Failed checks</h2><table><tr><th>check</th><th>rows</th></tr>{checks}</table></div>
<div><h2>Rejects by reason</h2>{bar_chart(report.get('rejects_by_reason', {}), 'rejects by reason')}</div>
<div><h2>Articles per outlet</h2>{bar_chart(report.get('articles_per_outlet', {}), 'articles per outlet')}</div>
<div><h2>Articles per day</h2>{bar_chart(report.get('articles_per_day', {}), 'articles per day')}</div>
<div><h2>Claims per article</h2>{bar_chart(report.get('claims_per_article', {}), 'articles with this many claims')}</div>
<div><h2>Figures per article</h2>{bar_chart(report.get('figures_per_article', {}), 'articles with this many figures')}</div></div>
<h2>Impossible publication dates</h2><p>{report.get('articles_with_dates_dropped', 0)} articles kept without a date: the dates they
state are no calendar day, too early or in the future, or all-numeric dates whose day/month order neither the page nor its site shows.</p>
<table><tr><th>file</th><th>record</th><th>dates dropped</th></tr>{dropped or '<tr><td colspan=3>none</td></tr>'}</table>
<h2>Rejected inputs</h2><table><tr><th>file</th><th>stage</th><th>reason</th></tr>{rejects or '<tr><td colspan=3>none</td></tr>'}</table>
</body></html>
"""


def bar_chart(counts: dict, title: str) -> str:
    """A horizontal bar chart as inline SVG (written here: a plotting library would add a
    large dependency for four bar charts)."""
    items = list(counts.items())[:MAX_BARS]
    if not items:
        return "<p>(nothing to show)</p>"
    top = max(int(v) for _, v in items) or 1
    bar_h, label_w, width = 18, 220, 700
    rows = []
    for i, (label, value) in enumerate(items):
        w = int((width - label_w - 60) * int(value) / top)
        y = i * (bar_h + 4)
        rows.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{html.escape(str(label))[:40]}</text>'
                    f'<rect x="{label_w}" y="{y}" width="{max(w, 1)}" height="{bar_h}" fill="#4a7ab5"/>'
                    f'<text x="{label_w + w + 4}" y="{y + 13}">{int(value)}</text>')
    height = len(items) * (bar_h + 4)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{html.escape(title)}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">{"".join(rows)}</svg>')


def _top(values: pd.Series) -> dict:
    counts = values.value_counts()
    return {str(k): int(v) for k, v in counts.head(MAX_BARS).items()}


def _histogram(counts: list[int]) -> dict:
    out: dict[str, int] = {}
    for n in sorted(counts):
        key = str(n) if n < 10 else "10+"
        out[key] = out.get(key, 0) + 1
    return out
