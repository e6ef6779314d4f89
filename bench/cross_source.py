"""Cross-source benchmark: stories on dedup-dev and the seeds' corroboration targets.

    python bench/cross_source.py [--bench ../shared/bench]

Uses the warehouses bench/quality.py wrote under scratch/quality/ (it runs the flow first
when one is missing). dedup-dev's gold clusters are wire stories; a story should join
copies and other reports of one event but never two different events, so every story
holding articles of more than one gold cluster is counted, split by what the extra
articles are (extra/copies.jsonl roles: hard negatives are same-topic stories of the
same day, the hard case). On the seeds it prints the stories, the most corroborated
statements and the figure groups whose values disagree.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from _common import ROOT

from schemas import load_warehouse, table_path  # noqa: E402


def jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def warehouse(name: str, bench: str) -> Path:
    out = ROOT / "scratch" / "quality" / name / "warehouse"
    if not table_path(out, "articles").exists() or "story_id" not in load_warehouse(out, ["articles"])["articles"]:
        subprocess.run([sys.executable, str(ROOT / "bench" / "quality.py"), "--sets", name, "--bench", bench], check=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    args = ap.parse_args()
    setdir = Path(args.bench) / "dedup-dev"
    arts = load_warehouse(warehouse("dedup-dev", args.bench), ["articles"])["articles"]
    gold = {r["doc"]: r["cluster"] for r in jsonl(setdir / "gold" / "articles.jsonl")}
    role = {r["doc"]: r["role"] for r in jsonl(setdir / "extra" / "copies.jsonl")}
    arts["doc"] = arts["source_file"].map(lambda s: Path(s).name)
    arts["gold"] = arts["doc"].map(gold)
    mixed, kinds = 0, Counter()
    for _, g in arts.groupby("story_id"):
        if g["gold"].nunique() > 1:
            mixed += 1
            kinds.update(role[d] for d in g["doc"])
    print(f"dedup-dev: {len(arts)} articles, {arts['gold'].nunique()} gold wire stories, {arts['dup_cluster_id'].nunique()} "
          f"dup clusters, {arts['story_id'].nunique()} stories; {mixed} stories join articles of different gold "
          f"clusters ({sum(kinds.values())} articles in them: {dict(kinds)})")

    t = load_warehouse(warehouse("seeds", args.bench))
    a = t["articles"]
    print(f"seeds: {len(a)} articles, {a['dup_cluster_id'].nunique()} independent reports, {a['story_id'].nunique()} story")
    top = t["claim_groups"].head(5)
    for r in top.itertuples():
        print(f"  {r.n_articles} articles / {r.n_independent} independent: {r.speaker}: {r.content[:90]}")
    f = t["figure_groups"]
    for gid, g in f[f["values_disagree"]].groupby("group_id"):
        values = ", ".join(f"{v:,.0f} ({q + ' ' if isinstance(q, str) else ''}{s})" for v, q, s in zip(g["value"], g["qualifier"], g["speaker"]))
        print(f"  figures disagree on {g['subject'].iloc[0]} ({g['unit_class'].iloc[0]}): {values}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
