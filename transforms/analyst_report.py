"""Analyst report: a warehouse's tables -> one self-contained HTML page per run.

Stories with their sources and how many of them are independent, the statements carried
by the most independent sources, figure groups whose sources disagree (value by source over
time, drawn by matplotlib as inline SVG), and people with their roles. No external file,
font or script: the page opens from a mail attachment or an air-gapped laptop.

The charts: one colour per source, named as ``people`` names the person (``speaker_person_id``)
or, for institutions, as the claims write them; undated figures in a panel of their own; an
"about" figure as a bar over the values it allows (+-10%), "at least" / "up to" as a short
arrow that way from the value; each point labelled with its value as stated. A group whose
values all come from one source (a company's "Avg shrs" this year and last year) is no
disagreement between sources and is left out.

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
import io
import math
import textwrap

import matplotlib

matplotlib.use("Agg")                                   # no display: SVG text only
import matplotlib.dates as mdates                       # noqa: E402  (after the backend is chosen)
import matplotlib.pyplot as plt                         # noqa: E402
import pandas as pd                                     # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from transforms.common.settings import Settings         # noqa: E402
from transforms.crosssource.claim_groups import speaker_key  # noqa: E402
from transforms.crosssource.figure_groups import interval  # noqa: E402
from transforms.quality.dq_report import PAGE_STYLE     # noqa: E402

MAX_ROWS = 50
MAX_CHARTS = 20
PALETTE = ("#4e79a7", "#e15759", "#59a14f", "#b07aa1", "#f28e2b", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#79706e")
UNATTRIBUTED = "unattributed"
STYLE = {"svg.fonttype": "none", "svg.hashsalt": "news-etl", "font.size": 10, "font.family": "sans-serif",
         "axes.spines.top": False, "axes.spines.right": False}


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
    names = dict(zip(people["person_id"], people["name"])) if len(people) else {}
    e = html.escape
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>news-etl report: {e(str(run.get('run_id')))}</title>
<style>{PAGE_STYLE}svg.chart{{max-width:100%;height:auto}}</style></head><body>
<h1>News report, run {e(str(run.get('run_id')))}</h1>
<p>{len(arts)} articles, {arts['dup_cluster_id'].nunique() if len(arts) else 0} independent reports
(wire copies counted once), {arts['story_id'].nunique() if len(arts) else 0} stories, {len(groups)} statements,
{figs['group_id'].nunique() if len(figs) else 0} figure groups, {len(people)} people.</p>
<h2>Stories</h2>{_stories(arts)}
<h2>Most corroborated statements</h2>{_corroborated(groups, names)}
<h2>Figures that disagree</h2>{_disagreements(figs, arts, names, settings)}
<h2>People</h2>{_people(people)}
<script>document.documentElement.dataset.rendered = document.querySelectorAll("svg.chart").length;</script>
</body></html>
"""


