"""Integration: a real Prefect server on 127.0.0.1, the deployments of prefect.yaml, a worker,
and `prefect deployment run` — as an operator would do it, end to end."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT, SEEDS

PREFECT = str(Path(sys.executable).parent / "prefect")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args, env, log):
    return subprocess.Popen(args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.mark.skipif(shutil.which(PREFECT) is None and not Path(PREFECT).exists(), reason="prefect CLI not installed")
def test_deployment_run_through_a_real_server(tmp_path):
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING", "PWD": str(ROOT)}
    env.pop("PREFECT_API_KEY", None)
    out = tmp_path / "warehouse"
    log = open(tmp_path / "prefect.log", "w")
    server = _start([PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)], env, log)
    worker = None
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except OSError:
                assert time.time() < deadline and server.poll() is None, (tmp_path / "prefect.log").read_text()[-2000:]
                time.sleep(1)
        run = lambda *args: subprocess.run([PREFECT, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert run("work-pool", "create", "local", "--type", "process").returncode == 0
        deployed = run("--no-prompt", "deploy", "--all")
        assert deployed.returncode == 0, deployed.stdout + deployed.stderr
        listed = run("deployment", "ls")
        assert "news-etl/adhoc" in listed.stdout and "news-etl/inbox-hourly" in listed.stdout
        worker = _start([PREFECT, "worker", "start", "--pool", "local"], env, log)
        result = run("deployment", "run", "news-etl/adhoc", "-p", f"input_dir={SEEDS}", "-p", f"output_dir={out}", "--watch")
        assert result.returncode == 0 and "Completed" in result.stdout, result.stdout[-2000:] + result.stderr[-2000:]
        articles = pd.read_parquet(out / "articles")
        assert len(articles) == 5 and articles["dup_cluster_id"].nunique() == 4
        inspected = run("deployment", "inspect", "news-etl/inbox-hourly").stdout
        assert "Europe/Kyiv" in inspected and "5 * * * *" in inspected
    finally:
        if worker is not None:
            _stop(worker)
        _stop(server)
        log.close()
