"""validate, issue #20: a broken link and a wrong offset are quarantined with reason codes of
their own, apart from values that break a column's contract."""
from tests.schemas.test_tables import _article, _claim, _figure, _tables
from transforms.quality.validate import validate


def test_foreign_key_and_offset_failures_have_their_own_codes():
    claims = [_claim(), _claim(claim_id="clm-2", article_id="art-missing"), _claim(claim_id="clm-3", char_start=0, char_end=5)]
    figures = [_figure(), _figure(figure_id="fig-2", claim_id="clm-gone")]
    tables, rejects, report = validate(_tables([_article()], claims, figures))
    codes = {(r["table"], r["record_id"]): r["reason_code"] for r in rejects}
    assert codes == {("claims", "clm-2"): "foreign_key_failed", ("claims", "clm-3"): "offsets_failed",
                     ("figures", "fig-2"): "foreign_key_failed"}
    assert all(r["stage"] == "validate" and r["source_file"] for r in rejects)
    assert tables["claims"]["claim_id"].tolist() == ["clm-1"] and not report["ok"]


def test_a_broken_contract_keeps_its_code():
    _, rejects, _ = validate(_tables([_article(dup_similarity=1.5)]))
    assert [r["reason_code"] for r in rejects] == ["schema_check_failed"]


def test_carried_rows_keep_their_key_checks_and_skip_only_the_offset_slicing():
    """An incremental run passes the articles whose claims and figures it took over from the
    warehouse: their offsets were checked when published, their keys are checked again (the
    people they point to are resolved anew every run)."""
    second = "art-0000000000000002"
    articles = [_article(), _article(article_id=second, source_file="b.txt", sha256="b" * 64, canonical_article_id=second)]
    claims = [_claim(claim_id="clm-1", char_start=0, char_end=5),                      # wrong offsets, new article
              _claim(claim_id="clm-2", article_id=second, char_start=0, char_end=5),   # wrong offsets, carried
              _claim(claim_id="clm-3", article_id=second, speaker_person_id="per-gone")]
    _, rejects, _ = validate(_tables(articles, claims), carried={second})
    assert {(r["record_id"], r["reason_code"]) for r in rejects} == {("clm-1", "offsets_failed"), ("clm-3", "foreign_key_failed")}
    _, rejects, _ = validate(_tables(articles, claims))
    assert {(r["record_id"], r["reason_code"]) for r in rejects} == {
        ("clm-1", "offsets_failed"), ("clm-2", "offsets_failed"), ("clm-3", "foreign_key_failed")}