def _table(header: list[str], rows: list[list[str]]) -> str:
    """An HTML table; a column empty in every row is left out (no outlet known anywhere)."""
    if not rows:
        return "<p>(none)</p>"
    keep = [i for i in range(len(header)) if any(r[i] for r in rows)]
    head = "".join(f"<th>{html.escape(header[i])}</th>" for i in keep)
    body = "".join("<tr>" + "".join(f"<td>{r[i]}</td>" for i in keep) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _list(values) -> str:
    return html.escape(", ".join(str(v) for v in (values if values is not None else [])))


def _s(v) -> str:
    """A cell's text: empty for None and NaN."""
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT else str(v)


def _day(ts) -> str:
    return "" if ts is None or pd.isna(ts) else str(pd.Timestamp(ts).date())


def number(value: float) -> str:
    """A value as stated, never rounded to a whole number: 837356 -> 837,356; 2.75 -> 2.75.

    Example:
        >>> number(837356.0), number(2.75), number(3.25), number(1300000.0), number(0.125)
        ('837,356', '2.75', '3.25', '1,300,000', '0.125')
    """
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _speaker(name, person_id, names: dict[str, str]) -> str:
    """The canonical name of a person, else the speaker as written."""
    return names.get(person_id) or _s(name)


def _stories(arts: pd.DataFrame) -> str:
    rows = []
    reports = arts.groupby("story_id")["dup_cluster_id"].nunique()
    top = sorted(reports.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_ROWS]      # only the shown stories in detail
    for sid, _ in top:
        g = arts[arts["story_id"] == sid]
        titles = g.sort_values("published_at", na_position="last")["title"].dropna()
        dates = f"{_day(g['published_at'].min())} – {_day(g['published_at'].max())}" if g["published_at"].notna().any() else ""
        rows.append([html.escape(titles.iloc[0] if len(titles) else sid), str(len(g)), str(g["dup_cluster_id"].nunique()),
                     _list(sorted(g["outlet"].dropna().unique())), dates])
    return _table(["story", "articles", "independent", "outlets", "published"], rows)


def _corroborated(groups: pd.DataFrame, names: dict[str, str]) -> str:
    top = groups.sort_values(["n_independent", "n_articles"], ascending=False).head(MAX_ROWS)
    rows = [[html.escape(_speaker(r.speaker, r.speaker_person_id, names)), html.escape(r.content), str(r.n_articles),
             str(r.n_independent), _list(r.outlets), _day(r.first_reported_at)] for r in top.itertuples() if r.n_articles > 1]
    return _table(["speaker", "statement", "articles", "independent sources", "outlets", "first reported"], rows)


def _disagreements(figs: pd.DataFrame, arts: pd.DataFrame, names: dict[str, str], settings: Settings) -> str:
    """A chart and a table per figure group whose independent sources disagree."""
    shown = disagreeing_groups(figs, arts)
    single = figs[figs["values_disagree"]]["group_id"].nunique() - len(shown) if len(figs) else 0
    parts = []
    for gid in shown.index[:MAX_CHARTS]:
        g = figs[figs["group_id"] == gid]
        first = g.iloc[0]
        rows = [[html.escape(r.text), number(r.value), html.escape(_s(r.qualifier)),
                 html.escape(_speaker(r.speaker, r.speaker_person_id, names)), html.escape(_s(r.outlet)),
                 _day(r.claim_date if not pd.isna(r.claim_date) else r.published_at)]
                for r in g.itertuples()]
        title = _s(first.subject) or _s(first.text)
        parts.append(f"<h3>{html.escape(title)} ({html.escape(first.unit_class)}): {g['value'].nunique()} different "
                     f"values from {int(shown[gid])} independent sources</h3>{chart(g, names, settings)}"
                     + _table(["figure", "value", "qualifier", "speaker", "outlet", "date"], rows))
    if len(shown) > MAX_CHARTS:
        parts.append(f"<p>{len(shown) - MAX_CHARTS} more groups whose sources disagree are in figure_groups.</p>")
    if single:
        parts.append(f"<p class=note>{single} groups whose differing values all come from one source (this year's and "
                     "last year's figure in one report, say) are left out: they are no disagreement between sources.</p>")
    return "".join(parts) or "<p>(no disagreement found)</p>"


def disagreeing_groups(figs: pd.DataFrame, arts: pd.DataFrame) -> pd.Series:
    """group_id -> independent sources (distinct wire-copy clusters), for the groups with
    ``values_disagree`` whose figures come from at least two independent sources; most
    sources first."""
    if figs.empty:
        return pd.Series(dtype="int64")
    bad = figs[figs["values_disagree"]]
    cluster = bad["article_id"].map(dict(zip(arts["article_id"], arts["dup_cluster_id"]))).fillna(bad["article_id"])
    sources = cluster.groupby(bad["group_id"]).nunique()
    values = bad.groupby("group_id")["value"].nunique()
    order = pd.DataFrame({"sources": sources, "values": values}).sort_values(["sources", "values"], ascending=False, kind="stable")
    return order.loc[order["sources"] >= 2, "sources"]


def chart(g: pd.DataFrame, names: dict[str, str], settings: Settings) -> str:
    """Value by date for one figure group, one colour per source, as inline SVG (matplotlib).

    Dated figures (the statement's date, else the article's) on a time axis, undated ones
    in a panel to the right; figures of the same day side by side; "about" as a bar over
    the values it allows, "at least" as a short arrow up, "up to" as one down; each point
    labelled with its value; the legend to the right, names in full (wrapped).
    """
    pts = _points(g, names, settings)
    dated, undated = pts[pts["date"].notna()], pts[pts["date"].isna()]
    lows = [lo for lo in pts["low"] if math.isfinite(lo)] + list(pts["value"])
    highs = [hi for hi in pts["high"] if math.isfinite(hi)] + list(pts["value"])
    span = (max(highs) - min(lows)) or max(highs) or 1.0
    arrow = 0.12 * span                                  # open-ended intervals: a short arrow, not the whole axis
    with plt.rc_context(STYLE):
        widths = [w for p, w in ((dated, 5.5), (undated, max(1.0, 0.6 * len(undated)))) if len(p)]
        fig, axes = plt.subplots(1, len(widths), sharey=True, figsize=(min(11.0, 1.2 + sum(widths)), 3.6),
                                 gridspec_kw={"width_ratios": widths}, squeeze=False)
        axes = list(axes[0])
        if len(dated):
            _draw(axes[0], dated, _day_positions(dated["date"]), arrow)
            _date_axis(axes[0], dated["date"])
        if len(undated):
            ax = axes[-1]
            _draw(ax, undated, [(i + 1) / (len(undated) + 1) for i in range(len(undated))], arrow)
            ax.set_xlim(0, 1)
            ax.set_xticks([0.5], ["undated"])
            if len(dated):
                ax.spines["left"].set_visible(False)
                ax.tick_params(axis="y", left=False)
        ax0 = axes[0]
        ax0.set_ylim(max(0.0, min(lows) - 0.25 * span), max(highs) + 0.3 * span)
        ax0.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        ax0.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v)))
        ax0.set_ylabel(_s(g["unit"].dropna().iloc[0]) if g["unit"].notna().any() else g["unit_class"].iloc[0])
        for ax in axes:
            ax.grid(axis="y", color="#e5e5e5", linewidth=0.8)
            ax.set_axisbelow(True)
        handles = {}
        for ax in axes:
            for handle, label in zip(*ax.get_legend_handles_labels()):
                handles.setdefault(label, handle)
        fig.legend(handles.values(), [textwrap.fill(label, 28) for label in handles], loc="upper left",
                   bbox_to_anchor=(1.0, 0.95), frameon=False, title="source", alignment="left")
        fig.text(1.0, 0.02, "bar: about (±10%)   ↑ at least   ↓ up to", fontsize=8, color="#555", ha="left")
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
        plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    label = html.escape(f"{_s(g['subject'].iloc[0]) or g['unit_class'].iloc[0]}: value by source over time")
    return svg.replace("<svg ", f'<svg class="chart" role="img" aria-label="{label}" data-points="{len(pts)}" ', 1)


