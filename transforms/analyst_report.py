"""Analyst report: a warehouse's tables -> one self-contained HTML page per run.

Stories with their sources and how many of them are independent, the statements carried
by the most independent sources, figure groups whose sources disagree (value by source
over time, as an inline SVG chart), and people with their roles. No external file, font
or script: the page opens from a mail attachment or an air-gapped laptop.

Example:
    >>> from schemas import empty
    >>> from transforms.common.settings import load_settings
    >>> tables = {name: empty(name) for name in ("articles", "claim_groups", "figure_groups", "people")}
    >>> page = render(tables, {"run_id": "r1"}, load_settings())
    >>> "<h1>" in page and "r1" in page
    True
"""
from __future__ import annotations

import html
import math

import pandas as pd

from transforms.quality.dq_report import PAGE_STYLE
from transforms.common.settings import Settings
from transforms.crosssource.figure_groups import interval

MAX_ROWS = 50
PALETTE = ("#4a7ab5", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#2c4d75")


def render(tables: dict[str, pd.DataFrame], run: dict, settings: Settings) -> str:
    """The analyst's page for one published run.

    Args:
        tables: the warehouse's tables (``schemas.load_warehouse``): articles, claim_groups,
            figure_groups and people are read.
        run: the run summary (``_run.json``).
        settings: for the qualifier classes that draw each figure's interval.

    Returns:
        One self-contained HTML document.
    """
    arts, groups, figs, people = (tables[n] for n in ("articles", "claim_groups", "figure_groups", "people"))
    e = html.escape
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>news-etl report: {e(str(run.get('run_id')))}</title>
<style>{PAGE_STYLE}.chart circle{{stroke:#fff}}</style></head><body>
<h1>News report, run {e(str(run.get('run_id')))}</h1>
<p>{len(arts)} articles, {arts['dup_cluster_id'].nunique() if len(arts) else 0} independent reports
(wire copies counted once), {arts['story_id'].nunique() if len(arts) else 0} stories, {len(groups)} statements,
{figs['group_id'].nunique() if len(figs) else 0} figure groups, {len(people)} people.</p>
<h2>Stories</h2>{_stories(arts)}
<h2>Most corroborated statements</h2>{_corroborated(groups)}
<h2>Figures that disagree</h2>{_disagreements(figs, settings)}
<h2>People</h2>{_people(people)}
<script>document.documentElement.dataset.rendered = document.querySelectorAll("svg.chart").length;</script>
</body></html>
"""


def _table(header: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "<p>(none)</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _list(values) -> str:
    return html.escape(", ".join(str(v) for v in (values if values is not None else [])))


def _s(v) -> str:
    """A cell's text: empty for None and NaN."""
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT else str(v)


def _day(ts) -> str:
    return "" if ts is None or pd.isna(ts) else str(pd.Timestamp(ts).date())


def _stories(arts: pd.DataFrame) -> str:
    rows = []
    reports = arts.groupby("story_id")["dup_cluster_id"].nunique()
    top = sorted(reports.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_ROWS]      # only the shown stories in detail
    for sid, _ in top:
        g = arts[arts["story_id"] == sid]
        titles = g.sort_values("published_at", na_position="last")["title"].dropna()
        rows.append([html.escape(titles.iloc[0] if len(titles) else sid), str(len(g)), str(g["dup_cluster_id"].nunique()),
                     _list(sorted(g["outlet"].dropna().unique())),
                     f"{_day(g['published_at'].min())} – {_day(g['published_at'].max())}"])
    return _table(["story", "articles", "independent", "outlets", "published"], rows)


def _corroborated(groups: pd.DataFrame) -> str:
    top = groups.sort_values(["n_independent", "n_articles"], ascending=False).head(MAX_ROWS)
    rows = [[html.escape(_s(r.speaker)), html.escape(r.content), str(r.n_articles), str(r.n_independent),
             _list(r.outlets), _day(r.first_reported_at)] for r in top.itertuples() if r.n_articles > 1]
    return _table(["speaker", "statement", "articles", "independent sources", "outlets", "first reported"], rows)


def _disagreements(figs: pd.DataFrame, settings: Settings) -> str:
    parts = []
    for gid, g in figs[figs["values_disagree"]].groupby("group_id", sort=False) if len(figs) else []:
        first = g.iloc[0]
        rows = [[html.escape(r.text), f"{r.value:,.0f}", html.escape(_s(r.qualifier)), html.escape(_s(r.speaker)),
                 html.escape(_s(r.outlet)), _day(r.claim_date if r.claim_date is not None and not pd.isna(r.claim_date) else r.published_at)]
                for r in g.itertuples()]
        parts.append(f"<h3>{html.escape(str(first.subject))} ({html.escape(first.unit_class)}): "
                     f"{g['value'].nunique()} different values</h3>{scatter(g, settings)}"
                     + _table(["figure", "value", "qualifier", "speaker", "outlet", "date"], rows))
    return "".join(parts) or "<p>(no disagreement found)</p>"


def scatter(g: pd.DataFrame, settings: Settings) -> str:
    """Value by date, one colour per speaker, qualifier ranges as whiskers, undated figures
    in a column of their own (inline SVG; written by hand for the same reason as
    dq_report.bar_chart)."""
    width, plot_w, height, left, bottom, top_pad = 880, 470, 300, 70, 40, 20
    dates = [d if d is not None and not pd.isna(d) else p for d, p in zip(g["claim_date"], g["published_at"])]
    xs = [pd.Timestamp(d).timestamp() if d is not None and not pd.isna(d) else None for d in dates]
    known = [x for x in xs if x is not None] or [0.0]
    x0, x1 = min(known) - 86400, max(known) + 86400
    ymax = max(g["value"]) * 1.2 or 1.0
    speakers = list(dict.fromkeys(_s(s) or "unattributed" for s in g["speaker"]))
    undated_x = left + 25
    dated_left = left + 60 if None in xs else left

    def px(x):
        return undated_x if x is None else dated_left + (left + plot_w - dated_left) * (x - x0) / (x1 - x0)

    def py(y):
        return height - bottom - (height - bottom - top_pad) * min(y, ymax) / ymax

    marks = [f'<line x1="{left}" y1="{height - bottom}" x2="{left + plot_w}" y2="{height - bottom}" stroke="#333"/>',
             f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{height - bottom}" stroke="#333"/>']
    for k in range(5):
        v = ymax * k / 4
        marks.append(f'<text x="{left - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v:,.0f}</text>')
    for x in sorted(set(known)) if any(x is not None for x in xs) else []:
        marks.append(f'<text x="{px(x):.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                     f'{pd.Timestamp(x, unit="s").date()}</text>')
    if None in xs:
        marks.append(f'<text x="{undated_x}" y="{height - bottom + 16}" text-anchor="middle">undated</text>')
    for i, (x, r) in enumerate(zip(xs, g.itertuples())):
        colour = PALETTE[speakers.index(_s(r.speaker) or "unattributed") % len(PALETTE)]
        cx = px(x) + (i % 5 - 2) * 6          # same-day figures side by side
        lo, hi = interval(r.value, r.qualifier, settings)
        if (lo, hi) != (r.value, r.value):
            marks.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{py(lo):.1f}" y2="{py(min(hi, ymax)):.1f}" '
                         f'stroke="{colour}" stroke-width="2" opacity="0.5"/>')
        label = f"{r.text} ({_s(r.speaker) or 'unattributed'}, {_s(r.outlet) or 'unknown outlet'})"
        marks.append(f'<circle cx="{cx:.1f}" cy="{py(r.value):.1f}" r="5" fill="{colour}"><title>{html.escape(label)}</title></circle>')
    legend = "".join(f'<text x="{left + plot_w + 15}" y="{top_pad + 10 + 15 * k}" fill="{PALETTE[k % len(PALETTE)]}">'
                     f"● {html.escape(s[:48])}</text>" for k, s in enumerate(speakers))
    full_h = max(height, top_pad + 15 * len(speakers) + 10)
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="value by source over time" '
            f'width="{width}" height="{full_h}" viewBox="0 0 {width} {full_h}">{"".join(marks)}{legend}</svg>')


def _people(people: pd.DataFrame) -> str:
    top = people.sort_values("mention_count", ascending=False).head(MAX_ROWS) if "mention_count" in people else people.head(MAX_ROWS)
    rows = [[html.escape(r.name), _list(r.aliases), _list(r.roles), str(len(r.article_ids))] for r in top.itertuples()]
    return _table(["person", "also written", "roles", "articles"], rows)
