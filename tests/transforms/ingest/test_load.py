"""load: formats, encodings and the reasons a file is rejected."""
import json

import pytest

from transforms.common.errors import Reject, RejectedInput
from transforms.ingest.load import decode, load_folder, parse_file


def _parse(name, data, settings):
    docs, _ = parse_file(name, data, settings)
    return docs


def test_txt_utf8_with_bom_and_cp1252(settings):
    doc = _parse("a.txt", "\ufeffCaf\u00e9 news".encode("utf-8"), settings)[0]
    assert doc["page_text"] == "Caf\u00e9 news" and doc["encoding"] == "utf-8-sig"
    doc = _parse("b.txt", "Caf\u00e9 \u201cquoted\u201d news report from Paris".encode("cp1252"), settings)[0]
    assert "\u201cquoted\u201d" in doc["page_text"] and doc["encoding"] != "utf-8"


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", Reject.EMPTY),
    ("nul.txt", b"abc\x00\x00def", Reject.BINARY),
    ("picture.png", b"\x89PNG....", Reject.UNSUPPORTED),
    ("bad.json", b"{\"title\": ", Reject.BAD_JSON),
    ("list.json", b"[1, 2]", Reject.BAD_RECORD),
    ("notext.json", json.dumps({"title": "x", "text": 5}).encode(), Reject.BAD_RECORD),
])
def test_rejects_say_why(name, data, reason, settings):
    with pytest.raises(RejectedInput) as err:
        _parse(name, data, settings)
    assert err.value.reason is reason
    assert str(err.value)                               # a readable message


def test_size_limit(settings):
    big = b"word " * (settings.load.max_file_bytes // 5 + 1)
    with pytest.raises(RejectedInput) as err:
        _parse("big.txt", big, settings)
    assert err.value.reason is Reject.TOO_LARGE and "bytes" in str(err.value)


def test_jsonl_records_become_documents(settings):
    lines = [{"title": "One", "maintext": "Body one.", "date_publish": "2024-11-05 10:00:00", "authors": ["A B"]},
             {"headline": "Two", "text": "Body two.", "url": "https://example.org/2"}]
    docs = _parse("x.jsonl", "\n".join(json.dumps(x) for x in lines).encode(), settings)
    assert [d["meta_title"] for d in docs] == ["One", "Two"]
    assert docs[0]["meta_authors"] == ["A B"] and docs[1]["meta_url"] == "https://example.org/2"
    assert [d["record_index"] for d in docs] == [0, 1]


def test_html_main_text_and_metadata(settings):
    html = ("<html><head><title>Site | Big story</title><meta property='og:title' content='Big story'>"
            "<meta name='author' content='Jane Doe'><meta property='article:published_time' content='2024-11-05'></head>"
            "<body><nav>Home News Sport</nav><article><h1>Big story</h1>"
            + "".join(f"<p>Paragraph {i} says the minister announced new measures for the region today.</p>" for i in range(6))
            + "</article><footer>Copyright</footer></body></html>")
    doc = _parse("p.html", html.encode(), settings)[0]
    assert doc["meta_title"] == "Big story" and doc["meta_authors"] == ["Jane Doe"]
    assert "Paragraph 3" in doc["page_text"] and "Home News Sport" not in doc["page_text"]


def test_folder_walk_accounts_for_every_file(tmp_path, settings):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Headline\n\nThe minister said on Monday that troops were sent.")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01")
    (tmp_path / "broken").symlink_to(tmp_path / "missing")
    (tmp_path / "loop").symlink_to(tmp_path)
    docs, rejects = load_folder(tmp_path, settings)
    assert [d["source_file"] for d in docs] == ["sub/a.txt"]
    reasons = {r["source_file"]: r["reason_code"] for r in rejects}
    assert reasons == {"b.bin": "unsupported_format", "broken": "not_a_regular_file", "loop": "symlinked_folder"}


def test_high_bytes_that_fit_no_encoding_are_undecodable():
    # every byte from 0x80 to 0xFF: not UTF-8, and no single-byte code page reads it as text
    with pytest.raises(RejectedInput) as err:
        decode(bytes(range(128, 256)) * 3)
    assert err.value.reason is Reject.UNDECODABLE
    assert str(err.value) == ("undecodable bytes: not UTF-8 and no single-byte encoding fits "
                              "(charset detection found no fit)")
