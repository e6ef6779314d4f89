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
