"""clean: article body separated from page furniture (seeds' README defines the article)."""
from tests.conftest import SEEDS
from transforms.ingest.clean import clean_page


def _clean(name, settings):
    return clean_page((SEEDS / name).read_text(encoding="utf-8"), settings)


def test_navigation_and_audio_notice_removed(settings):
    c = _clean("003_eff6e9518f591cc6.txt", settings)
    assert "Skip to content" not in c["body"] and "This audio is created" not in c["body"]
    assert c["crawl_date"] == "2024-11-04"


def test_unrelated_item_after_article_is_cut(settings):
    c = _clean("003_eff6e9518f591cc6.txt", settings)
    assert "Kharkiv" not in c["body"] and "Authors:" not in c["body"]
    assert c["body"].endswith("involvement of Pyongyang's forces in the war.")


def test_trailing_headline_list_and_template_artefacts_cut(settings):
    c = _clean("004_46f98c5e95a2c814.txt", settings)
    assert "Oreshnik" not in c["body"] and "More news" not in c["body"] and "client/title" not in c["body"]
    assert "Military cooperation between Russia and the DPRK" in c["body"]      # subhead kept


def test_caption_kept_and_marked(settings):
    c = _clean("000_ff67d6d5e5e70b40.txt", settings)
    (start, end), = c["caption_spans"]
    assert c["body"][start:end].endswith("(AP Photo/Dmitri Lovetsky)")


def test_signoff_and_follow_us(settings):
    c = _clean("002_c45db04c38d4d828.txt", settings)
    assert c["signoff"] == "Frances Ibiefo" and "Follow us" not in c["body"]
    assert c["header_lines"] == []


def test_hard_wrapped_prose_is_reflowed(settings):
    page = ("Skip to content\nMarkets Rally On Rate Cut Hopes\nShare this article\n"
            "LONDON, March 6 - Shares rose sharply on Friday after the central bank\n"
            "signalled that it was ready to cut interest rates again this month,\n"
            "traders said.\nADVERTISEMENT\nThe index closed up two percent at a record high.\n"
            "Tags: Markets\nCopyright 2024 Example Wire")
    c = clean_page(page, settings)
    assert c["body"].startswith("LONDON, March 6 - Shares rose sharply on Friday after the central bank signalled")
    assert "ADVERTISEMENT" not in c["body"] and "Tags" not in c["body"]
    assert c["header_lines"] == ["Markets Rally On Rate Cut Hopes"]


def test_empty_page(settings):
    c = clean_page("", settings)
    assert c["body"] == "" and c["n_words"] == 0


def test_signed_quotations_stay_separate_paragraphs(settings):
    lines = ["“During the debate Trump said Hispanics live in hell. He is ignorant of our culture.” ― Pamela Padilla",
             "“Trump must stop portraying Latinos as dangerous gangsters when most of us are hard-working.”― Carla Sanchez"]
    page = "Latinos Share Their Views\n\nReaders sent us their reactions to the debate on Monday night, and many of them were angry.\n\n"
    body = clean_page(page + "\n".join(lines), settings)["body"]
    assert lines[0] + "\n\n" + lines[1] in body


def test_results_table_with_dash_lines_is_not_cut(settings):
    # A hard-wrapped results table: scores broken at their hyphen put "- 4" and "- 3 6-2" at
    # the start of lines. Those are rows of the table, not a "— Reuters" sign-off.
    page = ("Open Results Day Two\n\nSPRINGFIELD 2001-05-14\n\n"
            "Results of second-round matches at the Springfield Open on Tuesday.\n\n"
            "Men's singles\n\n"
            "Ivo Marek (Ruritania) beat Sam Dole (Freedonia) 6-3 7\n\n- 5 6-1\n\n"
            "Lars Eng (Norland) beat Tom Hale (Freedonia) 6-1 6\n\n- 4\n\n"
            "Women's singles\n\n"
            "Ana Ruiz (Ruritania) beat Mia Stone (Freedonia) 4-6 6-2 6\n\n- 3\n\n"
            "Eva Lind (Norland) beat Kim Park (Freedonia) 6-0 6-1\n\n"
            "— Example Wire\n\nOther Headline Of The Feed\nTags: Tennis")
    c = clean_page(page, settings)
    assert c["body"].endswith("Eva Lind (Norland) beat Kim Park (Freedonia) 6-0 6-1")
    for row in ("- 5 6-1", "- 4", "Ana Ruiz (Ruritania)", "- 3"):
        assert row in c["body"]
    assert c["footer_lines"][0] == "— Example Wire" and "Other Headline" not in c["body"]


