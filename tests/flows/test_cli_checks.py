"""Defect 2 of #19: arguments and config are checked before Prefect starts, in one line
naming the argument, key or file, with exit status 2 and no traceback (``--debug`` adds it).
Each case runs the real command in a fresh interpreter and checks that Prefect was never
imported."""
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, SEEDS

PROBE = """
import sys
from flows.cli import main
try:
    rc = main(sys.argv[1:])
except SystemExit as stop:               # argparse's own errors
    rc = stop.code
print("PREFECT-IMPORTED" if "prefect" in sys.modules else "no-prefect")
sys.exit(rc)
"""


def _cli(*args: str) -> tuple[int, str, str, float]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - start


def _cases(tmp):
    (tmp / "typo.toml").write_text("[dedup]\ncandidate_jacard = 0.3\n")
    (tmp / "section.toml").write_text("[dedupe]\nnum_perm = 64\n")
    (tmp / "type.toml").write_text('[dedup]\nnum_perm = "64"\n')
    (tmp / "broken.toml").write_text("[dedup\nnum_perm = 64\n")
    (tmp / "a-file").write_text("x")
    (tmp / "not-ours").mkdir()
    (tmp / "not-ours" / "notes.txt").write_text("mine")
    out = str(tmp / "wh")
    seeds = str(SEEDS)
    return {
        "missing input": (["--input", str(tmp / "nope"), "--output", out], "--input", "no such folder"),
        "file as input": (["--input", str(next(SEEDS.iterdir())), "--output", out], "--input", "is a file, not a folder"),
        "unknown stage": (["--input", seeds, "--output", out, "--stages", "dedup,peple"], "--stages", "did you mean people?"),
        "missing config": (["--input", seeds, "--output", out, "--config", str(tmp / "none.toml")], "none.toml", "not found"),
        "not a day": (["--input", seeds, "--output", out, "--since", "2024-13-45"], "--since", "YYYY-MM-DD"),
        "month first": (["--input", seeds, "--output", out, "--since", "01/11/2024"], "--since", "not an ISO date"),
        "output is a file": (["--input", seeds, "--output", str(tmp / "a-file")], "--output", "is a file"),
        "output under a file": (["--input", seeds, "--output", str(tmp / "a-file" / "wh")], "--output", "cannot be made"),
        "output not ours": (["--input", seeds, "--output", str(tmp / "not-ours")], "--output", "did not publish"),
        "output in input": (["--input", str(tmp), "--output", str(tmp / "wh")], "--output", "inside --input"),
        "negative batch": (["--input", seeds, "--output", out, "--batch-size", "-5"], "--batch-size", "at least 1"),
        "zero batch": (["--input", seeds, "--output", out, "--batch-size", "0"], "--batch-size", "at least 1"),
        "misspelt key": (["--input", seeds, "--output", out, "--config", str(tmp / "typo.toml")], "candidate_jacard", "did you mean candidate_jaccard"),
        "unknown section": (["--input", seeds, "--output", out, "--config", str(tmp / "section.toml")], "[dedupe]", "did you mean [dedup]"),
        "wrong type": (["--input", seeds, "--output", out, "--config", str(tmp / "type.toml")], "num_perm", "whole number"),
        "broken toml": (["--input", seeds, "--output", out, "--config", str(tmp / "broken.toml")], "broken.toml", "not valid TOML"),
    }


CASES = ["missing input", "file as input", "unknown stage", "missing config", "not a day", "month first", "output is a file",
         "output under a file", "output not ours", "output in input", "negative batch", "zero batch", "misspelt key",
         "unknown section", "wrong type", "broken toml"]


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    return tmp, _cases(tmp)


@pytest.mark.parametrize("case", CASES)
def test_user_error_is_one_line_exit_2_before_prefect(cases, case):
    tmp, table = cases
    assert set(table) == set(CASES)
    args, names, says = table[case]
    code, out, err, seconds = _cli("run", *args)
    lines = err.strip().splitlines()
    assert code == 2, (code, err)
    assert len(lines) == 1 and names in lines[0] and says in lines[0], err
    assert "Traceback" not in err and "no-prefect" in out, (out, err)
    assert seconds < 10                      # measured 0.15-0.4 s; a loose bound for a loaded CI machine
    assert not list(tmp.glob(".*.lock")) and not (tmp / "wh").exists()          # nothing written


def test_no_lock_file_is_left_by_a_bad_output(tmp_path):
    code, _, _, _ = _cli("run", "--input", str(SEEDS), "--output", str(tmp_path / "a-file-under" / "x"), "--since", "tomorrow")
    assert code == 2
    assert not any(p.name.endswith(".lock") for p in tmp_path.rglob("*"))


def test_debug_shows_the_traceback(tmp_path):
    code, _, err, _ = _cli("run", "--input", str(tmp_path / "nope"), "--output", str(tmp_path / "wh"), "--debug")
    assert code == 2 and "Traceback" in err and err.strip().splitlines()[-1].startswith("news-etl: --input")


def test_flow_parameters_get_the_same_checks(prefect_harness, tmp_path):
    from flows.arguments import UsageError
    from flows.pipeline import news_etl

    for bad, says in (({"batch_size": 0}, "batch_size must be a whole number of at least 1"),
                      ({"batch_size": -5}, "at least 1"),
                      ({"since": "01/11/2024"}, "since: '01/11/2024' is not an ISO date"),
                      ({"input_dir": str(tmp_path / "nope")}, "input_dir")):
        with pytest.raises(UsageError, match=says):
            news_etl(**{"input_dir": str(SEEDS), "output_dir": str(tmp_path / "wh"), **bad})
    assert not (tmp_path / "wh").exists() and not (tmp_path / ".wh.lock").exists()
