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


@pytest.mark.parametrize("lead,speaker,cue", [
    ("Cruz continued:", "Cruz", "continued"),                                         # a verb of no cue list
    ("When Wallace died in 1998, President Clinton released the following statement:", "President Clinton",
     "released the following statement"),
    ("In response, Republican nominee Donald Trump issued the following statement:", "Republican nominee Donald Trump",
     "issued the following statement"),
])
def test_a_paragraph_ending_in_a_colon_introduces_the_quotation_that_follows(lead, speaker, cue, settings):
    text = f"{lead}\n\n“Our prayers are with all those affected. This cannot continue.”\n\nThe attack killed nine people."
    rows = find_claims("a", text, None, [], settings)
    assert [(r["speaker"], r["cue"], r["content"], r["is_direct"]) for r in rows] == [
        (speaker, cue, "Our prayers are with all those affected. This cannot continue.", True)], rows
    # a paragraph that follows without a quotation mark is no quotation it introduces
    assert find_claims("a", "Cruz continued:\n\nThe attack killed nine people.", None, [], settings) == []


def test_an_attribution_whose_content_points_to_the_quotation_after_the_colon_takes_it(settings):
    from transforms.extract.claims.patterns import quotation_lead_in
    from transforms.models import syntax
    body = "Cruz called them on it:\n\n“The questions illustrate why people don’t trust the media.”\n\nThen he left."
    text = "Cruz called them on it:"
    parse = syntax.analyse([text])[0]
    found = [{"content": (12, 22), "speaker": (0, 4), "cue": "called", "direct": False}]        # "them on it"
    lead, rest = quotation_lead_in(body, text, 0, found, parse, settings)
    assert rest == [] and (lead["speaker"], lead["cue"], lead["direct"]) == ((0, 4), "called", True)
    assert body[slice(*lead["content"])] == "The questions illustrate why people don’t trust the media."
    # a clause that runs to the colon is content of its own: it stays, and nothing is introduced
    text = "Cruz said the media cannot be trusted:"
    clause = [{"content": (9, 37), "speaker": (0, 4), "cue": "said", "direct": False}]
    assert quotation_lead_in(text + body[23:], text, 0, clause, syntax.analyse([text])[0], settings) == (None, clause)


@pytest.mark.parametrize("text", [
    "Costa reported from Washington.",
    "Ryan Grim reported from Washington, D.C.",
    "Pence said in response.",
])
def test_where_or_how_something_was_said_is_no_content(text, settings):
    from transforms.extract.claims.patterns import reports_something
    assert find_claims("a", text, None, [], settings) == []
    assert not reports_something("wrote", "in a note to investors") and reports_something("said", "in a note to investors", direct=True)
    row = _one("Police said in 2015 sales fell.", settings)           # a clause after the preposition is content
    assert row["content"] == "in 2015 sales fell"


def test_a_content_ends_before_its_own_source(settings):
    text = ('"Both Donald Trump and Ted Cruz scare me," Harry Bond, 30, of Raleigh, N.C., who was among those polled, '
            'said in a follow-up interview.')
    row = _one(text, settings)
    assert (row["speaker"], row["content"], row["is_direct"]) == ("Harry Bond", "Both Donald Trump and Ted Cruz scare me", True)


@pytest.mark.parametrize("text,speaker,cue,content", [
    ("As for Mr. Bloomberg, Forbes put his net worth at $45 billion.", "Forbes", "put", "his net worth at $45 billion"),
    ("Initial estimates put the total number of emails at about 55,000 pages.", "Initial estimates", "put",
     "the total number of emails at about 55,000 pages"),
    ("Officials pegged the cost closer to $2 billion.", "Officials", "pegged", "the cost closer to $2 billion"),
])
def test_an_estimate_is_a_claim(text, speaker, cue, content, settings):
    row = _one(text, settings)
    assert (row["speaker"], row["cue"], row["content"], row["is_direct"]) == (speaker, cue, content, False)
    for other in ("They put the meeting at 3 p.m. on Friday.", "The storm put the harvest at risk."):
        assert find_claims("a", other, None, [], settings) == []


@pytest.mark.parametrize("text,speaker,cue,content", [
    ("Despite Mr. Trump's claims that his net worth exceeds $10 billion, the research firms put him far lower.",
     "Mr. Trump", "claims", "his net worth exceeds $10 billion"),
    ("Critics seized on his contention that the war led to the group's rise.", "his", "contention",
     "the war led to the group's rise"),
    ("Sanders' arguments that he is more electable are undermined by the polls.", "Sanders", "arguments",
     "he is more electable"),                  # the parse ends the clause before the sentence's own verb
])
def test_a_possessors_claim_that_is_a_claim(text, speaker, cue, content, settings):
    row = _one(text, settings)
    assert (row["speaker"], row["cue"], row["content"], row["is_direct"]) == (speaker, cue, content, False)


def test_a_relative_that_after_a_noun_cue_opens_no_content(settings):
    from transforms.extract.claims.merge import _noun_clause
    from transforms.extract.claims.patterns import match_sentence
    from transforms.models import syntax
    text = "His comments that were made last week drew criticism."
    found = [f for f in match_sentence(text, settings) if f.get("noun") is not None]
    assert found and _noun_clause(text, found[0], None, syntax.analyse([text])[0]) is None
    assert _noun_clause(text, found[0], None, None) == found[0]          # without a parse: as the pattern has it