def test_dash_list_items_are_not_a_signoff(settings):
    # A digest whose items open with a dash: a short item is one more item, not a sign-off;
    # a lone "— Example Wire" under prose still ends the article.
    page = ("Press Digest - Ruritania - May 14\n\n"
            "These are the leading stories in the Ruritanian press on Tuesday.\n\n"
            "THE DAILY\n\n- The council elections...\n\nNo party is likely to win a majority, analysts said.\n\n"
            "- The surprise...\n\nA newcomer leads in the first results from the capital.\n\n"
            "- Ministers meet on the budget on Friday.")
    c = clean_page(page, settings)
    assert c["body"].endswith("- Ministers meet on the budget on Friday.") and "- The surprise..." in c["body"]
    c = clean_page("The minister said on Monday that five units were sent to the north.\n\n- Reuters\n\nOther Story Headline",
                   settings)
    assert c["body"] == "The minister said on Monday that five units were sent to the north." and c["footer_lines"][0] == "- Reuters"


def test_results_table_under_a_dateline_is_body(settings):
    # Under a dateline of its own the story has started: a results table's rows (no sentence
    # ends, names and numbers) and its short introduction are the body, not header lines.
    page = ("Hockey - Northern League Results.\n\nRIVERTON 2003-02-10\n\n"
            "Results of Northern League games on Sunday:\n\n"
            "At Riverton: Riverton Rams beat Lakeside Owls 4-2\n\n"
            "Riverton Rams 4 (J. Harlow 2, P. Quint, D. Mabry)\n\n"
            "Lakeside Owls 2 (K. Tamm, L. Voss)\n\n"
            "At Easton: Easton Hawks 1 Northfield Bears 1\n\n"
            "Easton Hawks 1 (M. Corby)\n\nNorthfield Bears 1 (S. Ilves)\n\nTags: Hockey, Results")
    c = clean_page(page, settings)
    assert c["header_lines"] == ["Hockey - Northern League Results.", "RIVERTON 2003-02-10"]
    assert c["footer_lines"] == ["Tags: Hockey, Results"]
    assert c["body"].startswith("Results of Northern League games on Sunday:")
    assert c["body"].endswith("Northfield Bears 1 (S. Ilves)") and "J. Harlow 2, P. Quint" in c["body"]


def test_furniture_and_byline_above_a_dateline_stay_out(settings):
    # The page's furniture, the headline and a byline under the dateline remain above the body.
    page = ("Skip to content\nSports Daily\nMenu\n\nEarnings Table: Acme Holdings First Half\n\n"
            "SPRINGFIELD, Ill., Aug 22\n\nBy Jane Roe\n\n"
            "Six months to June 30\n\n(in millions of dollars unless stated)\n\n"
            "Company Name Acme Holdings Inc\n\nNet profit 12.4 vs 9.8\n\nSales 140.2 vs 131.0")
    c = clean_page(page, settings)
    assert c["body"].startswith("Six months to June 30") and c["body"].endswith("Sales 140.2 vs 131.0")
    assert "Skip to content" not in c["body"] and "Jane Roe" not in c["body"] and "Earnings Table" not in c["body"]
    assert "By Jane Roe" in c["header_lines"] and "Earnings Table: Acme Holdings First Half" in c["header_lines"]


def test_dateline_above_a_headline_does_not_open_the_body(settings):
    # A dateline-shaped line above the headline (and its byline) is no start of the story; nor
    # is a page's date line, whatever its case.
    page = ("Sports Daily\n\nRIVERTON, Feb 10\n\nRams Beat Owls In Overtime Thriller\n\nBy Jane Roe\n\n"
            "The Riverton Rams beat the Lakeside Owls 4-2 in overtime on Sunday, their third win in a row at home.")
    c = clean_page(page, settings)
    assert c["body"].startswith("The Riverton Rams beat") and "Rams Beat Owls" in c["header_lines"][2]
    page = ("Sports Daily\n\nWEDNESDAY, July 1, 1987\n\nRams Beat Owls In Overtime Thriller\n\n"
            "The Riverton Rams beat the Lakeside Owls 4-2 in overtime on Sunday, their third win in a row at home.")
    c = clean_page(page, settings)
    assert c["body"].startswith("The Riverton Rams beat") and "Rams Beat Owls In Overtime Thriller" in c["header_lines"]


def test_capitalised_lead_is_body(settings):
    # A lead full of names and titles is mostly capitalised words, but longer than a headline
    # gets: it is the story's first paragraph, with or without a dateline above it.
    lead = ("Top-seeded Carl Brandt of Norland was beaten 6-3 7-5 by 98th-ranked Paul Ostrava of Ruritania "
            "on Wednesday in his First Round match of the $2 million Springfield Open.")
    rest = ("A left-hander with a strong serve, Ostrava kept the rallies short by attacking the net, and the "
            "tactic worked in the second-round match.")
    for top in ("Tennis - Brandt Upset In Springfield\n\n", "Tennis - Brandt Upset In Springfield\n\nSPRINGFIELD 2001-05-16\n\n"):
        c = clean_page(top + lead + "\n\n" + rest, settings)
        assert c["body"] == lead + "\n\n" + rest
        assert c["header_lines"][0] == "Tennis - Brandt Upset In Springfield"
