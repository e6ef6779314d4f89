"""The quality gate (tests/eval_gate.py): its bookkeeping, then the gate itself on the benchmark sets."""
import json
import os
from pathlib import Path

import pytest

from tests import eval_gate
from tests.conftest import skip_or_fail_in_ci

BENCH = Path(os.environ.get("NEWS_ETL_BENCH", eval_gate.DEFAULT_BENCH))


def _run(metrics: dict, fingerprint: str = "abc") -> dict:
    return {"fingerprint": fingerprint, "docs": 5, "seconds": 1.0, "metrics": metrics}


def _baseline(metrics: dict, fingerprint: str = "abc") -> dict:
    return {"sets": {"seeds": {"fingerprint": fingerprint, "docs": 5,
                               "metrics": {m: {"measured": v, "floor": eval_gate.floor_for(v)} for m, v in metrics.items()}}}}


def test_committed_baseline_pins_every_set_at_measured_minus_margin():
    baseline = eval_gate.read_baseline()
    assert list(baseline["sets"]) == list(eval_gate.SETS)
    for name, entry in baseline["sets"].items():
        assert len(entry["fingerprint"]) == 64 and entry["metrics"], name
        for metric, pin in entry["metrics"].items():
            assert pin["floor"] == eval_gate.floor_for(pin["measured"]), (name, metric)
    # what each set is scored on: every sub-metric, not only F1
    assert {"claims.speaker_acc", "claims.cue_acc", "claims.direct_acc", "figures.unit_acc", "figures.qualifier_acc",
            "figures.speaker_acc", "dedup.ARI", "articles.outlet"} <= set(baseline["sets"]["seeds"]["metrics"])
    assert "dedup.ARI" in baseline["sets"]["dedup-dev"]["metrics"]
    assert "people_linking.F1" in baseline["sets"]["conll03-dev"]["metrics"]


def test_a_score_under_its_floor_fails_with_a_table():
    rows = eval_gate.compare(_baseline({"claims.F1": 0.90, "dedup.ARI": 1.0}),
                             {"seeds": _run({"claims.F1": 0.87, "dedup.ARI": 0.98})})
    bad = eval_gate.failures(rows)
    assert [(r["metric"], r["status"]) for r in bad] == [("claims.F1", "FELL")]     # 0.98 is exactly the ARI floor
    text = eval_gate.table(bad)
    assert "claims.F1" in text and "0.870" in text and "0.880" in text and "-0.010 under the floor" in text


def test_new_gone_and_changed_corpus_are_failures_too():
    rows = eval_gate.compare(_baseline({"claims.F1": 0.9, "figures.F1": 1.0}),
                             {"seeds": _run({"claims.F1": 0.9, "people.F1": 0.9}, fingerprint="other"),
                              "extra-set": _run({"people.F1": 0.5})})
    status = {(r["set"], r["metric"]): r["status"] for r in eval_gate.failures(rows)}
    assert status == {("seeds", "*"): "CORPUS", ("seeds", "people.F1"): "NEW", ("seeds", "figures.F1"): "GONE",
                      ("extra-set", "*"): "NEW"}


def test_update_raises_floors_and_reports_every_lowered_one():
    old = _baseline({"claims.F1": 0.90, "claims.P": 0.80, "figures.F1": 1.0})
    new, lowered = eval_gate.updated(old, {"seeds": _run({"claims.F1": 0.95, "claims.P": 0.79})})
    assert new["sets"]["seeds"]["metrics"]["claims.F1"] == {"measured": 0.95, "floor": 0.93}
    assert lowered == ["seeds claims.P: 0.780 -> 0.770", "seeds figures.F1: 0.980 -> (dropped)"]


def _fake_gate(monkeypatch, tmp_path, measured_metrics):
    bench = tmp_path / "bench"
    bench.mkdir()
    (bench / "score.py").write_text("")
    monkeypatch.setattr(eval_gate, "measure_in_harness", lambda b, sets, out: {"seeds": _run(measured_metrics)})
    path = tmp_path / "baseline.json"
    eval_gate.write_baseline(_baseline({"claims.F1": 0.90}), path)
    return ["--bench", str(bench), "--sets", "seeds", "--baseline", str(path)], path


def test_main_refuses_to_lower_a_floor_without_accept_lower(monkeypatch, tmp_path, capsys):
    args, path = _fake_gate(monkeypatch, tmp_path, {"claims.F1": 0.85})
    before = path.read_text()
    assert eval_gate.main(args) == 1                                    # a plain run: the score fell
    assert "claims.F1" in capsys.readouterr().err
    assert eval_gate.main(args + ["--update"]) == 1                     # refused, file untouched
    assert "refusing to lower" in capsys.readouterr().err and path.read_text() == before
    assert eval_gate.main(args + ["--update", "--accept-lower"]) == 0
    assert json.loads(path.read_text())["sets"]["seeds"]["metrics"]["claims.F1"] == {"measured": 0.85, "floor": 0.83}


def test_main_update_raises_a_floor(monkeypatch, tmp_path):
    args, path = _fake_gate(monkeypatch, tmp_path, {"claims.F1": 0.93})
    assert eval_gate.main(args) == 0
    assert eval_gate.main(args + ["--update"]) == 0
    assert json.loads(path.read_text())["sets"]["seeds"]["metrics"]["claims.F1"]["floor"] == 0.91


def test_main_without_benchmark_sets_exits_2(tmp_path, capsys):
    assert eval_gate.main(["--bench", str(tmp_path / "nowhere")]) == 2
    assert "no benchmark sets" in capsys.readouterr().err


def _require_bench(bench: Path) -> None:
    if not (bench / "score.py").is_file():
        skip_or_fail_in_ci(f"QUALITY GATE: no benchmark sets at {bench} "
                           "(put the shared sets at ../shared/bench or set NEWS_ETL_BENCH)")


def test_missing_sets_fail_under_ci_and_skip_elsewhere(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="QUALITY GATE: no benchmark sets .* must not be skipped"):
        _require_bench(tmp_path)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="NOT RUN: QUALITY GATE"):
        _require_bench(tmp_path)


@pytest.mark.slow
def test_benchmark_scores_stay_above_their_floors(prefect_harness, tmp_path_factory):
    """The gate: the real flow on every set in eval_gate.SETS (about 2-3 minutes on 2 cores)."""
    _require_bench(BENCH)
    measured = eval_gate.measure(BENCH, eval_gate.SETS, tmp_path_factory.mktemp("eval-gate"))
    bad = eval_gate.failures(eval_gate.compare(eval_gate.read_baseline(), measured))
    assert not bad, ("benchmark scores fell under tests/eval_baseline.json (python tests/eval_gate.py to see all):\n"
                     + eval_gate.table(bad))
