"""claims: general English reporting structures."""
import pandas as pd
import pytest

from transforms.extract.claims import claim_date, find_claims


def _one(text, settings, mentions=()):
    rows = find_claims("a", text, None, list(mentions), settings)
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize("text,speaker,cue,content,direct", [
    ("Umerov said that five units would be deployed.", "Umerov", "said", "five units would be deployed", False),
    ("“They are wearing Russian uniforms,” Umerov said.", "Umerov", "said", "They are wearing Russian uniforms", True),
    ("Troops engaged in fighting near the border, the defense minister said Tuesday.", "the defense minister", "said",
     "Troops engaged in fighting near the border", False),
    ("According to the Pentagon, at least 10,000 soldiers are stationed there.", "the Pentagon", "according to",
     "at least 10,000 soldiers are stationed there", False),
    ("US officials told the Reuters news agency that troops were engaged in combat.", "US officials", "told",
     "troops were engaged in combat", False),
    ("The first information was reported by Suspilne media, citing its own sources.", "Suspilne media", "reported",
     "The first information", False),
])
def test_patterns(text, speaker, cue, content, direct, settings):
    row = _one(text, settings)
    # the cue's own word: "was reported" and "reported" are the same cue (score.py ignores auxiliaries)
    assert (row["speaker"], row["content"], row["is_direct"]) == (speaker, content, direct) and row["cue"].endswith(cue)
    assert text[row["char_start"]:row["char_end"]] == row["content"]


def test_pronoun_resolves_to_previous_speaker(settings):
    rows = find_claims("a", "Budanov said 11,000 troops are training. He added that the first unit is en route.", None, [], settings)
    assert [r["speaker"] for r in rows] == ["Budanov", "Budanov"]


def test_negated_and_anaphoric_reports_are_not_claims(settings):
    assert find_claims("a", "He said this in an interview with KBS.", None, [], settings) == []
    assert find_claims("a", "Moscow and Pyongyang have so far not responded to the allegations.", None, [], settings) == []


def test_medium_and_date(settings):
    row = _one("Kovalenko said in a Telegram post on Monday that the first units came under fire.", settings)
    assert row["medium"] == "Telegram post"
    assert claim_date("Kovalenko said on Monday that", pd.Timestamp("2024-11-05", tz="UTC")) == pd.Timestamp("2024-11-04", tz="UTC")


def test_empty_body(settings):
    assert find_claims("a", "", None, [], settings) == []


def test_the_tagger_adds_what_no_pattern_finds(settings):
    rows = find_claims("a", "Republicans want a vote on the bill before the recess.", None, [], settings)
    assert [(r["speaker"], r["cue"], r["content"], r["extractor"]) for r in rows] == [
        ("Republicans", "want", "a vote on the bill before the recess", "tagger")]
    off = settings.replace(claims={"learned_tagger": False})
    assert find_claims("a", "Republicans want a vote on the bill before the recess.", None, [], off) == []


@pytest.mark.parametrize("text", ["Moscow and Pyongyang have so far not responded to any of the allegations.",
                                  "He provided no further details.", "Officials said this on Monday."])
def test_negated_and_empty_reports_are_no_claims(text, settings):
    assert find_claims("a", text, None, [], settings) == []


def test_a_passive_agent_is_the_speaker_not_the_content(settings):
    rows = find_claims("a", "The report was confirmed by KBS, citing its own sources.", None, [], settings)
    assert [(r["speaker"], r["content"]) for r in rows] == [("KBS", "The report")]


@pytest.mark.parametrize("text, content", [
    ("“It is hard,” Umerov said, “but we will hold the line.”", "It is hard,” Umerov said, “but we will hold the line"),
    ("Intro.\n\n“It is hard,” Umerov said. “We will hold the line. We always do.”\n\nNext.",
     "It is hard,” Umerov said. “We will hold the line. We always do"),
    # a "they say" inside the quotation is the speaker's own words, not a new attribution
    ("Intro.\n\n“It is hard,” Umerov said. “Our soldiers say they will hold the line.”\n\nNext.",
     "It is hard,” Umerov said. “Our soldiers say they will hold the line"),
])
def test_a_quotation_that_goes_on_after_its_attribution_is_one_claim(text, content, settings):
    rows = find_claims("a", text, None, [], settings)
    assert [(r["speaker"], r["content"], r["is_direct"]) for r in rows] == [("Umerov", content, True)]
    assert text[rows[0]["char_start"]:rows[0]["char_end"]] == content


def test_a_new_paragraph_is_not_a_continuation(settings):
    rows = find_claims("a", "“It is hard,” Umerov said.\n\n“We will hold,” Budanov said.", None, [], settings)
    assert [(r["speaker"], r["content"]) for r in rows] == [("Umerov", "It is hard"), ("Budanov", "We will hold")]


def test_a_signed_quotation_is_the_signers(settings):
    text = "Readers wrote in.\n\n“He is ignorant of our culture and lives.” ― Pamela Padilla\n\n“Trump must stop.” — Carla Sanchez."
    rows = find_claims("a", text, None, [], settings)
    assert [(r["speaker"], r["cue"], r["content"], r["is_direct"]) for r in rows] == [
        ("Pamela Padilla", "―", "He is ignorant of our culture and lives", True),
        ("Carla Sanchez", "—", "Trump must stop", True)]


def test_a_transcript_turn_runs_to_the_end_of_its_paragraph(settings):
    text = ("JAKE TAPPER: Donald Trump released a video on Friday. Take a listen.\n\n"
            "UPDATE: The video was removed.\n\nFALLIN: Well, I think the nation needs to work together.")
    rows = find_claims("a", text, None, [], settings)
    turns = [(r["speaker"], r["content"]) for r in rows if r["cue"] == ":"]
    assert turns == [("JAKE TAPPER", "Donald Trump released a video on Friday. Take a listen."),
                     ("FALLIN", "Well, I think the nation needs to work together.")]


