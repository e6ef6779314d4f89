"""dedup: copies and rewrites share a cluster; independent reports of one event do not."""
import re

import pandas as pd

from transforms.cluster.dedup import process, unclustered

WIRE = ("Floods hit the northern city of Exampleton on Monday, killing 12 people and forcing 3,000 from their homes. "
        "The river rose four metres overnight after a week of heavy rain, the regional governor said. "
        "Rescue teams used boats to reach villages cut off by the water. "
        "Forecasters expect more rain on Wednesday, and the army has sent 500 soldiers to help. "
        "The government promised 20 million dollars in emergency aid.")
REWRITE = ("On Monday floods struck Exampleton in the north, leaving 12 people dead and 3,000 forced out of their homes. "
           "After seven days of heavy rainfall the river climbed four metres during the night, according to the regional governor. "
           "Boats carried rescue teams to villages the water had cut off. "
           "More rain is forecast for Wednesday; 500 soldiers have been sent by the army to help. "
           "Emergency aid of $20 million was promised by the government.")
OTHER = ("Residents of Exampleton described scenes of chaos as water poured into streets on Monday. "
         "Maria Example, a shopkeeper, said her store was ruined within an hour. "
         "Local officials criticised the slow response of the national government to the floods. "
         "Schools will remain closed for the rest of the week, the mayor announced. "
         "Insurers expect claims to run into the millions.")


def _frame(bodies):
    return pd.DataFrame({"article_id": [f"art-{i}" for i in range(len(bodies))], "body": bodies,
                         "n_words": [len(b.split()) for b in bodies], "published_at": [None] * len(bodies)})


def test_rewrite_joins_and_independent_report_stays_apart(settings):
    out = process(_frame([WIRE, REWRITE, OTHER, WIRE[:300]]), settings)
    c = dict(zip(out["article_id"], out["dup_cluster_id"]))
    assert c["art-0"] == c["art-1"] == c["art-3"]
    assert c["art-2"] != c["art-0"]


def test_evidence_says_how_much_aligned_and_with_which_article(settings):
    evidence = process(_frame([WIRE, REWRITE, OTHER, WIRE[:300]]), settings).set_index("article_id")["dup_evidence"]
    # a rewrite: every sentence aligns, loosely; a trimmed verbatim copy: what is left aligns exactly
    assert re.fullmatch(r"5 of 5 sentences aligned in order \(mean cosine 0\.[5-9]\d\) with art-0", evidence["art-1"])
    assert evidence["art-3"] == "3 of 4 sentences aligned in order (mean cosine 1.00) with art-0"
    assert pd.isna(evidence["art-2"])                  # an independent report has no evidence at all


def test_canonical_is_most_complete(settings):
    out = process(_frame([WIRE[:300], WIRE]), settings)
    assert set(out["canonical_article_id"]) == {"art-1"}


def test_empty_and_single(settings):
    assert process(_frame([]), settings).empty
    one = process(_frame([WIRE]), settings)
    assert one["dup_similarity"].tolist() == [1.0] and one["dup_evidence"].isna().all()


def test_unclustered_gives_the_ids_a_lone_article_gets(settings):
    frame = _frame([WIRE, OTHER])
    alone = unclustered(frame)
    assert alone["dup_cluster_id"].tolist() == process(frame, settings)["dup_cluster_id"].tolist() == ["dup-0", "dup-1"]
    assert alone["canonical_article_id"].tolist() == ["art-0", "art-1"] and alone["dup_similarity"].tolist() == [1.0, 1.0]


def test_incremental_run_matches_full_run(settings):
    from transforms.cluster.dedup import cluster

    frame = _frame([WIRE, OTHER, REWRITE, WIRE[:300]])
    first, index = cluster(frame.iloc[:2], settings)
    rest = frame.iloc[2:]
    second, _ = cluster(pd.concat([first, rest], ignore_index=True), settings, previous=index)
    full = process(frame, settings)
    same = lambda f: {frozenset(g["article_id"]) for _, g in f.groupby("dup_cluster_id")}
    assert same(second) == same(full)
    # the published cluster keeps its id when copies join it
    wire_cluster = first.loc[first["article_id"] == "art-0", "dup_cluster_id"].item()
    assert set(second.loc[second["article_id"].isin(["art-0", "art-2", "art-3"]), "dup_cluster_id"]) == {wire_cluster}


def test_captions_do_not_tie_stories(settings):
    caption = "A general view of Washington in a file photo."
    a, b = f"{caption}\n\n{WIRE}", f"{caption}\n\n{OTHER}"
    frame = _frame([a, b])
    frame["caption_spans"] = [[[0, len(caption)]], [[0, len(caption)]]]
    assert process(frame, settings)["dup_cluster_id"].nunique() == 2
