"""people: recognition, spelling-variant folding, surname linking."""
import pandas as pd

from transforms.extract.people import fold, process


def _arts(*bodies, authors=None):
    return pd.DataFrame({"article_id": [f"art-{i}" for i in range(len(bodies))], "title": [None] * len(bodies),
                         "body": list(bodies), "caption_spans": [[] for _ in bodies],
                         "authors": authors or [[] for _ in bodies], "published_at": [None] * len(bodies)})


def test_fold_transliteration_variants():
    assert fold("Andrii") == fold("Andriy") == fold("Andriì".replace("ì", "i"))
    assert fold("Zelensky") == fold("Zelenskyy")
    assert fold("Dmitri") == fold("Dmitry")
    assert fold("Umerov") != fold("Kovalenko")


def test_one_person_across_articles_and_spellings(settings):
    arts = _arts("President Volodymyr Zelenskyy met Andriy Kovalenko in Kyiv on Monday. Zelenskyy said the talks went well.",
                 "Volodymyr Zelensky and Andrii Kovalenko spoke to reporters. Kovalenko said more talks would follow.")
    mentions, people = process(arts, settings)
    by_name = {p.name: p for p in people.itertuples()}
    zel = [p for p in people.itertuples() if "Zelensk" in p.name]
    kov = [p for p in people.itertuples() if "Kovalenko" in p.name]
    assert len(zel) == 1 and len(kov) == 1, by_name
    assert set(zel[0].article_ids) == {"art-0", "art-1"}
    assert {"Volodymyr Zelensky", "Volodymyr Zelenskyy"} <= {zel[0].name, *zel[0].aliases}


def test_authors_are_people_of_kind_author(settings):
    _, people = process(_arts("The minister said on Monday that talks would resume.", authors=[["Jane Doe"]]), settings)
    jane = people[people["name"] == "Jane Doe"]
    assert list(jane["kinds"].item()) == ["author"]