def _points(g: pd.DataFrame, names: dict[str, str], settings: Settings) -> pd.DataFrame:
    """One row per figure: date, value, its interval, and its source's label."""
    rows = []
    for r in g.itertuples():
        when = r.claim_date if not pd.isna(r.claim_date) else r.published_at
        lo, hi = interval(r.value, r.qualifier, settings)
        key = speaker_key(r.speaker, r.speaker_person_id, settings)
        rows.append({"date": None if pd.isna(when) else pd.Timestamp(when).tz_convert(None).normalize(),
                     "value": float(r.value), "low": lo, "high": hi, "key": key or UNATTRIBUTED,
                     "label": _speaker(r.speaker, r.speaker_person_id, names) or UNATTRIBUTED})
    pts = pd.DataFrame(rows)
    # one label per source: the canonical name of a person, else the way most figures write it
    labels = pts.groupby("key")["label"].agg(lambda s: s.value_counts().index[0])
    pts["label"] = pts["key"].map(labels)
    order = list(dict.fromkeys(pts["label"]))
    pts["colour"] = pts["label"].map({label: PALETTE[i % len(PALETTE)] for i, label in enumerate(order)})
    return pts


def _day_positions(dates: pd.Series) -> list[float]:
    """x positions (matplotlib date numbers): figures of one day side by side, 0.12 day apart."""
    xs, seen = [], {}
    counts = dates.value_counts()
    for d in dates:
        k = seen.get(d, 0)
        seen[d] = k + 1
        xs.append(mdates.date2num(d) + (k - (counts[d] - 1) / 2) * 0.12)
    return xs


def _date_axis(ax, dates: pd.Series) -> None:
    """Days as '4 Nov 2024' (a tick a day, or every few days), months for longer spans."""
    lo, hi = mdates.date2num(dates.min()), mdates.date2num(dates.max())
    pad = max(0.6, (hi - lo) * 0.08)
    ax.set_xlim(lo - pad, hi + pad)
    days = hi - lo
    if days <= 45:
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, math.ceil(days / 6))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b\n%Y"))
    else:
        locator = mdates.AutoDateLocator(minticks=2, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _draw(ax, pts: pd.DataFrame, xs: list[float], arrow: float) -> None:
    for x, p in zip(xs, pts.itertuples()):
        if math.isinf(p.high):
            ax.annotate("", xy=(x, p.value + arrow), xytext=(x, p.value),
                        arrowprops={"arrowstyle": "-|>", "color": p.colour, "lw": 1.4, "shrinkA": 0, "shrinkB": 0})
        elif p.low == 0.0 and p.high == p.value:
            ax.annotate("", xy=(x, max(0.0, p.value - arrow)), xytext=(x, p.value),
                        arrowprops={"arrowstyle": "-|>", "color": p.colour, "lw": 1.4, "shrinkA": 0, "shrinkB": 0})
        elif (p.low, p.high) != (p.value, p.value):
            ax.plot([x, x], [p.low, p.high], color=p.colour, linewidth=5, alpha=0.3, solid_capstyle="butt")
        ax.scatter([x], [p.value], s=42, color=p.colour, edgecolors="white", linewidths=0.8, zorder=3, label=p.label)
        if len(pts) <= 24:
            ax.annotate(number(p.value), (x, p.value), xytext=(6, 0), textcoords="offset points", va="center",
                        fontsize=8, color="#333")


def _people(people: pd.DataFrame) -> str:
    top = people.sort_values("mention_count", ascending=False).head(MAX_ROWS) if "mention_count" in people else people.head(MAX_ROWS)
    rows = [[html.escape(r.name), _list(r.aliases), _list(r.roles), str(len(r.article_ids))] for r in top.itertuples()]
    return _table(["person", "also written", "roles", "articles"], rows)
