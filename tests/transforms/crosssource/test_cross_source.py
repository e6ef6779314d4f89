"""Stories, claim groups and figure groups as pure functions."""
import pandas as pd
import pytest

from transforms.crosssource import claim_groups, figure_groups
from transforms.cluster import stories


def _articles(titles, bodies, days, clusters=None):
    n = len(titles)
    ids = [f"a{i}" for i in range(n)]
    clusters = clusters or [f"dup-{i}" for i in range(n)]
    canon = {c: ids[clusters.index(c)] for c in clusters}
    return pd.DataFrame({"article_id": ids, "title": titles, "body": bodies, "dup_cluster_id": clusters,
                         "canonical_article_id": [canon[c] for c in clusters], "outlet": [f"O{i}" for i in range(n)],
                         "published_at": pd.to_datetime(days, utc=True)})


def test_reports_of_one_event_share_a_story_and_other_events_do_not(settings):
    quake = "A magnitude 6.8 earthquake struck Hualien county in eastern Taiwan, collapsing a hotel and killing nine people."
    quake2 = "Rescuers in Hualien searched a collapsed hotel after the 6.8 quake in Taiwan killed nine people."
    budget = "The Dutch parliament approved a budget that raises spending on dikes and water management in Zeeland."
    arts = _articles(["Quake hits Taiwan", "Taiwan quake kills nine", "Dutch budget passes"], [quake, quake2, budget],
                     ["2024-04-03", "2024-04-03", "2024-04-03"])
    sid = stories.assign(arts, settings).tolist()
    assert sid[0] == sid[1] != sid[2]


def test_reports_weeks_apart_are_other_events(settings):
    quake = "A magnitude 6.8 earthquake struck Hualien county in eastern Taiwan, collapsing a hotel and killing nine people."
    arts = _articles(["Quake hits Taiwan", "Quake hits Taiwan"], [quake, quake], ["2024-04-03", "2024-05-20"])
    sid = stories.assign(arts, settings).tolist()
    assert sid[0] != sid[1]


def test_stories_from_published_words_are_the_stories_of_a_full_count(settings):
    """#15: an incremental run takes the words of published articles from dedup_signatures
    instead of normalising their text again, and gets the same stories."""
    quake = "A magnitude 6.8 earthquake struck Hualien county in eastern Taiwan, collapsing a hotel and killing nine people."
    quake2 = "Rescuers in Hualien searched a collapsed hotel after the 6.8 quake in Taiwan killed nine people."
    budget = "The Dutch parliament approved a budget that raises spending on dikes and water management in Zeeland."
    arts = _articles(["Quake hits Taiwan", "Taiwan quake kills nine", "Dutch budget passes"], [quake, quake2, budget],
                     ["2024-04-03", "2024-04-03", "2024-04-03"])
    full, terms = stories.assign_with_terms(arts, settings)
    assert terms["article_id"].tolist() == ["a0", "a1", "a2"] and all(len(w) for w in terms["story_words"])
    published = terms.iloc[:2].assign(story_words=lambda t: t["story_words"].map(lambda w: pd.array(w, dtype=object)))
    again, again_terms = stories.assign_with_terms(arts, settings, published)
    assert again.tolist() == full.tolist() and full.iloc[0] == full.iloc[1] != full.iloc[2]
    pd.testing.assert_frame_equal(again_terms.map(lambda v: list(v) if not isinstance(v, str) else v),
                                  terms.map(lambda v: list(v) if not isinstance(v, str) else v))
    # the published words are what is read: other words, another story
    swapped = published.assign(story_words=[terms["story_words"][2], terms["story_words"][1]],
                               story_counts=[terms["story_counts"][2], terms["story_counts"][1]])
    swapped_ids = stories.assign_with_terms(arts, settings, swapped)[0]
    assert swapped_ids.iloc[0] == swapped_ids.iloc[2] != swapped_ids.iloc[1]


def test_copies_count_once_and_other_speakers_stay_apart(settings):
    arts = _articles(["t"] * 3, ["b"] * 3, ["2024-11-04", "2024-11-05", "2024-11-05"], ["dup-a", "dup-a", "dup-b"])
    arts["story_id"] = "sto-a"
    text = "the first North Korean troops have already come under fire in Kursk"
    claims = pd.DataFrame({"claim_id": ["c1", "c2", "c3", "c4"], "article_id": ["a0", "a1", "a2", "a2"],
                           "speaker": ["Kovalenko", "Kovalenko", "Andriy Kovalenko", "Umerov"],
                           "speaker_person_id": ["p1", "p1", "p1", "p2"], "content": [text, text, text.replace("troops", "units"), text],
                           "char_start": [0, 0, 0, 80]})
    groups = claim_groups.build(claims, arts, settings)
    top = groups.iloc[0]
    assert top["claim_ids"] == ["c1", "c2", "c3"] and top["n_articles"] == 3 and top["n_independent"] == 2
    assert len(groups) == 2                                     # Umerov saying the same words is another statement


