"""Defect 7 of #19: README usage lists every option, the flow's defaults are the CLI's,
reports of different warehouses do not overwrite each other, and the data-quality report
validates the group tables and uses the page's width."""
import inspect
import json
import shutil

from flows.cli import main, parser
from tests.conftest import ROOT


def _run_options() -> list[str]:
    run = next(a for a in parser()._subparsers._group_actions[0].choices.values() if a.prog.endswith(" run"))
    return [opt for action in run._actions for opt in action.option_strings if opt.startswith("--") and opt != "--help"]


def test_readme_usage_lists_every_option():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    usage = readme[readme.index("Any other folder:"):readme.index("## Scheduled and ad-hoc runs")]
    missing = [opt for opt in _run_options() if opt not in usage]
    assert not missing, f"README usage omits {missing}"
    assert "allow_shrink" in readme


def test_the_flow_defaults_are_the_cli_defaults():
    from flows.pipeline import news_etl

    run = next(a for a in parser()._subparsers._group_actions[0].choices.values() if a.prog.endswith(" run"))
    cli = {a.dest: a.default for a in run._actions}
    flow = {name: p.default for name, p in inspect.signature(news_etl.fn).parameters.items()}
    for name in ("workers", "batch_size", "allow_shrink"):
        assert flow[name] == cli[name], name


def test_reports_of_two_warehouses_do_not_overwrite_each_other(seeds_run, tmp_path, capsys):
    for name in ("inbox", "archive"):
        shutil.copytree(seeds_run[1].resolve(), tmp_path / name)
    assert main(["report", "--warehouse", str(tmp_path / "inbox")]) == 0
    assert main(["report", "--warehouse", str(tmp_path / "archive")]) == 0
    pages = sorted(p.name for p in (tmp_path / "reports").glob("*.html"))
    assert len(pages) == 2 and pages[0].startswith("archive-") and pages[1].startswith("inbox-")


def test_dq_report_validates_the_group_tables_and_uses_the_width(seeds_run):
    report = json.loads((seeds_run[1] / "dq_report.json").read_text())
    checked = report["validation"]["tables"]
    for name in ("claim_groups", "figure_groups", "claim_links"):
        assert name in checked and checked[name]["rows"] > 0, name
    page = (seeds_run[1] / "dq_report.html").read_text()
    assert "max-width:1100px" not in page and "class=grid" in page
    for name in ("claim_groups", "figure_groups", "claim_links"):
        assert f"<td>{name}</td>" in page


def test_a_run_against_a_server_does_not_import_prefects_own_server():
    """With PREFECT_API_URL set Prefect starts no ephemeral server, so the lifeline guard
    must not import the server module (2 s of every scheduled-style run's start-up)."""
    import os
    import subprocess
    import sys

    code = ("import sys; from flows.runners import configured; configured('local'); "
            "print('prefect.server.api.server' in sys.modules)")
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
