"""Defect 5 of #19: claims link to the people and the figures their content mentions."""
import random
import tracemalloc

import pandas as pd

from schemas import ClaimLinkSchema, load_warehouse
from transforms.crosssource.claim_links import build


def _frames():
    claims = pd.DataFrame({"claim_id": ["clm-a", "clm-b"], "article_id": ["a1", "a1"], "char_start": [0, 100],
                           "char_end": [50, 160]})
    mentions = pd.DataFrame({
        "article_id": ["a1", "a1", "a1", "a1", "a1"],
        "person_id": ["per-k", "per-k", "per-z", "per-t", "per-x"],
        "surface": ["Kim", "Kim Jong Un", "Zelensky", "Kim", "Xi"],
        "field": ["body", "body", "body", "title", "body"],
        "char_start": pd.array([5, 30, 110, 5, 45], dtype="Int64"), "char_end": pd.array([8, 41, 118, 8, 55], dtype="Int64")})
    figures = pd.DataFrame({"figure_id": ["fig-1", "fig-2"], "article_id": ["a1", "a1"], "text": ["10,000", "five"],
                            "char_start": [12, 70], "char_end": [18, 74]})
    return claims, mentions, figures


def test_spans_inside_the_content_are_linked_once_per_person():
    links = build(*_frames())
    ClaimLinkSchema.validate(links)
    got = links[["claim_id", "target", "person_id", "figure_id", "text", "char_start"]].astype(object).where(links.notna(), None)
    assert got.values.tolist() == [
        ["clm-a", "person", "per-k", None, "Kim", 5],          # first mention of Kim only
        ["clm-a", "figure", None, "fig-1", "10,000", 12],
        ["clm-b", "person", "per-z", None, "Zelensky", 110],
    ]
    # a title mention (per-t) and a name that runs past the content's end (per-x) are not linked;
    # nor is a number outside every content (fig-2)


def test_nothing_to_link():
    claims, mentions, figures = _frames()
    assert build(claims.iloc[:0], mentions, figures).empty
    assert list(build(claims, mentions.iloc[:0], figures.iloc[:0]).columns) == list(ClaimLinkSchema.to_schema().columns)


def test_published_links_point_inside_their_claims(seeds_run):
    t = load_warehouse(seeds_run[1])
    links, claims = t["claim_links"], t["claims"].set_index("claim_id")
    bodies = t["articles"].set_index("article_id")["body"]
    assert len(links) > 0 and set(links["target"]) == {"person", "figure"}
    for r in links.itertuples():
        c = claims.loc[r.claim_id]
        assert c.char_start <= r.char_start < r.char_end <= c.char_end
        assert bodies[r.article_id][r.char_start:r.char_end] == r.text
    assert links["person_id"].dropna().isin(t["people"]["person_id"]).all()
    assert links["figure_id"].dropna().isin(t["figures"]["figure_id"]).all()
    umerov = t["people"].loc[t["people"]["name"] == "Rustem Umerov", "person_id"].item()
    said = links[links["person_id"] == umerov].merge(t["claims"], on="claim_id")
    assert said["content"].str.contains("Umerov").all() and len(said) >= 1


# An interval join: the same rows as pairing every claim with every item of its article,
# at the cost of the links found.
def _brute_force(claims, mentions, figures):
    rows = []
    for c in claims.itertuples():
        inside = [m for m in mentions.itertuples() if m.article_id == c.article_id and c.char_start <= m.char_start
                  and m.char_end <= c.char_end]
        seen = set()
        for m in sorted(inside, key=lambda m: m.char_start):
            if m.person_id not in seen:
                seen.add(m.person_id)
                rows.append((c.claim_id, "person", m.person_id, None, m.char_start))
        rows += [(c.claim_id, "figure", None, f.figure_id, f.char_start) for f in figures.itertuples()
                 if f.article_id == c.article_id and c.char_start <= f.char_start and f.char_end <= c.char_end]
    return sorted(rows, key=lambda r: (r[0], r[4], r[1]))


def test_the_same_links_as_every_pair():
    rng = random.Random(7)
    claims = pd.DataFrame([{"claim_id": f"clm-{i}", "article_id": f"a{i % 3}", "char_start": (s := rng.randrange(0, 900)),
                            "char_end": s + rng.randrange(1, 200)} for i in range(60)])
    mentions = pd.DataFrame([{"article_id": f"a{i % 3}", "person_id": f"per-{rng.randrange(5)}", "field": "body", "surface": "X",
                              "char_start": (s := rng.randrange(0, 1000)), "char_end": s + rng.randrange(1, 15)} for i in range(300)])
    figures = pd.DataFrame([{"figure_id": f"fig-{i}", "article_id": f"a{i % 3}", "text": "1",
                             "char_start": (s := rng.randrange(0, 1000)), "char_end": s + 3} for i in range(100)])
    links = build(claims, mentions, figures)
    got = sorted(((r.claim_id, r.target, r.person_id, r.figure_id, r.char_start) for r in links.itertuples()),
                 key=lambda r: (r[0], r[4], r[1]))
    assert got == _brute_force(claims, mentions, figures) and len(got) > 100


def test_one_huge_article_costs_its_links_not_claims_times_mentions():
    # 2,000 claims and 40,000 name mentions on one page: every pair would be 80 million rows
    claims = pd.DataFrame({"claim_id": [f"clm-{i}" for i in range(2000)], "article_id": "a",
                           "char_start": [i * 1000 for i in range(2000)], "char_end": [i * 1000 + 50 for i in range(2000)]})
    mentions = pd.DataFrame({"article_id": "a", "person_id": [f"per-{i % 7}" for i in range(40_000)], "field": "body",
                             "surface": "Smith", "char_start": [i * 50 for i in range(40_000)],
                             "char_end": [i * 50 + 5 for i in range(40_000)]})
    figures = pd.DataFrame(columns=["figure_id", "article_id", "text", "char_start", "char_end"])
    tracemalloc.start()
    links = build(claims, mentions, figures)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(links) == 2000 and peak < 200_000_000
