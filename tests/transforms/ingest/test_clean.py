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
