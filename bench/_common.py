"""Helpers shared by the benchmark scripts: corpus reading, parsing, throughput lines."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def reuters_rows(bench: str | Path, limit: int = 0) -> list[dict]:
    """The Reuters-21578 corpus records (doc, title, published, text, ...)."""
    with gzip.open(Path(bench) / "corpus-reuters21578" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return rows[:limit] if limit else rows


def parsed_articles(raw: str | Path, settings, paths: list[Path] | None = None):
    """A folder (or some of its files) through the pipeline's own parse step and the
    articles stage: (articles frame, number of rejects)."""
    from transforms.ingest.parse import parse_batch
    from transforms.ingest import articles

    paths = paths if paths is not None else sorted(p for p in Path(raw).iterdir() if p.is_file())
    docs, rejects = parse_batch(paths, str(raw), settings, frozenset())
    arts, more = articles.build(docs, settings)
    return arts, len(rejects) + len(more)


def timed(fn, *args):
    """(fn(*args), seconds)."""
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def throughput(stage: str, corpus: str, articles: int, words: int, seconds: float, extra: str = "") -> str:
    return (f"{stage} stage on {corpus}: {articles:,} articles, {words:,} words in {seconds:.1f} s = "
            f"{articles / seconds:,.0f} articles/s, {words / seconds:,.0f} words/s" + (f"; {extra}" if extra else ""))


FLOW_CHILD = """
import json, os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
from flows.runners import configured
if __name__ == "__main__":
    t0 = time.perf_counter()
    flow = configured({runner!r}, workers={workers})
    extra = {{"workers": {workers}}} if {runner!r} == "local" else {{}}
    s = flow(input_dir={raw!r}, output_dir={out!r}, batch_size=500, config={config!r}, **extra)
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print("RESULT " + json.dumps({{"flow_s": time.perf_counter() - t0, "summary": s, "rss_mb": rss / 1024}}, default=str))
"""


def flow_in_child(raw: str | Path, out: str | Path, workers: int = 2, runner: str = "local", config: str | None = None) -> dict:
    """The real flow over ``raw`` into ``out`` in a fresh process, as a scheduled run starts
    (Prefect's ephemeral API start-up included). Returns ``flow_s``, ``summary``, ``rss_mb``
    (peak of the run and its workers) and ``wall``; exits the benchmark if the run failed."""
    import subprocess

    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", FLOW_CHILD.format(root=str(ROOT), raw=str(raw), out=str(out), workers=workers,
                                                                   runner=runner, config=config)],
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    if proc.returncode or line is None:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit(1)
    return {**json.loads(line[7:]), "wall": wall}


@contextmanager
def prefect_server():
    """A Prefect server of its own (temporary ``PREFECT_HOME``, a free port) for the block,
    with ``PREFECT_API_URL`` set so that child flows run against it: how the deployments'
    runs start (a worker's flow run talks to the server that scheduled it), without the
    ephemeral API's start-up in every run."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    home = tempfile.mkdtemp(prefix="bench-prefect-")
    env = {**os.environ, "PREFECT_HOME": home, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "prefect"), "server", "start", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("the Prefect server did not start")
        saved = {k: os.environ.get(k) for k in ("PREFECT_API_URL", "PREFECT_HOME")}
        os.environ.update(PREFECT_API_URL=url, PREFECT_HOME=home)
        try:
            yield url
        finally:
            for k, v in saved.items():
                os.environ.pop(k, None) if v is None else os.environ.update({k: v})
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)
