"""Defects an analyst found by asking ordinary questions (issue #17, part 5): each stays fixed."""
import pandas as pd

from transforms.extract import people
from transforms.extract.claims import find_claims

DAY = pd.Timestamp("1987-03-03", tz="UTC")


def _people_named(body: str, settings) -> set[str]:
    """The surfaces the name tagger keeps in one article body."""
    arts = pd.DataFrame({"article_id": ["a1"], "title": [None], "caption_spans": [[]], "authors": [[]], "body": [body]})
    mentions, _ = people.find_mentions_batch(arts, settings)
    return {m["surface"] for m in mentions}


def test_the_dateline_is_no_part_of_the_speaker(settings):
    body = ("LONDON, March 3 - The Bank of England said it had provided 215 mln stg of assistance "
            "to the money market this morning.")
    (claim,) = find_claims("a1", body, DAY, [], settings)
    assert claim["speaker"] == "The Bank of England"
    assert body[claim["speaker_start"]:claim["speaker_end"]] == "The Bank of England"


def test_according_to_takes_the_whole_clause_not_the_subject_of_its_verb(settings):
    body = "According to Zelensky, Russia has confirmed to the West the involvement of Pyongyang's forces in the war."
    claims = find_claims("a1", body, DAY, [], settings)
    assert [(c["speaker"], c["cue"]) for c in claims] == [("Zelensky", "according to")]
    assert claims[0]["content"].startswith("Russia has confirmed to the West")


def test_a_passive_attitude_keeps_its_subject_as_content(settings):
    # "Cruz was endorsed by Fiorina": the subject is what the attitude is about (PolNeAR's reading)
    from transforms.extract.claims.merge import _subject_as_content
    text = "Cruz was also endorsed the day before by former rival Carly Fiorina."
    assert not _subject_as_content(text, (0, 4), "was also endorsed", (5, 22), settings)
    text = "Russia has confirmed the involvement."
    assert _subject_as_content(text, (0, 6), "has confirmed", (7, 20), settings)


def test_a_publication_is_no_person(settings):
    body = ("Also, Ukrayinska Pravda, citing the Financial Times, wrote that a senior intelligence officer "
            "had seen the report. Kyrylo Budanov said the report was accurate.")
    assert _people_named(body, settings) == {"Kyrylo Budanov"}


def test_a_wire_dateline_without_place_or_capital_is_no_part_of_the_speaker(settings):
    for body, speaker in (("March 2 - Midway Airlines Inc said it will serve several new cities this year.", "Midway Airlines Inc"),
                          ("NEW YORK, march 2 - <Churchill Communications Corp> said it signed an agreement.",
                           "Churchill Communications Corp")):
        (claim,) = find_claims("a1", body, DAY, [], settings)
        assert claim["speaker"] == speaker and body[claim["speaker_start"]:claim["speaker_end"]] == speaker


def test_confidence_is_a_belief(settings):
    (claim,) = find_claims("a1", "Lukman was confident OPEC would maintain its discipline.", DAY, [], settings)
    assert (claim["speaker"], claim["kind"]) == ("Lukman", "belief")


def test_a_speaker_span_that_starts_inside_the_dateline_loses_the_rest_of_it(settings):
    from transforms.extract.claims.speaker import clean_source
    text = "LOS ANGELES, March 2 - Unocal Corp's Union Oil Co said it lowered its posted prices."
    start, end = clean_source(text, (13, text.index(" said")))
    assert text[start:end] == "Unocal Corp's Union Oil Co"


def test_a_sentence_is_no_speaker(settings):
    from transforms.extract.claims.rows import CLAUSE_END
    assert CLAUSE_END.search("the negotiations were proceeding well.")
    assert not CLAUSE_END.search("Pogo Producing Co.") and not CLAUSE_END.search("Martin Luther King Jr.")


def test_wire_copy_contents_and_speakers_keep_to_their_own_text(settings):
    cases = {
        "Hoechst AG said it has completed the acquisition of Celanese Corp.\n\nHoechst acquired most shares in a tender offer.":
            ("Hoechst AG", "it has completed the acquisition of Celanese Corp."),
        "LONDON, March 2 - Talks at the meeting continued, but chances of success were hard to gauge, delegates said.":
            ("delegates", "Talks at the meeting continued, but chances of success were hard to gauge"),
        "Benetton Group Spa <BTOM.MI> said it reached agreement with a textiles concern.":
            ("Benetton Group Spa", "it reached agreement with a textiles concern"),
    }
    for body, (speaker, content) in cases.items():
        claims = find_claims("a1", body, DAY, [], settings)
        assert [(c["speaker"], c["content"]) for c in claims][:1] == [(speaker, content)], body
        assert body[claims[0]["char_start"]:claims[0]["char_end"]] == content


def test_a_company_is_no_person(settings):
    body = ("Jacobson Stores Inc said its board voted a stock split. Mobil Corp will enter the packaging market, "
            "Leo Melamed said.")
    assert _people_named(body, settings) == {"Leo Melamed"}