def test_qualifiers_decide_disagreement(settings):
    assert not figure_groups.disagree([10000, 12000], ["at least", "up to"], settings)
    assert not figure_groups.disagree([11000, 10500], ["about", None], settings)
    assert figure_groups.disagree([8000, 12000], ["some", None], settings)
    assert figure_groups.disagree([15000, 12000], [None, "up to"], settings)


@pytest.mark.parametrize("qualifier, interval", [
    ("close to", (9000.0, 10000.0)), ("nearly", (9000.0, 10000.0)), ("just under", (9000.0, 10000.0)),
    ("just over", (10000.0, float("inf"))), ("well over", (10000.0, float("inf"))), ("greater than", (10000.0, float("inf"))),
    ("as many as", (0.0, 10000.0)), ("about", (9000.0, 11000.0)), ("estimated", (9000.0, 11000.0)), (None, (10000.0, 10000.0))])
def test_every_qualifier_has_its_interval(settings, qualifier, interval):
    assert figure_groups.interval(10000.0, qualifier, settings) == pytest.approx(interval)


def test_figures_and_groups_read_one_qualifier_list(settings):
    """The qualifiers figures extract are the ones groups classify: a list injected into the
    settings changes both."""
    from transforms.extract.figures import find_figures

    (f,) = find_figures("Officials counted close to 10,000 troops.", settings)
    assert f["qualifier"] == "close to" and figure_groups.disagree([10000, 9500], [f["qualifier"], None], settings) is False
    (g,) = find_figures("Officials counted just over 10,000 troops.", settings)
    assert g["qualifier"] == "just over" and figure_groups.disagree([10000, 9500], [g["qualifier"], None], settings)
    mine = settings.with_vocabularies(qualifiers=["circa\tabout"])
    (h,) = find_figures("Officials counted circa 10,000 troops.", mine)
    assert h["qualifier"] == "circa" and figure_groups.interval(10000.0, "circa", mine) == pytest.approx((9000.0, 11000.0))


def test_parts_are_not_compared_and_bare_numbers_inherit(settings):
    body = ("Russia plans to deploy five North Korean battalions, each of about 3,000 troops. "
            "This could increase their number to 15,000. Officials said 12,000 North Korean troops were in Kursk.")
    arts = _articles(["t"], [body], ["2024-11-05"])
    arts["story_id"] = "sto-a"

    def fig(fid, value, unit, subject, text):
        start = body.index(text)
        return {"figure_id": fid, "article_id": "a0", "value": value, "qualifier": None, "unit": unit, "subject": subject,
                "text": text, "char_start": start, "char_end": start + len(text), "claim_id": None, "speaker": None,
                "speaker_person_id": None}
    figures = pd.DataFrame([fig("f1", 5, "battalions", "North Korean battalions", "five North Korean battalions"),
                            fig("f2", 3000, "troops", "troops", "about 3,000 troops"),
                            fig("f3", 15000, None, None, "15,000"),
                            fig("f4", 12000, "troops", "North Korean troops", "12,000 North Korean troops")])
    groups = figure_groups.build(figures, pd.DataFrame(columns=["claim_id", "claim_date"]), arts, settings)
    troops = groups[groups["unit_class"] == "troops"]
    assert set(troops["figure_id"]) == {"f3", "f4"}            # 3,000 is per battalion: not compared
    assert troops.set_index("figure_id").loc["f3", "inherited"]
    assert troops["values_disagree"].all()


def test_period_comparisons_are_not_disagreements(settings):
    """"X vs Y", "to X from Y": this period's number and another period's, two quantities. Two
    copies of the story give the same current numbers, which agree; the earlier periods' are
    left out instead of being flagged as conflicting reports (issue 17, part 5)."""
    from transforms.extract.figures import find_figures
    bodies = ["NATO said the Soviet Union now deploys 1,200 Soviet warheads in Europe, up from 950 Soviet warheads.\n\n"
              "Warheads 1,200 Soviet warheads vs 950 Soviet warheads",
              "The alliance counted 1,200 Soviet warheads in Europe, compared with 950 Soviet warheads a year ago."]
    arts = _articles(["t", "t"], bodies, ["1987-03-02", "1987-03-02"], clusters=["dup-0", "dup-0"])
    arts["story_id"] = "sto-a"
    figures = pd.DataFrame([{"figure_id": f"f{i}{j}", "article_id": f"a{i}", **f, "claim_id": None, "speaker": None,
                             "speaker_person_id": None}
                            for i, body in enumerate(bodies) for j, f in enumerate(find_figures(body, settings))])
    assert list(figures["value"]) == [1200, 950, 1200, 950, 1200, 950]
    groups = figure_groups.build(figures, pd.DataFrame(columns=["claim_id", "claim_date"]), arts, settings)
    assert list(groups["value"]) == [1200, 1200, 1200] and not groups["values_disagree"].any()
