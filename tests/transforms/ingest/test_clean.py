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