def test_a_tagged_source_loses_its_label_and_punctuation():
    from transforms.extract.claims.speaker import clean_source
    text = "Photo: Ukraine’s President Volodymyr Zelensky, said"
    start, end = clean_source(text, (0, len(text) - 5))
    assert text[start:end] == "Ukraine’s President Volodymyr Zelensky"


def test_a_lead_in_with_a_colon_introduces_the_next_paragraphs(settings):
    text = ("Officials met on Monday.\n\nThe governor added:\n\n“We will rebuild every home. It will take years.\n\n"
            "“But we will do it.”\n\nThe storm killed 12 people, police said.")
    rows = find_claims("a", text, None, [], settings)
    assert [(r["speaker"], r["cue"], r["is_direct"]) for r in rows] == [("The governor", "added", True),
                                                                          ("police", "said", False)]
    assert rows[0]["content"] == "We will rebuild every home. It will take years.\n\n“But we will do it."
    assert text[rows[0]["char_start"]:rows[0]["char_end"]] == rows[0]["content"]


def test_a_colon_that_ends_no_paragraph_or_follows_no_cue_is_no_lead_in(settings):
    rows = find_claims("a", "Three things matter:\n\nPrices, wages and rents.", None, [], settings)
    assert rows == []


def test_a_speaker_span_with_a_quotation_mark_is_a_misread():
    from transforms.extract.claims.speaker import quoted_speaker
    text = '"The plan is unfair to parents," said Carmel Martin, vice president for policy at a liberal think tank.'
    def span(part):
        return text.index(part), text.index(part) + len(part)
    assert quoted_speaker(text, {"speaker": span('parents,"'), "content": span("Carmel Martin, vice")})
    assert not quoted_speaker(text, {"speaker": span("Carmel Martin"), "content": span("The plan is unfair")})


def test_a_relative_pronoun_source_stands_for_the_phrase_before_it(settings):
    from transforms.extract.claims.speaker import antecedent
    text = "Ukrainian President Volodymyr Zelensky, who spoke on Monday, warned of escalation."
    who = (text.index("who"), text.index("who") + 3)
    start, end = antecedent(text, who, settings)
    assert text[start:end] == "Ukrainian President Volodymyr Zelensky"
    assert antecedent(text, (0, 9), settings) == (0, 9)          # not a relative pronoun: left alone


@pytest.mark.parametrize("text,content", [
    ('"No thanks to Nathan Deal," he added.', "No thanks to Nathan Deal"),
    ("“No matter what you’re doing, you have to deal with it,” she said.", "No matter what you’re doing, you have to deal with it"),
    ('"By coming to town, he\'s reminding them that there\'s an election," she said.',
     "By coming to town, he's reminding them that there's an election"),
])
def test_a_quotation_that_opens_like_a_non_report_is_still_one(text, content, settings):
    # a paraphrase's "no details" or "by KBS" holds nothing; a quotation's "No ..." or "By ..." is what was said
    row = _one(text, settings)
    assert (row["content"], row["is_direct"]) == (content, True)
    assert find_claims("a", "The ministry provided no details.", None, [], settings) == []


@pytest.mark.parametrize("text,speaker", [
    ("His campaign sued the DNC in federal court on Friday, claiming the move would cost it $600,000 a day.", "His campaign"),
    ("Wealth-X keeps its own finances secret but says its business has tripled over the last three years.", "Wealth-X"),
])
def test_a_cue_without_a_tagged_source_takes_its_verbs_subject_from_the_parse(text, speaker, settings):
    rows = find_claims("a", text, None, [], settings)
    assert rows and rows[-1]["speaker"] == speaker, rows


def test_a_pattern_cue_the_parse_reads_as_a_noun_is_no_cue(settings):
    # "states", "shows" are on the cue list as verbs; "30 states", "Other shows" are nouns
    for text in ("That's 30 states with 309 electoral votes, 39 more than needed to win.",
                 "Other shows did a bit better than the network's morning programme."):
        assert [r for r in find_claims("a", text, None, [], settings) if r["extractor"] == "pattern"] == []
    off = settings.replace(claims={"learned_tagger": False})        # no parse: the patterns as before
    assert find_claims("a", "That's 30 states with 309 electoral votes, 39 more than needed to win.", None, [], off)


def test_a_frames_subject_from_the_parse_is_no_source(settings):
    # "X seems to ...": the subject is what the frame is about; with no source tagged it stays an agentless frame
    text = "That may be the case, but the idea of reinstating Glass-Steagall seems to sit directly behind unmovable obstacles."
    assert find_claims("a", text, None, [], settings) == []


def test_he_is_not_the_person_his_own_quotation_names(settings):
    from transforms.extract import people
    body = ('"Thanks for welcoming these refugees," said host Asab Al-Tabchi, a Syrian engineer. '
            '"No thanks to Nathan Deal," he added.')
    arts = pd.DataFrame({"article_id": ["a"], "title": [None], "caption_spans": [[]], "authors": [[]], "body": [body]})
    mentions, _ = people.resolve(people.find_mentions(arts, settings), arts, settings)
    mentions = mentions.astype(object).where(mentions.notna(), None).to_dict("records")
    rows = find_claims("a", body, None, mentions, settings)
    last = rows[-1]
    assert last["content"] == "No thanks to Nathan Deal" and "Asab Al-Tabchi" in last["speaker"], last
